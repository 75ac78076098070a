"""Output formats by name."""

from __future__ import annotations

from collections.abc import Callable

from planvakt.linting.report import github, json_format, sarif, text
from planvakt.linting.report.model import Report
from planvakt.linting.rulepack.model import RulePack

Renderer = Callable[..., str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
}


def render(report: Report, name: str, *, pack: RulePack, color: bool = False) -> str:
    return FORMATS[name](report, pack=pack, color=color)
