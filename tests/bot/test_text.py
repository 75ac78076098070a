"""Slack's formatting in pasted drafts: cleaned before the engine sees it."""

from __future__ import annotations

import pytest

from planvakt.bot.slack.text import clean_message_text


@pytest.mark.parametrize("raw, clean", [
    ("<@UPLANVAKT> *Innledning*", " *Innledning*"),
    ("<@UPLANVAKT|planvakt> sjekk", " sjekk"),
    ("Spør <@U123|kari> eller <@U456>", "Spør @kari eller @U456"),
    ("Se <https://kommune.no/plan|kommuneplanens samfunnsdel>.", "Se kommuneplanens samfunnsdel."),
    ("Se <https://kommune.no/plan>", "Se https://kommune.no/plan"),
    ("<mailto:post@kommune.no|post@kommune.no>", "post@kommune.no"),
    ("I <#C123|plan> og <!here>", "I #plan og @here"),
    ("Barn &amp; unge &lt;18 år&gt;", "Barn & unge <18 år>"),
    ("&amp;lt; stays literal", "&lt; stays literal"),
    ("<!date^1392734382^{date}|13. februar>", "13. februar"),
])
def test_clean_message_text(raw: str, clean: str) -> None:
    assert clean_message_text(raw, "UPLANVAKT") == clean
