"""Validate rule packs and plans against their JSON Schemas, with Norwegian messages that name
the file and line; and the checks that need the merged pack (rules, message templates)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from planvakt.linting.cache import cache_dir
from planvakt.linting.errors import RulePackError
from planvakt.linting.rulepack.resolve import builtin_dir
from planvakt.linting.rulepack.yaml_source import YamlSource
from planvakt.linting.suggest import did_you_mean
from planvakt.linting.templates import field_names, template_problem


@lru_cache(maxsize=4)
def _validator(schema_name: str) -> Any:
    import jsonschema  # imported on first validation only: it is slow to import

    schema = json.loads((builtin_dir() / "schema" / schema_name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def validate(source: YamlSource, schema_name: str) -> None:
    """Validate against the schema, once per file content (a stamp in the cache skips it)."""
    schema_text = (builtin_dir() / "schema" / schema_name).read_bytes()
    stamp = _stamp_path(source.digest + hashlib.sha256(schema_text).hexdigest())
    if stamp is not None and stamp.exists():
        return
    errors = sorted(_validator(schema_name).iter_errors(source.data),
                    key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        raise _schema_error(source, _most_specific(errors[0]))
    if stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            pass  # a read-only cache only costs the next run a validation


def _stamp_path(key: str) -> Path | None:
    return cache_dir() / "validated" / hashlib.sha256(key.encode()).hexdigest()[:32]


def validate_rules(data: dict[str, Any], sources: list[YamlSource]) -> None:
    """Each merged rule against its type's schema: an override in one file and the type in
    another are only checked together here. Errors name the file that set the key."""
    rules = data.get("rules") or {}
    if not rules:
        return
    schema_text = (builtin_dir() / "schema" / "rulepack.schema.json").read_bytes()
    stamp = _stamp_path("rules" + "".join(source.digest for source in sources)
                        + hashlib.sha256(schema_text).hexdigest())
    if stamp is not None and stamp.exists():
        return
    for rule_id, rule in rules.items():
        rule_type = rule.get("type")
        if rule_type is None:
            source, keys = source_of(sources, ["rules", rule_id])
            raise RulePackError(f"regelen «{rule_id}» mangler nøkkelen «type» (sett den der regelen "
                                "først står; en pakke som bare endrer regelen, trenger den ikke)",
                                path=source.path, line=source.line_of(keys))
        errors = sorted(_rule_validator(rule_type).iter_errors({"rules": {rule_id: rule}}),
                        key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
        if errors:
            error = _most_specific(errors[0])
            keys = list(error.absolute_path)
            if error.validator == "additionalProperties":
                unknown = [key for key in error.instance if key not in error.schema.get("properties", {})]
                keys = keys + unknown[:1]
            source, _ = source_of(sources, keys)
            raise _schema_error(source, error)
    if stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            pass


def check_fields(rule_id: str) -> tuple[str, ...] | None:
    """The ``{fields}`` a check's messages may use: ``x-fields`` of its ``$defs/check-<id>`` in the
    schema generated from the rule catalogue (None: the schema does not say)."""
    definition = schema_json("rulepack.schema.json")["$defs"].get(f"check-{rule_id}")
    return tuple(definition["x-fields"]) if definition and "x-fields" in definition else None


def validate_check_texts(data: dict[str, Any], fail: Callable[[str, tuple[Any, ...]], None]) -> None:
    """Each check's message and hint templates (and its variants') parse, and use only the
    fields the check fills in: a typo like ``{heding}`` would reach the writer verbatim.
    (Unknown options and variants are refused by the schema, per check.)"""
    for rule_id, settings in data.get("checks", {}).items():
        texts = [((key,), settings.get(key)) for key in ("message", "hint")]
        texts += [(("variants", variant, key), wording.get(key))
                  for variant, wording in (settings.get("variants") or {}).items() if isinstance(wording, dict)
                  for key in ("message", "hint")]
        known = check_fields(rule_id)
        for keys, text in texts:
            if not isinstance(text, str):
                continue
            problem = template_problem(text)
            if problem:
                fail(f"feil i teksten til {rule_id}: {problem}", ("checks", rule_id, *keys))
            for name in field_names(text) if known is not None else ():
                if name not in known:  # type: ignore[operator]
                    listed = ", ".join("{" + field + "}" for field in known) or "ingen felt"  # type: ignore[union-attr]
                    suggestion = did_you_mean(name, known or (), shown=lambda field: "{" + field + "}")
                    fail(f"ukjent felt «{{{name}}}» i teksten til {rule_id}; den har {listed}.{suggestion}",
                         ("checks", rule_id, *keys))


def source_of(sources: list[YamlSource], keys: list[Any]) -> tuple[YamlSource, list[Any]]:
    """The last file that sets ``keys`` (or the longest part of them), and that part."""
    for length in range(len(keys), 0, -1):
        for source in reversed(sources):
            node: Any = source.data
            for key in keys[:length]:
                node = node.get(key) if isinstance(node, dict) else None
                if node is None:
                    break
            else:
                return source, keys[:length]
    return sources[-1], []


@lru_cache(maxsize=2)
def schema_json(schema_name: str) -> dict[str, Any]:
    return json.loads((builtin_dir() / "schema" / schema_name).read_text(encoding="utf-8"))


def reserved_check_ids() -> frozenset[str]:
    """The built-in check ids the schema knows: a YAML rule may not take one of them."""
    return frozenset(schema_json("rulepack.schema.json")["properties"]["checks"].get("properties", {}))


@lru_cache(maxsize=8)
def _rule_validator(rule_type: str) -> Any:
    import jsonschema

    schema = schema_json("rulepack.schema.json")
    wrapper = {"$defs": schema["$defs"], "type": "object",
               "properties": {"rules": {"additionalProperties": {"$ref": f"#/$defs/rule-{rule_type}"}}}}
    return jsonschema.Draft202012Validator(wrapper)


def _most_specific(error: Any) -> Any:
    """For oneOf/anyOf failures, the branch error that got deepest."""
    while error.context:
        error = max(error.context, key=lambda e: (len(e.absolute_path), -len(e.message)))
    return error


def _schema_error(source: YamlSource, error: Any) -> RulePackError:
    keys = list(error.absolute_path)
    where = _dotted(keys) or "toppnivået"
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in allowed]
        key = unknown[0] if unknown else "?"
        suggestion = did_you_mean(key, allowed, otherwise=_option_owner(keys, key) or (
            f" Gyldige nøkler: {', '.join(allowed)}." if allowed else ""))
        return RulePackError(f"ukjent nøkkel «{key}» i {where}.{suggestion}",
                             path=source.path, line=source.key_line(keys, key))
    line = source.line_of(keys)
    if error.validator == "enum" and "propertyNames" in error.schema_path and keys[-1:] == ["variants"]:
        # a variant the check does not have: point at the variant's own line
        names = list(map(str, error.validator_value))
        listed = f"den har {', '.join(names)}" if names else "den har ingen varianter"
        suggestion = did_you_mean(str(error.instance), names)
        return RulePackError(f"ukjent variant «{error.instance}» i {where}; {listed}.{suggestion}",
                             path=source.path, line=source.key_line(keys, error.instance))
    if error.validator == "enum":
        choices = ", ".join(map(str, error.validator_value))
        suggestion = did_you_mean(str(error.instance), list(map(str, error.validator_value)), cutoff=0.6)
        message = f"«{error.instance}» er ikke gyldig for {where}; bruk en av: {choices}.{suggestion}"
    elif error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        message = f"{where} mangler nøkkelen «{missing[0] if missing else error.message}»"
    elif error.validator == "type":
        expected, found = _type_name(error.validator_value), _type_name(_json_type(error.instance))
        message = f"{where} skal være {expected}, ikke {found}"
    elif error.validator == "pattern":
        message = f"«{error.instance}» har feil form for {where} (mønster {error.validator_value})"
    elif error.validator == "propertyNames":
        message = f"ugyldig nøkkel i {where}: {error.message}"
    else:
        message = f"{where}: {error.message}"
    return RulePackError(message, path=source.path, line=line)


def _option_owner(keys: list[Any], key: str) -> str:
    """« «flag» hører til heading-wording.» when ``key`` is an option of another check."""
    if len(keys) != 2 or keys[0] != "checks":
        return ""
    defs = schema_json("rulepack.schema.json")["$defs"]
    owners = [name.removeprefix("check-") for name, definition in defs.items()
              if name.startswith("check-") and key in definition.get("properties", {})]
    return f" «{key}» er en innstilling for {', '.join(owners)}, ikke for {keys[1]}." if owners else ""


def _dotted(keys: list[Any]) -> str:
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


_TYPE_NAMES = {"string": "tekst", "integer": "et heltall", "number": "et tall", "boolean": "true/false",
               "array": "en liste", "object": "et kart (nøkkel: verdi)", "null": "tom"}


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return " eller ".join(_TYPE_NAMES.get(v, v) for v in value)
    return _TYPE_NAMES.get(value, str(value))


def _json_type(value: Any) -> str:
    for python_type, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"),
                              (list, "array"), (dict, "object"), (type(None), "null")):
        if isinstance(value, python_type):
            return name
    return type(value).__name__
