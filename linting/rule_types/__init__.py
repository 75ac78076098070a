"""Generic rule types declared in a pack's ``rules:`` (Vale-style), and their registry.

One module per type, each exposing ``RULE_TYPE`` (a :class:`~planvakt.linting.rule_types.base.RuleType`):

=============  ===============================================================
existence      a word or phrase from a list (or a class of tokens) is there
substitution   a word with a better one to use instead (findings carry a replacement)
occurrence     too many of something per sentence, paragraph, section or document
metric         a readability measure (sentence length, LIX) over a threshold
sequence       token patterns on lemma, form, shape or word lists (spaCy's Matcher)
=============  ===============================================================

This package is imported when a pack is loaded, so it stays light: the type modules
import NumPy and spaCy only when a rule is prepared or run. The runner is
:mod:`planvakt.linting.rule_types.runner`; see docs/rules.md for the YAML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from planvakt.linting.rule_types import existence, metric, occurrence, sequence, substitution
from planvakt.linting.rule_types.base import DOCUMENT, HEADINGS, LANGUAGES, RuleSpec, RuleType
from planvakt.linting.suggest import did_you_mean
from planvakt.linting.templates import field_names, template_problem

RULE_TYPES: dict[str, RuleType] = {module.RULE_TYPE.name: module.RULE_TYPE
                                   for module in (existence, substitution, occurrence, metric, sequence)}
COMMON_FIELDS = ("rule",)
COMMON_KEYS = ("type", "enabled", "level", "severity", "message", "hint", "link", "description", "exceptions",
               "scope", "collapse", *LANGUAGES)

Fail = Callable[[str, tuple[Any, ...]], NoReturn]

__all__ = ["RULE_TYPES", "RuleSpec", "parse_rules"]


def parse_rules(rules: Mapping[str, Any], fail: Fail, scopes: set[str],
                reserved: frozenset[str] = frozenset(),
                origins: Mapping[str, str] | None = None) -> tuple[RuleSpec, ...]:
    """Typed rules from a merged pack's ``rules`` mapping.

    ``fail(message, keys)`` raises a :class:`~planvakt.linting.errors.RulePackError` at the YAML
    position of ``keys`` (relative to the pack, e.g. ``("rules", "lix", "per")``);
    ``scopes`` are the heading and focus-area ids a rule may be scoped to; ``reserved``
    the ids of the built-in checks, which a rule may not take; ``origins`` the pack or
    rule set each rule is declared in, by rule id.
    """
    specs = []
    for rule_id, raw in rules.items():
        def fail_here(message: str, keys: tuple[Any, ...], _rule_id: str = rule_id) -> NoReturn:
            fail(message, ("rules", _rule_id, *keys))

        if rule_id in reserved:
            fail_here(f"«{rule_id}» er en innebygd sjekk; gi regelen et annet navn, eller endre sjekken under "
                      f"«checks: {{{rule_id}: …}}»", ())

        type_name = raw.get("type")
        if type_name is None:
            fail_here(f"regelen «{rule_id}» mangler nøkkelen «type» ({', '.join(RULE_TYPES)})", ())
        rule_type = RULE_TYPES[type_name]
        if "level" in raw and "severity" in raw and raw["level"] != raw["severity"]:
            fail_here("bruk enten «level» eller «severity», ikke begge", ("severity",))
        scope = raw.get("scope", DOCUMENT)
        scope = (scope,) if isinstance(scope, str) else tuple(scope)
        for index, name in enumerate(scope):
            if name not in scopes and name not in (DOCUMENT, HEADINGS):
                known = [DOCUMENT, HEADINGS, *sorted(scopes)]
                suggestion = did_you_mean(name, known, otherwise=f" Bruk en av: {', '.join(known)}.")
                fail_here(f"ukjent scope «{name}»: ikke en overskrift eller et satsingsområde i pakken.{suggestion}",
                          ("scope",) if isinstance(raw.get("scope"), str) else ("scope", index))
        spec = RuleSpec(
            id=rule_id, type=type_name, enabled=raw.get("enabled", True),
            level=raw.get("level", raw.get("severity", "warning")), message=raw.get("message", ""),
            hint=raw.get("hint", ""), link=raw.get("link", ""), description=raw.get("description", ""),
            scope=scope, exceptions=tuple(raw.get("exceptions", ())),
            options={key: value for key, value in raw.items() if key in rule_type.keys or key == "collapse"},
            forms={language: raw[language] for language in LANGUAGES if language in raw},
            origin=(origins or {}).get(rule_id, ""))
        if not spec.message:
            fail_here(f"regelen «{rule_id}» mangler «message» (det skriveren får se)", ())
        _check_fields(spec, rule_type, fail_here)
        rule_type.validate(spec, fail_here)
        specs.append(spec)
    return tuple(specs)


def _check_fields(spec: RuleSpec, rule_type: RuleType, fail: Fail) -> None:
    known = (*rule_type.fields, *COMMON_FIELDS)
    templates = [(("message",), spec.message), (("hint",), spec.hint)]
    for index, item in enumerate(spec.options.get("patterns") or ()):
        if isinstance(item, Mapping):
            templates += [(("patterns", index, key), item[key]) for key in ("message", "hint") if key in item]
    for keys, template in templates:
        problem = template_problem(template)
        if problem:
            fail(f"feil i teksten: {problem}", keys)
        for name in field_names(template):
            if name not in known:
                suggestion = did_you_mean(name, known, shown=lambda field: "{" + field + "}")
                fail(f"ukjent felt «{{{name}}}» i teksten; {rule_type.name}-regler har "
                     f"{', '.join('{' + f + '}' for f in known)}.{suggestion}", keys)

