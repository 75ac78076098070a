"""The golden-thread settings of a rule pack (its `golden:` mapping), typed, with defaults.

Everything a municipality may want to change lives in the pack; the defaults here are
only used when a pack (such as `sektorkapittel`) has no `golden:` mapping at all. The
loader parses the mapping once (:func:`parse_golden`) into the pack's ``golden`` field.
:mod:`planvakt.linting.golden.config` is where the golden-thread code reads them from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES = ("chapter", "plan", "report")
STATUSES = ("achieved", "partly", "not")

# Function words of Bokmål and Nynorsk, and words every priority uses («vi skal …»),
# removed before priorities are compared. A pack adds its own under golden.matching.stopwords.
DEFAULT_STOPWORDS = frozenset([
    "alle", "allerede", "alt", "andre", "annen", "annet", "at", "av", "bare", "bedre", "begge", "bli",
    "blir", "blitt", "både", "da", "de", "dei", "del", "dem", "den", "denne", "der", "dere", "deres", "det",
    "dette", "di", "disse", "du", "eg", "ein", "eit", "eitt", "eller", "elles", "en", "enn", "er", "et",
    "ett", "etter", "for", "fordi", "fra", "frå", "før", "ha", "hadde", "han", "har", "hele", "heile",
    "her", "hos", "hun", "hva", "hvem", "hvor", "hvordan", "i", "ikke", "ikkje", "inn", "innen", "innan",
    "ja", "jf", "jeg", "kan", "korleis", "kva", "kvar", "kven", "man", "med", "meir", "mellom", "men",
    "mer", "mot", "mykje", "mye", "må", "noe", "noen", "nokon", "nokre", "nå", "når", "og", "også", "om",
    "opp", "oss", "over", "på", "samme", "same", "seg", "selv", "sin", "sine", "sitt", "sjølv", "skal",
    "skulle", "slik", "som", "så", "til", "ut", "uten", "utan", "ved", "vi", "vil", "ville", "vår", "være",
    "vere", "vert", "vore", "å", "òg", "bl", "blant", "bidra", "dvs", "eks", "f", "fx", "gjennom", "hvert",
    "kvart", "mest", "mange", "mål", "nr", "osv", "pga", "samt", "sammen", "saman", "slik", "sørge", "ta",
    "tas", "gjøre", "gjere", "få", "gi", "gir", "gis", "ny", "nye", "nytt", "flere", "fleire", "mer",
    "meir", "arbeide", "jobbe", "legge", "rette", "kommune", "kommunen", "kommunens", "enhet", "enheten",
    "eining", "eininga", "sektor", "sektoren", "år", "året", "hvert", "periode", "perioden", "perioda",
    "høp",
])


@dataclass(frozen=True, slots=True)
class Matching:
    """When two priorities count as the same one (see :mod:`planvakt.linting.golden.matching`)."""

    stopwords: frozenset[str] = DEFAULT_STOPWORDS
    min_shared: int = 2          # content words two priorities must share
    with_goal: float = 0.3       # overlap needed when both cite a goal they share
    without_goal: float = 0.5    # overlap needed when one of them cites no goal
    duplicate: float = 0.5       # overlap (of the union) for near-duplicates across sectors
    min_shared_duplicate: int = 3


@dataclass(frozen=True, slots=True)
class Answer:
    label: str
    words: tuple[str, ...]


DEFAULT_ANSWERS = {
    "achieved": Answer("Oppnådd", ("oppnådd", "nådd", "gjennomført", "fullført", "innført")),
    "partly": Answer("Delvis oppnådd", ("delvis oppnådd", "delvis nådd", "delvis gjennomført",
                                        "påbegynt", "i rute", "i gang")),
    "not": Answer("Ikke oppnådd", ("ikke oppnådd", "ikkje oppnådd", "ikke nådd", "ikkje nådd",
                                   "ikke gjennomført", "ikkje gjennomført", "ikke startet", "utsatt")),
}
DEFAULT_HOP_NAMES = ("handlings- og økonomiplan", "handlings- og økonomiplanen", "HØP", "økonomiplan",
                     "handlingsprogram")


@dataclass(frozen=True, slots=True)
class GoldenConfig:
    role: str = "chapter"
    hop_names: tuple[str, ...] = DEFAULT_HOP_NAMES
    matching: Matching = field(default_factory=Matching)
    answers: dict[str, Answer] = field(default_factory=lambda: dict(DEFAULT_ANSWERS))
    min_answer_words: int = 4
    chapter_rules: str = ""      # the pack the HØP chapters follow (default: the default pack)
    # A fixed set of HØP priorities declared in YAML (`golden.hop_priorities`), as records
    # shaped like `planvakt summary --format json`'s; priorities given at run time travel in
    # the lint context instead (planvakt.linting.golden.context).
    hop_priorities: tuple[Mapping[str, Any], ...] | None = None


def parse_golden(data: Mapping[str, Any] | None) -> GoldenConfig:
    """A pack's `golden:` mapping (already schema-valid), defaults filled in."""
    data = data or {}
    matching = data.get("matching") or {}
    defaults = Matching()
    stopwords = DEFAULT_STOPWORDS | frozenset(w.casefold() for w in matching.get("stopwords", ()))
    answers = dict(DEFAULT_ANSWERS)
    for status, spec in (data.get("answers") or {}).items():
        if status in STATUSES:
            label = spec.get("label", answers[status].label)
            words = tuple(spec.get("words", ())) or answers[status].words
            answers[status] = Answer(label, tuple(dict.fromkeys((label.casefold(), *map(str.casefold, words)))))
    hop = data.get("hop_priorities")
    return GoldenConfig(
        role=data.get("role", "chapter"),
        hop_names=tuple(data.get("hop_names") or DEFAULT_HOP_NAMES),
        matching=Matching(
            stopwords=stopwords,
            min_shared=int(matching.get("min_shared", defaults.min_shared)),
            with_goal=float(matching.get("with_goal", defaults.with_goal)),
            without_goal=float(matching.get("without_goal", defaults.without_goal)),
            duplicate=float(matching.get("duplicate", defaults.duplicate)),
            min_shared_duplicate=int(matching.get("min_shared_duplicate", defaults.min_shared_duplicate)),
        ),
        answers=answers,
        min_answer_words=int((data.get("answers") or {}).get("min_words", 4)),
        chapter_rules=data.get("chapter_rules") or "",
        hop_priorities=tuple(dict(item) for item in hop) if hop is not None else None,
    )
