"""Load, merge and validate rule packs and community plans."""

from __future__ import annotations

import difflib
import hashlib
import importlib.util
import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from planvakt.linting.cache import cache_dir
from planvakt.linting.errors import RulePackError
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
from planvakt.linting.rulepack.yaml_source import YamlSource, load_yaml
from planvakt.linting.templates import template_problem
from planvakt.rules import RULES_DIR

DEFAULT_PACK = "sektorkapittel"
_INCLUDED_KEYS = ("rules", "vocabulary")
_CHECK_KEYS = {"enabled", "severity", "message", "hint", "link", "variants"}


def builtin_dir() -> Path:
    return Path(str(RULES_DIR))


def builtin_packs() -> dict[str, Path]:
    """Built-in packs by name (not the rule sets that packs `include`, such as klarsprak)."""
    return {path.stem: path for path in sorted(builtin_dir().glob("*.yaml")) if not _is_rule_set(path)}


_RULE_SET = re.compile(r"^kind:\s*rules\s*(?:#.*)?$", re.M)


def _is_rule_set(path: Path) -> bool:
    """Whether a YAML file says `kind: rules`: a set of rules for `include`, not a pack."""
    try:
        return bool(_RULE_SET.search(path.read_text(encoding="utf-8-sig")))
    except OSError:
        return False


def _resolve_include(name: str, relative_to: Path) -> Path:
    """A rule set named in `include`: a built-in name («klarsprak») or a path relative to the pack."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        candidate = relative_to.parent / name
        if not candidate.is_file():
            raise RulePackError(f"finner ikke «{name}» (include)", path=str(relative_to))
        return candidate.resolve()
    candidate = builtin_dir() / f"{name}.yaml"
    if not candidate.is_file():
        names = [path.stem for path in sorted(builtin_dir().glob("*.yaml"))]
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" Mente du «{close[0]}»?" if close else f" Innebygde: {', '.join(names)}."
        raise RulePackError(f"ukjent regelsamling «{name}» i include.{hint}", path=str(relative_to))
    return candidate


def resolve_pack(name_or_path: str) -> Path:
    """A pack name («sektorkapittel») or a path to a YAML file."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists() or "/" in name_or_path:
        if not candidate.is_file():
            raise RulePackError("finner ikke regelpakken", path=name_or_path)
        return candidate.resolve()
    packs = builtin_packs()
    if name_or_path not in packs and (builtin_dir() / f"{name_or_path}.yaml").is_file():
        raise RulePackError(f"«{name_or_path}» er en regelsamling (kind: rules) som tas med i en regelpakke med "
                            f"«include: [{name_or_path}]», ikke en regelpakke i seg selv", path=name_or_path)
    if name_or_path not in packs:
        close = difflib.get_close_matches(name_or_path, packs, n=1)
        hint = f" Mente du «{close[0]}»?" if close else ""
        raise RulePackError(f"ukjent regelpakke. Innebygde pakker: {', '.join(packs)}.{hint}",
                            path=name_or_path)
    return packs[name_or_path]


_PACKS: dict[Path, tuple[RulePack, tuple[tuple[str, int], ...]]] = {}


def load_pack(name_or_path: str = DEFAULT_PACK) -> RulePack:
    """Load a pack by name or path.

    Cached until any file it was built from (the pack, packs it extends or includes, the
    plan) changes, so a long-running bot picks up an analyst's edits.
    """
    path = resolve_pack(name_or_path)
    cached = _PACKS.get(path)
    if cached is not None and all(_mtime(file) == mtime for file, mtime in cached[1]):
        return cached[0]
    pack, files = _load_pack(path)
    _PACKS[path] = (pack, tuple((file, _mtime(file)) for file in files))
    return pack


def _mtime(file: str) -> int:
    try:
        return Path(file).stat().st_mtime_ns
    except OSError:
        return -1


def _load_pack(path: Path) -> tuple[RulePack, list[str]]:
    """The pack, and every file it was built from."""
    data, sources = _merged(path, ())
    if data.get("kind") == "rules":
        raise RulePackError(f"«{path.stem}» er en regelsamling (kind: rules) som tas med i en regelpakke med "
                            f"«include: [{path.stem}]», ikke en regelpakke i seg selv", path=str(path))
    _validate_rules(data, sources)
    pack = _build_pack(path, data, sources)
    return pack, [source.path for source in sources] + [pack.plan.path]


def load_plan(reference: str, relative_to: Path) -> Plan:
    path = _resolve_plan(reference, relative_to)
    source = load_yaml(path)
    _validate(source, "plan.schema.json")
    return _build_plan(source)


# --- merging and validation -------------------------------------------------------


def _merged(path: Path, seen: tuple[Path, ...]) -> tuple[dict[str, Any], list[YamlSource]]:
    """The pack's data with its `extends` chain merged in, plus each file's source."""
    if path in seen:
        raise RulePackError("regelpakkene utvider hverandre i ring (extends)", path=str(path))
    source = load_yaml(path)
    if not isinstance(source.data, dict):
        raise RulePackError("en regelpakke må være et YAML-kart (nøkkel: verdi)", path=str(path), line=1)
    _validate(source, "rulepack.schema.json")
    data = dict(source.data)
    parent = data.pop("extends", None)
    includes = data.pop("include", None) or []
    if parent is None and not includes:
        return data, [source]
    base: dict[str, Any] = {}
    base_sources: list[YamlSource] = []
    if parent is not None:
        parent_path = resolve_pack(str(path.parent / parent)) if parent.endswith((".yaml", ".yml")) \
            else resolve_pack(parent)
        base, base_sources = _merged(parent_path, (*seen, path))
        if "plan" not in data and "plan" in base:
            # a plan named by the parent is resolved relative to the parent's file
            base["plan"] = str(_resolve_plan(base["plan"], parent_path))
    for name in includes:
        # an included rule set adds its `rules` and `vocabulary`; the including pack overrides them
        included, included_sources = _merged(_resolve_include(name, path), (*seen, path))
        base = _deep_merge(base, {key: included[key] for key in _INCLUDED_KEYS if key in included})
        base_sources += included_sources
    return _deep_merge(base, data), [*base_sources, source]


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@lru_cache(maxsize=4)
def _validator(schema_name: str) -> Any:
    import jsonschema  # imported on first validation only: it is slow to import

    schema = json.loads((builtin_dir() / "schema" / schema_name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _validate(source: YamlSource, schema_name: str) -> None:
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


def _validate_rules(data: dict[str, Any], sources: list[YamlSource]) -> None:
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
            source, keys = _source_of(sources, ["rules", rule_id])
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
            source, _ = _source_of(sources, keys)
            raise _schema_error(source, error)
    if stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            pass


def _source_of(sources: list[YamlSource], keys: list[Any]) -> tuple[YamlSource, list[Any]]:
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
def _schema_json(schema_name: str) -> dict[str, Any]:
    return json.loads((builtin_dir() / "schema" / schema_name).read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def _rule_validator(rule_type: str) -> Any:
    import jsonschema

    schema = _schema_json("rulepack.schema.json")
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
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        suggestion = f" Mente du «{close[0]}»?" if close else (
            f" Gyldige nøkler: {', '.join(allowed)}." if allowed else "")
        return RulePackError(f"ukjent nøkkel «{key}» i {where}.{suggestion}",
                             path=source.path, line=source.key_line(keys, key))
    line = source.line_of(keys)
    if error.validator == "enum":
        choices = ", ".join(map(str, error.validator_value))
        close = difflib.get_close_matches(str(error.instance), list(map(str, error.validator_value)), n=1)
        suggestion = f" Mente du «{close[0]}»?" if close else ""
        message = f"«{error.instance}» er ikke gyldig for {where}; bruk en av: {choices}.{suggestion}"
    elif error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        message = f"{where} mangler nøkkelen «{missing[0] if missing else error.message}»"
    elif error.validator == "type":
        message = f"{where} skal være {_type_name(error.validator_value)}, ikke {_type_name(_json_type(error.instance))}"
    elif error.validator == "pattern":
        message = f"«{error.instance}» har feil form for {where} (mønster {error.validator_value})"
    elif error.validator == "propertyNames":
        message = f"ugyldig nøkkel i {where}: {error.message}"
    else:
        message = f"{where}: {error.message}"
    return RulePackError(message, path=source.path, line=line)


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


# --- building the typed model --------------------------------------------------------


def _resolve_plan(reference: str, relative_to: Path) -> Path:
    candidate = Path(reference)
    if not candidate.is_absolute():
        candidate = relative_to.parent / candidate
    if candidate.suffix in (".yaml", ".yml") or candidate.is_file():
        if not candidate.is_file():
            raise RulePackError(f"finner ikke samfunnsdelen «{reference}»", path=str(relative_to))
        return candidate
    builtin = builtin_dir() / "plans" / f"{reference}.yaml"
    if not builtin.is_file():
        raise RulePackError(f"finner ikke samfunnsdelen «{reference}»: oppgi et innebygd navn "
                            "eller en sti til en .yaml-fil", path=str(relative_to))
    return builtin


def _aliases(items: list[Any] | None) -> tuple[Alias, ...]:
    return tuple(Alias(item) if isinstance(item, str) else Alias(item["text"], item.get("language"))
                 for item in items or ())


def _build_plan(source: YamlSource) -> Plan:
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


def _build_pack(path: Path, data: dict[str, Any], sources: list[YamlSource]) -> RulePack:
    own = sources[-1]

    def at(*keys: str | int) -> tuple[str, int | None]:
        """The file that set ``keys`` last, and the line there."""
        source = next((s for s in reversed(sources) if isinstance(s.data, dict) and keys[0] in s.data), own)
        return source.path, source.line_of(keys)

    for key in ("name", "plan", "headings", "citation"):
        require(key in data, f"regelpakken mangler nøkkelen «{key}»", own.path, 1)
    plan = load_plan(data["plan"], path)

    headings = tuple(
        HeadingSpec(id=h["id"], text=h["text"], level=h.get("level", 2), description=h.get("description", ""),
                    required=h.get("required", True), allow_subheadings=h.get("allow_subheadings", False),
                    focus_areas=h.get("focus_areas", False), aliases=_aliases(h.get("aliases")))
        for h in data["headings"])
    ids = [h.id for h in headings]
    require(len(ids) == len(set(ids)), "to overskrifter har samme id", *at("headings"))

    focus = data.get("focus_areas", {})
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

    citation = data["citation"]
    pattern = _compile(citation["pattern"], *at("citation", "pattern"))
    require("ids" in pattern.groupindex, "citation.pattern må ha en navngitt gruppe (?P<ids>…) for målnumrene",
            *at("citation", "pattern"))
    goal_id = _compile(citation.get("goal_id", r"\d+(?:\.\d+)*"), *at("citation", "goal_id"))

    languages = {code: LanguageSpec(code=code, spacy=spec.get("spacy", code), model=spec.get("model"),
                                    markers=tuple(spec.get("markers", ())))
                 for code, spec in data.get("languages", {}).items()}
    languages.setdefault("nb", LanguageSpec(code="nb", spacy="nb"))
    for code, language in languages.items():
        require(_spacy_has_language(language.spacy),
                f"spaCy har ikke språket «{language.spacy}»; bokmål er nb og nynorsk nn",
                *at("languages", code, "spacy"))

    checks = {}
    for rule_id, settings in data.get("checks", {}).items():
        checks[rule_id] = CheckConfig(
            id=rule_id, enabled=settings.get("enabled", True), severity=settings.get("severity", "warning"),
            message=settings.get("message", ""), hint=settings.get("hint", ""), link=settings.get("link", ""),
            variants=settings.get("variants", {}),
            options={k: v for k, v in settings.items() if k not in _CHECK_KEYS})

    from planvakt.linting.rule_types import parse_rules  # light: the rule types import spaCy only to run

    def fail(message: str, keys: tuple[Any, ...]) -> None:
        source, found = _source_of(sources, list(keys))
        raise RulePackError(message, path=source.path, line=source.line_of(found))

    for rule_id, settings in data.get("checks", {}).items():
        texts = [((key,), settings.get(key)) for key in ("message", "hint")]
        texts += [(("variants", variant, key), wording.get(key))
                  for variant, wording in (settings.get("variants") or {}).items() if isinstance(wording, dict)
                  for key in ("message", "hint")]
        for keys, text in texts:
            problem = template_problem(text) if isinstance(text, str) else None
            if problem:
                fail(f"feil i teksten til {rule_id}: {problem}", ("checks", rule_id, *keys))

    scopes = {h.id for h in headings} | {area.id for area in areas}
    reserved = frozenset(_schema_json("rulepack.schema.json")["properties"]["checks"].get("properties", {}))
    rules = parse_rules(data.get("rules") or {}, fail, scopes, reserved)  # type: ignore[arg-type]
    placeholders = data.get("placeholders", {})
    return RulePack(
        name=data["name"], path=str(path), description=data.get("description", ""), plan=plan,
        headings=headings, focus_areas=tuple(areas), focus_area_level=focus.get("level", 3),
        title_level=data.get("title", {}).get("level", 1), language=data.get("language", "auto"),
        languages=languages, abbreviations=tuple(data.get("abbreviations", ())), citation=pattern,
        goal_id=goal_id, placeholder_words=frozenset(w.lower() for w in placeholders.get("words", ())),
        placeholder_max_words=placeholders.get("max_words", 3), checks=checks, data=data,
        rules=rules, vocabulary=tuple((data.get("vocabulary") or {}).get("accept", ())))


def _compile(pattern: str, path: str, line: int | None) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as error:
        raise RulePackError(f"ugyldig regulært uttrykk: {error}", path=path, line=line) from None
