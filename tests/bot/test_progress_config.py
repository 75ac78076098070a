"""The progress settings in planvakt.yaml: the documented example loads, and mistakes name file, line and fix."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from planvakt.bot.config import BotConfig, ConfigError, load_config
from planvakt.bot.progress.settings import DigestSettings, ReminderSettings, SectorConfig

EXAMPLE = Path(__file__).parents[2] / "examples" / "planvakt.yaml"


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_documented_example_loads_with_every_setting() -> None:
    config = load_config(str(EXAMPLE))
    assert config.coordinators == ("U0KOORD01", "U0KOORD02")
    assert [s.id for s in config.sectors] == ["oppvekst", "helse", "byutvikling"]
    assert config.sectors[0] == SectorConfig(id="oppvekst", name="Oppvekst og utdanning", owner="U0OPPVEKST",
                                             writers=("U0SKRIV01", "U0SKRIV02"), deadline=date(2024, 10, 15))
    assert config.sectors[2].aliases == ("Byutvikling", "Samfunnsutvikling")
    assert config.reminders == ReminderSettings(days_before_deadline=(7, 2, 0), time=time(9, 0))
    assert config.digest == DigestSettings(weekday=0, time=time(8, 0), channel=None)
    assert config.timezone == "Europe/Oslo" and config.keep_draft_text is False


def test_defaults_without_progress_settings(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "p.yaml", "rules: sektorkapittel\n"))
    assert config.sectors == () and config.coordinators == () and config.digest is None
    assert config.reminders.days_before_deadline == (7, 2) and config.timezone == "Europe/Oslo"
    assert BotConfig().reminders == config.reminders


def test_a_relative_sqlite_store_lies_beside_the_config_file(tmp_path: Path) -> None:
    folder = tmp_path / "etc"
    folder.mkdir()
    config = load_config(write(folder / "planvakt.yaml", "store: sqlite:///data/planvakt.db\n"))
    assert config.store == f"sqlite:///{(folder / 'data' / 'planvakt.db').resolve()}"   # the same from any folder
    absolute = load_config(write(folder / "planvakt.yaml", f"store: sqlite:///{tmp_path / 'a.db'}\n"))
    assert absolute.store == f"sqlite:///{tmp_path / 'a.db'}"


def test_values_are_read_the_way_people_write_them(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "p.yaml", """\
coordinators: U0KOORD01
sectors:
  - id: Oppvekst
    name: Oppvekst og utdanning
    owner: "@u0oppvekst"
    deadline: 15.10.2024
reminders:
  days_before_deadline: 3
  time: 10:30
digest: {weekday: Fredag, time: "7.45", channel: "#C0KOORD1"}
timezone: America/New_York
keep_draft_text: true
"""))
    assert config.coordinators == ("U0KOORD01",)
    assert config.sectors[0].id == "oppvekst" and config.sectors[0].owner == "U0OPPVEKST"
    assert config.sectors[0].deadline == date(2024, 10, 15)
    assert config.reminders == ReminderSettings(days_before_deadline=(3,), time=time(10, 30))  # YAML's 630
    assert config.digest == DigestSettings(weekday=4, time=time(7, 45), channel="C0KOORD1")
    assert config.timezone == "America/New_York" and config.keep_draft_text is True


@pytest.mark.parametrize("text, line, words", [
    ("sektors: []\n", 1, ["ukjent nøkkel «sektors»", "Mente du «sectors»?"]),
    ("coordinator: [U0KOORD01]\n", 1, ["Mente du «coordinators»?"]),
    ("sectors:\n  - id: a\n    name: A\n    ower: U0AAAAAA\n", 4,
     ["ukjent nøkkel «ower» under «sectors[1]»", "Mente du «owner»?"]),
    ("sectors:\n  - id: a\n    name: A\n    deadlne: 2024-10-01\n", 4, ["Mente du «deadline»?"]),
    ("reminders:\n  days_before: [7]\n", 2, ["ukjent nøkkel «days_before» under «reminders»",
                                             "Mente du «days_before_deadline»?"]),
    ("digest:\n  weekday: mandag\n  tid: '08:00'\n", 3, ["ukjent nøkkel «tid» under «digest»"]),
    ("sectors:\n  - id: a\n    name: A\n    owner: Kari Nordmann\n", 4,
     ["«sectors[1].owner» skal være en Slack-bruker-id", "Kopier medlems-ID"]),
    ("sectors:\n  - id: a\n    name: A\n    deadline: neste fredag\n", 4, ["skal være en dato som 2024-10-15"]),
    ("sectors:\n  - id: a\n    name: A\n  - id: a\n    name: B\n", 4, ["«a» er brukt to ganger"]),
    ("sectors:\n  - id: to ord\n    name: A\n", 2, ["ett ord uten mellomrom"]),
    ("sectors:\n  - name: A\n", 2, ["sektor nr. 1 mangler «id»"]),
    ("reminders:\n  days_before_deadline: [7, sju]\n", 2, ["liste med antall dager"]),
    ("reminders:\n  time: '25:00'\n", 2, ["klokkeslett"]),
    ("reminders:\n  time: 9\n", 2, ["klokkeslett som \"09:00\""]),       # not 00:09
    ("sectors:\n  - id: a\n    name: A\n    deadline: 2024-02-30\n", 4, ["«2024-02-30» er ikke en gyldig dato"]),
    ("digest:\n  weekday: fredagen\n", 2, ["en ukedag"]),
    ("digest:\n  time: '08:00'\n", 2, ["trenger «weekday»"]),
    ("digest:\n  weekday: 1\n  channel: koordinering\n", 3, ["kanal-id"]),
    ("timezone: Europa/Oslo\n", 1, ["ukjent tidssone «Europa/Oslo»"]),
    ("keep_draft_text: kanskje\n", 1, ["true eller false"]),
])
def test_mistakes_name_the_file_line_and_key(tmp_path: Path, text: str, line: int, words: list[str]) -> None:
    path = write(tmp_path / "planvakt.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert (caught.value.path, caught.value.line) == (path, line), caught.value
    for word in words:
        assert word in caught.value.message, caught.value.message
