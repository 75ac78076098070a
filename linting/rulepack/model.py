"""Typed views of a loaded rule pack and community plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planvakt.linting.errors import RulePackError
from planvakt.linting.rule_info import Severity
from planvakt.linting.rulepack.golden_settings import GoldenConfig
from planvakt.linting.templates import fill

if TYPE_CHECKING:
    from planvakt.linting.rulepack.patterns import PackPattern

SEVERITIES = tuple(severity.value for severity in Severity)


@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class HeadingSpec:
    id: str
    text: str
    level: int
    description: str = ""
    required: bool = True
    allow_subheadings: bool = False
    focus_areas: bool = False
    aliases: tuple[Alias, ...] = ()


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    text: str
    area: str


@dataclass(frozen=True, slots=True)
class FocusArea:
    id: str
    name: str
    goals: tuple[Goal, ...]
    sdgs: tuple[int, ...] = ()
    vocabulary: tuple[str, ...] = ()
    cross_cutting: bool = False
    aliases: tuple[Alias, ...] = ()

    @property
    def goal_ids(self) -> tuple[str, ...]:
        return tuple(goal.id for goal in self.goals)


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    path: str
    focus_areas: tuple[FocusArea, ...]
    names: tuple[str, ...] = ()
    url: str = ""

    def goal(self, goal_id: str) -> Goal | None:
        for area in self.focus_areas:
            for goal in area.goals:
                if goal.id == goal_id:
                    return goal
        return None

    def area(self, area_id: str) -> FocusArea | None:
        return next((area for area in self.focus_areas if area.id == area_id), None)


@dataclass(frozen=True, slots=True)
class LanguageSpec:
    code: str
    spacy: str
    model: str | None = None
    markers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """One check's settings from the pack: severity, wording and options."""

    id: str
    enabled: bool = True
    severity: str = "warning"
    message: str = ""
    hint: str = ""
    link: str = ""
    variants: dict[str, dict[str, str]] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)

    def render(self, variant: str | None = None, **fields: Any) -> tuple[str, str]:
        """The Norwegian message and hint, with ``{fields}`` filled in."""
        chosen = self.variants.get(variant or "", {})
        message = chosen.get("message", self.message)
        hint = chosen.get("hint", self.hint)
        return fill(message, fields), fill(hint, fields)

    def option(self, name: str, default: Any) -> Any:
        return self.options.get(name, default)


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class RulePack:
    """A writing guide as data, ready for the checks.

    A pack is a value loaded once and shared: it compares by identity, and what is
    prepared from it (the rules' matchers) is cached per pack object, not copied into it.
    """

    name: str
    path: str
    description: str
    plan: Plan
    headings: tuple[HeadingSpec, ...]
    focus_areas: tuple[FocusArea, ...]
    focus_area_level: int
    title_level: int
    language: str
    languages: dict[str, LanguageSpec]
    abbreviations: tuple[str, ...]
    citation: PackPattern
    goal_id: PackPattern
    placeholder_words: frozenset[str]
    placeholder_max_words: int
    checks: dict[str, CheckConfig]
    data: dict[str, Any] = field(repr=False, default_factory=dict)
    rules: tuple[Any, ...] = ()         # linting.rule_types.RuleSpec: the pack's `rules:` (klarspråk etc.)
    vocabulary: tuple[str, ...] = ()    # accepted words: no rule of `rules:` reports them
    golden: GoldenConfig = field(default_factory=GoldenConfig)  # the `golden:` settings, parsed
    final_abbreviations: tuple[str, ...] = ()  # abbreviations that may end a sentence («kr.», «osv.»)

    def check(self, rule_id: str) -> CheckConfig:
        return self.checks.get(rule_id) or CheckConfig(id=rule_id)

    def rule(self, rule_id: str) -> Any:
        """The rule declared under `rules:` with this id, or None."""
        return next((spec for spec in self.rules if spec.id == rule_id), None)

    def heading(self, heading_id: str) -> HeadingSpec | None:
        return next((spec for spec in self.headings if spec.id == heading_id), None)

    @property
    def focus_parent(self) -> HeadingSpec | None:
        return next((spec for spec in self.headings if spec.focus_areas), None)


def require(condition: bool, message: str, path: str, line: int | None = None) -> None:
    if not condition:
        raise RulePackError(message, path=path, line=line)
