"""Checks on the focus areas under «Prioriteringer»: present, filled, in the right place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from planvakt.linting.checks.base import CheckContext, check
from planvakt.linting.outline import is_placeholder, priorities
from planvakt.linting.report.model import Finding
from planvakt.linting.rule_info import Option


def example_goal(ctx: CheckContext, area_id: str) -> str:
    area = ctx.pack.plan.area(area_id)
    return area.goals[0].id if area and area.goals else "1.1"


@check("focus-area-missing", summary="Et satsingsområde mangler under «Prioriteringer».", explanation="""
Alle satsingsområdene skal ha sin egen underoverskrift under «Prioriteringer», også når
sektoren har lite å melde på området (skriveguiden, punkt 2).
""", why="Da viser planen hva hver sektor gjør for hvert satsingsområde i samfunnsdelen.",
       fix="Legg til underoverskriften for satsingsområdet, med minst én prioritering under.",
       fields=("area", "parent"), tags=("struktur", "satsingsområder"))
def focus_area_missing(ctx: CheckContext) -> Iterator[Finding]:
    parent_spec = ctx.pack.focus_parent
    parent = ctx.outline.sections.get(parent_spec.id) if parent_spec else None
    parent_name = parent_spec.text if parent_spec else ""
    for area in ctx.pack.focus_areas:
        if area.id in ctx.outline.areas:
            continue
        line = parent.line if parent else 1
        yield ctx.finding("focus-area-missing", line=line, section=area.id, area=area.name, parent=parent_name)


@check("focus-area-empty", summary="Et satsingsområde har ingen prioriteringer, bare plassholdere.", explanation="""
Under hvert satsingsområde skal det stå minst én konkret prioritering for fireårsperioden.
«Kommer», «TBD», «Ingen», «-» og lignende plassholdere er ikke prioriteringer. Hva som
regnes som plassholder, står under `placeholders` i regelpakken.
""", why="En plassholder ser ut som innhold, men sier ingenting om hva sektoren skal gjøre.",
       fix="Skriv minst én konkret prioritering, gjerne som et punkt som viser til målet den bygger på.",
       fields=("area", "placeholder", "example_goal"), variants=("nothing",), tags=("struktur", "satsingsområder"))
def focus_area_empty(ctx: CheckContext) -> Iterator[Finding]:
    for area in ctx.pack.focus_areas:
        section = ctx.outline.areas.get(area.id)
        if section is None or priorities(section, ctx.pack):
            continue
        placeholder = next((b.text.strip().rstrip(".!") for b in section.all_blocks()
                            if is_placeholder(b.text, ctx.pack)), None)
        yield ctx.finding("focus-area-empty", variant=None if placeholder else "nothing", line=section.line,
                          section=area.id, area=area.name, placeholder=placeholder or "",
                          example_goal=example_goal(ctx, area.id))


@check("focus-area-misplaced", summary="En prioritering står under feil satsingsområde.", explanation="""
En prioritering hører hjemme under satsingsområdet til målet den viser til: et klimatiltak
med «(mål 2.1)» står under «Grønt samfunn», ikke under «Godt liv for alle». Uten henvisning
ser Planvakt på ordene: handler prioriteringen tydelig om et annet område (minst
`min_vocabulary_hits` ord fra det områdets ordliste, og ingen fra sitt eget), nevnes det.
""", why="Prioriteringene samles per satsingsområde i kapittel 4; står en feil, telles den feil.",
       fix="Flytt prioriteringen til riktig satsingsområde, eller vis til et mål under det området den står i.",
       fields=("goal", "target", "area", "terms"), variants=("vocabulary",),
       options=(Option("min_vocabulary_hits", {"type": "integer", "minimum": 1}, default=2,
                       description="Words of another area's vocabulary it takes to say a priority belongs there."),),
       tags=("satsingsområder", "samfunnsdel"))
def focus_area_misplaced(ctx: CheckContext) -> Iterator[Finding]:
    areas = {area.id: area for area in ctx.pack.focus_areas}
    plan = ctx.pack.plan
    min_hits = int(ctx.option("focus-area-misplaced", "min_vocabulary_hits"))
    for area_id, section in ctx.outline.areas.items():
        area = areas[area_id]
        for priority in priorities(section, ctx.pack):
            known = [c for c in priority.citations if plan.goal(c.goal)]
            if known:
                # by goal area, not `c not in own`: a list search per citation was quadratic
                own = any(plan.goal(c.goal).area == area_id for c in known)  # type: ignore[union-attr]
                foreign = [] if own else [c for c in known if not _cross_cutting(ctx, c.goal)]
                if foreign:
                    citation = foreign[0]
                    target = plan.area(plan.goal(citation.goal).area)  # type: ignore[union-attr]
                    line, column = citation.position
                    yield ctx.finding("focus-area-misplaced", line=line, column=column, section=area_id,
                                      goal=citation.goal, target=target.name if target else "?", area=area.name)
                continue
            if priority.citations:
                continue  # cites only unknown goals: plan-goal-unknown says so
            scores = _vocabulary_scores(ctx, priority.block)
            if scores[area_id]:
                continue
            best = max((other for other in areas if other != area_id), key=lambda o: scores[o], default=None)
            if best is not None and scores[best] >= min_hits:
                terms = ", ".join(f"«{t}»" for t in _terms_for(ctx, priority.block, best)[:3])
                yield ctx.finding("focus-area-misplaced", variant="vocabulary", line=priority.block.line,
                                  column=priority.block.column, section=area_id, terms=terms,
                                  target=areas[best].name, area=area.name)


def _cross_cutting(ctx: CheckContext, goal_id: str) -> bool:
    goal = ctx.pack.plan.goal(goal_id)
    area = ctx.pack.plan.area(goal.area) if goal else None
    return bool(area and area.cross_cutting)


def _vocabulary_scores(ctx: CheckContext, block) -> Counter[str]:  # type: ignore[no-untyped-def]
    scores: Counter[str] = Counter()
    for area in ctx.pack.focus_areas:
        scores[area.id] = len(_terms_for(ctx, block, area.id))
    return scores


def _terms_for(ctx: CheckContext, block, area_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    area = next(a for a in ctx.pack.focus_areas if a.id == area_id)
    matcher = ctx.analysis.matcher(area.vocabulary)
    seen: list[str] = []
    for hit in matcher.find(ctx.analysis.doc(block)):
        if hit.term not in seen:
            seen.append(hit.term)
    return seen
