"""`planvakt trace`: the golden thread, with every planted gap marked and no other."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from planvakt.linting.cli import main
from planvakt.linting.golden.extract import read_priorities
from planvakt.linting.golden.render import render_html, render_text
from planvakt.linting.golden.trace import build_trace
from planvakt.linting.readers import read_string

from .conftest import HOP, PLANS, REPORT


def _id(chapters, words: str) -> str:
    found = [p.id for c in chapters for p in c.priorities if words in p.text]
    assert len(found) == 1, words
    return found[0]


@pytest.fixture(scope="module")
def trace(chapters, chapter_pack, plans, plan_pack, report, report_pack):
    return build_trace(chapters, chapter_pack, plans=plans, plan_pack=plan_pack, report=report,
                       report_pack=report_pack)


def test_every_planted_gap_and_no_other(trace, chapters) -> None:
    """The examples plant three gaps (docs/golden-thread.md, «The examples»): goal 2.3 has no priority; nobody
    follows up Fritidskortet; the report does not answer the bus lanes."""
    gaps = {(g.kind, g.goal or g.priority) for g in trace.gaps}
    assert gaps == {("goal-uncovered", "2.3"),
                    ("priority-unfollowed", _id(chapters, "Fritidskortet")),
                    ("priority-unanswered", _id(chapters, "busstraséer"))}


def test_every_hop_priority_is_traced_once(trace, chapters) -> None:
    assert [t.record.id for t in trace.priorities] == [p.id for c in chapters for p in c.priorities]


def test_reworded_business_plan_priorities_follow_up_the_hop(trace, chapters) -> None:
    followed = {t.record.id: {link.source.source for link in t.followed_by} for t in trace.priorities}
    assert followed[_id(chapters, "tidlig innsats")] == {"Solsiden barnehage", "Nordbyen skole"}
    assert followed[_id(chapters, "programmet mot mobbing")] == {"Nordbyen skole"}
    assert followed[_id(chapters, "rus- og psykisk")] == {"Hjemmetjenesten sentrum"}
    # the near-duplicates of two sectors are both followed up by the same unit priorities
    assert followed[_id(chapters, "Alle skoler får sykkelparkering")] == \
        followed[_id(chapters, "Vi bygger sykkelparkering")] == {"Nordbyen skole", "Plan, bygg og eiendom"}


def test_unit_priorities_of_the_same_goal_but_other_content_follow_up_nothing(trace) -> None:
    unmatched = {(r.source, r.goals) for r in trace.plan_unmatched}
    assert ("Nordbyen skole", ("1.3",)) in unmatched           # leksehjelp, not Fritidskortet
    assert ("Hjemmetjenesten sentrum", ("1.2",)) in unmatched  # hverdagsrehabilitering
    assert not trace.report_unmatched


def test_report_answers_carry_their_status(trace, chapters) -> None:
    answers = {t.record.id: t.answer.source.status for t in trace.priorities if t.answer}
    assert answers[_id(chapters, "Fritidskortet")] == "not"  # «ikke oppnådd» is an answer, not a gap
    assert answers[_id(chapters, "programmet mot mobbing")] == "partly"
    assert answers[_id(chapters, "fossil oppvarming")] == "achieved"


def test_answering_the_missing_priority_closes_the_gap(chapters, chapter_pack, report_pack) -> None:
    text = REPORT.read_text(encoding="utf-8").replace("\n## Veien videre", (
        "- Nye busstraséer og pendlerparkeringer (By- og samfunnsutvikling, mål 3.4). Delvis oppnådd:\n"
        "  To av fire busstraséer er bygd, og pendlerparkeringen ved Nordbyen åpnet i mai.\n\n## Veien videre"))
    fixed = read_priorities(read_string(text, "arsrapport.md"), report_pack)
    trace = build_trace(chapters, chapter_pack, report=fixed, report_pack=report_pack)
    assert not trace.gaps_of("priority-unanswered")


def test_only_the_given_documents_can_have_gaps(chapters, chapter_pack) -> None:
    trace = build_trace(chapters, chapter_pack)
    assert [(g.kind, g.goal) for g in trace.gaps] == [("goal-uncovered", "2.3")]
    data = trace.to_dict()
    assert data["documents"]["plans"] is None and data["documents"]["report"] is None
    assert "followed_by" not in data["priorities"][0] and "answer" not in data["priorities"][0]


def test_text_output_lists_the_gaps(trace) -> None:
    text = render_text(trace)
    assert text.count("⚠") == 3 + 3  # once in the list of gaps, once where each stands
    assert "Mål 2.3 «Rent hav og levende fjorder»" in text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_one_self_contained_page_with_gaps_coloured(trace) -> None:
    page = render_html(trace)
    parser = _Collector()
    parser.feed(page)
    tags = [tag for tag, _ in parser.tags]
    assert tags[0] == "html" and "style" in tags
    assert not {"script", "link", "img", "iframe"} & set(tags)
    assert not re.search(r"(?:src|href)\s*=|url\(|@import", page)
    gap_cells = [attrs for tag, attrs in parser.tags if tag == "td" and "gap" in attrs.get("class", "").split()]
    assert len(gap_cells) == 1 + 1 + 1 + 1  # goal 2.3 (goal cell and its row), unfollowed, unanswered
    statuses = {attrs.get("class") for tag, attrs in parser.tags if tag == "td"}
    assert {"achieved", "partly", "not"} <= statuses


def test_html_escapes_what_writers_wrote(chapter_pack) -> None:
    chapter = read_string("# Kultur <b>\n\n## Prioriteringer\n\n### Godt liv for alle\n\n"
                          "- Flere <script>alert(1)</script> konserter (mål 1.2).\n")
    trace = build_trace([read_priorities(chapter, chapter_pack)], chapter_pack)
    page = render_html(trace)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_cli_formats_and_exit_codes(tmp_path: Path, capsys) -> None:
    args = ["trace", "--chapters", str(HOP), "--plans", str(PLANS), "--report", str(REPORT)]
    assert main([*args, "--format", "json"]) == 1  # gaps found
    data = json.loads(capsys.readouterr().out)
    assert {"plan", "documents", "focus_areas", "priorities", "unmatched", "gaps"} <= set(data)
    assert len(data["gaps"]) == 3 and len(data["documents"]["plans"]) == 4
    priority = data["priorities"][0]
    assert {"id", "sector", "text", "goals", "followed_by", "answer"} <= set(priority)
    target = tmp_path / "trace.html"
    assert main([*args, "--format", "html", "--output", str(target)]) == 1
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    capsys.readouterr()
    assert main(["trace", "--chapters", str(HOP / "oppvekst-og-utdanning.md")]) == 1  # uncovered goals


def test_cli_bad_input_is_one_line_exit_2(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "mangler.md"
    assert main(["trace", "--chapters", str(HOP), "--report", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and str(missing) in captured.err


NYNORSK_PLAN = """# Verksemdsplan 2021 – Solsida barnehage

## Om eininga

Prioriteringane følgjer opp HØP 2021–2024 og kommuneplanens samfunnsdel.

## Prioriteringar

### Godt liv for alle

- Tidleg innsats: alle born som treng det, får språkstøtte i barnehagen (mål 1.1).

### Grønt samfunn

- Vi fasar ut all fossil oppvarming i barnehagen innan 2023 (mål 2.1).
"""


def test_a_nynorsk_business_plan_follows_up_a_bokmal_hop(chapters, chapter_pack, plan_pack) -> None:
    plan = read_priorities(read_string(NYNORSK_PLAN, "solsida.md"), plan_pack)
    assert plan.language == "nn" and plan.name == "Solsida barnehage"
    trace = build_trace(chapters, chapter_pack, plans=[plan], plan_pack=plan_pack)
    followed = {t.record.id for t in trace.priorities if t.followed_by}
    assert followed == {_id(chapters, "tidlig innsats"), _id(chapters, "fossil oppvarming")}
