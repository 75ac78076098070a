"""Checks for business plans (virksomhetsplaner) and annual reports (årsrapporter).

All are opt-in (``default_enabled=False``): they run only for packs that list them under
`checks`, so a sector chapter is never told to write a status. The checks that compare
with the HØP (`unit-priority-unmatched`, `report-priority-unanswered`,
`report-answer-unmatched`) also need the HØP priorities, which come in the lint context
(``ctx.hop_priorities``; see :mod:`planvakt.linting.golden.context`), and do nothing without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from planvakt.linting.checks.base import CheckContext, check
from planvakt.linting.golden.config import golden_config
from planvakt.linting.golden.extract import DocumentPriorities, from_outline
from planvakt.linting.golden.link import link, prepare
from planvakt.linting.outline import Outline
from planvakt.linting.report.model import Finding

_cache: list[tuple[Outline, str, DocumentPriorities]] = []


def _records(ctx: CheckContext) -> DocumentPriorities:
    """This document's priorities, computed once per outline for all the checks here."""
    for outline, pack_name, found in _cache:
        if outline is ctx.outline and pack_name == ctx.pack.name:
            return found
    found = from_outline(ctx.outline, ctx.pack, ctx.analysis.language)
    _cache[:] = [(ctx.outline, ctx.pack.name, found)]
    return found


@lru_cache(maxsize=32)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """«HØP», «handlings- og økonomiplanen», «HØP-prioriteringene»: a name, inflected or
    as the first part of a compound."""
    parts = [r"\s+".join(re.escape(word) for word in name.split()) for name in sorted(names, key=len, reverse=True)]
    return re.compile(r"(?i)(?<![\w-])(?:" + "|".join(parts) + r")\w*")


def names_hop(text: str, ctx: CheckContext) -> bool:
    names = golden_config(ctx.pack).hop_names
    return bool(names) and bool(_names_pattern(tuple(names)).search(text))


def _area_name(ctx: CheckContext, area_id: str) -> str:
    area = ctx.pack.plan.area(area_id)
    return area.name if area else area_id


def _goals(goals: tuple[str, ...]) -> str:
    return ", ".join(goals[:-1]) + f" og {goals[-1]}" if len(goals) > 1 else "".join(goals)


def _quote(text: str, limit: int = 90) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


@check("hop-link-missing", default_enabled=False,
       summary="Dokumentet nevner ikke handlings- og økonomiplanen (HØP).", explanation="""
Virksomhetsplaner og årsrapporten skal ha en klar kobling til handlings- og økonomiplanen
(HØP) og til kommuneplanens samfunnsdel (skriveguiden, punkt 5). Denne regelen ser etter
navnet på HØP, slik det står under `golden.hop_names` i regelpakken, f.eks. «HØP» eller
«handlings- og økonomiplanen».
""", why="Koblingen til HØP viser at enheten følger opp prioriteringene kommunen har vedtatt.",
       fix="Skriv i innledningen hvilket kapittel i HØP dokumentet følger opp.", tags=("gyllen tråd",))
def hop_link_missing(ctx: CheckContext) -> Iterator[Finding]:
    texts = [block.text for block in ctx.outline.blocks()]
    texts += [section.heading.text for section in ctx.outline.ordered if section.heading]
    if ctx.outline.title:
        texts.append(ctx.outline.title.text)
    if any(names_hop(text, ctx) for text in texts):
        return
    intro = ctx.outline.sections.get(ctx.pack.headings[0].id) if ctx.pack.headings else None
    yield ctx.finding("hop-link-missing", line=intro.line if intro else 1, section=intro.id if intro else None)


@check("unit-priority-unlinked", default_enabled=False,
       summary="En prioritering i virksomhetsplanen viser verken til HØP eller til et mål.", explanation="""
Hver prioritering i en virksomhetsplan viser til prioriteringen i HØP eller målet i
samfunnsdelen den følger opp (skriveguiden, punkt 5): «(mål 1.1)», «(HØP Oppvekst og
utdanning, mål 1.1)» eller «jf. HØP». Er HØP-kapitlene oppgitt (`--chapters`), regnes også
en prioritering som tydelig ligner en HØP-prioritering som koblet.
""", why="Uten henvisning kan ingen se hvilken prioritering i HØP eller hvilket mål tiltaket følger opp.",
       fix="Skriv hva prioriteringen følger opp, f.eks. «(mål 1.1)» eller «(jf. HØP Oppvekst og utdanning)».",
       fields=("area", "example_goal"), tags=("gyllen tråd",))
def unit_priority_unlinked(ctx: CheckContext) -> Iterator[Finding]:
    records = _records(ctx).priorities
    hop = ctx.hop_priorities
    followed: set[str] = set()
    if hop:
        matching = golden_config(ctx.pack).matching
        links = link(prepare(hop, ctx.pack, matching), prepare(records, ctx.pack, matching), matching)
        followed = {item.source.id for found in links.by_target.values() for item in found}
    for record in records:
        if record.goals or names_hop(record.text, ctx) or record.id in followed:
            continue
        area = ctx.pack.plan.area(record.written_under)
        example = area.goals[0].id if area and area.goals else "1.1"
        yield ctx.finding("unit-priority-unlinked", line=record.line, section=record.written_under,
                          area=_area_name(ctx, record.written_under), example_goal=example)


@check("unit-priority-unmatched", default_enabled=False,
       summary="En prioritering i virksomhetsplanen ligner ingen prioritering i HØP.", explanation="""
Sammenligner virksomhetsplanens prioriteringer med HØP-kapitlene (oppgitt med `--chapters`):
på målene de viser til, og på ordene (lemmaer, også inne i sammensatte ord), så en
omformulert prioritering fortsatt kjennes igjen. En prioritering som ikke ligner noen, kan
være enhetens egen prioritering for målet – det er lov – men ofte er koblingen til HØP
bare utydelig. Terskelen står under `golden.matching` i regelpakken.
""", why="Når ordene følger HØP, er det lett å se hvilken prioritering enheten følger opp.",
       fix="Bruk gjerne ordene fra HØP-prioriteringen; er det enhetens egen prioritering, kan den stå.",
       fields=("goals", "text"), variants=("goal",), tags=("gyllen tråd",))
def unit_priority_unmatched(ctx: CheckContext) -> Iterator[Finding]:
    hop = ctx.hop_priorities
    if not hop:
        return
    matching = golden_config(ctx.pack).matching
    records = _records(ctx).priorities
    links = link(prepare(hop, ctx.pack, matching), prepare(records, ctx.pack, matching), matching)
    hop_goals = {goal for record in hop for goal in record.goals}
    for record in links.unmatched:
        shared = tuple(goal for goal in record.goals if goal in hop_goals)
        variant = "goal" if shared else None
        yield ctx.finding("unit-priority-unmatched", variant=variant, line=record.line,
                          section=record.written_under, goals=_goals(shared or record.goals),
                          text=_quote(record.text))


@check("report-status-missing", default_enabled=False,
       summary="Et svar i årsrapporten sier ikke om prioriteringen er oppnådd.", explanation="""
Årsrapporten svarer ut hver prioritering i HØP (skriveguiden, punkt 5): oppnådd, delvis
oppnådd eller ikke oppnådd, med en setning om hva som ble gjort og hva som gjenstår.
Statusen skrives som en merkelapp først i punktet eller etter prioriteringen, f.eks.
«… (mål 1.1). Delvis oppnådd: …», eller «Status: oppnådd». Ordene står under
`golden.answers` i regelpakken.
""", why="Bystyret skal kunne se for hver prioritering om den er nådd.",
       fix="Skriv statusen først i punktet, f.eks. «Delvis oppnådd: …».",
       fields=("labels", "text"), tags=("gyllen tråd", "årsrapport"))
def report_status_missing(ctx: CheckContext) -> Iterator[Finding]:
    config = golden_config(ctx.pack)
    labels = " / ".join(f"«{config.answers[s].label}»" for s in ("achieved", "partly", "not"))
    for record in _records(ctx).priorities:
        if record.status is None:
            yield ctx.finding("report-status-missing", line=record.line, section=record.written_under,
                              labels=labels, text=_quote(record.text))


@check("report-explanation-missing", default_enabled=False,
       summary="Et svar i årsrapporten har status, men ingen setning om hva som ble gjort.", explanation="""
Etter statusen («Oppnådd», «Delvis oppnådd», «Ikke oppnådd») skal det stå minst én setning
om hva som ble oppnådd og hva som gjenstår. Hvor mange ord som trengs, står under
`golden.answers.min_words` i regelpakken.
""", why="Statusen alene sier ikke hva som ble gjort, eller hva som gjenstår.",
       fix="Skriv én setning etter statusen om hva som ble gjort og hva som gjenstår.",
       fields=("status", "text"), tags=("gyllen tråd", "årsrapport"))
def report_explanation_missing(ctx: CheckContext) -> Iterator[Finding]:
    config = golden_config(ctx.pack)
    for record in _records(ctx).priorities:
        if record.status is None:
            continue
        if len(re.findall(r"[^\W\d_]+", record.answer)) < config.min_answer_words:
            yield ctx.finding("report-explanation-missing", line=record.line, section=record.written_under,
                              status=config.answers[record.status].label, text=_quote(record.text))


@check("report-priority-unanswered", default_enabled=False,
       summary="En prioritering i HØP er ikke svart ut i årsrapporten.", explanation="""
Årsrapporten skal svare ut hver prioritering i HØP. Regelen sammenligner svarene med
prioriteringene i HØP-kapitlene (oppgitt med `--chapters`): på målene de viser til og på
ordene, så et svar som omformulerer prioriteringen, fortsatt kjennes igjen.
""", why="En prioritering som ikke er svart ut, forsvinner fra rapporteringen til bystyret.",
       fix="Legg til et punkt som svarer ut prioriteringen, med status og en setning om hva som ble gjort.",
       fields=("sector", "text", "goals", "area"), tags=("gyllen tråd", "årsrapport"))
def report_priority_unanswered(ctx: CheckContext) -> Iterator[Finding]:
    hop = ctx.hop_priorities
    if not hop:
        return
    matching = golden_config(ctx.pack).matching
    links = link(prepare(hop, ctx.pack, matching), prepare(_records(ctx).priorities, ctx.pack, matching), matching)
    parent_spec = ctx.pack.focus_parent
    parent = ctx.outline.sections.get(parent_spec.id) if parent_spec else None
    for record in hop:
        if links.by_target.get(record.id):
            continue
        section = ctx.outline.areas.get(record.area) or parent
        goals = f", mål {_goals(record.goals)}" if record.goals else ""
        yield ctx.finding("report-priority-unanswered", line=section.line if section else 1,
                          section=record.area, sector=record.source, text=_quote(record.text),
                          goals=goals, area=_area_name(ctx, record.area))


@check("report-answer-unmatched", default_enabled=False,
       summary="Et svar i årsrapporten hører ikke til noen prioritering i HØP.", explanation="""
Hvert svar i årsrapporten skal høre til en prioritering i HØP. Et svar som verken viser til
samme mål som en HØP-prioritering eller ligner den i ordlyd, er enten en ny prioritering
eller har feil målnummer. Krever HØP-kapitlene (`--chapters`).
""", why="Et svar som ikke hører til noen prioritering, kan ikke følges opp i den gylne tråden.",
       fix="Sjekk målnummeret, eller bruk ordene fra prioriteringen i HØP som svaret hører til.",
       fields=("text", "goals"), tags=("gyllen tråd", "årsrapport"))
def report_answer_unmatched(ctx: CheckContext) -> Iterator[Finding]:
    hop = ctx.hop_priorities
    if not hop:
        return
    matching = golden_config(ctx.pack).matching
    links = link(prepare(hop, ctx.pack, matching), prepare(_records(ctx).priorities, ctx.pack, matching), matching)
    for record in links.unmatched:
        yield ctx.finding("report-answer-unmatched", line=record.line, section=record.written_under,
                          text=_quote(record.text or record.answer),
                          goals=_goals(record.goals) if record.goals else "ingen")

