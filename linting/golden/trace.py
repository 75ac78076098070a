"""The golden thread as a table: goal → HØP priorities → business plans → annual report.

:func:`build_trace` links the documents and marks three kinds of gap:

- ``goal-uncovered``: a goal of the community plan that no HØP priority cites;
- ``priority-unfollowed``: a HØP priority no business plan follows up (only when plans
  are given);
- ``priority-unanswered``: a HØP priority the annual report does not answer (only when a
  report is given).

A report's answer «Ikke oppnådd» is an answer, not a gap. Business-plan priorities that
follow up no HØP priority are listed (they may follow a goal directly, which the guide
allows), but are not gaps; nor are report answers that match no HØP priority.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planvakt.linting.golden.config import golden_config
from planvakt.linting.golden.extract import DocumentPriorities, PriorityRecord
from planvakt.linting.golden.link import Link, link, prepare
from planvakt.linting.rulepack.model import FocusArea, Goal, RulePack

TRACE_VERSION = 1
GAP_KINDS = ("goal-uncovered", "priority-unfollowed", "priority-unanswered")


@dataclass(slots=True)
class TracedPriority:
    record: PriorityRecord
    followed_by: list[Link] = field(default_factory=list)   # business-plan priorities, best first
    answers: list[Link] = field(default_factory=list)       # report answers, best first

    @property
    def answer(self) -> Link | None:
        return self.answers[0] if self.answers else None


@dataclass(slots=True)
class GoalRow:
    goal: Goal
    priorities: list[TracedPriority]


@dataclass(frozen=True, slots=True)
class Gap:
    kind: str
    goal: str | None = None
    priority: str | None = None


@dataclass(slots=True)
class AreaTrace:
    area: FocusArea
    goals: list[GoalRow]
    without_goal: list[TracedPriority]  # HØP priorities here that cite no goal of the plan


@dataclass(slots=True)
class Trace:
    plan_name: str
    chapters: list[DocumentPriorities]
    plans: list[DocumentPriorities] | None      # None: no business plans given
    report: DocumentPriorities | None
    areas: list[AreaTrace]
    priorities: list[TracedPriority]
    plan_unmatched: list[PriorityRecord]        # unit priorities that follow up no HØP priority
    report_unmatched: list[PriorityRecord]      # report answers that answer no HØP priority
    gaps: list[Gap]

    def gaps_of(self, kind: str) -> list[Gap]:
        return [gap for gap in self.gaps if gap.kind == kind]

    def is_gap(self, kind: str, *, goal: str | None = None, priority: str | None = None) -> bool:
        return Gap(kind, goal, priority) in self.gaps

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON (docs/golden-thread.md)."""
        return {
            "version": TRACE_VERSION,
            "plan": self.plan_name,
            "documents": {
                "chapters": [_doc(d) for d in self.chapters],
                "plans": None if self.plans is None else [_doc(d) for d in self.plans],
                "report": _doc(self.report) if self.report else None,
            },
            "focus_areas": [{
                "id": area.area.id, "name": area.area.name,
                "goals": [{"id": row.goal.id, "text": row.goal.text,
                           "priorities": [p.record.id for p in row.priorities]} for row in area.goals],
                "priorities_without_goal": [p.record.id for p in area.without_goal],
            } for area in self.areas],
            "priorities": [_traced(p, self) for p in self.priorities],
            "unmatched": {
                "plans": [_source(record) for record in self.plan_unmatched],
                "report": [_source(record) for record in self.report_unmatched],
            },
            "gaps": [{key: value for key, value in (("kind", g.kind), ("goal", g.goal), ("priority", g.priority))
                      if value is not None} for g in self.gaps],
        }


def _doc(document: DocumentPriorities) -> dict[str, Any]:
    return {"name": document.name, "path": document.path, "title": document.title,
            "priorities": len(document.priorities)}


def _source(record: PriorityRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"source": record.source, "text": record.text, "goals": list(record.goals),
                            "path": record.path, "line": record.line}
    if record.status is not None or record.answer:
        data["status"] = record.status
        data["answer"] = record.answer
    return data


def _traced(item: TracedPriority, trace: Trace) -> dict[str, Any]:
    record = item.record
    data: dict[str, Any] = {"id": record.id, "sector": record.source, "area": record.area, "text": record.text,
                            "goals": list(record.goals), "path": record.path, "line": record.line}
    if trace.plans is not None:
        data["followed_by"] = [{**_source(link.source), "score": link.similarity.score} for link in item.followed_by]
    if trace.report is not None:
        answer = item.answer
        data["answer"] = None if answer is None else {
            "status": answer.source.status, "text": answer.source.answer, "priority_text": answer.source.text,
            "path": answer.source.path, "line": answer.source.line, "score": answer.similarity.score}
    return data


def build_trace(chapters: list[DocumentPriorities], chapter_pack: RulePack, *,
                plans: list[DocumentPriorities] | None = None, plan_pack: RulePack | None = None,
                report: DocumentPriorities | None = None, report_pack: RulePack | None = None) -> Trace:
    """Link the HØP ``chapters`` to the business ``plans`` and the annual ``report``.

    Each document is read beforehand (:func:`planvakt.linting.golden.extract.read_priorities`); the
    packs give the community plan (the chapter pack's) and the matching thresholds (the
    plan pack's for plans, the report pack's for the report).
    """
    plan = chapter_pack.plan
    hop = [record for chapter in chapters for record in chapter.priorities]
    traced = {record.id: TracedPriority(record) for record in hop}
    plan_unmatched: list[PriorityRecord] = []
    report_unmatched: list[PriorityRecord] = []
    if plans is not None:
        pack = plan_pack or chapter_pack
        matching = golden_config(pack).matching
        sources = [record for document in plans for record in document.priorities]
        links = link(prepare(hop, pack, matching), prepare(sources, pack, matching), matching)
        for target_id, found in links.by_target.items():
            traced[target_id].followed_by = found
        plan_unmatched = links.unmatched
    if report is not None:
        pack = report_pack or chapter_pack
        matching = golden_config(pack).matching
        links = link(prepare(hop, pack, matching), prepare(report.priorities, pack, matching), matching)
        for target_id, found in links.by_target.items():
            traced[target_id].answers = found
        report_unmatched = links.unmatched

    areas: list[AreaTrace] = []
    gaps: list[Gap] = []
    for area in chapter_pack.focus_areas:
        rows = [GoalRow(goal, [traced[r.id] for r in hop if goal.id in r.goals]) for goal in area.goals]
        without = [traced[r.id] for r in hop if r.area == area.id and not any(plan.goal(g) for g in r.goals)]
        areas.append(AreaTrace(area, rows, without))
        gaps.extend(Gap("goal-uncovered", goal=row.goal.id) for row in rows if not row.priorities)
    ordered = [traced[record.id] for record in hop]
    if plans is not None:
        gaps.extend(Gap("priority-unfollowed", priority=item.record.id) for item in ordered if not item.followed_by)
    if report is not None:
        gaps.extend(Gap("priority-unanswered", priority=item.record.id) for item in ordered if not item.answers)
    return Trace(plan_name=plan.name, chapters=chapters, plans=plans, report=report, areas=areas,
                 priorities=ordered, plan_unmatched=plan_unmatched, report_unmatched=report_unmatched, gaps=gaps)
