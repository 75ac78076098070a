"""The .docx reader: structure, paragraph numbers, and refusing hostile files."""

from __future__ import annotations

import io
import re
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
from docx_factory import (
    DocxBuilder,
    docx_from_markdown,
    replace_member,
    understate_size,
    zip_bomb,
    zip_bytes,
)

from planvakt.linting.document import Document
from planvakt.linting.errors import InputError
from planvakt.linting.limits import Limits
from planvakt.linting.readers import read_bytes
from planvakt.linting.readers.docx import read_docx

MB = 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def read(builder: DocxBuilder, **kwargs: object) -> Document:
    return read_docx(builder.to_bytes(), "kapittel.docx", **kwargs)  # type: ignore[arg-type]


def outline(doc: Document) -> list[tuple[int, int, str, bool, str]]:
    return [(h.level, h.line, h.text, h.weak, h.styled) for h in doc.headings]


def blocks(doc: Document) -> list[tuple[str, int, int, str]]:
    return [(b.kind, b.line, b.column, b.text) for b in doc.all_blocks()]


def with_body(body_xml: str, doctype: str = "") -> bytes:
    """A python-docx file whose word/document.xml is replaced by ``body_xml``."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
                f'<w:document xmlns:w="{W_NS}" '
                f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                f"<w:body>{body_xml}</w:body></w:document>")
    return replace_member(DocxBuilder().to_bytes(), "word/document.xml", document.encode())


def peak_memory(action: Callable[[], object]) -> tuple[int, int]:
    """(peak Python allocation, peak RSS growth) in bytes while ``action`` runs.

    tracemalloc sees Python objects; RSS also covers libxml2's C allocations. On
    Linux the kernel's high-water mark is reset first, elsewhere RSS is sampled.
    """
    process = psutil.Process()
    baseline = process.memory_info().rss
    try:
        Path("/proc/self/clear_refs").write_text("5")
        sampler = None
    except OSError:
        peak = [baseline]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], process.memory_info().rss)
                time.sleep(0.002)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    tracemalloc.start()
    try:
        action()
    finally:
        python_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if sampler is None:
        found = re.search(r"VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text())
        assert found is not None
        return python_peak, int(found.group(1)) * 1024 - baseline
    done.set()
    sampler.join()
    return python_peak, peak[0] - baseline


# --- headings -----------------------------------------------------------------------


def test_builtin_heading_styles_are_strong_headings_with_their_level() -> None:
    doc = read(DocxBuilder().heading("Helse og velferd", 0).heading("Innledning", 1)
               .heading("Prioriteringer", 2).heading("Grønt samfunn", 3)
               .paragraph("Vi kutter utslipp (mål 2.1)."))
    assert doc.source == "docx" and doc.position_label == "avsnitt"
    assert outline(doc) == [(1, 1, "Helse og velferd", False, "style"),
                            (1, 2, "Innledning", False, "style"),
                            (2, 3, "Prioriteringer", False, "style"),
                            (3, 4, "Grønt samfunn", False, "style")]
    assert blocks(doc) == [("paragraph", 5, 1, "Vi kutter utslipp (mål 2.1).")]
    assert doc.headings[3].blocks[0].text.startswith("Vi kutter")


@pytest.mark.parametrize(("name", "base", "level"), [
    ("Overskrift 2", "Heading 2", 2),
    ("Sektoroverskrift", "Heading 2", 2),  # only the style it is based on is a heading
    ("Rubrik 3", None, 3),
    ("OVERSKRIFT3", None, 3),
    ("Tittel", None, 1),
])
def test_custom_heading_styles_in_any_language(name: str, base: str | None, level: int) -> None:
    doc = read(DocxBuilder().style(name, base=base).paragraph("Status og utfordringer", style=name))
    assert outline(doc) == [(level, 1, "Status og utfordringer", False, "style")]


def test_heading_name_inherited_through_the_base_style_chain() -> None:
    # «Rubrik 3» has no outline level, so only its name can make «Sektoroverskrift» a heading.
    doc = read(DocxBuilder().style("Rubrik 3").style("Sektoroverskrift", base="Rubrik 3")
               .style("Lokal", base="Sektoroverskrift")
               .paragraph("Grønt samfunn", style="Lokal"))
    assert outline(doc) == [(3, 1, "Grønt samfunn", False, "style")]


def test_outline_level_alone_makes_a_heading() -> None:
    doc = read(DocxBuilder().style("Kapitteloverskrift", outline_level=1)
               .style("Deloverskrift", outline_level=2)
               .paragraph("Helse og velferd", style="Kapitteloverskrift")
               .paragraph("Innledning", style="Deloverskrift")
               .paragraph("Sektoren har ansvar for sykehjem."))
    assert outline(doc) == [(1, 1, "Helse og velferd", False, "style"),
                            (2, 2, "Innledning", False, "style")]


def test_outline_level_9_is_body_text_even_when_based_on_a_heading() -> None:
    # Word's «TOC Heading» is based on Heading 1 with outline level 9 (body text).
    doc = read(DocxBuilder().paragraph("innhold", style="TOC Heading")
               .heading("Helse og velferd", 1))
    assert outline(doc) == [(1, 2, "Helse og velferd", False, "style")]
    assert blocks(doc) == [("paragraph", 1, 1, "innhold")]


def test_heading_text_is_kept_as_written_like_the_markdown_reader() -> None:
    doc = read(DocxBuilder().heading("3.2 Grønt samfunn", 2)
               .paragraph("3.3 Regional vekst", bold=True))
    assert outline(doc) == [(2, 1, "3.2 Grønt samfunn", False, "style"),
                            (2, 2, "3.3 Regional vekst", True, "bold")]


def test_empty_heading_paragraph_is_no_heading_but_counts() -> None:
    doc = read(DocxBuilder().heading("", 1).heading("Innledning", 2))
    assert outline(doc) == [(2, 2, "Innledning", False, "style")]
    assert doc.line_count == 2


def test_short_bold_paragraphs_are_weak_headings() -> None:
    doc = read(DocxBuilder().style("Fet", bold=True)
               .paragraph("Grønt samfunn", bold=True)
               .paragraph("Tekst under.")
               .paragraph("Regional vekst:", bold=True)
               .paragraph(runs=["Godt liv ", "for alle"], bold=True)
               .paragraph("Samarbeid for å nå målene", style="Fet"))
    assert outline(doc) == [(2, 1, "Grønt samfunn", True, "bold"),
                            (2, 3, "Regional vekst", True, "bold"),
                            (2, 4, "Godt liv for alle", True, "bold"),
                            (2, 5, "Samarbeid for å nå målene", True, "bold")]
    assert doc.headings[1].raw == "Regional vekst:"
    assert blocks(doc) == [("paragraph", 2, 1, "Tekst under.")]


@pytest.mark.parametrize("builder", [
    DocxBuilder().paragraph("Dette er et langt avsnitt i fet skrift som ikke er en overskrift",
                            bold=True),
    DocxBuilder().paragraph("Vi satser på skolen.", bold=True),
    DocxBuilder().paragraph("små bokstaver her", bold=True),
], ids=["long", "sentence", "lower-case"])
def test_bold_paragraphs_that_do_not_look_like_headings_stay_text(builder: DocxBuilder) -> None:
    doc = read(builder)
    assert doc.headings == []
    assert [kind for kind, *_ in blocks(doc)] == ["paragraph"]


def test_partly_bold_paragraph_is_not_a_heading() -> None:
    builder = DocxBuilder().paragraph("Grønt samfunn", bold=True)
    builder.document.paragraphs[-1].add_run(" og mer")
    doc = read(builder)
    assert doc.headings == []
    assert blocks(doc) == [("paragraph", 1, 1, "Grønt samfunn og mer")]


def test_bold_table_cells_are_not_headings() -> None:
    builder = DocxBuilder().table([["Tiltak", "Ansvar"]])
    for cell in builder.document.tables[0].rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    doc = read(builder)
    assert doc.headings == []
    assert [text for *_, text in blocks(doc)] == ["Tiltak", "Ansvar"]


# --- bullets, paragraph numbers, text ---------------------------------------------------


def test_list_bullet_and_numbered_paragraphs_are_bullets() -> None:
    doc = read(DocxBuilder().heading("Grønt samfunn", 3)
               .bullet("Etablere ladepunkter (mål 2.1)")
               .numbered("Redusere matsvinn (mål 2.2)")
               .paragraph("Punkt i egen stil", style="List Paragraph")
               .paragraph("Vanlig avsnitt."))
    assert blocks(doc) == [("bullet", 2, 1, "Etablere ladepunkter (mål 2.1)"),
                           ("bullet", 3, 1, "Redusere matsvinn (mål 2.2)"),
                           ("bullet", 4, 1, "Punkt i egen stil"),
                           ("paragraph", 5, 1, "Vanlig avsnitt.")]


def test_numbering_switched_off_with_num_id_0_is_no_bullet() -> None:
    doc = read(DocxBuilder().numbered("Vanlig avsnitt.", num_id=0))
    assert blocks(doc) == [("paragraph", 1, 1, "Vanlig avsnitt.")]


@pytest.mark.parametrize("glyph", ["•", "-", "–"])
def test_typed_bullet_glyphs_are_stripped(glyph: str) -> None:
    doc = read(DocxBuilder().paragraph(f"{glyph} Flere lærlinger"))
    assert blocks(doc) == [("bullet", 1, 3, "Flere lærlinger")]


def test_paragraph_numbers_count_empty_paragraphs() -> None:
    doc = read(DocxBuilder().heading("Helse og velferd", 1).empty(2)
               .heading("Innledning", 2).empty()
               .paragraph("Første avsnitt.").empty(3)
               .paragraph("  Andre avsnitt.").empty())
    assert outline(doc) == [(1, 1, "Helse og velferd", False, "style"),
                            (2, 4, "Innledning", False, "style")]
    assert blocks(doc) == [("paragraph", 6, 1, "Første avsnitt."),
                           ("paragraph", 10, 3, "Andre avsnitt.")]
    assert doc.line_count == 11
    assert doc.all_blocks()[1].position(6) == (10, 9)


def test_table_paragraphs_are_numbered_in_reading_order() -> None:
    doc = read(DocxBuilder().heading("Status og utfordringer", 2)
               .table([["Tiltak", "Mål"], ["Ladepunkter", "mål 2.1"]])
               .paragraph("Etter tabellen."))
    assert blocks(doc) == [("paragraph", 2, 1, "Tiltak"), ("paragraph", 3, 1, "Mål"),
                           ("paragraph", 4, 1, "Ladepunkter"), ("paragraph", 5, 1, "mål 2.1"),
                           ("paragraph", 6, 1, "Etter tabellen.")]
    assert doc.line_count == 6


def test_soft_hyphen_nbsp_tabs_and_line_breaks_are_normalised() -> None:
    doc = read(DocxBuilder().paragraph("folke\u00adhelse\u00a0arbeidet\tog\nmer",
                                       runs=["folke\u00adhelse\u00a0arbeidet", "\tog\nmer"]))
    assert blocks(doc) == [("paragraph", 1, 1, "folkehelse arbeidet og mer")]


def test_runs_in_hyperlinks_count_and_deleted_or_fallback_text_does_not() -> None:
    data = with_body(
        '<w:p><w:r><w:t xml:space="preserve">Se </w:t></w:r>'
        '<w:hyperlink><w:r><w:t>samfunnsdelen</w:t></w:r></w:hyperlink>'
        '<w:del><w:r><w:delText>slettet</w:delText></w:r></w:del>'
        '<w:moveFrom><w:r><w:t>flyttet</w:t></w:r></w:moveFrom>'
        '<w:r><w:t>.</w:t></w:r></w:p>'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:p><w:r><w:t>Boks</w:t></w:r></w:p>'
        '</mc:Choice><mc:Fallback><w:p><w:r><w:t>Kopi</w:t></w:r></w:p></mc:Fallback>'
        '</mc:AlternateContent>')
    doc = read_docx(data, "a.docx")
    assert blocks(doc) == [("paragraph", 1, 1, "Se samfunnsdelen."), ("paragraph", 2, 1, "Boks")]
    assert doc.line_count == 2


def test_docm_content_type_is_read() -> None:
    data = docx_from_markdown("# Helse og velferd\nTekst.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", macro)
    assert macro in types
    doc = read_docx(replace_member(data, "[Content_Types].xml", types), "kapittel.docm")
    assert outline(doc) == [(1, 1, "Helse og velferd", False, "style")]


def test_factory_markdown_subset_round_trips() -> None:
    doc = read_docx(docx_from_markdown("# Helse og velferd\n\n## Innledning\nTekst her.\n"
                                       "**Grønt samfunn**\n- Et punkt", keep_blank_lines=True),
                    "k.docx")
    assert outline(doc) == [(1, 1, "Helse og velferd", False, "style"),
                            (2, 3, "Innledning", False, "style"),
                            (2, 5, "Grønt samfunn", True, "bold")]
    assert blocks(doc) == [("paragraph", 4, 1, "Tekst her."), ("bullet", 6, 1, "Et punkt")]


# --- through the dispatcher -------------------------------------------------------------


@pytest.mark.parametrize("name", ["kapittel.docx", "-"])
def test_read_bytes_dispatches_docx_by_name_and_by_zip_magic(name: str) -> None:
    doc = read_bytes(docx_from_markdown("# Helse og velferd\n## Innledning\nTekst."), name)
    assert doc.source == "docx" and doc.path == name
    assert [h.text for h in doc.headings] == ["Helse og velferd", "Innledning"]


# --- refusing damaged and hostile files -------------------------------------------------


def refusal(data: bytes, name: str = "utkast.docx", **kwargs: object) -> InputError:
    with pytest.raises(InputError) as caught:
        read_docx(data, name, **kwargs)  # type: ignore[arg-type]
    error = caught.value
    assert error.path == name and name in str(error)
    assert "\n" not in error.message
    return error


def test_random_bytes_are_refused_with_the_file_name() -> None:
    error = refusal(bytes(range(256)) * 40, "tilfeldig.docx")
    assert error.message == "filen er skadet eller ikke et Word-dokument (.docx)"


def test_truncated_docx_is_refused() -> None:
    data = docx_from_markdown("# Helse og velferd\nTekst.")
    assert "skadet" in refusal(data[: len(data) // 2]).message


def test_corrupt_member_data_is_refused() -> None:
    data = bytearray(docx_from_markdown("# Helse og velferd\nTekst."))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + info.compress_size] = b"\xff" * info.compress_size
    assert "skadet" in refusal(bytes(data)).message


def test_zip_without_word_document_is_refused() -> None:
    data = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    assert "word/document.xml" in refusal(data).message


def test_encrypted_or_old_word_file_is_refused() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert "passordbeskyttet" in refusal(data).message


@pytest.mark.parametrize("xml", [
    "<w:p><w:r><w:t>uten slutt</w:r></w:p>",  # malformed XML
    "",  # well-formed, no text at all
])
def test_broken_or_empty_document_xml_is_refused(xml: str) -> None:
    refusal(with_body(xml))


def test_document_xml_of_another_kind_is_refused() -> None:
    data = replace_member(DocxBuilder().to_bytes(), "word/document.xml", b"<annet/>")
    assert "skadet" in refusal(data).message


def test_limits_on_members_size_and_text_apply() -> None:
    data = docx_from_markdown("# Helse og velferd\nTekst som er lengre enn ti tegn.")
    assert "for mange deler" in refusal(data, limits=Limits(max_docx_members=5)).message
    assert "pakker ut til" in refusal(data, limits=Limits(max_docx_uncompressed=100_000)).message
    assert "for lang" in refusal(data, limits=Limits(max_text_chars=20)).message


def test_highly_compressed_member_is_refused_by_ratio() -> None:
    data = zip_bomb(20 * MB, member="word/media/bilde.bin", chunk=bytes(64 * 1024),
                    extra={"word/document.xml": "<w:document/>"})
    assert "komprimert" in refusal(data).message


def test_zip_bomb_is_refused_quickly_without_inflating() -> None:
    bomb = zip_bomb(300 * MB)  # about 450 kB on disk
    assert len(bomb) < 2 * MB
    started = time.perf_counter()
    python_peak, rss_growth = peak_memory(lambda: refusal(bomb))
    assert time.perf_counter() - started < 2
    assert python_peak < 50 * MB and rss_growth < 50 * MB


def test_a_member_that_understates_its_size_is_refused_without_inflating_it() -> None:
    body = b"<w:p/>" * (150 * MB // 6)                 # about 150 kB compressed, claims 40 kB
    hostile = understate_size(replace_member(DocxBuilder().to_bytes(), "word/document.xml", body),
                              "word/document.xml", 40_000)
    del body
    python_peak, rss_growth = peak_memory(lambda: refusal(hostile))
    assert "skadet" in refusal(hostile).message
    assert python_peak < 50 * MB and rss_growth < 50 * MB


def _entities(depth: int) -> str:
    declarations = '<!ENTITY lol0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, depth + 1))
    return f"<!DOCTYPE w:document [{declarations}]>"


def test_billion_laughs_does_not_expand() -> None:
    # 10^9 × 30 bytes if expanded; the XML itself is under 2 kB, within every limit.
    data = with_body("<w:p><w:r><w:t>Tekst &lol9; slutt</w:t></w:r></w:p>", _entities(9))
    outcome: list[object] = []

    def attempt() -> None:
        try:
            outcome.append(read_docx(data, "latter.docx"))
        except InputError as error:
            outcome.append(error)

    python_peak, rss_growth = peak_memory(attempt)
    assert python_peak < 50 * MB and rss_growth < 50 * MB
    if isinstance(outcome[0], Document):
        assert "lol" not in " ".join(b.text for b in outcome[0].all_blocks())
    else:
        assert isinstance(outcome[0], InputError) and outcome[0].path == "latter.docx"


def test_small_entity_stays_unexpanded() -> None:
    doc = read_docx(with_body("<w:p><w:r><w:t>Tekst &lol2; slutt</w:t></w:r></w:p>",
                              _entities(2)), "latter.docx")
    assert blocks(doc) == [("paragraph", 1, 1, "Tekst  slutt")]



def test_xml_over_its_own_cap_is_refused_even_when_it_compresses_normally() -> None:
    import random

    rng = random.Random(7)
    words = " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyzæøå") for _ in range(8)) for _ in range(40_000))
    docx = replace_member(DocxBuilder().paragraph("Innledning").to_bytes(), "word/extra.xml",
                          f"<x>{words}</x>")
    with pytest.raises(InputError, match="XML; grensen er") as raised:
        read_docx(docx, "stor.docx", limits=Limits(max_docx_xml=200_000))
    assert raised.value.path == "stor.docx"
    assert read_docx(docx, "stor.docx").line_count >= 1  # the default cap lets it through
