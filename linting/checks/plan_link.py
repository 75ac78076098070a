"""Checks on the link to the community plan: named, cited, with goals that exist."""

from __future__ import annotations

from collections.abc import Iterator

from planvakt.linting.checks.base import CheckContext, check
from planvakt.linting.checks.focus_areas import example_goal
from planvakt.linting.outline import Section, find_citations, priorities
from planvakt.linting.report.model import Finding


def names_plan(ctx: CheckContext) -> bool:
    """Whether any block or heading names the community plan (by lemma, or links to it)."""
    plan = ctx.pack.plan
    matcher = ctx.analysis.matcher(plan.names)
    for block in ctx.outline.blocks():
        if plan.url and plan.url.rstrip("/") in block.text:
            return True
        if matcher.find(ctx.analysis.doc(block)):
            return True
    return False


@check("plan-link-missing", summary="Koblingen til kommuneplanens samfunnsdel mangler.", explanation="""
Bystyret ba om en tydelig sammenheng mellom handlings- og økonomiplanen og kommuneplanens
samfunnsdel. Kapitlet skal derfor nevne samfunnsdelen (helst i innledningen), og hvert
satsingsområde skal ha prioriteringer som viser til mål i samfunnsdelen, f.eks. «(mål 2.1)».
""", why="Koblingen viser hvordan pengene og tiltakene i planen følger opp målene i samfunnsdelen.",
       fix="Nevn kommuneplanens samfunnsdel i innledningen, og skriv målet etter hver prioritering, "
           "f.eks. «(mål 2.1)».",
       fields=("area", "example_goal"), variants=("area",), tags=("samfunnsdel",))
def plan_link_missing(ctx: CheckContext) -> Iterator[Finding]:
    if not names_plan(ctx):
        intro = ctx.outline.sections.get(ctx.pack.headings[0].id) if ctx.pack.headings else None
        yield ctx.finding("plan-link-missing", line=intro.line if intro else 1,
                          section=intro.id if intro else None)
    for area in ctx.pack.focus_areas:
        section = ctx.outline.areas.get(area.id)
        if section is None:
            continue
        found = priorities(section, ctx.pack)
        if found and not any(priority.citations for priority in found):
            yield ctx.finding("plan-link-missing", variant="area", line=section.line, section=area.id,
                              area=area.name, example_goal=example_goal(ctx, area.id))


@check("plan-goal-unknown", summary="Kapitlet viser til et mål som ikke finnes i samfunnsdelen.", explanation="""
Henvisninger til mål som ikke finnes i samfunnsdelen, er feil. Målene og numrene deres står
i samfunnsdelen som regelpakken viser til (`plan`).
""", why="En henvisning til et mål som ikke finnes, kobler prioriteringen til ingenting.",
       fix="Rett målnummeret til et mål i samfunnsdelen; rådet under meldingen lister målene.",
       fields=("goal", "area_hint"), tags=("samfunnsdel",))
def plan_goal_unknown(ctx: CheckContext) -> Iterator[Finding]:
    plan = ctx.pack.plan
    for section, block in ctx.outline.blocks_with_sections():
        for citation in find_citations(block, ctx.pack):
            if plan.goal(citation.goal):
                continue
            line, column = citation.position
            yield ctx.finding("plan-goal-unknown", line=line, column=column,
                              section=section.scope_id() if section else None, goal=citation.goal,
                              area_hint=_area_hint(ctx, citation.goal),
                              end_column=column + len(citation.goal))


def _area_hint(ctx: CheckContext, goal_id: str) -> str:
    prefix = goal_id.split(".")[0]
    for area in ctx.pack.plan.focus_areas:
        if area.goals and area.goals[0].id.split(".")[0] == prefix:
            return f"under «{area.name}» er {_list(area.goal_ids)}."
    ranges = "; ".join(f"{area.name}: {_list(area.goal_ids)}" for area in ctx.pack.plan.focus_areas)
    return f"i samfunnsdelen er {ranges}."


def _list(ids: tuple[str, ...]) -> str:
    return ", ".join(ids[:-1]) + f" og {ids[-1]}" if len(ids) > 1 else "".join(ids)


@check("priority-unlinked", summary="En prioritering viser ikke til noe mål, der de andre gjør det.", explanation="""
Hver prioritering skal vise til målet i samfunnsdelen den bygger på, skrevet som «(mål 2.1)»
eller «jf. samfunnsdelens mål 2.1». Denne regelen slår til når de andre prioriteringene under
samme satsingsområde har en henvisning og én mangler.
""", why="Én prioritering uten mål er ofte en glemt henvisning.",
       fix="Skriv målet prioriteringen bygger på, f.eks. «(mål 2.1)».",
       fields=("area", "example_goal"), tags=("samfunnsdel",))
def priority_unlinked(ctx: CheckContext) -> Iterator[Finding]:
    for area in ctx.pack.focus_areas:
        section: Section | None = ctx.outline.areas.get(area.id)
        if section is None:
            continue
        found = priorities(section, ctx.pack)
        if not any(priority.citations for priority in found):
            continue
        for priority in found:
            if not priority.citations:
                yield ctx.finding("priority-unlinked", line=priority.block.line, column=priority.block.column,
                                  section=area.id, area=area.name, example_goal=example_goal(ctx, area.id))
