"""`planvakt summary` and build_summary: chapter 4 from the sector chapters."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest

from planvakt.linting.cli import main
from planvakt.linting.golden.extract import DocumentPriorities
from planvakt.linting.golden.summary import build_summary, render_docx, render_markdown
from planvakt.linting.readers import read_path, read_string

from .conftest import HOP, REPORT

_GOAL = re.compile(r"\d+\.\d+")


def _written(pack) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(sector, area id, bullet text, goals) of every bullet under a focus area in the example
    chapters, read with a plain line parser, independent of the engine."""
    names = {area.name: area.id for area in pack.focus_areas}
    found = []
    for path in sorted(HOP.glob("*.md")):
        sector, area, bullet = None, None, None
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            if bullet is not None and not line.startswith("  "):
                goals = tuple(_GOAL.findall(bullet[bullet.rindex("(mål"):]))
                found.append((sector, area, " ".join(bullet.split()), goals))
                bullet = None
            if line.startswith("# "):
                sector = line[2:].strip()
            elif line.startswith("#"):
                area = names.get(line.lstrip("#").strip())
            elif line.startswith("- ") and area:
                bullet = line[2:]
            elif bullet is not None:
                bullet += " " + line.strip()
    return found


@pytest.fixture(scope="module")
def summary(pack):
    return build_summary(sorted(HOP.glob("*.md")), pack)


def test_every_priority_once_under_its_focus_area_with_sector_and_goals(pack, summary) -> None:
    expected = _written(pack)
    assert len(expected) >= 15
    got = [(p.source, p.area, p.goals) for p in summary.priorities]
    assert sorted(got) == sorted((sector, area, goals) for sector, area, _, goals in expected)
    assert len({p.id for p in summary.priorities}) == len(got)
    for sector, area, text, _ in expected:  # the text as written, without the goal reference
        matches = [p for p in summary.priorities if p.source == sector and text.startswith(p.text.rstrip("."))]
        assert len(matches) == 1 and matches[0].area == area, text


def test_goals_nobody_covers_are_named(pack, summary) -> None:
    cited = {goal for *_, goals in _written(pack) for goal in goals}
    expected = [goal.id for area in pack.focus_areas for goal in area.goals if goal.id not in cited]
    assert [goal.id for goal in summary.uncovered_goals] == expected == ["2.3"]  # the planted gap


def test_the_near_duplicate_across_sectors_is_flagged(summary) -> None:
    assert len(summary.near_duplicates) == 1
    pair = summary.near_duplicates[0]
    assert {pair.first.source, pair.second.source} == {"Oppvekst og utdanning", "By- og samfunnsutvikling"}
    assert "sykkelparkering" in pair.first.text and "sykkelparkering" in pair.second.text


def test_a_priority_under_the_wrong_focus_area_is_placed_by_its_goal(pack) -> None:
    chapter = read_string("# Kultur\n\n## Prioriteringer\n\n### Godt liv for alle\n\n"
                          "- Kulturhuset får solceller på taket (mål 2.1).\n- Flere konserter for eldre (mål 1.2).\n")
    summary = build_summary([chapter], pack)
    moved = summary.areas[1].priorities
    assert [(p.text, p.written_under) for p in moved] == [("Kulturhuset får solceller på taket.", "S1")]
    markdown = render_markdown(summary)
    assert "står under «Godt liv for alle», men viser til mål 2.1" in markdown


def test_the_bot_can_build_it_from_stored_priorities(pack, summary) -> None:
    stored = [json.loads(json.dumps(sector.to_dict())) for sector in summary.sectors]  # what a store keeps
    again = build_summary([DocumentPriorities.from_dict(data) for data in stored], pack)
    assert again.to_dict() == summary.to_dict()
    assert build_summary(stored, pack).to_dict() == summary.to_dict()  # dicts are accepted as they are


def test_markdown_layout(pack, summary) -> None:
    markdown = render_markdown(summary)
    positions = [markdown.index(f"\n## {area.name}\n") for area in pack.focus_areas]
    assert positions == sorted(positions)
    assert markdown.count("\n- ") == len(summary.priorities) + 1 + 1  # + the uncovered goal + the duplicate
    assert "2.3 Rent hav og levende fjorder" in markdown
    assert "*(Oppvekst og utdanning – mål 1.1)*" in markdown


def test_docx_has_the_same_content(pack, summary) -> None:
    word = docx.Document(io.BytesIO(render_docx(summary)))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == [summary.title] + [area.name for area in pack.focus_areas]
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    for record in summary.priorities:
        assert any(b.startswith(record.text) and record.source in b for b in bullets), record.text


def test_cli_json_shape(capsys) -> None:
    assert main(["summary", "--format", "json", str(HOP)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["focus_areas"]) == {"S1", "S2", "S3"}
    entry = data["focus_areas"]["S1"][0]
    assert {"sector", "text", "goals"} <= set(entry) and isinstance(entry["goals"], list)
    assert data["uncovered_goals"] == ["2.3"]
    ids = {e["id"] for entries in data["focus_areas"].values() for e in entries}
    assert all(set(d["priorities"]) <= ids for d in data["near_duplicates"])


def test_cli_docx_to_a_file(tmp_path: Path, capsys) -> None:
    target = tmp_path / "kapittel-4.docx"
    assert main(["summary", "--format", "docx", "--output", str(target), str(HOP)]) == 0
    assert docx.Document(str(target)).paragraphs[0].text == "Kapittel 4 – Satsingsområder"


def test_cli_bad_input_is_one_line_exit_2(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "finnes-ikke.md"
    assert main(["summary", str(HOP / "helse-og-velferd.md"), str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and str(missing) in captured.err and "Traceback" not in captured.err


def test_cli_warns_about_a_report_passed_as_a_chapter(capsys) -> None:
    assert main(["summary", str(HOP / "helse-og-velferd.md"), str(REPORT)]) == 0
    err = capsys.readouterr().err
    assert str(REPORT) in err and "arsrapport" in err


def test_documents_are_accepted_as_parsed(pack) -> None:
    documents = [read_path(path) for path in sorted(HOP.glob("*.md"))]
    assert len(build_summary(documents, pack).priorities) == len(_written(pack))


def test_findings_are_not_priorities(pack) -> None:
    from planvakt.linting.engine import lint_path

    with pytest.raises(TypeError, match="FileReport"):
        build_summary([lint_path(HOP / "helse-og-velferd.md")], pack)
