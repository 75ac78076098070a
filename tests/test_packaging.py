"""The distribution installs one import root, ``planvakt``, mapped from the repository's folders."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_code_folder_is_installed_under_planvakt() -> None:
    on_disk = {"planvakt." + ".".join(init.parent.relative_to(ROOT).parts)
               for top in ("linting", "bot", "rules") for init in (ROOT / top).rglob("__init__.py")}
    assert set(_setuptools()["packages"]) == on_disk


def test_nothing_installs_outside_the_planvakt_root() -> None:
    settings = _setuptools()
    assert settings["package-dir"] == {"planvakt": "."}
    assert {name.split(".")[0] for name in settings["packages"]} == {"planvakt"}
