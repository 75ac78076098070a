"""Load rule packs and community plans: the public entry point.

Finding the files is in :mod:`.resolve`, merging `extends` and `include` in :mod:`.merge`,
schema and load-time checks in :mod:`.validate`, the typed model in :mod:`.build`.
"""

from __future__ import annotations

from pathlib import Path

from planvakt.linting.errors import RulePackError
from planvakt.linting.rulepack.build import build_pack, load_plan
from planvakt.linting.rulepack.merge import merged
from planvakt.linting.rulepack.model import RulePack
from planvakt.linting.rulepack.resolve import builtin_dir, builtin_packs, resolve_pack
from planvakt.linting.rulepack.validate import validate_rules

__all__ = ["DEFAULT_PACK", "builtin_dir", "builtin_packs", "load_pack", "load_plan", "resolve_pack"]

DEFAULT_PACK = "sektorkapittel"

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
    data, sources = merged(path)
    if data.get("kind") == "rules":
        raise RulePackError(f"«{path.stem}» er en regelsamling (kind: rules) som tas med i en regelpakke med "
                            f"«include: [{path.stem}]», ikke en regelpakke i seg selv", path=str(path))
    validate_rules(data, sources)
    pack = build_pack(path, data, sources)
    return pack, [source.path for source in sources] + [pack.plan.path]
