"""What comes into the conversation core and what goes out, as plain data.

Nothing here knows Slack or the terminal: the adapters build the incoming values and
render the replies (Block Kit, or text).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum


class DownloadError(Exception):
    """An upload could not be fetched; ``message`` is a Norwegian sentence for the writer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Upload:
    """A shared file. ``fetch`` downloads its bytes (capped by the adapter), only if the core wants them."""

    name: str
    size: int | None
    fetch: Callable[[], Awaitable[bytes]]


@dataclass(frozen=True, slots=True)
class Message:
    """Something a user wrote to the bot (a DM, a mention): a question or a draft, the core decides."""

    user: str
    text: str
    uploads: tuple[Upload, ...] = ()


@dataclass(frozen=True, slots=True)
class Draft:
    """Something a user asked to have checked («Sjekk med Planvakt», ``/planvakt sjekk``)."""

    user: str
    text: str
    uploads: tuple[Upload, ...] = ()


@dataclass(frozen=True, slots=True)
class Command:
    """``/planvakt <text>``."""

    user: str
    text: str


@dataclass(frozen=True, slots=True)
class ShowFindings:
    """«Vis alle funn» for a report the core returned earlier."""

    user: str
    report_id: str


@dataclass(frozen=True, slots=True)
class ShowReport:
    """The writer chose which kind of document a draft is: show that check's feedback."""

    user: str
    report_id: str


Incoming = Message | Draft | Command | ShowFindings | ShowReport


class ReplyKind(StrEnum):
    ANSWER = "answer"        # help, rules, status, small talk
    FEEDBACK = "feedback"    # a checked draft
    FINDINGS = "findings"    # every finding of a report
    PROBLEM = "problem"      # a draft that could not be checked, or a wrong command
    CHOICE = "choice"        # a question with buttons about a draft (which sector? which pack?), in its thread


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    mark: str        # ✅ ⚠️ ❌
    label: str
    note: str        # «mangler», «1 feil», or empty
    level: int


@dataclass(frozen=True, slots=True)
class FindingLine:
    mark: str        # ❌ error, ⚠️ warning, 💡 suggestion
    where: str       # «Linje 11» or «Avsnitt 4»
    section: str     # the heading or focus area it concerns, or «Hele kapitlet»
    message: str
    hint: str
    excerpt: str = ""  # the first words of what it concerns: Word shows no line numbers


@dataclass(frozen=True, slots=True)
class Feedback:
    """A checked draft, ready to render: what the Slack message and the terminal both show."""

    title: str
    progress: tuple[int, int]
    clean: bool                       # no errors and no warnings
    intro: str
    checklist: tuple[ChecklistLine, ...]
    top: tuple[FindingLine, ...]
    total_findings: int
    context: str                      # rule pack, language, file
    report_id: str | None = None      # for «Vis alle funn»; None if it could not be kept

    @property
    def hidden(self) -> int:
        return self.total_findings - len(self.top)


@dataclass(frozen=True, slots=True)
class FindingGroup:
    label: str
    findings: tuple[FindingLine, ...]


@dataclass(frozen=True, slots=True)
class AllFindings:
    title: str
    groups: tuple[FindingGroup, ...]


@dataclass(frozen=True, slots=True)
class PackChoice:
    """«Which kind of document is this?»: the draft was checked against each pack its title fits."""

    title: str | None
    options: tuple[tuple[str, str], ...]   # (what writers call the document, e.g. «årsrapport»; report id)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file to send along, e.g. the full report of a long check."""

    filename: str
    title: str
    content: str | bytes                        # text (UTF-8), or a binary file such as a .docx


@dataclass(frozen=True, slots=True)
class Reply:
    kind: ReplyKind
    text: str                                   # the whole reply as text: fallback and terminal
    feedback: Feedback | None = None
    findings: AllFindings | None = None
    attachment: Attachment | None = None
    view: object | None = None                  # structured content an adapter renders richly (bot.progress.model)
