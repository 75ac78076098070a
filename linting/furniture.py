"""Page furniture: lines a draft carries from the printed plan that are not its text.

Pasted from Word or a PDF, a chapter often starts (and its pages go on) with a running
header or footer («Handlings- og økonomiplan 2021–2024 – Fjordvik kommune»), the status of
the document («Rådmannens forslag») or a page number («Side 12 av 40»). They are neither
the chapter's title nor its text. A pack adds its own patterns under ``title: skip:``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from planvakt.linting.rulepack.model import RulePack

_YEAR = r"(?:19|20)\d\d"
BUILT_IN = (
    # page numbers: «12», «Side 12», «s. 12», «12 av 40», «12/40», «- 12 -»
    r"[-–\s]*(?:side|s\.|page)?\s*\d{1,4}(?:\s*(?:av|/|of)\s*\d{1,4})?[-–\s]*",
    # the document's status
    r"(?:rådmannens|rådmannen sitt|kommunedirektørens|kommunedirektøren sitt|kommunedirektøren si|"
    r"formannskapets|bystyrets|kommunestyrets|fylkesrådmannens)\s+"
    r"(?:forslag|framlegg|innstilling|vedtak)\b.*",
    r"(?:vedtatt|vedteke|vedtatt av \w+)\s+.*" + _YEAR + r".*",
    # a running header or footer: the plan's title with its years, after the municipality
    r"(?:[\w-]+(?:\s+[\w-]+)?\s+(?:fylkes)?kommune\s*[–:|-]?\s*)?(?:forslag\s+til\s+)?"
    r"(?:handlings-?\s+og\s+økonomiplan|handlingsprogram(?:\s+og\s+økonomiplan)?|økonomiplan|"
    r"handlingsplan|årsbudsjett|budsjett)(?:\s+og\s+\w+)?\s+(?:for\s+)?" + _YEAR + r"\b.*",
)
_MAX_WORDS = 14  # furniture is a short line; a sentence naming the plan and a year is text


@lru_cache(maxsize=32)
def _compiled(extra: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in (*BUILT_IN, *extra))


def patterns(pack: RulePack) -> tuple[re.Pattern[str], ...]:
    return _compiled(tuple((pack.data.get("title") or {}).get("skip") or ()))


def is_furniture(text: str, pack: RulePack) -> bool:
    """Whether a whole line (or a one-line block) is page furniture."""
    line = text.strip()
    if not line or len(line.split()) > _MAX_WORDS or line.endswith((".", "!", "?", ":", ",")):
        return False
    return any(pattern.fullmatch(line) for pattern in patterns(pack))
