"""Checks on the draft's own opt-out comments (``<!-- planvakt-disable … -->``)."""

from __future__ import annotations

from collections.abc import Iterator

from planvakt.linting.catalogue import catalogue
from planvakt.linting.checks.base import CheckContext, check
from planvakt.linting.report.model import Finding
from planvakt.linting.rule_types.suppress import named_rules
from planvakt.linting.suggest import closest


@check("disable-unknown-rule", summary="En planvakt-disable-kommentar nevner en regel som ikke finnes.",
       explanation="""
En kommentar som `<!-- planvakt-disable chancery -->` slår av en regel for neste avsnitt,
seksjonen eller hele utkastet. Er regel-id-en feilstavet, slår den ikke av noe, og funnene
kommer likevel. `planvakt explain` viser alle regel-id-ene.
""", why="En feilstavet regel-id i en kommentar ser ut som den virker, men slår ikke av noe.",
       fix="Skriv regel-id-en slik den står i funnet (i hakeparentes i rapporten), f.eks. «chancery».",
       fields=("rule_name", "suggestion"), variants=("no-match",), tags=("kommentarer",))
def disable_unknown_rule(ctx: CheckContext) -> Iterator[Finding]:
    if not ctx.document.comments:
        return
    known = sorted(set(catalogue(ctx.pack).ids))
    for line, text in ctx.document.comments:
        for name in named_rules(text) or ():
            if name in known:
                continue
            close = closest(name, known)
            yield ctx.finding("disable-unknown-rule", line=line, variant=None if close else "no-match",
                              rule_name=name, suggestion=close or "")
