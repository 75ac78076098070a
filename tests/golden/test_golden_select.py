"""Choosing the pack from a document's title (`match_title` in each pack)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planvakt.linting.cli import main
from planvakt.linting.readers import read_string
from planvakt.linting.rulepack.loader import load_pack
from planvakt.linting.rulepack.select import candidates_for_title, document_title, pack_for_title

from .conftest import EXAMPLES, HOP, PLANS, REPORT


@pytest.mark.parametrize("title, expected", [
    ("Virksomhetsplan 2021 – Nordbyen skole", "virksomhetsplan"),
    ("Nordbyen skoles virksomhetsplan for 2021", "virksomhetsplan"),
    ("VIRKSOMHETSPLANEN 2021", "virksomhetsplan"),
    ("Verksemdsplan 2021 – Solsida barnehage", "virksomhetsplan"),
    ("Årsrapport 2021", "arsrapport"),
    ("Årsmelding for 2020", "arsrapport"),
    ("Oppvekst og utdanning", None),
    ("Årsrapport og virksomhetsplan 2021", None),  # unclear: the bot asks
    ("", None),
    (None, None),
])
def test_pack_for_title(title, expected) -> None:
    assert pack_for_title(title) == expected


def test_an_unclear_title_names_every_candidate() -> None:
    assert sorted(candidates_for_title("Årsrapport og virksomhetsplan 2021")) == ["arsrapport", "virksomhetsplan"]


def test_a_word_must_start_with_the_title_word() -> None:
    assert pack_for_title("Kommunens nye planvirksomhetsplan") is None


def test_match_title_is_data(tmp_path: Path) -> None:
    custom = tmp_path / "budsjett.yaml"
    custom.write_text("extends: sektorkapittel\nname: budsjett\nmatch_title: [budsjettnotat]\n", encoding="utf-8")
    assert pack_for_title("Budsjettnotat 2022", [custom, "virksomhetsplan"]) == "budsjett"
    assert pack_for_title("Budsjettnotat 2022") is None


def test_document_title() -> None:
    assert document_title(read_string("# Årsrapport 2021\n\n## Innledning\n\nTekst.\n")) == "Årsrapport 2021"
    assert document_title(read_string("Virksomhetsplan 2021\n\nOm enheten\n\nTekst her.\n", markdown=False)) \
        == "Virksomhetsplan 2021"


def test_check_picks_the_pack_by_title_when_no_rules_are_given(capsys, monkeypatch) -> None:
    monkeypatch.delenv("PLANVAKT_RULES", raising=False)
    paths = [str(HOP / "helse-og-velferd.md"), str(PLANS / "nordbyen-skole.md"), str(REPORT)]
    main(["check", "--format", "json", *paths])
    files = json.loads(capsys.readouterr().out)["files"]
    assert [f["ruleset"] for f in files] == ["sektorkapittel", "virksomhetsplan", "arsrapport"]


def test_check_with_rules_uses_that_pack_for_every_file(capsys, monkeypatch) -> None:
    monkeypatch.delenv("PLANVAKT_RULES", raising=False)
    main(["check", "--format", "json", "--rules", "sektorkapittel", str(REPORT)])
    assert json.loads(capsys.readouterr().out)["files"][0]["ruleset"] == "sektorkapittel"


def test_check_says_when_a_title_is_unclear(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("PLANVAKT_RULES", raising=False)
    draft = tmp_path / "uklar.md"
    draft.write_text((EXAMPLES / "oppvekst.md").read_text(encoding="utf-8").replace(
        "# Oppvekst og utdanning", "# Årsrapport og virksomhetsplan 2021", 1), encoding="utf-8")
    main(["check", "--format", "json", str(draft)])
    captured = capsys.readouterr()
    assert json.loads(captured.out)["files"][0]["ruleset"] == load_pack().name
    assert "passer til flere regelpakker" in captured.err and str(draft) in captured.err
