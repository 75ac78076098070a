"""The linting engine: a draft in, a :class:`FileReport` out. Pure and synchronous."""

from __future__ import annotations

from pathlib import Path

from planvakt.linting.checks import REGISTRY, CheckContext
from planvakt.linting.checks.plan_link import names_plan
from planvakt.linting.document import Document
from planvakt.linting.golden.context import HopSource
from planvakt.linting.golden.context import hop_priorities as hop_context
from planvakt.linting.limits import DEFAULT_LIMITS, Limits
from planvakt.linting.nlp.analysis import analyse
from planvakt.linting.nlp.language import detect_language
from planvakt.linting.outline import Outline, build_outline, content_blocks, priorities
from planvakt.linting.readers import read_bytes, read_path, read_string
from planvakt.linting.report.collapse import CollapseSpec, collapse
from planvakt.linting.report.excerpts import with_excerpts
from planvakt.linting.report.model import SEVERITY_ORDER, ChecklistItem, FileReport, Finding
from planvakt.linting.rule_types import suppress
from planvakt.linting.rule_types.runner import run_rules
from planvakt.linting.rulepack.loader import DEFAULT_PACK, load_pack
from planvakt.linting.rulepack.model import RulePack

PLAN_LINK_LABEL = "Kobling til samfunnsdelen"


def lint_document(document: Document, pack: RulePack, *, language: str | None = None,
                  hop_priorities: HopSource | None = None) -> FileReport:
    """Check one document against ``pack``; ``hop_priorities`` are the HØP priorities a business
    plan or annual report is compared with (read chapters, records or their dicts; see
    :mod:`planvakt.linting.golden.context`)."""

    if language is None:
        sample = "\n".join([h.text for h in document.headings] + [b.text for b in document.all_blocks()[:400]])
        language = detect_language(sample, pack)
    outline = build_outline(document, pack, language)
    analysis = analyse(outline.blocks(), pack, language)
    context = CheckContext(document=document, outline=outline, analysis=analysis, pack=pack,
                           hop_priorities=hop_context(pack, hop_priorities))
    findings: list[Finding] = []
    for rule_id, info in REGISTRY.items():
        if info.enabled_in(pack):
            findings.extend(info.run(context))
    rule_findings, rule_stats = run_rules(context)  # the pack's `rules:` (klarspråk)
    findings = suppress.apply([*findings, *rule_findings], document, outline)  # <!-- planvakt-disable … -->
    findings.sort(key=lambda f: (f.line, f.column, SEVERITY_ORDER[f.severity], f.rule))
    findings = collapse(with_excerpts(findings, outline, analysis), lambda rule_id: collapse_spec(pack, rule_id))
    report = _summarise(context)
    report.findings = findings
    report.stats = {"words": analysis.words, "sentences": analysis.sentences, **rule_stats}
    return report


def lint_path(path: str | Path, *, rules: str | RulePack = DEFAULT_PACK,
              limits: Limits = DEFAULT_LIMITS, hop_priorities: HopSource | None = None) -> FileReport:
    return lint_document(read_path(path, limits=limits), _pack(rules), hop_priorities=hop_priorities)


def lint_bytes(data: bytes, name: str, *, rules: str | RulePack = DEFAULT_PACK,
               limits: Limits = DEFAULT_LIMITS, hop_priorities: HopSource | None = None) -> FileReport:
    """Check a file's bytes; ``name`` picks the reader (.docx, .md, .txt, or «-» to sniff)."""
    return lint_document(read_bytes(data, name, limits=limits), _pack(rules), hop_priorities=hop_priorities)


def lint_text(text: str, name: str = "-", *, rules: str | RulePack = DEFAULT_PACK,
              markdown: bool | None = None, limits: Limits = DEFAULT_LIMITS,
              hop_priorities: HopSource | None = None) -> FileReport:
    """Check pasted text; Markdown is detected unless ``markdown`` says."""
    return lint_document(read_string(text, name, markdown=markdown, limits=limits), _pack(rules),
                         hop_priorities=hop_priorities)


def collapse_spec(pack: RulePack, rule_id: str) -> CollapseSpec | None:
    """What counts as one cause for ``rule_id``: its ``collapse`` under ``rules:`` or ``checks:``."""
    rule = pack.rule(rule_id)
    data = rule.options.get("collapse") if rule is not None else pack.check(rule_id).options.get("collapse")
    return CollapseSpec.parse(data)


def _pack(rules: str | RulePack) -> RulePack:
    return rules if isinstance(rules, RulePack) else load_pack(rules)


def _summarise(context: CheckContext) -> FileReport:
    pack, outline = context.pack, context.outline
    sections = {spec.id: _section_status(outline, pack, spec.id) for spec in pack.headings}
    areas = {area.id: _area_status(outline, pack, area.id) for area in pack.focus_areas}
    plan_link = "ok" if names_plan(context) and "unlinked" not in areas.values() else "missing"
    checklist: list[ChecklistItem] = []
    for spec in pack.headings:
        if not spec.required and sections[spec.id] == "missing":
            continue  # an optional heading counts only once the writer has added it
        checklist.append(ChecklistItem(spec.id, spec.text, sections[spec.id], sections[spec.id] == "ok", spec.level))
        if spec.focus_areas:
            checklist.extend(ChecklistItem(area.id, area.name, areas[area.id], areas[area.id] == "covered",
                                           pack.focus_area_level) for area in pack.focus_areas)
    checklist.append(ChecklistItem("plan_link", PLAN_LINK_LABEL, plan_link, plan_link == "ok", 2))
    return FileReport(path=outline.document.path, ruleset=pack.name, language=context.analysis.language,
                      source=outline.document.source, stats={}, sections=sections, focus_areas=areas,
                      plan_link=plan_link, checklist=checklist,
                      title=outline.title_text)


def _section_status(outline: Outline, pack: RulePack, heading_id: str) -> str:
    section = outline.sections.get(heading_id)
    if section is None:
        return "missing"

    spec = pack.heading(heading_id)
    if content_blocks(section.all_blocks(), pack):
        return "ok"
    if spec and spec.focus_areas and any(child.match for child in section.children):
        return "ok"
    return "empty"


def _area_status(outline: Outline, pack: RulePack, area_id: str) -> str:
    section = outline.areas.get(area_id)
    if section is None:
        return "missing"
    found = priorities(section, pack)
    if not found:
        return "empty"
    # a citation of a goal the plan doesn't have links nothing (plan-goal-unknown says so)
    linked = any(pack.plan.goal(c.goal) for priority in found for c in priority.citations)
    return "covered" if linked else "unlinked"
