"""Priorities match across documents by goal ids and lemma overlap, robust to rewording."""

from __future__ import annotations

from pathlib import Path

import pytest

from planvakt.linting.golden.config import Matching, golden_config
from planvakt.linting.golden.matching import (
    _split,
    bag_of,
    is_duplicate,
    is_match,
    similarity,
    strip_references,
)
from planvakt.linting.rulepack.loader import load_pack

MATCHING = Matching()

# (HØP priority, its goals) ~ (a unit's or the report's rewording, its goals)
PARAPHRASES = [
    (("Alle skoler tar i bruk det nye programmet mot mobbing innen 2022.", ("1.5",)),
     ("Skolen tar i bruk mobbeprogrammet på alle trinn fra høsten.", ("1.5",))),
    (("Vi faser ut fossil oppvarming i alle barnehager innen 2023.", ("2.1",)),
     ("Barnehagen fjerner oljefyren og faser ut all fossil oppvarming.", ("2.1",))),
    (("Vi samler rus- og psykisk helsearbeid i ett team med kortere ventetid.", ("1.2",)),
     ("Vi lager felles rutiner med teamet for rus og psykisk helse, så brukerne venter kortere.", ("1.2",))),
    (("Vi utvider samarbeidet med næringslivet om yrkesfag, slik at flere ungdommer får læreplass.", ("3.3",)),
     ("Samarbeid om yrkesfag og læreplasser.", ("3.3",))),
    # one side cites no goal: more shared words are needed, and they are there
    (("Vi tar imot flere lærlinger i helsefagarbeiderfaget, sammen med videregående skoler.", ("3.3",)),
     ("Hvert år tar vi imot lærlinger i helsefagarbeiderfaget.", ())),
    (("Vi gir flere eldre hjelp til å bo trygt hjemme, med trygghetsalarm og digitalt tilsyn.", ()),
     ("Eldre skal bo trygt hjemme lenger, med digitalt tilsyn og trygghetsalarm.", ())),
]

NON_MATCHES = [
    # the same goal, but another priority
    (("Familier med lav inntekt får gratis fritidsaktiviteter for barna gjennom Fritidskortet.", ("1.3",)),
     ("Elevene får gratis leksehjelp på biblioteket to dager i uka.", ("1.3",))),
    (("Vi gir flere eldre hjelp til å bo trygt hjemme, med trygghetsalarm og digitalt tilsyn.", ("1.2",)),
     ("Alle ansatte får opplæring i hverdagsrehabilitering.", ("1.2",))),
    # the same words, but goals that have nothing in common
    (("Vi bygger sykkelparkering under tak ved alle skoler.", ("2.1",)),
     ("Vi bygger sykkelparkering under tak ved alle skoler.", ("3.4",))),
    # compounds that only share a part are different words
    (("Nye lekeplasser og gatetun i parken.", ("1.4",)),
     ("Nye møteplasser og gatekunst i parken.", ("1.5", "1.4"))),
    # no goal on one side, and only one content word in common
    (("Vi styrker tidlig innsats i barnehagen.", ("1.1",)),
     ("Barnehagen får en ny lekeplass.", ())),
]


def _check(a: tuple[str, tuple[str, ...]], b: tuple[str, tuple[str, ...]], matching: Matching = MATCHING):
    return is_match(a[1], bag_of(a[0], "nb", matching), b[1], bag_of(b[0], "nb", matching), matching)


@pytest.mark.parametrize("hop, other", PARAPHRASES)
def test_a_reworded_priority_matches(hop, other) -> None:
    assert _check(hop, other) is not None
    assert _check(other, hop) is not None  # symmetric


@pytest.mark.parametrize("hop, other", NON_MATCHES)
def test_a_different_priority_does_not_match(hop, other) -> None:
    assert _check(hop, other) is None


def test_compounds_are_split_into_known_words() -> None:
    assert _split("sykkelparkering", "nb") == ("sykkel", "parkering")
    assert _split("fritidskort", "nb")[-1] == "kort"  # fritid+s+kort, not fritid+skort
    assert _split("mobbeprogram", "nb")[-1] == "program"


def test_compounds_sharing_only_a_part_are_different_words() -> None:
    playground, meeting_place = bag_of("lekeplasser", "nb", MATCHING), bag_of("møteplasser", "nb", MATCHING)
    assert similarity(playground, meeting_place).shared == 0
    assert similarity(bag_of("sykkelparkering", "nb", MATCHING), bag_of("parkering for sykler", "nb", MATCHING)).shared == 1


def test_goal_references_are_not_words_to_compare(pack) -> None:
    text = strip_references("Tidlig innsats (Oppvekst og utdanning, mål 1.1) for alle barn", pack.citation)
    assert "1.1" not in text and "Oppvekst" not in text and "Tidlig innsats" in text


def test_near_duplicates_need_much_the_same_words_both_ways() -> None:
    first = bag_of("Alle skoler får sykkelparkering under tak, og elevene oppfordres til å sykle.", "nb", MATCHING)
    second = bag_of("Vi bygger sykkelparkering under tak ved alle skoler, slik at flere elever sykler.", "nb", MATCHING)
    third = bag_of("Vi bygger nye skoler med god ventilasjon og store uteområder i sentrum.", "nb", MATCHING)
    assert is_duplicate(first, second, MATCHING) is not None
    assert is_duplicate(first, third, MATCHING) is None


def test_thresholds_come_from_the_pack(tmp_path: Path) -> None:
    strict = tmp_path / "streng.yaml"
    strict.write_text("extends: virksomhetsplan\nname: streng\ngolden:\n  matching:\n    with_goal: 0.95\n",
                      encoding="utf-8")
    hop, other = PARAPHRASES[0]
    assert _check(hop, other, golden_config(load_pack("virksomhetsplan")).matching) is not None
    assert _check(hop, other, golden_config(load_pack(str(strict))).matching) is None


def test_stopwords_from_the_pack_are_ignored(tmp_path: Path) -> None:
    custom = tmp_path / "ord.yaml"
    custom.write_text("extends: virksomhetsplan\nname: ord\ngolden:\n  matching:\n    stopwords: [trinn]\n",
                      encoding="utf-8")
    matching = golden_config(load_pack(str(custom))).matching
    lemmas = bag_of("Ekstra lærer på 1.–4. trinn", "nb", matching).lemmas
    assert "trinn" not in lemmas and "lærer" in lemmas
