"""The progress core without Slack: which sector a draft is for, who may see and do what, status,
assignments, export, owner updates, reminders and the digest. A settable clock; a notifier that records."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from drafts import (
    CLEAN_IN_SLACK,
    HEALTH_CHAPTER,
    SECRET,
    UNTITLED,
    WITH_GAPS,
    docx_sections,
    long_draft,
)
from progress_fixtures import (
    BOTH,
    COORDINATOR,
    HEALTH_OWNER,
    HEALTH_WRITER,
    NEW_OWNER,
    OUTSIDER,
    OWNER,
    START,
    WRITER,
    Clock,
)

from planvakt.bot.chat import render
from planvakt.bot.config import BotConfig
from planvakt.bot.core import Command, Conversation, Message, ReplyKind
from planvakt.bot.progress.model import Overview, SectorChoice, SectorDetail
from planvakt.bot.progress.service import Note, ProgressService
from planvakt.bot.progress.wiring import progress_of
from planvakt.bot.scheduler import Scheduler
from planvakt.bot.startup import open_conversation
from planvakt.bot.store import SqlStore

HEALTH_DRAFT = long_draft(3)


@dataclass
class RecordingNotifier:
    sent: list[tuple[str, str, Note]] = field(default_factory=list)   # (kind, to, note)

    async def direct(self, user: str, note: Note) -> None:
        self.sent.append(("dm", user, note))

    async def post(self, channel: str, note: Note) -> None:
        self.sent.append(("channel", channel, note))

    def to(self, who: str) -> list[str]:
        return [note.text for _, to, note in self.sent if to == who]


@dataclass
class Core:
    conversation: Conversation
    service: ProgressService
    store: SqlStore
    notifier: RecordingNotifier
    clock: Clock
    scheduler: Scheduler

    async def say(self, user: str, text: str):
        return await self.conversation.handle(Message(user, text))

    async def command(self, user: str, text: str):
        return await self.conversation.handle(Command(user, text))

    async def versions(self, sector: str) -> list:
        return await self.service.store.history(sector)


@pytest.fixture
async def core(sector_config: BotConfig, clock: Clock) -> AsyncIterator[Core]:
    conversation, store, linter = await open_conversation(sector_config, clock=clock)
    service = progress_of(conversation)
    assert service is not None
    notifier = RecordingNotifier()
    service.notifier = notifier
    yield Core(conversation, service, store, notifier, clock, Scheduler(service, notifier))
    linter.close()
    await store.close()


# --- which sector a draft is for ---------------------------------------------------------------


async def test_a_writers_draft_is_filed_under_their_sector_and_the_owner_hears_at_most_hourly(core: Core) -> None:
    replies = await core.say(WRITER, WITH_GAPS)
    assert [r.kind for r in replies] == [ReplyKind.FEEDBACK]            # the writer just gets the feedback
    [version] = await core.versions("oppvekst")
    assert (version.user, version.summary.done, version.summary.total, version.summary.errors) == (WRITER, 4, 8, 5)
    [update] = core.notifier.to(OWNER)
    assert update.startswith(f"📄 *Oppvekst og utdanning*: nytt utkast fra <@{WRITER}> i dag kl. 10.00 – 4/8 på plass")
    assert "Gjenstår: Status og utfordringer (mangler), Grønt samfunn (tom)" in update
    assert "Frist 15. okt. (om 14 dager)." in update

    core.clock.advance(minutes=10)
    await core.say(BOTH, CLEAN_IN_SLACK)                                # another writer, same sector
    core.clock.advance(minutes=10)
    await core.say(WRITER, WITH_GAPS)
    assert len(await core.versions("oppvekst")) == 3
    assert len(core.notifier.to(OWNER)) == 1                            # not within the hour
    await core.scheduler.run_once(START + timedelta(minutes=59))
    assert len(core.notifier.to(OWNER)) == 1
    core.clock.now = START + timedelta(hours=1)
    done = await core.scheduler.run_once()
    assert done.updates == 1
    later = core.notifier.to(OWNER)[1]                                  # the newest version, once the hour is up
    assert f"fra <@{WRITER}> i dag kl. 10.20 – 4/8 på plass (var 8/8)" in later
    assert (await core.scheduler.run_once()).updates == 0

    core.clock.advance(hours=2)
    await core.say(OWNER, CLEAN_IN_SLACK)                               # the owner's own draft: no note to self
    assert len(core.notifier.to(OWNER)) == 2
    assert all(SECRET not in text for _, _, note in core.notifier.sent for text in [note.text])


async def test_drafts_are_kept_without_their_text(core: Core) -> None:
    await core.say(WRITER, WITH_GAPS)
    async with core.store.engine.connect() as conn:
        rows = (await conn.execute(sa.text("SELECT * FROM draft_versions"))).all()
    assert len(rows) == 1 and SECRET not in repr(rows) and "Oppvekst og utdanning" not in repr(rows[0].id)
    assert rows[0].draft_text is None


@pytest.mark.parametrize("options", [{"extra": "keep_draft_text: true\n"}])
async def test_draft_text_is_kept_when_the_config_asks(core: Core) -> None:
    await core.say(WRITER, WITH_GAPS)
    async with core.store.engine.connect() as conn:
        [text] = (await conn.execute(sa.text("SELECT draft_text FROM draft_versions"))).scalars().all()
    assert SECRET in text


async def test_the_title_names_the_sector_and_ambiguity_is_asked_with_buttons(core: Core) -> None:
    await core.say(BOTH, WITH_GAPS)                                     # in two sectors; the title says which
    assert [v.user for v in await core.versions("oppvekst")] == [BOTH]

    [_, question] = await core.say(BOTH, UNTITLED)                      # the title names neither
    assert question.kind is ReplyKind.CHOICE and isinstance(question.view, SectorChoice)
    assert question.view.options == (("oppvekst", "Oppvekst og utdanning"), ("helse", "Helse og velferd"))
    assert "`/planvakt sektor <id>`" in question.text
    assert await core.versions("helse") == []                           # nothing filed until they answer
    [answer] = await core.command(BOTH, "sektor helse")
    assert answer.text == "✅ Lagret som ny versjon for *Helse og velferd* – 4/8 på plass."
    assert [v.user for v in await core.versions("helse")] == [BOTH]
    [again] = await core.command(BOTH, "sektor oppvekst")
    assert "ingen utkast fra deg som venter" in again.text

    [_, other] = await core.say(HEALTH_WRITER, WITH_GAPS)               # the title names a sector not theirs
    assert other.view.options == (("helse", "Helse og velferd"),)
    assert other.view.title_named == "Oppvekst og utdanning"
    [skipped] = await core.command(HEALTH_WRITER, "sektor ingen")
    assert "lagrer ikke" in skipped.text and len(await core.versions("helse")) == 1

    core.clock.advance(minutes=1)
    await core.say(COORDINATOR, HEALTH_DRAFT)                           # a coordinator: the title decides
    assert (await core.versions("helse"))[0].user == COORDINATOR
    [_, everything] = await core.say(COORDINATOR, UNTITLED)
    assert [sector for sector, _ in everything.view.options] == ["oppvekst", "helse", "kultur"]


async def test_only_the_drafts_author_can_file_it(core: Core) -> None:
    [_, question] = await core.say(BOTH, UNTITLED)
    version_id = question.view.version_id
    refused = await core.service.choose(WRITER, version_id, "oppvekst")
    assert "allerede lagret, eller for gammelt" in refused.text and await core.versions("oppvekst") == []
    assert "Velg en av disse" in (await core.command(BOTH, "sektor kultur"))[0].text   # not offered to them
    assert (await core.service.choose(BOTH, version_id, "oppvekst")).text.startswith("✅ Lagret")


async def test_someone_in_no_sector_gets_feedback_but_nothing_is_recorded(core: Core) -> None:
    replies = await core.say(OUTSIDER, WITH_GAPS)
    assert [r.kind for r in replies] == [ReplyKind.FEEDBACK]
    assert await core.service.store.latest_versions() == {} and core.notifier.sent == []
    [status] = await core.say(OUTSIDER, "status")
    assert status.text.startswith("*Dine siste sjekker*")               # their own checks, as before
    [status] = await core.command(OUTSIDER, "status oppvekst")
    assert status.view is None and "Eier" not in status.text            # no sector's status for them


# --- status and authorization ---------------------------------------------------------------------


@pytest.mark.parametrize("options", [{"helse_deadline": date(2024, 9, 28)}])
async def test_coordinators_see_every_sector_by_risk_and_others_only_their_own(core: Core) -> None:
    await core.say(WRITER, WITH_GAPS)
    [status] = await core.say(COORDINATOR, "status")
    overview = status.view
    assert isinstance(overview, Overview) and overview.everyone
    assert [row.sector.id for row in overview.rows] == ["helse", "oppvekst", "kultur"]   # overdue first
    lines = status.text.splitlines()
    assert lines[0] == "*Status for alle sektorene* – 0 av 3 i mål, mest utsatt først"
    assert ("⚠️ *Helse og velferd* · ingen utkast ennå · frist 28. sep. – forfalt for 3 dager siden ⚠️"
            in lines)
    assert "🟡 *Oppvekst og utdanning* · 4/8 · 5 feil · frist 15. okt. (om 14 dager)" in lines
    assert f"      Eier <@{OWNER}> · siste utkast i dag kl. 10.00 av <@{WRITER}>" in lines
    assert "⚪ *Kultur og idrett* · ingen utkast ennå · frist 1. nov. (om 31 dager)" in lines

    for user, sectors in ((WRITER, ["oppvekst"]), (OWNER, ["oppvekst"]), (HEALTH_WRITER, ["helse"]),
                          (BOTH, ["helse", "oppvekst"])):
        [mine] = await core.say(user, "status")
        assert [row.sector.id for row in mine.view.rows] == sectors, user
        assert not mine.view.everyone and "Kultur" not in mine.text
    [one] = await core.say(WRITER, "status")
    assert one.text.startswith("*Status for sektoren din*")


async def test_one_sector_in_detail_with_its_history_for_those_allowed(core: Core) -> None:
    await core.say(WRITER, WITH_GAPS)
    core.clock.advance(days=1)
    await core.say(BOTH, CLEAN_IN_SLACK)
    [detail] = await core.say(OWNER, "status oppvekst")
    assert isinstance(detail.view, SectorDetail)
    text = detail.text
    assert text.startswith("*Oppvekst og utdanning* – 8/8 på plass, ingen feil\n"
                           f"Eier <@{OWNER}> · frist 15. okt. · 2 versjoner")
    assert "📈 Bedre enn forrige versjon: 4/8 → 8/8, feil 5 → 0." in text
    assert "Ingenting – alt er på plass. 🎉" in text
    assert f"• i dag kl. 10.00 – <@{BOTH}> – 8/8, ingen feil\n• i går kl. 10.00 – <@{WRITER}> – 4/8, 5 feil" in text

    [denied] = await core.command(WRITER, "status helse")
    assert denied.text.startswith("Du kan bare se status for sektorene du eier eller skriver for")
    assert "Helse og velferd –" not in denied.text
    [allowed] = await core.command(COORDINATOR, "status Helse og velferd")
    assert allowed.text.startswith("*Helse og velferd* – ingen utkast ennå")
    [unknown] = await core.command(COORDINATOR, "status økonomi")
    assert "Jeg finner ingen sektor som heter «økonomi»" in unknown.text


async def test_only_coordinators_assign_and_then_the_database_wins_over_the_file(core: Core) -> None:
    [refused] = await core.command(WRITER, f"tildel helse <@{WRITER}> 1.11.2024")
    assert refused.text == f"Bare koordinatorene kan tildele kapitler. Spør en av dem: <@{COORDINATOR}>."
    assert (await core.service.store.assignments()) == {}

    [done] = await core.command(COORDINATOR, f"tildel Helse og velferd <@{NEW_OWNER}> 1.11.2024")
    assert done.text == (f"✅ *Helse og velferd* eies nå av <@{NEW_OWNER}>, frist 1. nov. "
                         f"Jeg har sagt fra til <@{NEW_OWNER}>.")
    [welcome] = core.notifier.to(NEW_OWNER)
    assert "har satt deg som eier av kapitlet *Helse og velferd*, med frist 1. nov." in welcome
    helse = next(s for s in await core.service.sectors() if s.id == "helse")
    assert (helse.owner, helse.deadline, helse.assigned_in_chat) == (NEW_OWNER, date(2024, 11, 1), True)
    [mine] = await core.say(NEW_OWNER, "status")                        # the new owner sees it…
    assert [row.sector.id for row in mine.view.rows] == ["helse"]
    [former] = await core.say(HEALTH_OWNER, "status")                   # …the former owner no longer does
    assert former.view is None

    [kept] = await core.command(COORDINATOR, f"tildel helse @{HEALTH_OWNER}")   # no deadline: keeps the last
    assert kept.text.startswith(f"✅ *Helse og velferd* eies nå av <@{HEALTH_OWNER}>, frist 1. nov.")


@pytest.mark.parametrize("text, words", [
    ("tildel", "Hvem skal eie kapitlet?"),
    ("tildel helse @kari", "Velg personen fra listen Slack foreslår"),
    (f"tildel <@{NEW_OWNER}>", "Hvilken sektor?"),
    (f"tildel økonomi <@{NEW_OWNER}>", "Jeg finner ingen sektor som heter «økonomi»"),
    (f"tildel helse <@{NEW_OWNER}> neste fredag", "Jeg forstår ikke fristen «neste fredag»"),
    (f"tildel helse <@{NEW_OWNER}> 31.02.2024", "Jeg forstår ikke fristen"),
])
async def test_a_wrong_assignment_gets_a_friendly_answer(core: Core, text: str, words: str) -> None:
    [reply] = await core.command(COORDINATOR, text)
    assert words in reply.text and "Traceback" not in reply.text
    assert await core.service.store.assignments() == {}


async def test_only_coordinators_export_the_status_table_as_csv(core: Core) -> None:
    await core.say(WRITER, WITH_GAPS)
    [refused] = await core.command(WRITER, "eksport")
    assert refused.attachment is None and "Bare koordinatorene" in refused.text
    [unknown] = await core.say(COORDINATOR, "eksport")                  # a command, not a DM word
    assert unknown.attachment is None
    [reply] = await core.command(COORDINATOR, "eksport")
    assert reply.attachment.filename == "planvakt-status-2024-10-01.csv"
    assert reply.attachment.content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(reply.attachment.content[1:]), delimiter=";"))
    assert [row["sektor_id"] for row in rows] == ["oppvekst", "helse", "kultur"]
    oppvekst = rows[0]
    assert (oppvekst["eier"], oppvekst["ferdig"], oppvekst["totalt"], oppvekst["feil"]) == (OWNER, "4", "8", "5")
    assert (oppvekst["frist"], oppvekst["dager_igjen"], oppvekst["siste_forfatter"]) == ("2024-10-15", "14", WRITER)
    assert oppvekst["siste_utkast"] == "2024-10-01T10:00+02:00"
    assert (oppvekst["Overskrifter"], oppvekst["Godt liv for alle"], oppvekst["Regional vekst"],
            oppvekst["Samfunnsdelen"]) == ("ufullstendig", "ok", "mangler", "mangler")
    assert rows[1]["ferdig"] == "" and rows[1]["versjoner"] == "0"


async def test_help_tells_each_role_what_it_can_do(core: Core) -> None:
    [coordinator] = await core.command(COORDINATOR, "hjelp")
    assert "*For koordinatorer*" in coordinator.text and "/planvakt tildel <sektor> @eier [frist]" in coordinator.text
    [writer] = await core.say(WRITER, "hjelp")
    assert "*Fremdrift*" in writer.text and "tildel" not in writer.text
    [outsider] = await core.say(OUTSIDER, "hjelp")
    assert "*Fremdrift*" not in outsider.text and "Slik sender du meg et utkast" in outsider.text


# --- chapter 4 ------------------------------------------------------------------------------------

UNCOVERED = "Mål ingen sektor arbeider med"


async def test_kapittel4_builds_chapter_4_from_each_sectors_latest_draft_as_docx(core: Core) -> None:
    await core.say(WRITER, WITH_GAPS)                   # an older Oppvekst version: not in chapter 4
    core.clock.advance(hours=1)
    await core.say(WRITER, CLEAN_IN_SLACK)
    await core.say(HEALTH_WRITER, HEALTH_CHAPTER)
    [reply] = await core.command(COORDINATOR, "kapittel4")
    assert reply.kind is ReplyKind.ANSWER
    assert "Oppvekst og utdanning og Helse og velferd" in reply.text and "6 prioriteringer" in reply.text
    assert "Ingen utkast ennå fra Kultur og idrett" in reply.text
    assert reply.attachment.filename == "kapittel4-2024-10-01.docx"
    assert isinstance(reply.attachment.content, bytes)
    sections = docx_sections(reply.attachment.content)
    assert sections["Godt liv for alle"][1:] == [
        "Vi styrker tidlig innsats i barnehage og på 1.–4. trinn. (Oppvekst og utdanning – mål 1.1)",
        "Hverdagsrehabilitering tilbys i alle bydeler. (Helse og velferd – mål 1.2)"]
    assert sections["Grønt samfunn"][1:] == [
        "Vi faser ut fossil oppvarming i alle barnehager innen 2023. (Oppvekst og utdanning – mål 2.1)",
        "Hjemmetjenesten kjører bare utslippsfrie biler innen 2025. (Helse og velferd – mål 2.2)"]
    assert "(Helse og velferd – mål 3.2)" in sections["Regional vekst"][1]
    assert "(Oppvekst og utdanning – mål 3.3)" in sections["Regional vekst"][2]
    uncovered = [line.split()[0] for line in sections[UNCOVERED]]
    assert uncovered == ["1.3", "1.4", "1.5", "2.3", "2.4", "3.1", "3.4"]
    everything = str(sections)
    assert "klimaregnskap" not in everything and SECRET not in everything and "Kultur og idrett" not in everything
    assert "📎" in render(reply, color=False) and "kapittel4-2024-10-01.docx" in render(reply, color=False)


async def test_kapittel4_is_for_coordinators_and_says_so_kindly_when_there_is_nothing_yet(core: Core) -> None:
    [empty] = await core.command(COORDINATOR, "kapittel4")
    assert empty.attachment is None and "Ingen sektorer har sendt meg utkast ennå" in empty.text
    await core.say(WRITER, CLEAN_IN_SLACK)
    for user in (WRITER, OWNER, OUTSIDER):
        [refused] = await core.command(user, "kapittel4")
        assert refused.attachment is None and refused.text.startswith("Bare koordinatorene kan sette sammen kapittel 4")
    [unknown] = await core.say(COORDINATOR, "kapittel4")               # a command, not a DM word
    assert unknown.attachment is None
    [help_text] = await core.command(COORDINATOR, "hjelp")
    assert "/planvakt kapittel4" in help_text.text
    [writer_help] = await core.command(WRITER, "hjelp")
    assert "kapittel4" not in writer_help.text


async def test_a_version_keeps_its_priorities_but_not_the_draft_text(core: Core) -> None:
    await core.say(HEALTH_WRITER, HEALTH_CHAPTER)
    untitled = CLEAN_IN_SLACK.replace("*Oppvekst og utdanning*", "*Kapittel til handlingsplanen*")
    [_, question] = await core.say(BOTH, untitled)                      # writes for two sectors: asked which
    assert question.kind is ReplyKind.CHOICE
    async with core.service.store.engine.connect() as conn:
        rows = (await conn.execute(sa.text("SELECT sector_id, priorities, draft_text FROM draft_versions"))).all()
    assert len(rows) == 2 and all(row.draft_text is None for row in rows)
    stored = {row.sector_id: row.priorities if isinstance(row.priorities, str) else str(row.priorities)
              for row in rows}
    assert "Hverdagsrehabilitering tilbys i alle bydeler." in stored["helse"] and "1.2" in stored["helse"]
    assert "fossil oppvarming" in stored[None]
    for kept in stored.values():
        assert SECRET not in kept and "Innledning" not in kept and "frivillig" not in kept
    [chosen] = await core.command(BOTH, "sektor oppvekst")
    assert "Oppvekst og utdanning" in chosen.text
    [reply] = await core.command(COORDINATOR, "kapittel4")
    sections = docx_sections(reply.attachment.content)
    assert any("(Oppvekst og utdanning – mål 2.1)" in line for line in sections["Grønt samfunn"])


async def test_kapittel4_leaves_out_a_latest_draft_without_stored_priorities_and_says_so(core: Core) -> None:
    await core.say(WRITER, CLEAN_IN_SLACK)
    await core.say(HEALTH_WRITER, HEALTH_CHAPTER)
    async with core.service.store.engine.begin() as conn:               # as if checked before chapter 4 existed
        await conn.execute(sa.text("UPDATE draft_versions SET priorities = NULL WHERE sector_id = 'helse'"))
    [reply] = await core.command(COORDINATOR, "kapittel4")
    assert "Siste utkast fra Helse og velferd (`helse`) er ikke med" in reply.text
    assert "Helse og velferd" not in str(docx_sections(reply.attachment.content))


# --- reminders and the digest ---------------------------------------------------------------------


@pytest.mark.parametrize("options", [{"helse_deadline": date(2024, 10, 4)}])
async def test_reminders_go_out_once_per_due_day_listing_what_remains(core: Core) -> None:
    await core.say(HEALTH_WRITER, HEALTH_DRAFT)
    core.notifier.sent.clear()
    done = await core.scheduler.run_once()               # 1 Oct: the 7-day reminder (due 27 Sep) comes late
    assert (done.reminders, done.digests) == (1, 0)
    [reminder] = core.notifier.to(HEALTH_OWNER)
    assert reminder.startswith("⏰ *Helse og velferd*: fristen er om 3 dager (fredag 4. okt.).\nNå: ")
    assert "Gjenstår:" in reminder and "Send meg en ny versjon" in reminder
    assert (await core.scheduler.run_once()).reminders == 0                      # once per due day
    core.clock.now = START + timedelta(days=1, hours=-2)                        # 2 Oct 08:00: before 09:00
    assert (await core.scheduler.run_once()).reminders == 0
    core.clock.now = START + timedelta(days=1, minutes=-30)                     # 2 Oct 09:30: the 2-day one
    assert (await core.scheduler.run_once()).reminders == 1
    assert "fristen er om 2 dager" in core.notifier.to(HEALTH_OWNER)[1]
    core.clock.now = START + timedelta(days=4)                                  # past the deadline: none
    assert (await core.scheduler.run_once()).reminders == 0
    assert await core.service.store.sent("reminder") == [("helse", "reminder", "2024-09-27"),
                                                         ("helse", "reminder", "2024-10-02")]
    assert all(to == HEALTH_OWNER for _, to, _ in core.notifier.sent)


@pytest.mark.parametrize("options", [{"oppvekst_deadline": date(2024, 10, 3), "helse_deadline": date(2024, 10, 3)}])
async def test_no_reminder_for_a_complete_chapter_and_one_without_drafts_is_told(core: Core) -> None:
    await core.say(WRITER, CLEAN_IN_SLACK)
    core.notifier.sent.clear()
    await core.scheduler.run_once()
    assert core.notifier.to(OWNER) == []
    [reminder] = core.notifier.to(HEALTH_OWNER)
    assert "fristen er om 2 dager" in reminder and "Jeg har ikke sett noe utkast ennå." in reminder


@pytest.mark.parametrize("options", [{"extra": "digest:\n  weekday: tirsdag\n  time: '09:00'\n"}])
async def test_the_weekly_digest_goes_to_coordinators_only_once_a_week(core: Core) -> None:
    await core.say(WRITER, WITH_GAPS)
    core.notifier.sent.clear()
    core.clock.now = START - timedelta(hours=2)          # Tuesday 08:00: not yet
    assert (await core.scheduler.run_once()).digests == 0
    core.clock.now = START
    assert (await core.scheduler.run_once()).digests == 1
    [(kind, to, note)] = core.notifier.sent
    assert (kind, to) == ("dm", COORDINATOR) and isinstance(note.view, Overview) and note.view.everyone
    assert note.text.startswith("*Ukens status for handlingsplanen* – 0 av 3 i mål, 1 ny versjon siste uke")
    for later in (timedelta(hours=1), timedelta(days=1), timedelta(days=6)):
        core.clock.now = START + later
        assert (await core.scheduler.run_once()).digests == 0
    core.clock.now = START + timedelta(days=7)
    assert (await core.scheduler.run_once()).digests == 1
    digests = [to for _, to, note in core.notifier.sent if isinstance(note.view, Overview)]
    assert digests == [COORDINATOR, COORDINATOR]
    assert await core.service.store.sent("digest") == [(f"user:{COORDINATOR}", "digest", "2024-10-01"),
                                                       (f"user:{COORDINATOR}", "digest", "2024-10-08")]


@pytest.mark.parametrize("options", [{"extra": "digest:\n  weekday: tirsdag\n  channel: C0KOORD01\n"}])
async def test_the_digest_can_go_to_a_channel(core: Core) -> None:
    await core.scheduler.run_once()
    await core.scheduler.run_once()
    assert [(kind, to) for kind, to, _ in core.notifier.sent] == [("channel", "C0KOORD01")]


@pytest.mark.parametrize("options", [{"extra": "timezone: America/New_York\n"}])
async def test_times_are_shown_in_the_configured_time_zone(core: Core) -> None:
    await core.say(WRITER, WITH_GAPS)
    [status] = await core.say(WRITER, "status")
    assert "siste utkast i dag kl. 04.00" in status.text                # 08:00 UTC in New York
