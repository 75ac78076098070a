"""Bad input never crashes: any text or bytes give a report or a clean PlanvaktError, and
hostile shapes of text are checked in bounded time."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planvakt.linting.engine import lint_bytes, lint_text
from planvakt.linting.errors import PlanvaktError
from planvakt.linting.normalize import normalize_text
from planvakt.linting.report.model import FileReport

NAMES = ["utkast.md", "utkast.txt", "utkast.docx", "-"]

# Text that looks like a chapter, so the examples reach the checks and not only the readers.
_PIECES = st.sampled_from([
    "# ", "## ", "### ", "#", "*", "_", "**", "• ", "- ", "1. ", "3.2 ", "\n", "\n\n", "\r\n", ":", " ",
    "Innledning", "Status og utfordringer", "Prioriteringer", "Godt liv for alle", "Grønt samfunn",
    "Regional vekst", "Samarbeid for å nå målene", "Innleiing", "PRIORITERINGAR", "Satus",
    "Kommer.", "TBD", "Ingen", "mål 2.1", "(mål 9.4)", "målene 1.2 og 1.3", "jf. samfunnsdelens mål 1.1",
    "kommuneplanens samfunnsdel", "klimagassutslippene", "Vi bygger ut", "\u00ad", "\u00a0", "\ufeff",
    "<!-- x -->", "> ", "    ", "[", "]", "(", ")", "«", "»",
])
CHAPTERISH = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join)


def _report_or_clean_error(call) -> None:  # type: ignore[no-untyped-def]
    try:
        report = call()
    except PlanvaktError as error:
        assert error.message and "\n" not in str(error)
        return
    assert isinstance(report, FileReport)
    for finding in report.findings:
        assert finding.line >= 1 and finding.column >= 1
        assert finding.severity in ("error", "warning", "suggestion")


_SETTINGS = settings(max_examples=60, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(text=st.one_of(st.text(), CHAPTERISH), name=st.sampled_from(NAMES), markdown=st.sampled_from([None, True, False]))
@example(text="00000A\x0000", name="utkast.md", markdown=None)  # a NUL crashed the lemma trie
def test_any_text_gives_a_report_or_a_clean_error(text: str, name: str, markdown: bool | None, pack) -> None:
    _report_or_clean_error(lambda: lint_text(text, name, rules=pack, markdown=markdown))


@_SETTINGS
@given(text=CHAPTERISH, markdown=st.sampled_from([None, True, False]))
def test_findings_point_into_the_text(text: str, markdown: bool | None, pack) -> None:
    """Every finding is on a line of the draft; a goal finding points at the goal number."""
    try:
        report = lint_text(text, "-", rules=pack, markdown=markdown)
    except PlanvaktError:
        return
    lines = normalize_text(text).split("\n")
    count = len(lines) - (lines[-1] == "")
    for finding in report.findings:
        assert 1 <= finding.line <= max(count, 1), finding
        if finding.rule == "plan-goal-unknown":
            assert lines[finding.line - 1][finding.column - 1].isdigit(), finding


@_SETTINGS
@given(data=st.one_of(st.binary(), CHAPTERISH.map(lambda t: t.encode("utf-8")),
                      st.binary().map(lambda b: b"PK\x03\x04" + b)),
       name=st.sampled_from(NAMES))
@example(data=b"\xff\xfe" + "Innledning\n\x00mål".encode("utf-16-le"), name="-")
def test_any_bytes_give_a_report_or_a_clean_error(data: bytes, name: str, pack) -> None:
    _report_or_clean_error(lambda: lint_bytes(data, name, rules=pack))


# Sizes where the quadratic behaviour these guard against took from many seconds to hours.
@pytest.mark.parametrize("text", [
    pytest.param("[" * 20_000 + "]" * 20_000, id="brackets"),
    pytest.param("(" * 40_000, id="parentheses"),
    pytest.param("Vi bygger, og\n" * 30_000, id="short-lines"),
    pytest.param("KOMMER\n" * 30_000, id="upper-case-lines"),
    pytest.param("*" * 300_000, id="stars"),
    pytest.param("# " + "a " * 100_000, id="long-heading"),
])
def test_hostile_text_is_checked_in_bounded_time(text: str, pack) -> None:
    started = time.perf_counter()
    _report_or_clean_error(lambda: lint_text(text, "-", rules=pack))
    assert time.perf_counter() - started < 10
