"""Merge a pack with the packs it `extends` and the rule sets it `include`s."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planvakt.linting.errors import RulePackError
from planvakt.linting.rulepack.resolve import resolve_include, resolve_parent, resolve_plan
from planvakt.linting.rulepack.validate import validate
from planvakt.linting.rulepack.yaml_source import YamlSource, load_yaml

_INCLUDED_KEYS = ("rules", "vocabulary")


def merged(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any], list[YamlSource]]:
    """The pack's data with its `extends` chain merged in, plus each file's source."""
    if path in seen:
        raise RulePackError("regelpakkene utvider hverandre i ring (extends)", path=str(path))
    source = load_yaml(path)
    if not isinstance(source.data, dict):
        raise RulePackError("en regelpakke må være et YAML-kart (nøkkel: verdi)", path=str(path), line=1)
    validate(source, "rulepack.schema.json")
    data = dict(source.data)
    parent = data.pop("extends", None)
    includes = data.pop("include", None) or []
    if parent is None and not includes:
        return data, [source]
    base: dict[str, Any] = {}
    base_sources: list[YamlSource] = []
    if parent is not None:
        parent_path = resolve_parent(parent, path)
        base, base_sources = merged(parent_path, (*seen, path))
        if "plan" not in data and "plan" in base:
            # a plan named by the parent is resolved relative to the parent's file
            base["plan"] = str(resolve_plan(base["plan"], parent_path))
    for name in includes:
        # an included rule set adds its `rules` and `vocabulary`; the including pack overrides them
        included, included_sources = merged(resolve_include(name, path), (*seen, path))
        base = deep_merge(base, {key: included[key] for key in _INCLUDED_KEYS if key in included})
        base_sources += included_sources
    return deep_merge(base, data), [*base_sources, source]


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged

