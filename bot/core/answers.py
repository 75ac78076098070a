"""What the bot says when it is asked something rather than sent a draft. Norwegian Bokmål."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from planvakt.bot.core.dates import when as when_in
from planvakt.bot.core.feedback import clip, counts_phrase, join_words
from planvakt.bot.core.messages import PackChoice
from planvakt.bot.core.ports import REPORT_RETENTION, StoredReport
from planvakt.bot.core.report_codec import report_from_dict
from planvakt.linting.limits import Limits, human_size
from planvakt.linting.rule_info import RuleInfo
from planvakt.linting.rulepack.model import RulePack

OSLO = ZoneInfo("Europe/Oslo")

HELP = """*Hei! Jeg er Planvakt.* Jeg sjekker utkast til sektorkapitler i handlings- og økonomiplanen mot skriveguiden, og sier fra om hva som mangler, hvor det står, og hvordan du retter det.

*Slik sender du meg et utkast*
• Lim inn kapitlet i en direktemelding til meg.
• Nevn meg (@Planvakt) i en kanal, i samme melding som utkastet.
• Velg «Sjekk med Planvakt» i menyen (⋯) på en melding som inneholder et utkast.
• Skriv `/planvakt sjekk` og lim inn teksten etter.
• Del en Word-fil (.docx), Markdown (.md) eller tekstfil (.txt) med meg i en direktemelding, eller nevn meg når du deler den i en kanal. Filer opptil {max_size}.

*Dette får du tilbake*
Er utkastet en virksomhetsplan eller en årsrapport, ser jeg det på tittelen («Virksomhetsplan 2022 – Nordbyen skole») og sjekker det mot den malen i stedet. Er jeg i tvil, spør jeg.

Svaret kommer i tråden til utkastet, vanligvis etter noen sekunder: en sjekkliste (✅ på plass, ⚠️ må forbedres, ❌ mangler), fremdriften som «6/8», det viktigste å rette med linje og forslag til retting, og en knapp som viser alle funn. Blir rapporten lang, legger jeg ved hele rapporten som fil.

*Andre ting du kan skrive til meg*
• «regler» – hva jeg sjekker
• «status» – de siste utkastene du har sjekket
• «hjelp» – denne oversikten
Det samme virker som `/planvakt regler`, `/planvakt status` og `/planvakt hjelp`.

Utkast er fortrolige: jeg lagrer bare resultatet av sjekken (sjekklisten og funnene), aldri selve teksten."""

SHORT_HELP = ("Lim inn et utkast til kapitlet (hele eller deler av det), del en Word-fil, "
              "eller skriv «hjelp» for å se alt jeg kan.")

GREETINGS = {"hei", "hallo", "heisann", "hei hei", "god morgen", "god dag", "morn", "hello", "hi"}
THANKS = {"takk", "tusen takk", "takk skal du ha", "mange takk", "supert", "flott"}


def help_text(limits: Limits) -> str:
    return HELP.format(max_size=human_size(limits.max_file_bytes))


def rules_text(pack: RulePack, rules: Sequence[RuleInfo]) -> str:
    """The pack's guide in short: headings, focus areas, the plan link, and each rule that runs
    (``rules``: the pack's catalogue entries, checks and rules such as klarspråk alike)."""
    lines = [f"*Slik sjekker jeg kapitlet* (regelpakke «{pack.name}»)"]
    if pack.description:
        lines.append(pack.description)
    lines.append("")
    lines.append("*Overskriftene, i denne rekkefølgen:*")
    areas = [area.name for area in pack.focus_areas]
    for number, spec in enumerate(pack.headings, 1):
        line = f"{number}. {spec.text}"
        if spec.focus_areas and areas:
            line += f" – med én underoverskrift per satsingsområde: {join_words(areas)}"
        lines.append(line)
    lines.append("")
    lines.append(f"*Koblingen til {pack.plan.name}:* kapitlet nevner samfunnsdelen, og hver prioritering "
                 "viser til målet i samfunnsdelen den bygger på.")
    lines.append("")
    lines.append("*Reglene:*")
    for info in rules:
        if info.enabled:
            lines.append(f"• {info.summary} ({info.severity.label})")
    lines.append("")
    lines.append("Feil må rettes, advarsler bør rettes, og forslag er tips til bedre ordlyd.")
    return "\n".join(lines)


def status_text(reports: list[StoredReport], now: datetime) -> str:
    if not reports:
        return ("Du har ikke sjekket noe utkast med meg ennå. Lim inn kapitlet ditt her, "
                "så får du sjekklisten og fremdriften med en gang.")
    lines = ["*Dine siste sjekker*"]
    for stored in reports:
        report = report_from_dict(stored.report)
        done, total = report.progress
        title = clip(report.title or report.path or "Utkast", 80)
        counts = counts_phrase(report, ("error", "warning")) or "ingen feil"
        lines.append(f"• {when(stored.created_at, now)}: «{title}» – {done}/{total} på plass, {counts}")
    lines.append("")
    lines.append("Send en ny versjon når du har rettet, så ser du om fremdriften går opp.")
    return "\n".join(lines)


def when(moment: datetime, now: datetime) -> str:
    """«i dag kl. 14.02», «i går kl. 09.15», «3. des. kl. 10.00» (Oslo time)."""
    return when_in(moment, now, OSLO)


NOT_YOUR_CHOICE = "Det er den som sendte utkastet, som velger hvilken mal det skal sjekkes mot."
NO_PACK_CHOICE = ("Jeg har ikke spurt deg om hva slags dokument et utkast er. Sender du et utkast, "
                  "velger jeg malen ut fra tittelen.")


def fold(text: str) -> str:
    """Lower case without Norwegian letters' marks, so «arsrapport» finds «årsrapport»."""
    return " ".join(text.casefold().split()).replace("å", "a").replace("æ", "ae").replace("ø", "o")


def pack_choice_question(choice: PackChoice) -> str:
    labels = [label for label, _ in choice.options]
    named = f"Tittelen «{clip(choice.title, 80)}»" if choice.title else "Utkastet"
    fits = f"både for {join_words(labels)}" if len(labels) == 2 else f"for flere maler: {join_words(labels)}"
    return (f"{named} passer {fits}. Hvilken mal skal jeg sjekke utkastet mot? "
            f"Jeg har allerede sjekket mot {'begge' if len(labels) == 2 else 'alle'}, så svaret kommer med en gang.")


def pack_choice_text(choice: PackChoice) -> str:
    replies = " eller ".join(f"«mal {label}»" for label, _ in choice.options)
    return f"{pack_choice_question(choice)} Svar {replies} i en direktemelding til meg, eller trykk på en knapp."


def unknown_question(word: str) -> str:
    return f"Jeg er ikke helt sikker på hva du mener med «{clip(word, 40)}». {SHORT_HELP}"


def unknown_command(word: str) -> str:
    return (f"Jeg kjenner ikke «/planvakt {clip(word, 40)}». Du kan skrive `/planvakt sjekk <tekst>`, "
            "`/planvakt regler`, `/planvakt status` eller `/planvakt hjelp`.")


EMPTY_DRAFT = ("Jeg fant ingen tekst å sjekke. Lim inn utkastet etter `/planvakt sjekk`, "
               "eller send det til meg i en direktemelding.")
NOT_FOUND = (f"Jeg finner ikke den rapporten lenger (jeg tar vare på resultatene i {REPORT_RETENTION.days} dager). "
             "Send utkastet på nytt, så sjekker jeg det igjen.")
SOMETHING_WENT_WRONG = ("Beklager, noe gikk galt hos meg da jeg skulle sjekke dette. "
                        "Prøv igjen om litt – og si gjerne fra til den som drifter Planvakt hvis det skjer igjen.")
