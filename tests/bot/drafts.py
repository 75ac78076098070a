"""Drafts for the bot's tests, as writers paste them. Each carries a secret word that must never be logged."""

from __future__ import annotations

SECRET = "Hemmeligbudsjett4711"

# A chapter with gaps: «Status og utfordringer» and «Regional vekst» missing, «Grønt samfunn»
# only a placeholder, a goal that doesn't exist, and the community plan never named.
WITH_GAPS = f"""# Oppvekst og utdanning

## Innledning

Sektoren har ansvar for barnehager, skoler og barnevern. {SECRET} er et internt tall.

## Prioriteringer

### Godt liv for alle

- Tidlig innsats i barnehage og skole skal styrkes (mål 1.1).
- Et nytt klimaregnskap for alle skolebygg innføres (mål 2.1).

### Grønt samfunn

Kommer.

## Samarbeid for å nå målene

Vi samarbeider med frivillige, nabokommunene og næringslivet (mål 9.4).
"""

# The chapter with gaps under a title that names no sector.
UNTITLED = WITH_GAPS.replace("# Oppvekst og utdanning", "# Kapittel til handlingsplanen")

# The same chapter done right, pasted from Slack: *bold* and _italic_ lines are headings,
# entities are escaped and links are <url|label> as Slack sends them.
CLEAN_IN_SLACK = f"""*Oppvekst og utdanning*

*Innledning*
Sektoren har ansvar for barnehager, skoler, helsestasjon og barnevern, og bygger prioriteringene på <https://www.eksempel.kommune.no/samfunnsdelen|kommuneplanens samfunnsdel>.

*Status og utfordringer*
Barnetallet går ned i ytre bydeler. Vi må spare 38 millioner kroner i 2021 &amp; {SECRET}.

*Prioriteringer*
_Godt liv for alle_
• Vi styrker tidlig innsats i barnehage og på 1.–4. trinn (mål 1.1).
_Grønt samfunn_
• Vi faser ut fossil oppvarming i alle barnehager innen 2023 (mål 2.1).
_Regional vekst_
• Flere ungdommer skal få læreplass i regionen gjennom samarbeid med næringslivet (mål 3.3).

*Samarbeid for å nå målene*
Vi samarbeider med frivillige lag og foreninger og med nabokommunene om barnevernsvakt.
"""


def long_draft(priorities: int = 40) -> str:
    """A chapter whose every priority cites a goal the plan doesn't have (one collapsed finding)."""
    return _health_chapter([f"- Tiltak nummer {n} for barnehagene (mål 9.{n})." for n in range(1, priorities + 1)])


def many_findings_draft(priorities: int = 40) -> str:
    """A chapter with many findings of different causes: every priority is one long sentence."""
    return _health_chapter([f"- Tiltak nummer {n}: vi gir barnehagene i bydel {n} flere plasser, bedre uteområder, "
                            f"nye lekeapparater og mer tid til hvert barn, slik at foreldrene i bydel {n} kan være "
                            f"trygge på tilbudet (mål 1.{n % 4 + 1})." for n in range(1, priorities + 1)])


def _health_chapter(priorities: list[str]) -> str:
    bullets = "\n".join(priorities)
    return f"""# Helse og velferd

## Innledning

Vi viser til kommuneplanens samfunnsdel. {SECRET}

## Status og utfordringer

Flere eldre og færre yrkesaktive.

## Prioriteringer

### Godt liv for alle

{bullets}

### Grønt samfunn

- Utslippsfrie tjenestebiler (mål 2.1).

### Regional vekst

- Flere læreplasser (mål 3.3).

## Samarbeid for å nå målene

Vi samarbeider med frivillige.
"""


# A health chapter done right, for chapter 4: one priority per focus area, each citing a goal.
HEALTH_CHAPTER = f"""# Helse og velferd

## Innledning

Sektoren har ansvar for helse, omsorg og NAV, og bygger på kommuneplanens samfunnsdel. {SECRET}

## Status og utfordringer

Flere eldre og færre yrkesaktive gjør at vi må jobbe annerledes.

## Prioriteringer

### Godt liv for alle

- Hverdagsrehabilitering tilbys i alle bydeler (mål 1.2).

### Grønt samfunn

- Hjemmetjenesten kjører bare utslippsfrie biler innen 2025 (mål 2.2).

### Regional vekst

- Vi utdanner flere helsefagarbeidere sammen med den videregående skolen (mål 3.2).

## Samarbeid for å nå målene

Vi samarbeider med frivilligsentralen og nabokommunene om legevakt.
"""


def docx_sections(data: bytes) -> dict[str, list[str]]:
    """A .docx's paragraphs under each heading (the text before the first heading under «»)."""
    import io

    from docx import Document as WordDocument

    sections: dict[str, list[str]] = {"": []}
    current = ""
    for paragraph in WordDocument(io.BytesIO(data)).paragraphs:
        if paragraph.style.name.startswith("Heading"):
            current = paragraph.text
            sections.setdefault(current, [])
        elif paragraph.text.strip():
            sections[current].append(paragraph.text)
    return sections
