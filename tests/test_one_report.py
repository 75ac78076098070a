"""One document in, one report out: linting never changes the Document it reads.

The outline used to demote weak headings into the reader's own block lists and join
blocks in place, so a second run on the same Document read those lines twice (a crash on
the second run, or a chapter's priorities stored twice by the bot).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from docx_factory import docx_from_markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planvakt.linting.document import Document
from planvakt.linting.engine import lint_document
from planvakt.linting.errors import PlanvaktError
from planvakt.linting.golden.extract import read_priorities
from planvakt.linting.outline import build_outline
from planvakt.linting.readers import read_bytes, read_string

FIXTURES = Path(__file__).parent / "fixtures"
DRAFTS = sorted(path for path in FIXTURES.rglob("*")
                if path.is_file() and path.suffix in (".md", ".txt", ".docx") and path.name != "README.md")

# Hostile shapes (smaller than the timing tests in test_properties.py, as each runs three times).
HOSTILE = [
    "[" * 2_000 + "]" * 2_000,
    "Vi bygger, og\n" * 2_000,
    "KOMMER\n" * 2_000,
    "*" * 20_000,
    "# " + "a " * 5_000,
    "Helse\nInnledning\nTBD\nSektoren skal spare penger\ni hele perioden.\n1. Første\n2. Andre\n" * 50,
    "4 Helse\n4.1 Innledning\nTekst.\n4.2 Status og utfordringer\nMer tekst.\n1. Vi bygger\n" * 50,
]


def _document(path: Path) -> Document:
    return read_bytes(path.read_bytes(), path.name)


def _assert_same_reports(document: Document, pack, runs: int = 3) -> None:
    before = copy.deepcopy(document)
    reports = [lint_document(document, pack).to_dict() for _ in range(runs)]
    assert all(report == reports[0] for report in reports[1:])
    assert document == before, "linting changed the document"


@pytest.mark.parametrize("path", DRAFTS, ids=lambda path: path.name)
def test_linting_a_fixture_three_times_gives_three_identical_reports(path: Path, pack) -> None:
    _assert_same_reports(_document(path), pack)


@pytest.mark.parametrize("path", [p for p in DRAFTS if p.suffix == ".md"], ids=lambda path: path.name)
def test_linting_a_word_copy_of_a_fixture_three_times_gives_identical_reports(path: Path, pack) -> None:
    document = read_bytes(docx_from_markdown(path.read_text(encoding="utf-8")), path.stem + ".docx")
    _assert_same_reports(document, pack)


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_text_linted_three_times_gives_identical_reports(index: int, pack) -> None:
    _assert_same_reports(read_string(HOSTILE[index], "-"), pack)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from([
    "Helse og velferd", "Innledning", "Status og utfordringer", "Prioriteringer", "Godt liv for alle",
    "3.1.2 Status og utfordringer", "4.3.1 Godt liv for alle", "1. Vi bygger ut (mål 1.2)", "TBD",
    "• Vi styrker innsatsen (mål 1.1).", "Sektoren skal spare penger", "i hele perioden.", "KOMMER",
    "Grønt samfunn:", "", "Vi samarbeider med frivillige.", "| a | b |", "Tjeneste\t2021\t2022",
]), max_size=30).map("\n".join))
def test_any_paste_linted_twice_gives_the_same_report(text: str, pack) -> None:
    try:
        document = read_string(text, "-")
    except PlanvaktError:
        return
    _assert_same_reports(document, pack, runs=2)


def test_building_the_outline_leaves_the_reader_blocks_alone(pack) -> None:
    source = "Helse og velferd\nInnledning\nVi har\nmange ansatte\ni hele kommunen.\nTBD\nmer tekst\n"
    document = read_string(source, "x.txt")
    before = copy.deepcopy(document)
    first = build_outline(document, pack, "nb")
    second = build_outline(document, pack, "nb")
    assert [b.text for b in first.blocks()] == [b.text for b in second.blocks()] == [
        "Vi har mange ansatte i hele kommunen. TBD mer tekst"]
    assert document == before


def test_priorities_read_twice_from_one_document_are_the_same(pack) -> None:
    document = _document(FIXTURES / "drafts" / "word-nummerert.txt")
    first = read_priorities(document, pack, language="nb").to_dict()
    lint_document(document, pack)
    second = read_priorities(document, pack, language="nb").to_dict()
    assert first == second
    assert len(first["priorities"]) == 4


def test_the_bot_reads_each_priority_of_a_chapter_once(pack) -> None:
    """The bot lints the document and then reads its priorities from the same Document."""
    from planvakt.bot.core.linter import _lint_text
    from planvakt.linting.limits import DEFAULT_LIMITS

    text = (FIXTURES / "drafts" / "word-nummerert.txt").read_text(encoding="utf-8")
    checked = _lint_text(text, "utkast.txt", [], pack=pack, limits=DEFAULT_LIMITS, title_packs=())
    assert checked.priorities is not None
    texts = [record["text"] for record in checked.priorities["priorities"]]
    assert len(texts) == 4 and len(set(texts)) == 4
