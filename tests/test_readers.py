"""The Markdown and text readers: headings, levels, lines, bullets and source positions,
and the normalisation and format sniffing in front of them."""

from __future__ import annotations

import unicodedata

import pytest

from planvakt.linting.document import Block, Document, cell_texts
from planvakt.linting.engine import lint_text
from planvakt.linting.errors import InputError, PlanvaktError
from planvakt.linting.limits import Limits
from planvakt.linting.normalize import decode_bytes, normalize_text
from planvakt.linting.outline import build_outline
from planvakt.linting.readers import read_bytes, read_string
from planvakt.linting.readers.markdown import read_markdown
from planvakt.linting.readers.text import read_text


def headings(doc: Document) -> list[tuple[str, int, int, bool]]:
    return [(h.text, h.level, h.line, h.weak) for h in doc.headings]


def blocks(doc: Document) -> list[tuple[str, str, int, int]]:
    return [(b.kind, b.text, b.line, b.column) for b in doc.all_blocks()]


def position_of(block: Block, needle: str) -> tuple[int, int]:
    return block.position(block.text.index(needle))


def column_in(source: str, line: int, needle: str) -> int:
    return source.split("\n")[line - 1].index(needle) + 1


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_headings_levels_and_lines() -> None:
    source = (
        "Helse og velferd\n"
        "================\n"
        "\n"
        "Innledning\n"
        "----------\n"
        "\n"
        "## Status og utfordringer ##\n"
        "\n"
        "###   Godt liv for alle\n"
        "\n"
        "**Prioriteringer:**\n"
        "\n"
        "- **Viktig** tekst\n"
    )
    doc = read_markdown(source, "x.md")
    assert headings(doc) == [
        ("Helse og velferd", 1, 1, False),
        ("Innledning", 2, 4, False),
        ("Status og utfordringer", 2, 7, False),
        ("Godt liv for alle", 3, 9, False),
        ("Prioriteringer", 2, 11, True),   # a bold-only line is a weak heading
    ]
    assert doc.headings[2].raw == "## Status og utfordringer ##"
    # bold inside a list item stays text
    assert blocks(doc) == [("bullet", "**Viktig** tekst", 13, 3)]
    assert doc.line_count == 13
    assert doc.source == "markdown"


def test_markdown_bullets_ordered_items_and_paragraphs() -> None:
    source = (
        "## Godt liv for alle\n"
        "\n"
        "- Første punkt (mål 1.1).\n"
        "  * Andre punkt\n"
        "\n"
        "Et avsnitt\n"
        "over to linjer.\n"
        "\n"
        "1. Nummerert (mål 1.2).\n"
        "10) Tiende\n"
        "\n"
        "+ Pluss\n"
    )
    doc = read_markdown(source)
    kinds = [(kind, text, line, column) for kind, text, line, column in blocks(doc)]
    assert kinds == [
        ("bullet", "Første punkt (mål 1.1). Andre punkt", 3, 3),  # the sub-item belongs to its item
        ("paragraph", "Et avsnitt over to linjer.", 6, 1),
        ("bullet", "Nummerert (mål 1.2).", 9, 4),
        ("bullet", "Tiende", 10, 5),
        ("bullet", "Pluss", 12, 3),
    ]
    first = doc.all_blocks()[0]
    assert position_of(first, "Andre") == (4, column_in(source, 4, "Andre"))
    paragraph = doc.all_blocks()[1]
    assert position_of(paragraph, "linjer") == (7, column_in(source, 7, "linjer"))


def test_markdown_list_item_with_two_paragraphs_is_one_priority() -> None:
    source = (
        "- Vi bygger ut hverdagsrehabilitering.\n"
        "\n"
        "  Det skjer i alle bydeler (mål 1.2).\n"
        "- Neste punkt.\n"
    )
    doc = read_markdown(source)
    assert [b.text for b in doc.all_blocks()] == [
        "Vi bygger ut hverdagsrehabilitering. Det skjer i alle bydeler (mål 1.2).", "Neste punkt."]
    block = doc.all_blocks()[0]
    assert position_of(block, "1.2") == (3, column_in(source, 3, "1.2"))


def test_markdown_comments_are_collected_not_read_as_text() -> None:
    doc = read_markdown("<!-- planvakt: utkast -->\n# Tittel\n\nTekst.\n")
    assert doc.comments == [(1, "planvakt: utkast")]
    assert [b.text for b in doc.all_blocks()] == ["Tekst."]


def test_markdown_line_count_ignores_the_final_newline() -> None:
    assert read_markdown("# A\n\nTekst.\n").line_count == 3
    assert read_markdown("# A\n\nTekst.").line_count == 3
    assert read_markdown("# A\n\nTekst.\n\n").line_count == 4


@pytest.mark.parametrize("marker", ["•", "–", "•\t", "a)", "1)"])
def test_markdown_list_after_a_paragraph_line_is_a_list(marker: str) -> None:
    """CommonMark reads «•» and «a)» lines as the paragraph going on; a writer means a list."""
    second = "b)" if marker == "a)" else "2)" if marker == "1)" else marker
    source = (
        "## Godt liv for alle\n"
        "Vi prioriterer dette:\n"
        f"{marker} Vi styrker tidlig innsats (mål 1.1).\n"
        f"{second} Vi bygger ut helsestasjonen\n"
        "  i alle bydeler (mål 1.2).\n"
    )
    doc = read_markdown(source)
    assert [(b.kind, b.text, b.line) for b in doc.all_blocks()] == [
        ("paragraph", "Vi prioriterer dette:", 2),
        ("bullet", "Vi styrker tidlig innsats (mål 1.1).", 3),
        ("bullet", "Vi bygger ut helsestasjonen i alle bydeler (mål 1.2).", 4),
    ]
    item = doc.all_blocks()[2]
    assert position_of(item, "bygger") == (4, column_in(source, 4, "bygger"))
    assert position_of(item, "bydeler") == (5, column_in(source, 5, "bydeler"))


def test_markdown_bullet_never_merges_with_the_sentence_before_it() -> None:
    source = "## Prioriteringer\n\n1. Første punkt (mål 1.1).\n• Andre punkt (mål 1.2).\n"
    doc = read_markdown(source)
    assert [(b.kind, b.text, b.line) for b in doc.all_blocks()] == [
        ("bullet", "Første punkt (mål 1.1).", 3), ("bullet", "Andre punkt (mål 1.2).", 4)]


def test_markdown_wrapped_sentence_with_a_number_is_no_list() -> None:
    doc = read_markdown("Vi starter opp i\n2. kvartal, etter planen.\n")
    assert [(b.kind, b.text) for b in doc.all_blocks()] == [
        ("paragraph", "Vi starter opp i 2. kvartal, etter planen.")]


def test_markdown_pipe_table_is_one_table_block_with_cell_positions(pack) -> None:
    source = (
        "## Status og utfordringer\n"
        "Tabellen viser netto driftsutgifter.\n"
        "\n"
        "| Tjeneste | 2021 | 2022 |\n"
        "|---|---:|---:|\n"
        "| Barnehage | 120,5 | 118,2 |\n"
        "| Skole | 300 | 310 |\n"
        "\n"
        "Utgiftene går ned.\n"
    )
    doc = read_markdown(source)
    kinds = [(b.kind, b.line) for b in doc.all_blocks()]
    assert kinds == [("paragraph", 2), ("table", 4), ("paragraph", 9)]
    table = doc.all_blocks()[1]
    assert cell_texts(table) == [["Tjeneste", "2021", "2022"], ["Barnehage", "120,5", "118,2"],
                                 ["Skole", "300", "310"]]
    assert position_of(table, "118,2") == (6, column_in(source, 6, "118,2"))
    assert position_of(table, "Skole") == (7, column_in(source, 7, "Skole"))


# --- Plain and pasted text --------------------------------------------------------------


def test_text_recognises_each_way_writers_type_headings() -> None:
    source = (
        "# Helse og velferd\n"       # 1 atx
        "\n"
        "*Innledning*\n"              # 3 Slack bold
        "Tekst.\n"
        "_Godt liv for alle_\n"       # 5 Slack italic
        "**Status:**\n"               # 6 bold with colon
        "\n"
        "3.2 Grønt samfunn\n"         # 8 numbered, strong
        "\n"
        "1. Innledning\n"             # 10 «1.» could be a list item: weak
        "\n"
        "STATUS OG UTFORDRINGER\n"    # 12 upper case: weak
        "\n"
        "Prioriteringer:\n"           # 14 colon: weak
        "\n"
        "Regional vekst\n"            # 16 short plain line: weak
    )
    doc = read_text(source, "x.txt")
    assert [(h.text, h.level, h.line, h.weak, h.styled) for h in doc.headings] == [
        ("Helse og velferd", 1, 1, False, "atx"),
        ("Innledning", 2, 3, False, "bold"),
        ("Godt liv for alle", 3, 5, False, "italic"),
        ("Status", 2, 6, False, "bold"),
        ("3.2 Grønt samfunn", 3, 8, False, "numbered"),
        ("1. Innledning", 2, 10, True, "numbered"),
        ("STATUS OG UTFORDRINGER", 2, 12, True, "upper"),
        ("Prioriteringer", 2, 14, True, "colon"),
        ("Regional vekst", 2, 16, True, "plain"),
    ]
    assert doc.source == "text"


def outline_of(source: str, pack, markdown: bool = False):
    doc = read_string(source, "x.md" if markdown else "x.txt", markdown=markdown)
    return build_outline(doc, pack, "nb")


def test_text_lines_that_are_not_headings_read_as_text(pack) -> None:
    source = (
        "Helse og velferd\n"
        "\n"
        "Vi har ansvar for sykehjem og hjemmetjenester i hele kommunen, og vi har mange ansatte.\n"
        "Sektoren skal spare penger\n"          # a short line mid-paragraph: continues it
        "i hele perioden.\n"
        "\n"
        "Barnetallet går ned.\n"               # ends with a full stop: a sentence
        "\n"
        "2021 ble et krevende år\n"            # starts with a number, but lower case after it
        "\n"
        "*Merk* at dette er et utkast.\n"      # bold word in a sentence
        "\n"
        "TBD\n"                                 # upper case, but not a heading of the guide
        "Vi skriver mer.\n"
    )
    outline = outline_of(source, pack)
    assert outline.title is not None and outline.title.text == "Helse og velferd"
    assert outline.ordered == []
    assert [(b.kind, b.text, b.line) for b in outline.blocks()] == [
        ("paragraph", "Vi har ansvar for sykehjem og hjemmetjenester i hele kommunen, og vi har mange "
                      "ansatte. Sektoren skal spare penger i hele perioden.", 3),
        ("paragraph", "Barnetallet går ned.", 7),
        ("paragraph", "2021 ble et krevende år", 9),
        ("paragraph", "*Merk* at dette er et utkast.", 11),
        ("paragraph", "TBD Vi skriver mer.", 13),
    ]
    first = outline.blocks()[0]
    assert position_of(first, "Sektoren") == (4, 1)
    assert position_of(first, "perioden") == (5, column_in(source, 5, "perioden"))


def test_text_headings_without_blank_lines_around_them(pack) -> None:
    """Pasted text often has no blank lines: a line that is a heading of the guide is one."""
    source = (
        "Helse og velferd\n"
        "Innledning\n"
        "Vi bygger på kommuneplanens samfunnsdel.\n"
        "Status og utfordringer\n"
        "Vi får flere eldre.\n"
        "Prioriteringer\n"
        "Godt liv for alle\n"
        "Vi bygger ut hverdagsrehabilitering (mål 1.2).\n"
        "Grønt samfunn:\n"
        "- Elbiler i hjemmetjenesten (mål 2.1).\n"
        "REGIONAL VEKST\n"
        "1. Lærlinger i helsefag (mål 3.3)\n"
        "2. Flere fagbrev (mål 3.3)\n"
        "Samarbeid for å nå målene\n"
        "Vi samarbeider med frivillige.\n"
    )
    outline = outline_of(source, pack)
    assert [(s.id, s.line) for s in outline.ordered] == [
        ("innledning", 2), ("status", 4), ("prioriteringer", 6), ("S1", 7), ("S2", 9), ("S3", 11),
        ("samarbeid", 14)]
    assert [(b.kind, b.text) for b in outline.areas["S3"].blocks] == [
        ("bullet", "Lærlinger i helsefag (mål 3.3)"), ("bullet", "Flere fagbrev (mål 3.3)")]


@pytest.mark.parametrize("marker", ["•", "-", "–", "—", "*", "·", "▪", "◦", "\uf0b7"])
def test_text_bullet_markers(marker: str) -> None:
    doc = read_text(f"Godt liv for alle\n{marker} Vi styrker tidlig innsats (mål 1.1).\n")
    assert [(b.kind, b.text, b.line, b.column) for b in doc.all_blocks()] == [
        ("bullet", "Vi styrker tidlig innsats (mål 1.1).", 2, 3)]


def test_text_ordered_items_are_separate_bullets() -> None:
    source = "Godt liv for alle\n1) Første (mål 1.1).\n2) Andre (mål 1.2).\na) Tredje\n"
    doc = read_text(source)
    assert [(b.kind, b.text, b.line, b.column) for b in doc.all_blocks()] == [
        ("bullet", "Første (mål 1.1).", 2, 4),
        ("bullet", "Andre (mål 1.2).", 3, 4),
        ("bullet", "Tredje", 4, 4),
    ]


def test_text_indented_sub_items_and_continuations_belong_to_their_item() -> None:
    source = (
        "_Godt liv for alle_\n"
        "• Vi bygger ut hverdagsrehabilitering\n"
        "  i alle bydeler (mål 1.2).\n"
        "    ◦ Først i bydelene med flest eldre.\n"
        "• Neste punkt (mål 1.3).\n"
    )
    doc = read_text(source)
    items = doc.all_blocks()
    assert [(b.kind, b.line) for b in items] == [("bullet", 2), ("bullet", 5)]
    assert items[0].text == "Vi bygger ut hverdagsrehabilitering i alle bydeler (mål 1.2). Først i bydelene med flest eldre."
    assert position_of(items[0], "1.2") == (3, column_in(source, 3, "1.2"))
    assert position_of(items[0], "Først") == (4, column_in(source, 4, "Først"))


def test_text_crlf_and_line_count() -> None:
    doc = read_string("Tittel\r\n\r\nInnledning\r\nTekst.\r\n", "x.txt", markdown=False)
    assert [(h.text, h.line) for h in doc.headings] == [("Tittel", 1), ("Innledning", 3)]
    assert doc.line_count == 4


# --- Positions of findings --------------------------------------------------------------

_CHAPTER = """{title}

{innledning}
Sektoren har ansvar for sykehjem. Vi bygger på kommuneplanens samfunnsdel.

{status}
Vi får flere eldre.

{prioriteringer}
{s1}
{bullet}Vi bygger ut hverdagsrehabilitering
{indent}og velferdsteknologi (mål 1.9).
{s2}
{bullet}Hjemmetjenesten bytter til elbiler (mål 2.1).
{s3}
{bullet}Vi tar inn lærlinger i helsefag (mål 3.3).

{samarbeid}
Vi samarbeider med frivillige.
"""


@pytest.mark.parametrize("style", ["markdown", "slack", "plain"])
def test_finding_columns_point_into_the_source(style: str, pack) -> None:
    parts = {
        "markdown": dict(title="# Helse", innledning="## Innledning", status="## Status og utfordringer",
                         prioriteringer="## Prioriteringer", s1="### Godt liv for alle",
                         s2="### Grønt samfunn", s3="### Regional vekst",
                         samarbeid="## Samarbeid for å nå målene", bullet="- ", indent="  "),
        "slack": dict(title="*Helse*", innledning="*Innledning*", status="*Status og utfordringer*",
                      prioriteringer="*Prioriteringer*", s1="_Godt liv for alle_", s2="_Grønt samfunn_",
                      s3="_Regional vekst_", samarbeid="*Samarbeid for å nå målene*", bullet="• ",
                      indent="    "),
        "plain": dict(title="Helse", innledning="Innledning", status="Status og utfordringer",
                      prioriteringer="Prioriteringer:", s1="Godt liv for alle:", s2="Grønt samfunn:",
                      s3="Regional vekst:", samarbeid="Samarbeid for å nå målene", bullet="", indent=""),
    }[style]
    source = _CHAPTER.format(**parts)
    report = lint_text(source, "x.md" if style == "markdown" else "x.txt", rules=pack)
    assert [(f.rule, f.section) for f in report.findings] == [("plan-goal-unknown", "S1")]
    finding = report.findings[0]
    assert (finding.line, finding.column) == (12, column_in(source, 12, "1.9"))
    assert finding.end_column == finding.column + len("1.9")


# --- Normalisation and decoding ---------------------------------------------------------


def test_normalize_text() -> None:
    raw = "\ufeffStatus\u00a0og utfor\u00addringer\r\nlinje\u200b to\rtre\u2028fire\u202fog\u2009fem\t!"
    assert normalize_text(raw) == "Status og utfordringer\nlinje to\ntre\nfire og fem !"
    decomposed = unicodedata.normalize("NFD", "Grønt, på måla")
    assert normalize_text(decomposed) == "Grønt, på måla"
    assert normalize_text("vanlig tekst") == "vanlig tekst"
    # control characters: a NUL used to crash the lemma dictionary; Word's line breaks
    assert normalize_text("a\x00b\x1bc\x7fd\x0be\x0cf") == "abcd\ne\nf"


@pytest.mark.parametrize("data", [
    "Grønt samfunn".encode(),
    b"\xef\xbb\xbf" + "Grønt samfunn".encode(),
    "Grønt samfunn".encode("utf-16"),                       # with its BOM
    "Grønt samfunn".encode("cp1252"),                       # Word's «plain text» on Windows
])
def test_decode_bytes(data: bytes) -> None:
    assert normalize_text(decode_bytes(data)) == "Grønt samfunn"


# --- Picking the reader, and what it refuses --------------------------------------------


def test_read_bytes_picks_the_reader_by_name_or_content() -> None:
    markdown = b"# Tittel\n\n## Innledning\n\nTekst.\n"
    assert read_bytes(markdown, "x.md").source == "markdown"
    assert read_bytes(markdown, "-").source == "markdown"          # sniffed
    assert read_bytes(markdown, "x.txt").source == "text"          # .txt is text
    assert read_bytes(b"*Tittel*\n\nTekst.\n", "-").source == "text"
    assert read_bytes(b"Tittel\n\nTekst.\n", "utkast").source == "text"


@pytest.mark.parametrize("name, data, words", [
    ("x.md", b"", "tom"),
    ("x.md", b" \n\t\r\n", "tom"),
    ("-", "\u00a0\u00ad\n".encode(), "tom"),
    ("x.txt", b"\x00\x01\x02binary\x00", "binærfil"),
    ("x.doc", b"\xd0\xcf\x11\xe0", ".doc"),
    ("x.pdf", b"%PDF-1.7", "PDF"),
    ("x.odt", b"PK\x03\x04", ".odt"),
    ("x.rtf", b"{\\rtf1}", "RTF"),
    ("x.md", b"PK\x03\x04\x14\x00\x00\x00", "zip"),
])
def test_read_bytes_refuses_with_a_clear_message(name: str, data: bytes, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read_bytes(data, name)
    assert words in caught.value.message
    assert caught.value.path == name
    assert "\n" not in str(caught.value)


def test_limits_refuse_large_input_by_size_not_by_reading_it() -> None:
    limits = Limits(max_file_bytes=1000, max_text_chars=100)
    with pytest.raises(InputError, match="for stor"):
        read_bytes(b"a" * 1001, "x.txt", limits=limits)
    with pytest.raises(InputError, match="for lang"):
        read_string("Tekst. " * 20, "-", limits=limits)
    assert isinstance(InputError("x"), PlanvaktError)
