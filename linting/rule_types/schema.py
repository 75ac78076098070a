"""The JSON Schema of `rules:` and `checks:`, generated from the rule catalogue (one source of truth).

``python -m planvakt.linting.rule_types.schema`` writes the rule and check parts into
``rules/schema/rulepack.schema.json`` (leaving everything else in it as it is);
``--check`` exits 1 if the file is out of date (a test runs the same comparison).

Each built-in check gets ``$defs/check-<id>``: the keys every check has, ``variants``
limited to the names the check declares, and its own options (schema, default), with
``additionalProperties: false``, so an option set on the wrong check or a misspelt
variant is refused where it is written. ``x-fields`` lists the ``{fields}`` its messages
may use; the loader refuses others (:mod:`planvakt.linting.rulepack.check_settings`).

Each type gets ``$defs/rule-<type>``: the common keys plus its own, with
``additionalProperties: false``, so a typo is reported with the keys that type allows.
``$defs/rule`` dispatches on ``type``; a rule without ``type`` (an override in a pack
that extends or includes the rule) is checked against every type's keys here, and
against its own type's once the packs are merged (:func:`planvakt.linting.rulepack.validate.validate_rules`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from planvakt.linting.rule_types import RULE_TYPES
from planvakt.linting.rule_types.base import LANGUAGES

ID_PATTERN = "^[a-z0-9][a-z0-9_-]*$"
SCOPE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]*$"

COMMON: dict[str, Any] = {
    "type": {"enum": list(RULE_TYPES), "description": "The rule type (see docs/rules.md)."},
    "enabled": {"type": "boolean",
                "description": "false switches the rule off (e.g. in a pack that extends this one)."},
    "level": {"$ref": "#/$defs/severity", "description": "error, warning or suggestion (default warning)."},
    "severity": {"$ref": "#/$defs/severity", "description": "The same as level, as under checks."},
    "message": {"$ref": "#/$defs/message", "description": "What the writer reads; {fields} are filled in."},
    "hint": {"$ref": "#/$defs/message", "description": "How to fix it."},
    "link": {"type": "string", "description": "A page that explains the rule (SARIF helpUri)."},
    "description": {"type": "string", "description": "What the rule is for (planvakt explain)."},
    "exceptions": {"$ref": "#/$defs/rule-strings",
                   "description": "Words and phrases this rule never reports (matched on lemma)."},
    "scope": {"$ref": "#/$defs/rule-scope",
              "description": "document (default), headings, or heading/focus-area ids (e.g. prioriteringer)."},
    "collapse": {"$ref": "#/$defs/rule-collapse",
                 "description": "Which repeated findings of this rule are one cause, reported once with every place."},
}

SHARED_DEFS: dict[str, Any] = {
    "rule": {
        "type": "object",
        "properties": {"type": COMMON["type"]},
        "if": {"required": ["type"]},
        "then": {"allOf": [{"if": {"properties": {"type": {"const": name}}},
                            "then": {"$ref": f"#/$defs/rule-{name}"}} for name in RULE_TYPES]},
        "else": {"$ref": "#/$defs/rule-override"},
    },
    "rule-strings": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "rule-collapse": {  # linting/report/collapse.py; for checks and rules alike
        "type": "object", "additionalProperties": False,
        "description": "Repeated findings of one rule with one cause become one finding with every place (locations).",
        "properties": {
            "by": {"type": "array", "items": {"type": "string", "pattern": "^[a-z_][a-z0-9_]*$"},
                   "description": "Message fields whose equal values make findings one cause "
                                  "(besides rule, severity, variant and section)."},
            "message": {"$ref": "#/$defs/message",
                        "description": "The collapsed message: the first finding's {fields}, {count}, and "
                                       "{FIELD_list} / {FIELD_quoted} (the distinct values; «9.1–9.5» for a run)."},
            "hint": {"$ref": "#/$defs/message", "description": "The collapsed hint (default: the first finding's)."},
            "min_count": {"type": "integer", "minimum": 2, "description": "Collapse from this many on (default 2)."},
            "across_sections": {"type": "boolean",
                                "description": "Findings in different sections may be one cause too (default false)."},
            "variants": {"type": "object", "additionalProperties": {"$ref": "#/$defs/check-wording"},
                         "description": "A check's variants with their own collapsed wording."},
        },
    },
    "rule-match": {"enum": ["lemma", "lower"]},
    "rule-words": {
        "type": "array",
        "items": {
            "if": {"type": "string"},
            "then": {"minLength": 1},
            "else": {"type": "object", "additionalProperties": False, "required": ["text"],
                     "properties": {"text": {"type": "string", "minLength": 1},
                                    "match": {"$ref": "#/$defs/rule-match"},
                                    "hint": {"$ref": "#/$defs/message",
                                             "description": "This entry's own hint (existence)."}}},
        },
    },
    "rule-swap": {"type": "object", "minProperties": 1,
                  "additionalProperties": {"type": "string", "minLength": 1}},
    "rule-scope": {
        "if": {"type": "string"},
        "then": {"pattern": SCOPE_PATTERN},
        "else": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": SCOPE_PATTERN}},
    },
    "rule-units": {
        "if": {"type": "string"},
        "then": {"enum": ["sentence", "paragraph", "section", "document"]},
        "else": {"type": "array", "minItems": 1,
                 "items": {"enum": ["sentence", "paragraph", "section", "document"]}},
    },
    "rule-thresholds": {
        "type": "object", "additionalProperties": False, "minProperties": 1,
        "properties": {level: {"type": "number"} for level in ("suggestion", "warning", "error")},
    },
    "rule-lists": {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                   "additionalProperties": {"$ref": "#/$defs/rule-strings"}},
    "rule-values": {
        "if": {"type": "string"},
        "then": {"minLength": 1},
        "else": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
    },
    "rule-token": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "lemma": {"$ref": "#/$defs/rule-values", "description": "Lemma(s), or @list."},
            "lower": {"$ref": "#/$defs/rule-values", "description": "Lower-case form(s), or @list."},
            "text": {"$ref": "#/$defs/rule-values", "description": "Exact form(s)."},
            "shape": {"$ref": "#/$defs/rule-values", "description": "spaCy word shape(s): Xxxx, dd, xx."},
            "regex": {"type": "string", "description": "A regular expression (RE2) the lower-case form matches."},
            "not_regex": {"type": "string",
                          "description": "A regular expression (RE2) the lower-case form must not match."},
            "not_lemma": {"$ref": "#/$defs/rule-values"},
            "not_lower": {"$ref": "#/$defs/rule-values"},
            "alpha": {"type": "boolean"},
            "punct": {"type": "boolean"},
            "digit": {"type": "boolean"},
            "op": {"type": "string", "pattern": r"^(?:[?*+!]|\{\d*,?\d*\})$",
                   "description": "? * + ! or {n,m}, as in spaCy's Matcher."},
            "key": {"type": "boolean", "description": "The token whose lemma looks up the replacement in swap."},
        },
    },
    "rule-pattern": {
        "if": {"type": "array"},
        "then": {"minItems": 1, "items": {"$ref": "#/$defs/rule-token"}},
        "else": {"type": "object", "additionalProperties": False, "required": ["tokens"],
                 "properties": {"tokens": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/rule-token"}},
                                "replace": {"type": "boolean"},
                                "message": {"$ref": "#/$defs/message"},
                                "hint": {"$ref": "#/$defs/message"}}},
    },
}

TOP_LEVEL: dict[str, Any] = {
    "include": {"type": "array", "items": {"type": "string", "minLength": 1},
                "description": "Rule sets whose rules and vocabulary this pack takes in (e.g. klarsprak); "
                               "this pack's own rules: settings override theirs."},
    "kind": {"enum": ["pack", "rules"],
             "description": "rules: a set of rules for include, not a pack of its own."},
    "rules": {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
              "additionalProperties": {"$ref": "#/$defs/rule"},
              "description": "Language rules by id (existence, substitution, occurrence, metric, sequence)."},
    "vocabulary": {"type": "object", "additionalProperties": False,
                   "properties": {"accept": {"$ref": "#/$defs/rule-strings",
                                             "description": "Words no rule under rules: reports."}}},
}


CHECK_COMMON: dict[str, Any] = {
    "enabled": {"type": "boolean",
                "description": "false switches the check off; true switches an opt-in check on."},
    "severity": {"$ref": "#/$defs/severity", "description": "error, warning or suggestion (default warning)."},
    "link": {"type": "string", "description": "A page that explains the check (SARIF helpUri)."},
    "collapse": {"$ref": "#/$defs/rule-collapse",
                 "description": "Which repeated findings of this check are one cause, reported once with every place."},
}


def _fields_text(fields: tuple[str, ...]) -> str:
    return f" Fields: {', '.join('{' + name + '}' for name in fields)}." if fields else " No fields."


def check_defs() -> dict[str, Any]:
    """``$defs/check-<id>`` for every built-in check, and the wording of a variant."""
    import planvakt.linting.checks  # noqa: F401  (registers the checks; spaCy: only when generating)
    from planvakt.linting.catalogue import builtin_checks

    defs: dict[str, Any] = {
        "check-wording": {"type": "object", "additionalProperties": False,
                          "properties": {"message": {"$ref": "#/$defs/message"}, "hint": {"$ref": "#/$defs/message"}}},
    }
    for info in builtin_checks().values():
        fields = _fields_text(info.fields)
        properties: dict[str, Any] = {
            **CHECK_COMMON,
            "message": {"$ref": "#/$defs/message", "description": f"What the writer reads.{fields}"},
            "hint": {"$ref": "#/$defs/message", "description": f"How to fix it.{fields}"},
            "variants": {"type": "object", "propertyNames": {"enum": list(info.variants)},
                         "additionalProperties": {"$ref": "#/$defs/check-wording"},
                         "description": (f"Other wordings, by name: {', '.join(info.variants)}." if info.variants
                                         else "This check has no variants.")},
        }
        for option in info.options:
            properties[option.name] = {**option.schema, "default": option.default, "description": option.description}
        defs[f"check-{info.id}"] = {"type": "object", "description": info.summary, "additionalProperties": False,
                                    "properties": properties, "x-fields": list(info.fields)}
    return defs


def checks_property() -> dict[str, Any]:
    import planvakt.linting.checks  # noqa: F401  (registers the checks)
    from planvakt.linting.catalogue import builtin_checks

    return {"type": "object",
            "description": "Settings per check, by rule id. `planvakt explain RULE` describes each.",
            "properties": {rule_id: {"$ref": f"#/$defs/check-{rule_id}"} for rule_id in builtin_checks()},
            "additionalProperties": False}


def _type_def(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    rule_type = RULE_TYPES[name]
    properties = {**COMMON, **rule_type.keys}
    form_keys = [*rule_type.form_keys, "exceptions"]
    form = {"type": "object", "additionalProperties": False,
            "properties": {key: properties[key] for key in form_keys}}
    for language in LANGUAGES:
        properties[language] = {"$ref": f"#/$defs/rule-{name}-forms",
                                "description": f"What differs in {language}: added to (lists) or merged into the base."}
    return {"type": "object", "additionalProperties": False, "properties": properties}, form


def rule_defs() -> dict[str, Any]:
    defs = dict(SHARED_DEFS)
    union: dict[str, Any] = dict(COMMON)
    for name in RULE_TYPES:
        definition, form = _type_def(name)
        defs[f"rule-{name}"] = definition
        defs[f"rule-{name}-forms"] = form
        for key, value in RULE_TYPES[name].keys.items():
            union[key] = value if union.get(key, value) == value else {}
    for language in LANGUAGES:
        union[language] = {"type": "object"}
    defs["rule-override"] = {"type": "object", "additionalProperties": False, "properties": union}
    return defs


SCHEMA_PATH = Path(__file__).resolve().parents[2] / "rules" / "schema" / "rulepack.schema.json"


def updated(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the rule parts replaced by the generated ones; other keys keep their order."""
    result = dict(schema)
    properties: dict[str, Any] = {}
    for key, value in schema["properties"].items():
        if key in TOP_LEVEL:
            continue
        properties[key] = value
        if key == "extends":
            properties["include"] = TOP_LEVEL["include"]
            properties["kind"] = TOP_LEVEL["kind"]
    properties.setdefault("include", TOP_LEVEL["include"])
    properties.setdefault("kind", TOP_LEVEL["kind"])
    properties["rules"] = TOP_LEVEL["rules"]
    properties["vocabulary"] = TOP_LEVEL["vocabulary"]
    properties["checks"] = checks_property()
    result["properties"] = properties
    defs = {key: value for key, value in schema["$defs"].items()
            if key not in ("rule", "check") and not key.startswith(("rule-", "check-"))}
    defs.update(check_defs())
    defs.update(rule_defs())
    result["$defs"] = defs
    return result


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = SCHEMA_PATH.read_text(encoding="utf-8")
    fresh = render(updated(json.loads(text)))
    if "--check" in argv:
        if fresh != text:
            print(f"{SCHEMA_PATH} is out of date: run python -m planvakt.linting.rule_types.schema", file=sys.stderr)
            return 1
        return 0
    if fresh != text:
        SCHEMA_PATH.write_text(fresh, encoding="utf-8")
        print(f"updated {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
