"""The trace as text (terminal) and as one self-contained HTML page (coloured matrix)."""

from __future__ import annotations

import html
from pathlib import Path

from planvakt.linting.golden.trace import AreaTrace, Gap, Trace, TracedPriority

STATUS_WORDS = {"achieved": "Oppnådd", "partly": "Delvis oppnådd", "not": "Ikke oppnådd"}
STATUS_ICONS = {"achieved": "✅", "partly": "🟡", "not": "🔴"}
GAP_ICON = "⚠"


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" og {items[-1]}" if len(items) > 1 else "".join(items)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def gap_sentence(trace: Trace, gap: Gap) -> str:
    """One Norwegian line per gap, for text and HTML."""
    if gap.kind == "goal-uncovered":
        goal = trace_goal(trace, gap.goal or "")
        return f"Mål {gap.goal} «{goal}»: ingen prioritering i HØP arbeider med dette målet."
    item = next(p for p in trace.priorities if p.record.id == gap.priority)
    who = f"«{_short(item.record.text)}» ({item.record.source})"
    if gap.kind == "priority-unfollowed":
        return f"{who}: ingen virksomhetsplan følger opp denne prioriteringen."
    return f"{who}: årsrapporten svarer ikke ut denne prioriteringen."


def trace_goal(trace: Trace, goal_id: str) -> str:
    for area in trace.areas:
        for row in area.goals:
            if row.goal.id == goal_id:
                return row.goal.text
    return goal_id


def _documents_line(trace: Trace) -> str:
    parts = [_plural(len(trace.chapters), "sektorkapittel", "sektorkapitler")]
    if trace.plans is not None:
        parts.append(_plural(len(trace.plans), "virksomhetsplan", "virksomhetsplaner"))
    if trace.report:
        name = trace.report.title or Path(trace.report.path).name
        parts.append(f"årsrapport: «{name}»")
    else:
        parts.append("ingen årsrapport")
    return ", ".join(parts) + "."


def _route(trace: Trace) -> str:
    """«Fra samfunnsdelen via HØP og virksomhetsplanene til årsrapporten.», naming only what was read."""
    via = "HØP og virksomhetsplanene" if trace.plans is not None else "HØP"
    return f"Fra {trace.plan_name} via {via}" + (" til årsrapporten." if trace.report else ".")


def _gap_counts(trace: Trace) -> str:
    counts = []
    for kind, one, many in (("goal-uncovered", "mål uten prioritering", "mål uten prioritering"),
                            ("priority-unfollowed", "prioritering ingen enhet følger opp",
                             "prioriteringer ingen enhet følger opp"),
                            ("priority-unanswered", "prioritering som ikke er svart ut",
                             "prioriteringer som ikke er svart ut")):
        found = len(trace.gaps_of(kind))
        if found:
            counts.append(_plural(found, one, many))
    return _and(counts)


# --- text ------------------------------------------------------------------------


def render_text(trace: Trace) -> str:
    lines = [f"Den røde tråden – {trace.plan_name}", _documents_line(trace), ""]
    if trace.gaps:
        lines.append(f"{_plural(len(trace.gaps), 'hull', 'hull')}: {_gap_counts(trace)}.")
        lines += [f"  {GAP_ICON} {gap_sentence(trace, gap)}" for gap in trace.gaps]
    else:
        lines.append("Ingen hull: hvert mål har prioriteringer, og hver prioritering er fulgt opp"
                     + (" og svart ut." if trace.report else "."))
    for area in trace.areas:
        lines += ["", f"{area.area.name} ({area.area.id})"]
        for row in area.goals:
            lines.append(f"  Mål {row.goal.id} {row.goal.text}")
            if not row.priorities:
                lines.append(f"    {GAP_ICON} Ingen prioritering i HØP.")
            for item in row.priorities:
                lines += _text_priority(trace, item)
        if area.without_goal:
            lines.append("  Uten mål i samfunnsdelen")
            for item in area.without_goal:
                lines += _text_priority(trace, item)
    unmatched = _unmatched_lines(trace)
    if unmatched:
        lines += ["", "Ikke koblet til en prioritering i HØP (ikke hull):"] + [f"  • {line}" for line in unmatched]
    return "\n".join(lines) + "\n"


def _text_priority(trace: Trace, item: TracedPriority) -> list[str]:
    lines = [f"    • {item.record.text} [{item.record.source}]"]
    if trace.plans is not None:
        if item.followed_by:
            units = list(dict.fromkeys(link.source.source for link in item.followed_by))
            lines.append(f"        Virksomhetsplaner: {_and(units)}")
        else:
            lines.append(f"        {GAP_ICON} Ingen virksomhetsplan følger opp.")
    if trace.report is not None:
        answer = item.answer
        if answer is None:
            lines.append(f"        {GAP_ICON} Ikke svart ut i årsrapporten.")
        else:
            status = answer.source.status
            word = STATUS_WORDS.get(status or "", "Uten status")
            icon = STATUS_ICONS.get(status or "", "❔")
            text = f" – {_short(answer.source.answer, 100)}" if answer.source.answer else ""
            lines.append(f"        Årsrapporten: {icon} {word}{text}")
    return lines


def _unmatched_lines(trace: Trace) -> list[str]:
    lines = []
    for record in trace.plan_unmatched:
        goals = f", mål {_and(list(record.goals))}" if record.goals else ""
        lines.append(f"«{_short(record.text)}» ({record.source}{goals})")
    for record in trace.report_unmatched:
        goals = f", mål {_and(list(record.goals))}" if record.goals else ""
        lines.append(f"Årsrapporten: «{_short(record.text or record.answer)}»{goals}")
    return lines


# --- HTML ------------------------------------------------------------------------

_CSS = """
:root { --gap: #c62828; --gap-bg: #fdecea; --ok-bg: #e7f5ea; --ok: #1e7d34; --part-bg: #fff6d6;
        --part: #8a6d00; --not-bg: #ffe7d1; --not: #b34700; --line: #d9dde3; --muted: #5f6b7a; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2733;
       background: #f5f7fa; }
header { background: #123b5c; color: #fff; padding: 20px 32px 18px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: #cfe0ee; }
main { padding: 20px 32px 40px; max-width: 1500px; }
.cards { display: flex; gap: 14px; flex-wrap: wrap; margin-bottom: 16px; }
.card { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--ok); border-radius: 6px;
        padding: 10px 16px; min-width: 210px; }
.card.bad { border-left-color: var(--gap); }
.card b { display: block; font-size: 22px; }
.card span { color: var(--muted); font-size: 13px; }
.gaps { background: var(--gap-bg); border: 1px solid #f3b8b2; border-radius: 6px; padding: 10px 16px; margin-bottom: 16px; }
.gaps h2 { margin: 0 0 6px; font-size: 16px; color: var(--gap); }
.gaps ul { margin: 0; padding-left: 20px; }
.legend { display: flex; gap: 10px; flex-wrap: wrap; margin: 0 0 18px; font-size: 13px; color: var(--muted); }
.legend span { padding: 2px 10px; border-radius: 10px; border: 1px solid var(--line); }
table { width: 100%; border-collapse: collapse; background: #fff; margin-bottom: 26px;
        border: 1px solid var(--line); table-layout: fixed; }
caption { text-align: left; font-weight: 700; font-size: 18px; padding: 6px 0 8px; }
caption small { font-weight: 400; color: var(--muted); font-size: 13px; margin-left: 8px; }
th { background: #eef2f6; text-align: left; font-size: 13px; color: #334; padding: 8px 10px;
     border-bottom: 2px solid var(--line); }
td { vertical-align: top; padding: 8px 10px; border-top: 1px solid var(--line); }
td.goal { background: #f8fafc; font-weight: 600; }
td.goal small { display: block; font-weight: 400; color: var(--muted); }
td.sector { color: var(--muted); font-size: 13px; }
td.ok { background: var(--ok-bg); }
td.gap { background: var(--gap-bg); color: var(--gap); font-weight: 600; box-shadow: inset 4px 0 0 var(--gap); }
td.goal.gap { box-shadow: inset 4px 0 0 var(--gap); }
td.achieved { background: var(--ok-bg); }
td.partly { background: var(--part-bg); }
td.not { background: var(--not-bg); }
.chip { display: inline-block; background: #fff; border: 1px solid #9fcfac; color: var(--ok); border-radius: 12px;
        padding: 1px 9px; margin: 0 4px 4px 0; font-size: 13px; cursor: help; }
.status { font-weight: 700; display: block; }
.dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px; vertical-align: 0; }
.dot.achieved { background: var(--ok); } .dot.partly { background: #e0b400; } .dot.not { background: #e06a00; }
.dot.none { background: #9aa5b1; }
td.achieved .status { color: var(--ok); } td.partly .status { color: var(--part); } td.not .status { color: var(--not); }
.answer { font-size: 13px; color: #3a4654; }
.unmatched { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; }
.unmatched h2 { font-size: 16px; margin: 0 0 6px; }
.unmatched p { margin: 0 0 6px; color: var(--muted); font-size: 13px; }
@media print { body { background: #fff; } header { background: #fff; color: #000; } header p { color: #333; } }
"""


def render_html(trace: Trace) -> str:
    e = html.escape
    has_plans, has_report = trace.plans is not None, trace.report is not None
    goals_total = sum(len(area.goals) for area in trace.areas)
    cards = [(f"{goals_total - len(trace.gaps_of('goal-uncovered'))} av {goals_total}",
              "mål i samfunnsdelen har prioriteringer i HØP", not trace.gaps_of("goal-uncovered"))]
    total = len(trace.priorities)
    if has_plans:
        cards.append((f"{total - len(trace.gaps_of('priority-unfollowed'))} av {total}",
                      "prioriteringer er fulgt opp i virksomhetsplanene", not trace.gaps_of("priority-unfollowed")))
    if has_report:
        cards.append((f"{total - len(trace.gaps_of('priority-unanswered'))} av {total}",
                      "prioriteringer er svart ut i årsrapporten", not trace.gaps_of("priority-unanswered")))
    parts = ["<!DOCTYPE html>", '<html lang="nb"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Den røde tråden – {e(trace.plan_name)}</title>", f"<style>{_CSS}</style></head><body>",
             (f"<header><h1>Den røde tråden</h1><p>{e(_route(trace))} {e(_documents_line(trace))}</p>"
              "</header><main>")]
    parts.append('<div class="cards">' + "".join(
        f'<div class="card{"" if good else " bad"}"><b>{e(value)}</b><span>{e(label)}</span></div>'
        for value, label, good in cards) + "</div>")
    if trace.gaps:
        parts.append(f'<section class="gaps"><h2>{GAP_ICON} {e(_plural(len(trace.gaps), "hull", "hull"))}: '
                     f"{e(_gap_counts(trace))}</h2><ul>"
                     + "".join(f"<li>{e(gap_sentence(trace, gap))}</li>" for gap in trace.gaps) + "</ul></section>")
    legend = ['<span style="background:var(--gap-bg);color:var(--gap)">⚠ hull</span>']
    if has_plans:
        legend.append('<span style="background:var(--ok-bg)">fulgt opp av enhetene (hold musen over et navn)</span>')
    if has_report:
        legend += ['<span style="background:var(--ok-bg)"><i class="dot achieved"></i>oppnådd</span>',
                   '<span style="background:var(--part-bg)"><i class="dot partly"></i>delvis oppnådd</span>',
                   ('<span style="background:var(--not-bg)"><i class="dot not"></i>ikke oppnådd '
                    '(svart ut, ikke et hull)</span>')]
    parts.append('<div class="legend">' + "".join(legend) + "</div>")
    for area in trace.areas:
        parts.append(_html_area(trace, area, has_plans, has_report))
    unmatched = _unmatched_lines(trace)
    if unmatched:
        parts.append('<section class="unmatched"><h2>Ikke koblet til en prioritering i HØP</h2>'
                     "<p>Enhetene kan ha egne prioriteringer for et mål – dette er ikke hull, men se over "
                     "om koblingen til HØP bare er utydelig.</p><ul>"
                     + "".join(f"<li>{e(line)}</li>" for line in unmatched) + "</ul></section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _html_area(trace: Trace, area: AreaTrace, has_plans: bool, has_report: bool) -> str:
    e = html.escape
    columns = ['<col style="width:19%">', '<col>', '<col style="width:12%">']
    heads = ["Mål i samfunnsdelen", "Prioritering i HØP", "Sektor"]
    if has_plans:
        columns.append('<col style="width:19%">')
        heads.append("Virksomhetsplaner")
    if has_report:
        columns.append('<col style="width:24%">')
        heads.append("Årsrapporten")
    sdgs = f"bærekraftsmål {_and([str(n) for n in area.area.sdgs])}" if area.area.sdgs else ""
    rows = [f"<table><caption>{e(area.area.name)}<small>{e(area.area.id)} · {e(sdgs)}</small></caption>",
            "<colgroup>" + "".join(columns) + "</colgroup>",
            "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead><tbody>"]
    groups = [(f"{row.goal.id}", row.goal.text, row.priorities) for row in area.goals]
    if area.without_goal:
        groups.append(("Uten mål", "prioriteringer som ikke viser til et mål", area.without_goal))
    for goal_id, goal_text, items in groups:
        span = max(len(items), 1)
        uncovered = not items
        goal_cell = (f'<td class="goal{" gap" if uncovered else ""}" rowspan="{span}">{e(goal_id)}'
                     f"<small>{e(goal_text)}</small></td>")
        if uncovered:
            rows.append(f"<tr>{goal_cell}<td class=\"gap\" colspan=\"{len(heads) - 1}\">{GAP_ICON} Ingen "
                        "prioritering i HØP arbeider med dette målet.</td></tr>")
            continue
        for index, item in enumerate(items):
            cells = [goal_cell] if index == 0 else []
            cells.append(f"<td>{e(item.record.text)}</td>")
            cells.append(f'<td class="sector">{e(item.record.source)}</td>')
            if has_plans:
                if item.followed_by:
                    chips = "".join(f'<span class="chip" title="{e(link.source.text)}">{e(link.source.source)}</span>'
                                    for link in item.followed_by)
                    cells.append(f'<td class="ok">{chips}</td>')
                else:
                    cells.append(f'<td class="gap">{GAP_ICON} Ingen enhet følger opp</td>')
            if has_report:
                answer = item.answer
                if answer is None:
                    cells.append(f'<td class="gap">{GAP_ICON} Ikke svart ut</td>')
                else:
                    status = answer.source.status or ""
                    word = STATUS_WORDS.get(status, "Uten status")
                    cells.append(f'<td class="{e(status or "none")}"><span class="status">'
                                 f'<i class="dot {e(status or "none")}"></i>{e(word)}</span>'
                                 f'<span class="answer">{e(answer.source.answer)}</span></td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)
