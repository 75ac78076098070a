"""Progress as short Norwegian text: status lists, a sector's history, owner updates, reminders, digests.

The same functions serve Slack and the terminal: :class:`Style` says how to escape text
and how to name a user (Slack's ``<@U123>`` mention, or ``@U123`` in a terminal).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from planvakt.bot.core.dates import MONTHS, day, when  # noqa: F401  (re-exported: render.day, render.when)
from planvakt.bot.core.messages import Reply, ReplyKind
from planvakt.bot.progress.model import (
    DraftVersion,
    Gap,
    Overview,
    SectorChoice,
    SectorDetail,
    SectorStatus,
    Text,
    gaps,
    matrix_cell,
)
from planvakt.linting.report.text import STATUS_WORDS, plural

DAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
HISTORY_LINES = 8
MAX_GAPS = 8
GAP_MARKS = {"missing": "❌"}


@dataclass(frozen=True, slots=True)
class Style:
    escape: Callable[[str], str]
    mention: Callable[[str], str]


PLAIN = Style(escape=lambda text: text, mention=lambda user: f"<@{user}>")   # the core's text: Slack's syntax
TERMINAL = Style(escape=lambda text: text, mention=lambda user: f"@{user}")


def answer(text: str, view: object | None = None) -> Reply:
    """A progress answer; without a richer view, the text itself (so Slack keeps its mentions)."""
    return Reply(ReplyKind.ANSWER, text, view=view if view is not None else Text(text))


def mentions(users: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"<@{user}>" for user in users)


# --- dates ---------------------------------------------------------------------------------


def deadline_phrase(status: SectorStatus, today: date) -> str:
    deadline, days = status.sector.deadline, status.days_left
    if deadline is None or days is None:
        return "ingen frist"
    when_text = day(deadline, today)
    if status.complete:
        return f"frist {when_text}"
    if days < 0:
        late = "i går" if days == -1 else f"for {-days} dager siden"
        return f"frist {when_text} – forfalt {late} ⚠️"
    if days == 0:
        return f"frist i dag ({when_text}) ⚠️"
    if days == 1:
        return f"frist i morgen ({when_text})"
    return f"frist {when_text} (om {days} dager)"


# --- pieces --------------------------------------------------------------------------------


def sentence(text: str) -> str:
    """Capitalised, with one full stop: «frist 1. nov.» stays «Frist 1. nov.»."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def progress_text(version: DraftVersion | None) -> str:
    if version is None:
        return "ingen utkast ennå"
    return f"{version.summary.done}/{version.summary.total}"


def errors_text(errors: int) -> str:
    return "ingen feil" if errors == 0 else plural(errors, "feil", "feil")


def mark(status: SectorStatus) -> str:
    if status.complete:
        return "✅"
    if status.overdue or status.days_left == 0:
        return "⚠️"
    if status.latest is None:
        return "⚪"
    return "🟡"


def gap_line(gap: Gap, style: Style) -> str:
    word = STATUS_WORDS.get(gap.status, gap.status)
    return f"{GAP_MARKS.get(gap.status, '⚠️')} {style.escape(gap.label)}{' – ' + word if word else ''}"


def gap_lines(version: DraftVersion | None, style: Style) -> list[str]:
    if version is None:
        return ["Jeg har ikke sett noe utkast ennå."]
    lines = [gap_line(gap, style) for gap in gaps(version)[:MAX_GAPS]]
    hidden = len(gaps(version)) - MAX_GAPS
    if hidden > 0:
        lines.append(f"… og {hidden} til")
    if version.summary.errors:
        lines.append(f"• {plural(version.summary.errors, 'feil', 'feil')} å rette")
    return lines


def row_lines(status: SectorStatus, now: datetime, zone: ZoneInfo, style: Style) -> list[str]:
    """Two lines per sector: what and how far, then who and when."""
    today = now.astimezone(zone).date()
    facts = [progress_text(status.latest)]
    if status.latest is not None:
        facts.append(errors_text(status.errors))
    facts.append(deadline_phrase(status, today))
    first = f"{mark(status)} *{style.escape(status.sector.name)}* · " + " · ".join(facts)
    owner = f"Eier {style.mention(status.sector.owner)}" if status.sector.owner else "Ingen eier"
    second = owner
    if status.latest is not None:
        second += (f" · siste utkast {when(status.latest.checked_at, now, zone)} av "
                   f"{style.mention(status.latest.user)}")
    return [first, f"      {second}"]


# --- whole answers -------------------------------------------------------------------------


def overview_heading(overview: Overview) -> str:
    total = len(overview.rows)
    if overview.new_versions is not None:
        return (f"*Ukens status for handlingsplanen* – {overview.complete} av {total} i mål, "
                f"{plural(overview.new_versions, 'ny versjon', 'nye versjoner')} siste uke")
    if overview.everyone:
        return f"*Status for alle sektorene* – {overview.complete} av {total} i mål, mest utsatt først"
    return "*Status for sektoren din*" if total == 1 else "*Status for sektorene dine*"


def overview_text(overview: Overview, style: Style = PLAIN) -> str:
    if not overview.rows:
        return NO_SECTORS
    parts = [overview_heading(overview)]
    for row in overview.rows:
        parts.append("\n".join(row_lines(row, overview.now, overview.zone, style)))
    parts.append(overview_footer(overview))
    return "\n\n".join(parts)


def overview_footer(overview: Overview) -> str:
    if overview.everyone:
        return "`/planvakt status <sektor>` viser historikken. `/planvakt eksport` gir tabellen som CSV."
    return "`/planvakt status <sektor>` viser historikken: blir det bedre?"


def matrix_text(overview: Overview, style: Style = PLAIN) -> str:
    """Each sector's row of emoji: sections, each focus area, the plan link."""
    legend = " · ".join(style.escape(label) for _, label in overview.columns)
    lines = [f"_{legend}_"]
    for row in overview.rows:
        cells = " ".join(matrix_cell(row.latest, column) for column, _ in overview.columns)
        lines.append(f"{cells}   {style.escape(row.sector.name)}")
    return "\n".join(lines)


def trend(history: tuple[DraftVersion, ...]) -> str:
    """«📈 Bedre enn forrige versjon: 4/8 → 6/8, feil 3 → 1.»"""
    if len(history) < 2:
        return "Første versjon – send en ny når du har rettet, så ser du om det blir bedre."
    new, old = history[0].summary, history[1].summary
    change = f"{old.done}/{old.total} → {new.done}/{new.total}, feil {old.errors} → {new.errors}"
    score_new, score_old = (new.done, -new.errors), (old.done, -old.errors)
    if score_new > score_old:
        verdict = "📈 Bedre enn forrige versjon"
    elif score_new < score_old:
        verdict = "📉 Dårligere enn forrige versjon"
    else:
        verdict = "➡️ Som forrige versjon"
    steps = " → ".join(f"{v.summary.done}/{v.summary.total}" for v in reversed(history[:6]))
    return f"{verdict}: {change}.\nUtvikling: {steps}"


def detail_text(detail: SectorDetail, style: Style = PLAIN) -> str:
    status, now, zone = detail.status, detail.now, detail.zone
    today = now.astimezone(zone).date()
    sector = status.sector
    if status.latest is None:
        head = f"*{style.escape(sector.name)}* – ingen utkast ennå"
    else:
        head = (f"*{style.escape(sector.name)}* – {status.latest.summary.done}/{status.latest.summary.total} "
                f"på plass, {errors_text(status.errors)}")
    facts = [f"Eier {style.mention(sector.owner)}" if sector.owner else "Ingen eier", deadline_phrase(status, today),
             plural(status.versions, "versjon", "versjoner")]
    parts = [head + "\n" + " · ".join(facts)]
    if status.latest is not None:
        parts.append(trend(detail.history))
        parts.append("*Gjenstår*\n" + ("\n".join(gap_lines(status.latest, style)) if not status.complete
                                       else "Ingenting – alt er på plass. 🎉"))
        lines = [f"• {when(v.checked_at, now, zone)} – {style.mention(v.user)} – "
                 f"{v.summary.done}/{v.summary.total}, {errors_text(v.summary.errors)}"
                 for v in detail.history[:HISTORY_LINES]]
        parts.append("*Historikk* (nyeste først)\n" + "\n".join(lines))
    else:
        parts.append("Når noen sender meg et utkast til kapitlet, ser du fremdriften her.")
    return "\n\n".join(parts)


def choice_text(choice: SectorChoice, style: Style = PLAIN) -> str:
    names = ", ".join(f"«{style.escape(name)}» (`{sector_id}`)" for sector_id, name in choice.options)
    intro = "Hvilken sektor er utkastet til? Da lagrer jeg fremdriften der."
    if choice.title_named:
        intro = (f"Tittelen nevner «{style.escape(choice.title_named)}», som du ikke er satt opp for. "
                 "Hvilken sektor skal jeg lagre fremdriften under?")
    return (f"{intro}\nValg: {names}.\nSvar med `/planvakt sektor <id>`, eller `/planvakt sektor ingen` "
            "hvis den ikke skal lagres.")


def owner_update_text(sector_name: str, version: DraftVersion, previous: DraftVersion | None,
                      status: SectorStatus, now: datetime, zone: ZoneInfo, style: Style = PLAIN) -> str:
    today = now.astimezone(zone).date()
    summary = version.summary
    name = style.escape(sector_name)
    author = style.mention(version.user)
    if version.complete:
        return (f"🎉 *{name}*: alt er på plass og ingen feil i utkastet fra {author} "
                f"({when(version.checked_at, now, zone)}). {sentence(deadline_phrase(status, today))}")
    was = (f" (var {previous.summary.done}/{previous.summary.total})" if previous is not None
           and (previous.summary.done, previous.summary.total) != (summary.done, summary.total) else "")
    lines = [(f"📄 *{name}*: nytt utkast fra {author} {when(version.checked_at, now, zone)} – "
              f"{summary.done}/{summary.total} på plass{was}, {errors_text(summary.errors)}.")]
    remaining = [f"{g.label} ({STATUS_WORDS.get(g.status, g.status)})" for g in gaps(version)[:MAX_GAPS]]
    if remaining:
        lines.append("Gjenstår: " + style.escape(", ".join(remaining)) + ".")
    lines.append(sentence(deadline_phrase(status, today)))
    return "\n".join(lines)


def reminder_text(status: SectorStatus, now: datetime, zone: ZoneInfo, style: Style = PLAIN) -> str:
    today = now.astimezone(zone).date()
    sector = status.sector
    days = status.days_left or 0
    due = "i dag" if days == 0 else ("i morgen" if days == 1 else f"om {days} dager")
    head = f"⏰ *{style.escape(sector.name)}*: fristen er {due} ({DAYS[sector.deadline.weekday()]} " \
           f"{day(sector.deadline, today)})." if sector.deadline else f"⏰ *{style.escape(sector.name)}*"
    if status.latest is None:
        return (f"{head}\nJeg har ikke sett noe utkast ennå. Lim inn kapitlet i en melding til meg, "
                "så får du sjekklisten med en gang.")
    latest = status.latest
    lines = [head, (f"Nå: {latest.summary.done}/{latest.summary.total} på plass, "
                    f"{errors_text(latest.summary.errors)} (siste utkast {when(latest.checked_at, now, zone)})."),
             "Gjenstår:"]
    lines.extend(gap_lines(latest, style))
    lines.append("Send meg en ny versjon når du har rettet, så oppdaterer jeg status.")
    return "\n".join(lines)


def assigned_text(sector_name: str, owner: str, deadline: date | None, by: str, today: date,
                  style: Style = PLAIN) -> str:
    when_text = f", med frist {day(deadline, today)}".removesuffix(".") if deadline else ""  # «1. des.» ends one
    return (f"👋 {style.mention(by)} har satt deg som eier av kapitlet *{style.escape(sector_name)}*{when_text}. "
            "Jeg sender deg fremdriften når det kommer nye utkast, og minner deg på fristen.")


NO_SECTORS = ("Ingen sektorer er satt opp ennå. Legg dem inn under «sectors» i planvakt.yaml "
              "(se examples/planvakt.yaml), så holder jeg oversikten.")
