"""The Norwegian-aware sentence segmenter, the word count, and what sentence and LIX rules skip.

Each case is one of the misreadings issue 10 found on real chapters.
"""

from __future__ import annotations

import pytest

from planvakt.linting.document import Block, Document, Heading
from planvakt.linting.engine import lint_document
from planvakt.linting.nlp.pipeline import get_pipeline
from planvakt.linting.readers import read_string
from planvakt.linting.rulepack.loader import load_pack


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    pack = load_pack()
    return get_pipeline("nb", None, pack.abbreviations, pack.final_abbreviations)


def sentences(nlp, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [sentence.text.strip() for sentence in nlp(text).sents]


def words(nlp, text: str) -> int:  # type: ignore[no-untyped-def]
    return int(nlp(text).user_data["planvakt"]["words"])


@pytest.mark.parametrize("text, expected", [
    # a full stop after a year, a number, a closing parenthesis or a citation ends the sentence
    ("Ordningen startet i september 2022. Dette ga flere plasser.",
     ["Ordningen startet i september 2022.", "Dette ga flere plasser."]),
    ("Alle bygg skal være fossilfrie innen 2030. Neste steg er skolene.",
     ["Alle bygg skal være fossilfrie innen 2030.", "Neste steg er skolene."]),
    ("Tiltaket koster 3,5 mill. kr. Vi dekker det innenfor rammen.",
     ["Tiltaket koster 3,5 mill. kr.", "Vi dekker det innenfor rammen."]),
    ("Vi styrker innsatsen (mål 2.1). Dette gjelder alle skolene.",
     ["Vi styrker innsatsen (mål 2.1).", "Dette gjelder alle skolene."]),
    ("Tiltaket følger opp samfunnsdelen, jf. mål 2.1. Det gjelder hele perioden.",
     ["Tiltaket følger opp samfunnsdelen, jf. mål 2.1.", "Det gjelder hele perioden."]),
    ("Antallet elever var 412. Neste år blir det færre.",
     ["Antallet elever var 412.", "Neste år blir det færre."]),
    ("Han sa at dette «haster.» Så ble det vedtatt.", ["Han sa at dette «haster.»", "Så ble det vedtatt."]),
    # abbreviations that never end a sentence
    ("Regjeringen omtaler dette i Meld. St. 6 (2019–2020) om tidlig innsats. Den gjelder også oss.",
     ["Regjeringen omtaler dette i Meld. St. 6 (2019–2020) om tidlig innsats.", "Den gjelder også oss."]),
    ("Se St.meld. nr. 3 og Prop. 1 S (2023–2024) for bakgrunnen. Vi følger dem opp.",
     ["Se St.meld. nr. 3 og Prop. 1 S (2023–2024) for bakgrunnen.", "Vi følger dem opp."]),
    ("Tilskuddet følger Innst. 12 S og Ot.prp. nr. 4 fra departementet.",
     ["Tilskuddet følger Innst. 12 S og Ot.prp. nr. 4 fra departementet."]),
    ("Vi bruker bl.a. midler fra staten, jf. NOU 2023: 4 og kap. 3 pkt. 2 i planen.",
     ["Vi bruker bl.a. midler fra staten, jf. NOU 2023: 4 og kap. 3 pkt. 2 i planen."]),
    ("Vi gir tilbud til ca. 300 barn, f.eks. i Nordbyen, inkl. Sørsida, iht. planen.",
     ["Vi gir tilbud til ca. 300 barn, f.eks. i Nordbyen, inkl. Sørsida, iht. planen."]),
    # abbreviations that may end one, before a capital letter
    ("Vi kjøper utstyr, møbler osv. Resten venter til 2026.", ["Vi kjøper utstyr, møbler osv.",
                                                               "Resten venter til 2026."]),
    ("Det gjelder lønn, husleie m.m. Vi ser på alt.", ["Det gjelder lønn, husleie m.m.", "Vi ser på alt."]),
    ("Rammen er 4 mrd. kroner i året.", ["Rammen er 4 mrd. kroner i året."]),
    # ordinals in dates do not end a sentence
    ("Planen gjelder fra 1. september og til den 3. mai neste år.",
     ["Planen gjelder fra 1. september og til den 3. mai neste år."]),
    # runs of spaces and tabs are one space
    ("Vi bygger to barnehager.  Den første åpner i august.", ["Vi bygger to barnehager.",
                                                             "Den første åpner i august."]),
    ("Vi bygger to barnehager.\tDen første åpner i august.   Den andre\t\tventer.",
     ["Vi bygger to barnehager.", "Den første åpner i august.", "Den andre\t\tventer."]),
])
def test_sentence_splits(nlp, text: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert sentences(nlp, text) == expected


@pytest.mark.parametrize("text, count", [
    ("Prisen er kr 11 400 per plass.", 6),                  # «11 400» is one word
    ("Rammen er 1 324 000 kroner.", 4),
    ("Rammen er 1\u00a0324\u202f000 kroner og 11\u2009400 til.", 7),  # no-break and thin spaces
    ("I 2022 400 nye elever.", 5),                           # a year is not a leading group
    ("Mellom 12 og 400 elever.", 5),                         # words between: two numbers
])
def test_grouped_numbers_are_one_word(nlp, text: str, count: int) -> None:  # type: ignore[no-untyped-def]
    assert words(nlp, text) == count


def test_sentence_count_in_stats() -> None:
    text = ("# Oppvekst\n\n## Innledning\n\nOrdningen startet i september 2022. Dette ga flere plasser. "
            "Se Meld. St. 6 (2019–2020) om dette.  Den sier mye. Prisen er kr 11 400.\n")
    report = lint_document(read_string(text, "utkast.md", markdown=True), load_pack())
    assert report.stats["sentences"] == 5
    assert report.stats["words"] == 23


def _long_rule(report) -> list:  # type: ignore[no-untyped-def]
    return [f for f in report.findings if f.rule == "sentence-length"]


def test_a_pasted_budget_table_is_not_one_long_sentence() -> None:
    table = ("Tjeneste Regnskap 2023 Budsjett 2024 Budsjett 2025 Barnehage 120 400 131 200 140 000 Skole "
             "300 100 310 500 320 900 Helsestasjon 12 300 12 900 13 100 Sum 432 800 454 600 474 000")
    text = f"# Oppvekst\n\n## Status og utfordringer\n\nTabellen viser rammene.\n\n{table}\n"
    report = lint_document(read_string(text, "utkast.md", markdown=True), load_pack())
    assert _long_rule(report) == []
    prose = ("Vi skal bygge to nye barnehager i sentrum i perioden, og vi skal samtidig pusse opp de eldste "
             "skolebyggene i de ytre bydelene slik at elevene i 2025 og 2026 får et bedre inneklima.")
    report = lint_document(read_string(f"{text}\n{prose}\n", "utkast.md", markdown=True), load_pack())
    assert len(_long_rule(report)) == 1   # prose with a few figures in it still counts


def _document(kind: str) -> Document:
    row = " ".join(f"Tjenesteområde nummer {i} har fått en ramme som er høyere enn i fjor og i forfjor"
                   for i in range(4))
    heading = Heading(text="Status og utfordringer", level=2, line=3)
    heading.blocks = [Block(kind="paragraph", text="Tabellen under viser rammene.", line=5),
                      Block(kind=kind, text=row, line=7)]  # type: ignore[arg-type]
    return Document(path="utkast.md", source="markdown", line_count=8,
                    headings=[Heading(text="Oppvekst", level=1, line=1), heading])


def test_sentence_and_lix_rules_skip_table_blocks() -> None:
    pack = load_pack()
    as_paragraph = lint_document(_document("paragraph"), pack)
    assert [f.line for f in _long_rule(as_paragraph)] == [7]
    as_table = lint_document(_document("table"), pack)
    assert _long_rule(as_table) == []
    assert as_table.stats["lix"] != as_paragraph.stats["lix"]   # the table's words are not in the chapter's LIX
    assert as_table.stats["words_per_sentence"] == 4.0           # only «Tabellen under viser rammene.»
