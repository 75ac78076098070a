"""Synthetic sector chapters of a given length, in the municipality's style.

Sentences are drawn from a bank and varied (numbers, places, sectors), so the
vocabulary grows with length roughly as in real chapters instead of repeating one
paragraph. Deterministic for a given seed.
"""

from __future__ import annotations

import random

SECTORS = ["Oppvekst og utdanning", "Helse og velferd", "By- og samfunnsutvikling", "Kultur og idrett"]
PLACES = ["sentrum", "de ytre bydelene", "Nordbyen", "Sørsida", "Øvre dal", "havneområdet", "Fjellstad"]
SERVICES = ["barnehagene", "skolene", "hjemmetjenesten", "sykehjemmene", "helsestasjonen", "kulturskolen",
            "biblioteket", "legevakten", "barnevernet", "PP-tjenesten", "NAV sosial", "brannvesenet"]
PARTNERS = ["frivillige lag og foreninger", "nabokommunene", "næringslivet", "fylkeskommunen", "statsforvalteren",
            "universitetet", "sykehuset", "idrettsrådet", "eldrerådet", "ungdomsrådet"]
SENTENCES = [
    "Antallet barn i {place} har gått ned med {n} prosent de siste fem årene.",
    "Vi må tilpasse tilbudet i {service} til behovet i hver bydel.",
    "Sektoren skal spare {n} millioner kroner i {year}, og kravet øker i perioden.",
    "Flere innbyggere over 80 år gjør at {service} får flere brukere hvert år.",
    "Vi samarbeider med {partner} om tiltak for barn i familier med lav inntekt.",
    "Andelen elever som fullfører videregående skole, har økt til {n} prosent.",
    "Klimagassutslippene fra kommunens bygg er redusert med {n} prosent siden {year}.",
    "Vi tar i bruk velferdsteknologi der det gir innbyggerne bedre hjelp.",
    "Ventetiden i {service} var i snitt {n} dager i {year}.",
    "Kommunen har kartlagt behovet for nye boliger i {place}.",
    "Sykefraværet i {service} var {n} prosent i fjor, og vi arbeider for å få det ned.",
    "Vi vil gi flere ungdommer læreplass sammen med {partner}.",
    "Kollektivtilbudet til {place} blir bedre når den nye ruten åpner i {year}.",
    "Det er krevende å rekruttere sykepleiere og lærere med riktig kompetanse.",
    "Tjenestene skal være like gode i hele kommunen, også i {place}.",
    "Brukerundersøkelsen viser at {n} prosent er fornøyde med {service}.",
    "Vi har redusert energibruken i skolebyggene med {n} prosent.",
    "Innsparingen tas ut gjennom færre og større enheter, ikke gjennom lavere bemanning.",
    "Foreldrene i {place} ønsker et bedre tilbud etter skoletid.",
    "Sammen med {partner} lager vi en plan for trygge skoleveier.",
]
PRIORITIES = {
    "Godt liv for alle": ["Vi styrker tidlig innsats i {service} (mål 1.1).",
                          "Alle får tilbud om hjemmebesøk fra {service} (mål 1.2).",
                          "Vi utvider fritidstilbudet for barn i familier med lav inntekt (mål 1.3)."],
    "Grønt samfunn": ["Vi faser ut fossil oppvarming i {service} innen {year} (mål 2.1).",
                      "Nye bygg i {place} bygges som lavenergibygg (mål 2.1)."],
    "Regional vekst": ["Vi gir flere lærlinger plass sammen med {partner} (mål 3.3).",
                       "Vi utvikler {place} som et levende sentrum for alle aldre (mål 3.1)."],
}


def _fill(template: str, rng: random.Random) -> str:
    return template.format(place=rng.choice(PLACES), service=rng.choice(SERVICES), partner=rng.choice(PARTNERS),
                           n=rng.randint(2, 95), year=rng.randint(2019, 2026))


def _paragraphs(words: int, rng: random.Random) -> list[str]:
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_fill(rng.choice(SENTENCES), rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return paragraphs


def chapter(words: int, seed: int = 1) -> str:
    """A well-formed Markdown chapter of about ``words`` words."""
    rng = random.Random(seed)
    body = words - 120
    lines = [f"# {rng.choice(SECTORS)}", "", "## Innledning", "",
             "Sektoren har ansvar for tjenester til innbyggere i alle aldre. Prioriteringene bygger på "
             "kommuneplanens samfunnsdel.", "", "## Status og utfordringer", ""]
    for paragraph in _paragraphs(int(body * 0.8), rng):
        lines += [paragraph, ""]
    lines += ["## Prioriteringer", ""]
    for area, templates in PRIORITIES.items():
        lines += [f"### {area}", ""]
        lines += [f"- {_fill(template, rng)}" for template in templates]
        lines.append("")
    lines += ["## Samarbeid for å nå målene", ""]
    for paragraph in _paragraphs(int(body * 0.2), rng):
        lines += [paragraph, ""]
    return "\n".join(lines)
