"""Checks on the guide's headings: present, in order, with content, in the guide's words."""

from __future__ import annotations

from collections.abc import Iterator

from planvakt.linting.checks.base import CheckContext, check
from planvakt.linting.checks.near_miss import NEAR_MISSES, NearMisses
from planvakt.linting.outline import Section, content_blocks
from planvakt.linting.report.model import Finding
from planvakt.linting.rule_info import Option


def _quoted(items: list[str]) -> str:
    return " → ".join(f"«{item}»" for item in items)


@check("heading-missing", summary="En overskrift guiden krever, mangler.", explanation="""
Alle sektorkapitlene skal ha de samme overskriftene i samme rekkefølge (skriveguiden,
punkt 1). Overskriften regnes som funnet også når den er nummerert, skrevet med store
bokstaver, på nynorsk eller med en liten skrivefeil.
""", why="Like overskrifter gjør det mulig å sette kapitlene sammen til én plan og å sammenligne sektorene.",
       fix="Legg inn overskriften med guidens ordlyd og på guidens nivå, der meldingen sier.",
       fields=("heading", "level", "where", "read", "how"), variants=NEAR_MISSES,
       tags=("struktur", "overskrifter"))
def heading_missing(ctx: CheckContext) -> Iterator[Finding]:
    specs = [spec for spec in ctx.pack.headings if spec.required]
    near = NearMisses(ctx)
    for index, spec in enumerate(specs):
        if spec.id in ctx.outline.sections:
            continue
        if found := near.find(spec):
            yield ctx.finding("heading-missing", variant=found.variant, line=found.line, column=found.column,
                              section=spec.id, heading=spec.text, level=spec.level, read=found.read,
                              how=found.how(ctx.document.source, spec.text, spec.level), where="")
            continue
        before = next((s for s in reversed(specs[:index]) if s.id in ctx.outline.sections), None)
        after = next((s for s in specs[index + 1:] if s.id in ctx.outline.sections), None)
        if before is not None:
            where = f"etter «{before.text}»"
        elif after is not None:
            where = f"før «{after.text}»"
        else:
            where = "under hovedoverskriften"
        line = ctx.outline.sections[after.id].line if after else ctx.document.line_count or 1
        yield ctx.finding("heading-missing", line=line, section=spec.id, heading=spec.text,
                          level=spec.level, where=where)


@check("heading-order", summary="Overskriftene står ikke i guidens rekkefølge.", explanation="""
Overskriftene skal komme i rekkefølgen skriveguiden gir, og satsingsområdene skal stå
som underoverskrifter under «Prioriteringer», i planens rekkefølge.
""", why="Leseren finner fram når alle kapitlene har samme oppbygging.",
       fix="Flytt overskriften (med teksten under) dit guiden plasserer den.",
       fields=("heading", "other", "order", "parent"), variants=("late", "outside"), tags=("struktur", "overskrifter"))
def heading_order(ctx: CheckContext) -> Iterator[Finding]:
    yield from _out_of_order(ctx, [spec.id for spec in ctx.pack.headings], ctx.outline.sections,
                             {spec.id: spec.text for spec in ctx.pack.headings})
    parent_spec = ctx.pack.focus_parent
    parent = ctx.outline.sections.get(parent_spec.id) if parent_spec else None
    outside = {area_id: section for area_id, section in ctx.outline.areas.items()
               if parent is not None and parent not in section.ancestors()}
    # an area outside «Prioriteringer» is reported as such, not also as out of order there
    inside = {area_id: section for area_id, section in ctx.outline.areas.items() if area_id not in outside}
    yield from _out_of_order(ctx, [area.id for area in ctx.pack.focus_areas], inside,
                             {area.id: area.name for area in ctx.pack.focus_areas})
    for area_id, section in outside.items():
        yield ctx.finding("heading-order", variant="outside", line=section.line, section=area_id,
                          heading=section.match.expected, parent=parent_spec.text)  # type: ignore[union-attr]


def _out_of_order(ctx: CheckContext, expected: list[str], found: dict[str, Section],
                  names: dict[str, str]) -> Iterator[Finding]:
    present = sorted((section.line, key) for key, section in found.items() if key in expected)
    ranks = [expected.index(key) for _, key in present]
    keep = _longest_increasing(ranks)
    order = _quoted([names[key] for key in expected])
    for position, (line, key) in enumerate(present):
        if position in keep:
            continue
        rank = expected.index(key)
        kept = [present[i][1] for i in sorted(keep)]
        earlier = next((k for k in kept if expected.index(k) < rank and found[k].line > line), None)
        if earlier is not None:
            yield ctx.finding("heading-order", line=line, section=key, heading=names[key],
                              other=names[earlier], order=order)
            continue
        later = next((k for k in reversed(kept) if expected.index(k) > rank and found[k].line < line), None)
        if later is not None:
            yield ctx.finding("heading-order", variant="late", line=line, section=key,
                              heading=names[key], other=names[later], order=order)


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence (O(n²), n is tiny)."""
    if not values:
        return set()
    best = [1] * len(values)
    previous = [-1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i] and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    index = max(range(len(values)), key=best.__getitem__)
    chosen = set()
    while index != -1:
        chosen.add(index)
        index = previous[index]
    return chosen


@check("section-empty", summary="En av guidens overskrifter har ingen tekst under seg.", explanation="""
Under hver overskrift skal det stå det guiden ber om. Plassholdere som «Kommer» eller
«TBD» regnes ikke som tekst.
""", why="En tom overskrift ser ferdig ut i innholdsfortegnelsen, men leseren får ikke vite noe.",
       fix="Skriv det guiden ber om under overskriften, eller fjern overskriften hvis den er valgfri.",
       fields=("heading", "content"), tags=("struktur", "innhold"))
def section_empty(ctx: CheckContext) -> Iterator[Finding]:
    for spec in ctx.pack.headings:
        section = ctx.outline.sections.get(spec.id)
        if section is None or content_blocks(section.all_blocks(), ctx.pack):
            continue
        if spec.focus_areas and any(child.match for child in section.children):
            continue  # its focus areas are judged by the focus-area checks
        yield ctx.finding("section-empty", line=section.line, section=spec.id, heading=spec.text,
                          content=spec.description or "teksten guiden ber om")


@check("subheading-unexpected", summary="En egen underoverskrift står under en overskrift som ikke åpner for det.",
       explanation="""
Sektoren kan legge til egne underoverskrifter der guiden åpner for det (skriveguiden,
punkt 1: under «Status og utfordringer»; i regelpakken `allow_subheadings: true`). Under
de andre overskriftene skal teksten stå uten egne underoverskrifter. Underoverskriftene
under «Prioriteringer» er satsingsområdene, og dem sjekker satsingsområde-reglene.
""", why="Egne underoverskrifter andre steder gjør kapitlene ulike og innholdsfortegnelsen lang.",
       fix="Gjør underoverskriften om til vanlig tekst (f.eks. en uthevet innledning på avsnittet), "
           "eller flytt teksten dit guiden åpner for egne underoverskrifter.",
       fields=("heading", "parent", "allowed"), variants=("nowhere",), tags=("struktur", "overskrifter"))
def subheading_unexpected(ctx: CheckContext) -> Iterator[Finding]:
    allowed = [spec.text for spec in ctx.pack.headings if spec.allow_subheadings]
    for section in ctx.outline.ordered:
        if section.match is not None or section.heading is None:
            continue
        owner = next((node for node in section.ancestors() if node.match is not None), None)
        if owner is None or owner.match is None or owner.match.kind != "heading" or owner.match.spec is None:
            continue  # before the guide's headings, or under a focus area: not a guide heading's own
        spec = owner.match.spec
        if spec.allow_subheadings or spec.focus_areas:
            continue
        yield ctx.finding("subheading-unexpected", variant=None if allowed else "nowhere", line=section.line,
                          section=spec.id, heading=section.heading.text, parent=spec.text,
                          allowed=" og ".join(f"«{text}»" for text in allowed))


_PRIORITY = ("typo", "alias", "case", "numbering")
# The guide: a numbered heading, one in capitals or with a colon is the same heading; only
# a typo or words other than the guide's deserve the writer's attention.
_FLAGGED_BY_DEFAULT = ("typo", "alias")


@check("heading-wording", summary="Overskriften er gjenkjent, men ikke skrevet med guidens ord.", explanation="""
Overskriften er gjenkjent (gjennom et alternativt navn eller med en skrivefeil), men står
ikke slik guiden skriver den. Dette er bare et forslag: kapitlet regnes som komplett.
Nummerering, store bokstaver og kolon bak er samme overskrift og nevnes ikke, med mindre
`flag` i regelpakken ber om det.
""", why="Samme ordlyd i alle kapitlene gir en ryddig innholdsfortegnelse.",
       fix="Skriv overskriften slik guiden skriver den (`--write` retter den for deg).",
       fields=("written", "heading", "numbering"), variants=_PRIORITY,
       options=(Option("flag", {"type": "array", "items": {"enum": ["alias", "case", "typo", "numbering"]}},
                       default=list(_FLAGGED_BY_DEFAULT), description="Which differences are reported."),
                Option("typo_similarity", {"type": "number", "minimum": 50, "maximum": 100}, default=85,
                       description="How similar (0-100) a heading must be to count as the guide's, misspelt.")),
       tags=("struktur", "overskrifter", "ordlyd"))
def heading_wording(ctx: CheckContext) -> Iterator[Finding]:
    flagged = set(ctx.option("heading-wording", "flag"))
    for section in ctx.outline.ordered:
        match = section.match
        if match is None or section.heading is None:
            continue
        reasons = [reason for reason in _PRIORITY if reason in match.differences and reason in flagged]
        if not reasons:
            continue
        yield ctx.finding("heading-wording", variant=reasons[0], line=section.line, section=match.id,
                          written=section.heading.text, heading=match.expected,
                          numbering=match.numbering, replacement=match.expected)
