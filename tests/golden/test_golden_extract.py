"""Reading priorities (and an annual report's answers) into records the bot can store."""

from __future__ import annotations

import pytest

from planvakt.linting.golden.config import golden_config
from planvakt.linting.golden.extract import (
    DocumentPriorities,
    clean_text,
    document_name,
    read_priorities,
    split_answer,
)
from planvakt.linting.readers import read_string
from planvakt.linting.rulepack.loader import load_pack


@pytest.mark.parametrize("written, expected", [
    ("Vi styrker tidlig innsats (mål 1.1).", "Vi styrker tidlig innsats."),
    ("Vi gjør mer for klimaet, jf. samfunnsdelens mål 2.1.", "Vi gjør mer for klimaet."),
    ("Vi gjør mer (HØP Oppvekst og utdanning, mål 1.1)", "Vi gjør mer"),
    ("Vi gjør mer for flere (målene 1.2 og 1.3).", "Vi gjør mer for flere."),
    ("Mål 1.1 er viktig, så vi gjør mer.", "Mål 1.1 er viktig, så vi gjør mer."),  # not at the end: kept
    ("Vi gjør\n  mer   (mål 1.1).", "Vi gjør mer."),
])
def test_the_goal_reference_at_the_end_is_removed_from_the_text(pack, written, expected) -> None:
    assert clean_text(written, pack) == expected


ANSWERS = [
    ("Tidlig innsats (mål 1.1). Oppnådd: Alle barnehagene har et team.", "achieved",
     "Alle barnehagene har et team.", "Tidlig innsats (mål 1.1)."),
    ("Oppnådd. Alle barnehagene har et team.", "achieved", "Alle barnehagene har et team.", ""),
    ("Sykkelparkering ved skolene. Status: delvis oppnådd – fem av ti skoler er ferdige.", "partly",
     "fem av ti skoler er ferdige.", "Sykkelparkering ved skolene."),
    ("Mobbeprogram (mål 1.5). **Ikke oppnådd.** Programmet ble utsatt til 2022.", "not",
     "Programmet ble utsatt til 2022.", "Mobbeprogram (mål 1.5)."),
    ("Fritidskortet. Ikkje oppnådd: Ordninga vart utsett.", "not", "Ordninga vart utsett.", "Fritidskortet."),
    # a status word inside a sentence is not a label
    ("Innført nytt mobbeprogram på alle skoler.", None, "", "Innført nytt mobbeprogram på alle skoler."),
    ("Vi har oppnådd mye med programmet.", None, "", "Vi har oppnådd mye med programmet."),
]


@pytest.mark.parametrize("text, status, answer, priority", ANSWERS)
def test_an_answer_is_a_status_label_and_a_sentence(text, status, answer, priority) -> None:
    assert split_answer(text, golden_config(load_pack("arsrapport"))) == (status, answer, priority)


@pytest.mark.parametrize("title, name", [
    ("Virksomhetsplan 2021 – Nordbyen skole", "Nordbyen skole"),
    ("Virksomhetsplan for Solsiden barnehage 2021–2024", "Solsiden barnehage"),
    ("Virksomhetsplan 2021", "Virksomhetsplan 2021"),  # nothing left: the title itself
])
def test_a_unit_is_named_by_its_title(title, name) -> None:
    pack = load_pack("virksomhetsplan")
    assert document_name(title, "x.md", pack) == name


def test_a_document_without_title_is_named_by_its_file() -> None:
    assert document_name(None, "hop/helse-og-velferd.md") == "Helse og velferd"


CHAPTER = """# 3 Helse og velferd

## Innledning

Prioriteringene bygger på kommuneplanens samfunnsdel.

## Prioriteringer

### Godt liv for alle

- Vi gir flere eldre hjelp til å bo trygt hjemme (mål 1.2).
- Hjemmetjenesten bytter til elbiler innen 2023 (mål 2.1).

### Grønt samfunn

Kommer.

### Regional vekst

- Vi tar imot flere lærlinger (mål 3.3).
"""


def test_priorities_are_read_with_sector_goals_and_home_area(pack) -> None:
    found = read_priorities(read_string(CHAPTER, "helse.md"), pack)
    assert found.name == "Helse og velferd"  # numbering removed
    assert [(p.area, p.goals, p.written_under) for p in found.priorities] == [
        ("S1", ("1.2",), "S1"), ("S2", ("2.1",), "S1"), ("S3", ("3.3",), "S3")]
    assert [p.line for p in found.priorities] == [11, 12, 20]
    assert found.priorities[1].text == "Hjemmetjenesten bytter til elbiler innen 2023."


def test_stored_records_round_trip(pack) -> None:
    found = read_priorities(read_string(CHAPTER, "helse.md"), pack)
    again = DocumentPriorities.from_dict(found.to_dict())
    assert again == found
    assert "written_under" in found.to_dict()["priorities"][1]  # the moved one says where it stood
