"""The conversation core alone: data in, replies out, no Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from docx_factory import docx_from_markdown
from drafts import CLEAN_IN_SLACK, WITH_GAPS, long_draft, many_findings_draft

from planvakt.bot.core import Command, Conversation, Draft, Linter, Message, ReplyKind, ShowFindings, Upload
from planvakt.bot.core.intent import classify
from planvakt.bot.core.messages import DownloadError
from planvakt.bot.slack.text import clean_message_text
from planvakt.bot.store import SqlStore
from planvakt.linting.engine import lint_text
from planvakt.linting.limits import Limits
from planvakt.linting.rulepack.loader import load_pack


@pytest.fixture
async def core(store: SqlStore) -> AsyncIterator[Conversation]:
    linter = Linter(load_pack())
    yield Conversation(linter, store)
    linter.close()


def upload(name: str, data: bytes, size: int | None = None) -> tuple[Upload, list[int]]:
    fetched: list[int] = []

    async def fetch() -> bytes:
        fetched.append(1)
        return data

    return Upload(name=name, size=len(data) if size is None else size, fetch=fetch), fetched


@pytest.mark.parametrize("text, kind, word", [
    ("hjelp", "question", "hjelp"),
    ("  Status!  ", "question", "status"),
    ("regler?", "question", "regler"),
    ("status oppvekst", "question", "status"),
    ("hvor langt har vi kommet", "question", "hvor"),
    ("", "empty", ""),
    ("  *  ", "empty", ""),
    ("# Kapittel\n## Innledning\nTekst.", "draft", ""),
    (" ".join(["ord"] * 15), "draft", ""),
])
def test_short_messages_are_questions_and_chapters_are_drafts(text: str, kind: str, word: str) -> None:
    intent = classify(text)
    assert (intent.kind, intent.word) == (kind, word)


async def test_a_draft_gets_the_engines_verdict_as_checklist_progress_and_top_findings(core: Conversation) -> None:
    expected = lint_text(WITH_GAPS)
    [reply] = await core.handle(Message("U1", WITH_GAPS))
    feedback = reply.feedback
    assert reply.kind is ReplyKind.FEEDBACK and feedback is not None
    assert feedback.title == "Oppvekst og utdanning"
    assert feedback.progress == expected.progress == (4, 8)
    marks = {line.label: line.mark for line in feedback.checklist}
    assert marks["Status og utfordringer"] == "❌"          # missing
    assert marks["Grønt samfunn"] == "⚠️"                   # there, but only «Kommer»
    assert marks["Godt liv for alle"] == "⚠️"               # covered, with a misplaced priority
    assert marks["Prioriteringer"] == "✅"
    assert len(feedback.top) == 5 and feedback.total_findings == len(expected.findings) == 6
    assert [line.mark for line in feedback.top] == ["❌"] * 5  # errors before the warning
    assert feedback.top[0].where == "Linje 3" and feedback.top[0].hint
    assert feedback.report_id is not None
    assert "4/8" in reply.text and "Status og utfordringer – mangler" in reply.text
    assert "… og 1 funn til." in reply.text


async def test_a_clean_draft_gets_a_short_congratulation(core: Conversation) -> None:
    [reply] = await core.handle(Message("U1", clean_message_text(CLEAN_IN_SLACK)))
    assert reply.feedback is not None and reply.feedback.clean
    assert reply.feedback.progress == (8, 8)
    assert "Godt jobbet" in reply.text
    assert "✅" not in reply.text and "❌" not in reply.text   # no checklist noise
    assert len(reply.text) < 200


async def test_questions_are_answered_not_checked(core: Conversation, store: SqlStore) -> None:
    [help_reply] = await core.handle(Message("U1", "hjelp"))
    assert help_reply.kind is ReplyKind.ANSWER
    for route in ("direktemelding", "Nevn meg", "Sjekk med Planvakt", "/planvakt sjekk", ".docx"):
        assert route in help_reply.text
    [rules] = await core.handle(Message("U1", "regler"))
    pack = load_pack()
    assert all(spec.text in rules.text for spec in pack.headings)
    assert all(area.name in rules.text for area in pack.focus_areas)
    [status] = await core.handle(Message("U1", "status"))
    assert "ikke sjekket noe utkast" in status.text
    assert await store.recent_reports("U1") == []


async def test_status_lists_the_users_latest_checks(core: Conversation) -> None:
    await core.handle(Message("U1", WITH_GAPS))
    await core.handle(Message("U2", clean_message_text(CLEAN_IN_SLACK)))
    [status] = await core.handle(Message("U1", "status"))
    assert "«Oppvekst og utdanning» – 4/8 på plass" in status.text
    assert "8/8" not in status.text  # another user's check


async def test_unknown_short_message_and_small_talk_get_a_pointer_to_help(core: Conversation) -> None:
    [unknown] = await core.handle(Message("U1", "hva er klokka"))
    assert "hjelp" in unknown.text and unknown.kind is ReplyKind.ANSWER
    [hello] = await core.handle(Message("U1", "Hei!"))
    assert hello.text.startswith("Hei!")


async def test_slash_commands(core: Conversation) -> None:
    [help_reply] = await core.handle(Command("U1", ""))
    assert "Slik sender du meg et utkast" in help_reply.text
    [unknown] = await core.handle(Command("U1", "tull og tøys"))
    assert unknown.kind is ReplyKind.PROBLEM and "«/planvakt tull»" in unknown.text
    [empty] = await core.handle(Command("U1", "sjekk"))
    assert empty.kind is ReplyKind.PROBLEM and "ingen tekst" in empty.text
    [checked] = await core.handle(Command("U1", "sjekk " + WITH_GAPS))
    assert checked.feedback is not None and checked.feedback.progress == (4, 8)


async def test_a_shortcut_draft_is_checked_even_if_short(core: Conversation) -> None:
    [reply] = await core.handle(Draft("U1", "hjelp"))
    assert reply.kind is ReplyKind.FEEDBACK  # the user asked to check this message


async def test_show_findings_returns_every_finding_grouped_by_heading(core: Conversation) -> None:
    [reply] = await core.handle(Message("U1", WITH_GAPS))
    assert reply.feedback is not None and reply.feedback.report_id
    [every] = await core.handle(ShowFindings("U1", reply.feedback.report_id))
    assert every.kind is ReplyKind.FINDINGS and every.findings is not None
    assert sum(len(group.findings) for group in every.findings.groups) == 6
    assert [group.label for group in every.findings.groups][:2] == ["Innledning", "Status og utfordringer"]
    [gone] = await core.handle(ShowFindings("U1", "finnes-ikke"))
    assert gone.kind is ReplyKind.PROBLEM and "finner ikke" in gone.text


async def test_a_long_report_is_summarised_and_the_whole_report_attached(core: Conversation) -> None:
    [reply] = await core.handle(Message("U1", many_findings_draft(40)))
    assert reply.feedback is not None and len(reply.feedback.top) == 5
    assert reply.attachment is not None
    assert reply.attachment.content.count("Tiltak nummer") >= 40   # every finding is in the file
    assert "nummer 40:" in reply.attachment.content and "nummer 40:" not in reply.text


async def test_repeated_findings_of_one_cause_are_one_line_with_every_place(core: Conversation) -> None:
    [reply] = await core.handle(Message("U1", long_draft(40)))
    assert reply.feedback is not None and reply.attachment is None
    [unknown] = [line for line in reply.feedback.top if "9.1–9.40" in line.message]
    assert unknown.message == "Samfunnsdelen har ikke målene 9.1–9.40."
    assert unknown.excerpt == "Tiltak nummer 1 for barnehagene (mål …"


async def test_files_are_read_by_their_type(core: Conversation) -> None:
    docx, fetched = upload("Oppvekst.docx", docx_from_markdown(WITH_GAPS))
    [reply] = await core.handle(Message("U1", "her er utkastet", uploads=(docx,)))
    assert fetched and reply.feedback is not None
    assert reply.feedback.progress == (4, 8)
    assert reply.feedback.top[0].where.startswith("Avsnitt")        # Word paragraphs, not lines
    assert "Oppvekst.docx" in reply.feedback.context
    markdown, _ = upload("kapittel.md", WITH_GAPS.encode())
    [reply] = await core.handle(Message("U1", "", uploads=(markdown,)))
    assert reply.feedback is not None and reply.feedback.top[0].where.startswith("Linje")


async def test_unsupported_or_too_big_files_are_refused_without_downloading(core: Conversation) -> None:
    pdf, fetched_pdf = upload("kapittel.pdf", b"%PDF-1.7")
    big, fetched_big = upload("kapittel.docx", b"x", size=50 * 1024 * 1024)
    [pdf_reply, big_reply] = await core.handle(Message("U1", "", uploads=(pdf, big)))
    assert pdf_reply.kind is ReplyKind.PROBLEM and "«kapittel.pdf»" in pdf_reply.text and ".docx" in pdf_reply.text
    assert big_reply.kind is ReplyKind.PROBLEM and "for stor (50,0 MB)" in big_reply.text
    assert not fetched_pdf and not fetched_big


async def test_a_broken_file_gets_a_friendly_reply(core: Conversation) -> None:
    broken, _ = upload("kapittel.docx", b"PK\x03\x04 not really a zip")
    [reply] = await core.handle(Message("U1", "", uploads=(broken,)))
    assert reply.kind is ReplyKind.PROBLEM
    assert reply.text.startswith("Jeg fikk ikke sjekket «kapittel.docx»:")
    assert "Traceback" not in reply.text


async def test_a_failed_download_gets_a_friendly_reply(core: Conversation) -> None:
    async def fail() -> bytes:
        raise DownloadError("Slack svarte med feil (500) da jeg prøvde å laste ned filen.")

    [reply] = await core.handle(Message("U1", "", uploads=(Upload("a.docx", 10, fail),)))
    assert reply.text == "Jeg fikk ikke hentet «a.docx»: Slack svarte med feil (500) da jeg prøvde å laste ned filen."


async def test_text_over_the_limit_is_refused_politely(store: SqlStore) -> None:
    linter = Linter(load_pack(), limits=Limits(max_text_chars=500))
    try:
        [reply] = await Conversation(linter, store).handle(Message("U1", long_draft(40)))
    finally:
        linter.close()
    assert reply.kind is ReplyKind.PROBLEM and "for lang" in reply.text


async def test_an_internal_failure_becomes_an_apology_and_the_core_keeps_serving(
        core: Conversation, store: SqlStore, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*_args: object) -> object:
        raise RuntimeError("boom " + WITH_GAPS)

    monkeypatch.setattr(core.linter, "check_text", broken)
    [reply] = await core.handle(Message("U1", WITH_GAPS))
    assert reply.kind is ReplyKind.PROBLEM and "Beklager" in reply.text
    monkeypatch.undo()
    [reply] = await core.handle(Message("U1", WITH_GAPS))
    assert reply.kind is ReplyKind.FEEDBACK


async def test_feedback_goes_out_even_if_the_store_is_down(core: Conversation, store: SqlStore) -> None:
    await store.close()

    async def down(*_args: object) -> str:
        raise OSError("database is gone")

    core.store.save_report = down  # type: ignore[method-assign]
    [reply] = await core.handle(Message("U1", WITH_GAPS))
    assert reply.feedback is not None and reply.feedback.report_id is None
    assert reply.feedback.progress == (4, 8)


async def test_the_store_keeps_the_report_but_never_the_draft_text(core: Conversation, store: SqlStore) -> None:
    [reply] = await core.handle(Message("U1", WITH_GAPS))
    assert reply.feedback is not None and reply.feedback.report_id
    stored = await store.load_report(reply.feedback.report_id)
    assert stored is not None and stored.user == "U1"
    assert stored.report["summary"]["progress"] == {"done": 4, "total": 8}
    assert "Hemmelig" not in repr(stored.report)


async def test_worker_processes_check_drafts_and_a_dead_worker_is_replaced(store: SqlStore) -> None:
    import os
    import signal

    linter = Linter(load_pack(), processes=1)
    core = Conversation(linter, store)
    try:
        await linter.warm_up()
        [reply] = await core.handle(Message("U1", WITH_GAPS))
        assert reply.feedback is not None and reply.feedback.progress == (4, 8)
        broken, _ = upload("kapittel.docx", b"PK\x03\x04 not really a zip")
        [reply] = await core.handle(Message("U1", "", uploads=(broken,)))
        assert reply.text.startswith("Jeg fikk ikke sjekket «kapittel.docx»:")   # the engine's error crossed over
        [rules] = await core.handle(Message("U1", "regler"))
        assert "(feil)" in rules.text
        for pid in list(linter._pool._processes):  # type: ignore[attr-defined]
            os.kill(pid, signal.SIGKILL)
        [reply] = await core.handle(Message("U1", WITH_GAPS))
        assert reply.kind is ReplyKind.PROBLEM and "Beklager" in reply.text
        [reply] = await core.handle(Message("U1", WITH_GAPS))
        assert reply.feedback is not None and reply.feedback.progress == (4, 8)
    finally:
        linter.close()
