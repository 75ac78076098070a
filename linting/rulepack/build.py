"""Build the typed model (:class:`RulePack`, :class:`Plan`) from a merged, validated pack."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from planvakt.linting.errors import RulePackError
from planvakt.linting.rulepack.golden_settings import parse_golden
from planvakt.linting.rulepack.model import (
    Alias,
    CheckConfig,
    FocusArea,
    Goal,
    HeadingSpec,
    LanguageSpec,
    Plan,
    RulePack,
    require,
)
from planvakt.linting.rulepack.patterns import PackPattern, PatternError, compile_pattern
from planvakt.linting.rulepack.resolve import resolve_plan
from planvakt.linting.rulepack.validate import (
    reserved_check_ids,
    source_of,
    validate,
    validate_check_texts,
)
from planvakt.linting.rulepack.yaml_source import YamlSource, load_yaml

_CHECK_KEYS = {"enabled", "severity", "message", "hint", "link", "variants"}

# The file that set some keys last, and the line there.
_Locate = Callable[..., tuple[str, int | None]]


def load_plan(reference: str, relative_to: Path) -> Plan:
    path = resolve_plan(reference, relative_to)
    source = load_yaml(path)
    validate(source, "plan.schema.json")
    return build_plan(source)


def _aliases(items: list[Any] | None) -> tuple[Alias, ...]:
    return tuple(Alias(item) if isinstance(item, str) else Alias(item["text"], item.get("language"))
                 for item in items or ())


def build_plan(source: YamlSource) -> Plan:
    data = source.data
    areas: list[FocusArea] = []
    seen_goals: set[str] = set()
    seen_areas: set[str] = set()
    for index, area in enumerate(data["focus_areas"]):
        require(area["id"] not in seen_areas, f"satsingsområdet {area['id']} står to ganger", source.path,
                source.line_of(["focus_areas", index, "id"]))
        seen_areas.add(area["id"])
        goals = []
        for goal_index, goal in enumerate(area["goals"]):
            require(goal["id"] not in seen_goals, f"målet {goal['id']} står to ganger", source.path,
                    source.line_of(["focus_areas", index, "goals", goal_index, "id"]))
            seen_goals.add(goal["id"])
            goals.append(Goal(id=goal["id"], text=goal["text"], area=area["id"]))
        areas.append(FocusArea(id=area["id"], name=area["name"], goals=tuple(goals),
                               sdgs=tuple(area.get("sdgs", ())), vocabulary=tuple(area.get("vocabulary", ())),
                               cross_cutting=area.get("cross_cutting", False)))
    return Plan(name=data["name"], path=source.path, focus_areas=tuple(areas),
                names=tuple(data.get("names", ())), url=data.get("url", ""))


@cache
def _spacy_has_language(code: str) -> bool:
    """Whether spaCy ships ``spacy.lang.<code>``, found without importing spaCy."""
    found = importlib.util.find_spec("spacy")
    folders = found.submodule_search_locations if found is not None else None
    return bool(code.isidentifier() and folders and any((Path(folder) / "lang" / code).is_dir()
                                                      for folder in folders))


def build_pack(path: Path, data: dict[str, Any], sources: list[YamlSource]) -> RulePack:
    own = sources[-1]

    def at(*keys: str | int) -> tuple[str, int | None]:
        """The file that set ``keys`` last, and the line there."""
        source = next((s for s in reversed(sources) if isinstance(s.data, dict) and keys[0] in s.data), own)
        return source.path, source.line_of(keys)

    def fail(message: str, keys: tuple[Any, ...]) -> None:
        source, found = source_of(sources, list(keys))
        raise RulePackError(message, path=source.path, line=source.line_of(found))

    for key in ("name", "plan", "headings", "citation"):
        require(key in data, f"regelpakken mangler nøkkelen «{key}»", own.path, 1)
    plan = load_plan(data["plan"], path)
    headings = _headings(data["headings"], at)
    focus = data.get("focus_areas", {})
    areas = _focus_areas(focus, plan, at)
    pattern, goal_id = _citation(data["citation"], at)
    for index, skip in enumerate((data.get("title") or {}).get("skip") or ()):
        _compile(skip, *at("title", "skip", index))  # page furniture to skip (linting.furniture)
    languages = _languages(data.get("languages", {}), at)
    checks = _checks(data.get("checks", {}))
    validate_check_texts(data, fail)

    from planvakt.linting.rule_types import parse_rules  # light: the rule types import spaCy only to run

    scopes = {h.id for h in headings} | {area.id for area in areas}
    rules = parse_rules(data.get("rules") or {}, fail, scopes, reserved_check_ids(),  # type: ignore[arg-type]
                        origins=_rule_origins(sources))
    placeholders = data.get("placeholders", {})
    return RulePack(
        name=data["name"], path=str(path), description=data.get("description", ""), plan=plan,
        headings=headings, focus_areas=tuple(areas), focus_area_level=focus.get("level", 3),
        title_level=data.get("title", {}).get("level", 1), language=data.get("language", "auto"),
        languages=languages, abbreviations=_abbreviations(data), citation=pattern,
        goal_id=goal_id, placeholder_words=frozenset(w.lower() for w in placeholders.get("words", ())),
        placeholder_max_words=placeholders.get("max_words", 3), checks=checks, data=data,
        rules=rules, vocabulary=tuple((data.get("vocabulary") or {}).get("accept", ())),
        golden=parse_golden(data.get("golden")), final_abbreviations=_abbreviations(data, final=True))


def _abbreviations(data: dict[str, Any], final: bool = False) -> tuple[str, ...]:
    """The pack's abbreviations («jf.» or ``{text: kr., ends_sentence: true}``); with
    ``final``, only those that may end a sentence."""
    found = []
    for item in data.get("abbreviations") or ():
        text, ends = (item, False) if isinstance(item, str) else (item["text"], bool(item.get("ends_sentence")))
        if ends or not final:
            found.append(text)
    return tuple(dict.fromkeys(found))


def _rule_origins(sources: list[YamlSource]) -> dict[str, str]:
    """For each rule, the pack or rule set (its file's stem) that declares it with a `type`."""
    origins: dict[str, str] = {}
    for source in sources:
        rules = source.data.get("rules") if isinstance(source.data, dict) else None
        for rule_id, raw in (rules or {}).items():
            if isinstance(raw, dict) and "type" in raw:
                origins.setdefault(rule_id, Path(source.path).stem)
    return origins


def _headings(items: list[dict[str, Any]], at: _Locate) -> tuple[HeadingSpec, ...]:
    headings = tuple(
        HeadingSpec(id=h["id"], text=h["text"], level=h.get("level", 2), description=h.get("description", ""),
                    required=h.get("required", True), allow_subheadings=h.get("allow_subheadings", False),
                    focus_areas=h.get("focus_areas", False), aliases=_aliases(h.get("aliases")))
        for h in items)
    ids = [h.id for h in headings]
    require(len(ids) == len(set(ids)), "to overskrifter har samme id", *at("headings"))
    return headings


def _focus_areas(focus: dict[str, Any], plan: Plan, at: _Locate) -> list[FocusArea]:
    """The plan's focus areas the pack includes (all but the cross-cutting ones by default)."""
    include = focus.get("include") or [a.id for a in plan.focus_areas if not a.cross_cutting]
    area_aliases = focus.get("aliases", {})
    areas = []
    for index, area_id in enumerate(include):
        area = plan.area(area_id)
        require(area is not None, f"focus_areas.include nevner «{area_id}», men samfunnsdelen "
                f"({Path(plan.path).name}) har bare {', '.join(a.id for a in plan.focus_areas)}",
                *at("focus_areas", "include", index))
        assert area is not None
        areas.append(FocusArea(id=area.id, name=area.name, goals=area.goals, sdgs=area.sdgs,
                               vocabulary=area.vocabulary, cross_cutting=area.cross_cutting,
                               aliases=_aliases(area_aliases.get(area_id))))
    return areas


def _citation(citation: dict[str, Any], at: _Locate) -> tuple[PackPattern, PackPattern]:
    """The pattern that finds goal citations, and the pattern of one goal id."""
    pattern = _compile(citation["pattern"], *at("citation", "pattern"))
    require("ids" in pattern.groupindex, "citation.pattern må ha en navngitt gruppe (?P<ids>…) for målnumrene",
            *at("citation", "pattern"))
    goal_id = _compile(citation.get("goal_id", r"\d+(?:\.\d+)*"), *at("citation", "goal_id"))
    return pattern, goal_id


def _languages(specs: dict[str, Any], at: _Locate) -> dict[str, LanguageSpec]:
    languages = {code: LanguageSpec(code=code, spacy=spec.get("spacy", code), model=spec.get("model"),
                                    markers=tuple(spec.get("markers", ())))
                 for code, spec in specs.items()}
    languages.setdefault("nb", LanguageSpec(code="nb", spacy="nb"))
    for code, language in languages.items():
        require(_spacy_has_language(language.spacy),
                f"spaCy har ikke språket «{language.spacy}»; bokmål er nb og nynorsk nn",
                *at("languages", code, "spacy"))
    return languages


def _checks(items: dict[str, Any]) -> dict[str, CheckConfig]:
    return {rule_id: CheckConfig(
        id=rule_id, enabled=settings.get("enabled", True), severity=settings.get("severity", "warning"),
        message=settings.get("message", ""), hint=settings.get("hint", ""), link=settings.get("link", ""),
        variants=settings.get("variants", {}),
        options={k: v for k, v in settings.items() if k not in _CHECK_KEYS})
        for rule_id, settings in items.items()}


def _compile(pattern: str, path: str, line: int | None) -> PackPattern:
    """A pack's pattern on RE2 (linear time); one RE2 cannot run is refused here, at load."""
    try:
        return compile_pattern(pattern)
    except PatternError as error:
        raise RulePackError(str(error), path=path, line=line) from None
