"""Find the files a rule pack is built from: packs by name or path, included rule sets, plans."""

from __future__ import annotations

import re
from pathlib import Path

from planvakt.linting.errors import RulePackError
from planvakt.linting.suggest import did_you_mean
from planvakt.rules import RULES_DIR


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


def resolve_include(name: str, relative_to: Path) -> Path:
    """A rule set named in `include`: a built-in name («klarsprak») or a path relative to the pack."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        candidate = relative_to.parent / name
        if not candidate.is_file():
            raise RulePackError(f"finner ikke «{name}» (include)", path=str(relative_to))
        return candidate.resolve()
    candidate = builtin_dir() / f"{name}.yaml"
    if not candidate.is_file():
        names = [path.stem for path in sorted(builtin_dir().glob("*.yaml"))]
        hint = did_you_mean(name, names, otherwise=f" Innebygde: {', '.join(names)}.")
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
        hint = did_you_mean(name_or_path, packs)
        raise RulePackError(f"ukjent regelpakke. Innebygde pakker: {', '.join(packs)}.{hint}",
                            path=name_or_path)
    return packs[name_or_path]


def resolve_parent(parent: str, relative_to: Path) -> Path:
    """The pack named in `extends`: a path relative to the pack when it ends in .yaml, else a name."""
    if parent.endswith((".yaml", ".yml")):
        return resolve_pack(str(relative_to.parent / parent))
    return resolve_pack(parent)


def resolve_plan(reference: str, relative_to: Path) -> Path:
    """The community plan a pack names: a built-in name or a path relative to the pack."""
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
