"""Checks on the draft's own opt-out comments (``<!-- planvakt-disable … -->``)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from planvakt.linting.checks.base import REGISTRY, CheckContext, check
from planvakt.linting.report.model import Finding
from planvakt.linting.rule_types.suppress import named_rules


@check("disable-unknown-rule", summary="En planvakt-disable-kommentar nevner en regel som ikke finnes.",
       explanation="""
En kommentar som `<!-- planvakt-disable chancery -->` slår av en regel for neste avsnitt,
seksjonen eller hele utkastet. Er regel-id-en feilstavet, slår den ikke av noe, og funnene
kommer likevel. `planvakt explain` viser alle regel-id-ene.
""")
def disable_unknown_rule(ctx: CheckContext) -> Iterator[Finding]:
    known = sorted({*REGISTRY, *(spec.id for spec in ctx.pack.rules)})
    for line, text in ctx.document.comments:
        for name in named_rules(text) or ():
            if name in known:
                continue
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            yield ctx.finding("disable-unknown-rule", line=line, variant=None if close else "no-match",
                              rule_name=name, suggestion=close[0] if close else "")
