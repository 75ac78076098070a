"""Input built to be slow or unencodable still gives the right answer (the time bounds
are in tests/reliability/test_linear_time.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from planvakt.linting.engine import lint_text
from planvakt.linting.normalize import encodable, normalize_text
from planvakt.linting.readers import read_string
from planvakt.linting.readers.docx import read_docx

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
from hostile_inputs import chained_styles_docx, citations_draft, styled_docx  # noqa: E402


def _style(style_id: str, based_on: str | None = None, *, name: str | None = None, extra: str = "") -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name or style_id}"/>'
            f"{based}{extra}</w:style>")


def test_a_long_style_chain_is_resolved_as_if_walked_whole() -> None:
    chain = [_style("H", name="heading 2")] + [_style(f"S{i}", f"S{i - 1}" if i else "H") for i in range(300)]
    chain += [_style("Body", "S299", extra='<w:pPr><w:outlineLvl w:val="9"/></w:pPr>'),
              _style("Under", "Body"),
              _style("Liste", "S150", name="Min punktliste"),
              _style("Fet", "Under", extra="<w:rPr><w:b/></w:rPr>")]
    document = read_docx(styled_docx(chain, [
        ("S299", "Status og utfordringer"),           # a heading 2 through 300 styles
        ("Under", "Vanlig tekst under en overskrift"),  # an outline level 9 nearer the paragraph: body text
        ("Liste", "Et punkt"),                       # named like a list, but heading 2 by its base: headings come first
        ("S10", "Prioriteringer"),
        ("Fet", "Kort fet linje"),                   # bold from its style, body text by outline: a weak heading
    ]), "kjede.docx")
    headings = [(h.text, h.level, h.styled) for h in document.headings]
    assert headings == [("Status og utfordringer", 2, "style"), ("Et punkt", 2, "style"),
                        ("Prioriteringer", 2, "style"), ("Kort fet linje", 2, "bold")]
    assert [(b.kind, b.text) for b in document.headings[0].blocks] == [("paragraph", "Vanlig tekst under en overskrift")]


def test_styles_based_on_each_other_in_a_ring_are_cut() -> None:
    styles = [_style("A", "B"), _style("B", "C"), _style("C", "A", name="heading 3")]
    document = read_docx(styled_docx(styles, [("A", "Ring A"), ("B", "Ring B"), ("C", "Ring C"), ("A", "Igjen")]),
                         "ring.docx")
    assert [(h.text, h.level) for h in document.headings] == [("Ring A", 3), ("Ring B", 3), ("Ring C", 3),
                                                             ("Igjen", 3)]


def test_every_paragraph_of_the_chained_styles_file_is_read() -> None:
    document = read_docx(chained_styles_docx(400), "stiler.docx")
    assert len(document.preamble) == 400 and not document.headings


def test_thirty_thousand_citations_of_one_goal_are_one_finding_at_most(pack) -> None:
    report = lint_text(citations_draft(30_000), "sitater.md", rules=pack)
    assert not [f for f in report.findings if f.rule == "focus-area-misplaced"]


def test_lone_surrogates_become_replacement_characters() -> None:
    assert normalize_text("Mål\ud800 1.1") == "Mål\ufffd 1.1"
    assert normalize_text("\udfff") == "\ufffd"
    assert normalize_text("smil \ud83d\ude00") == "smil \U0001f600"  # a pair written as two code points
    assert encodable("bare tekst") == "bare tekst"
    document = read_string("# Oppvekst\ud800\n\n## Innledning\n\nTekst \udc00 her.\n", "u.md")
    document.headings[0].text.encode("utf-8")
    assert document.headings[1].blocks[0].text == "Tekst \ufffd her."


def test_a_draft_with_a_lone_surrogate_is_checked(pack) -> None:
    report = lint_text("# Oppvekst og utdanning\n\n## Innledning\n\nVi viser til mål 1.1\ud800.\n", "u.md",
                       rules=pack)
    assert report.findings
    assert all(f.message.encode("utf-8") for f in report.findings)
