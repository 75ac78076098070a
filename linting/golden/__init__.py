"""The golden thread: community-plan goals → HØP priorities → business plans → annual report.

- :mod:`planvakt.linting.golden.extract` reads the priorities of a sector chapter, a business plan or
  an annual report (with the report's answers) into plain records the bot can store;
- :mod:`planvakt.linting.golden.matching` decides whether two priorities are the same, by goal ids
  and by lemma overlap, so a reworded priority still matches;
- :mod:`planvakt.linting.golden.summary` builds chapter 4 (Markdown, .docx, JSON);
- :mod:`planvakt.linting.golden.trace` builds the trace from goals to results, with the gaps;
- the opt-in checks of the `virksomhetsplan` and `arsrapport` packs that use them are with the
  other checks, in :mod:`planvakt.linting.checks.golden_thread` (the checks build on this
  package, not the other way round).

Everything here is pure and synchronous, like the engine; nothing imports the bot.
"""
