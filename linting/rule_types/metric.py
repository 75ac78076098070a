"""``type: metric``: a readability measure over a threshold.

```yaml
sentence-length:
  type: metric
  metric: sentence-length      # words per sentence
  thresholds: {warning: 25, error: 40}
  max_part_words: 12           # a list-like sentence (all parts short) only gets the top level …
  max_list_words: 28           # … up to this many words
  message: Setningen har {value} ord.
lix:
  type: metric
  metric: lix                  # words/sentences + 100 × share of words over six letters
  per: [document, section]
  thresholds: {warning: 50}
  min_words: 100               # too little text for a meaningful LIX: no finding
  stat: lix                    # the chapter's value in the report's stats.lix
```

A value over a threshold gives a finding at that threshold's level (the highest one
exceeded). Metrics count words the same way as ``stats.words``: every token that is
not punctuation or space.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planvakt.linting.rule_types.base import LEVELS, Env, Fail, Hit, RuleSpec, RuleType, Scope

if TYPE_CHECKING:  # pragma: no cover
    from planvakt.linting.rule_types.text import TokenTable

METRICS = ("sentence-length", "paragraph-length", "lix")
UNITS = ("sentence", "paragraph", "section", "document")
_DEFAULT_PER = {"sentence-length": ("sentence",), "paragraph-length": ("paragraph",), "lix": ("document",)}
_ALLOWED_PER = {"sentence-length": {"sentence"}, "paragraph-length": {"paragraph"},
                "lix": {"paragraph", "section", "document"}}
_EXCERPT_WORDS = 6


@dataclass(slots=True)
class Prepared:
    metric: str
    thresholds: list[tuple[float, str]]  # ascending
    per: tuple[str, ...]
    min_words: int
    max_part_words: int
    stat: str | None
    max_list_words: int = 0


class Metric(RuleType):
    name = "metric"
    summary = "Måler lesbarhet (setningslengde, avsnittslengde, LIX) mot terskler."
    keys: dict[str, Any] = {
        "metric": {"enum": list(METRICS), "description": "What to measure."},
        "thresholds": {"$ref": "#/$defs/rule-thresholds",
                       "description": "Level → the value above which a finding has that level."},
        "per": {"$ref": "#/$defs/rule-units", "description": "Where to measure: sentence, paragraph, section, document."},
        "min_words": {"type": "integer", "minimum": 1,
                      "description": "Skip paragraphs, sections or documents with fewer words (lix)."},
        "max_part_words": {"type": "integer", "minimum": 0,
                           "description": "sentence-length: a sentence whose comma-separated parts all have at most "
                                          "this many words is a list and only gets the highest level. 0: off."},
        "max_list_words": {"type": "integer", "minimum": 0,
                           "description": "sentence-length: the longest sentence max_part_words lets through as a "
                                          "list; a longer one is a run-on sentence however short its parts. 0: no limit."},
        "stat": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$",
                 "description": "Report the document's value as stats.<stat> (and per section as <stat>_sections)."},
    }
    form_keys = ()
    fields = ("value", "limit", "words", "sentences", "start", "section", "parts")

    def validate(self, spec: RuleSpec, fail: Fail) -> None:
        options = spec.options
        metric = options.get("metric")
        if metric is None:
            fail(f"regelen «{spec.id}» mangler «metric» (en av {', '.join(METRICS)})", ())
        if not options.get("thresholds"):
            fail(f"regelen «{spec.id}» mangler «thresholds», f.eks. {{warning: 25, error: 40}}", ())
        per = _per(options.get("per"), metric)
        wrong = [unit for unit in per if unit not in _ALLOWED_PER[metric]]
        if wrong:
            fail(f"«{metric}» kan ikke måles per «{wrong[0]}»; bruk {', '.join(sorted(_ALLOWED_PER[metric]))}",
                 ("per",))
        thresholds = options["thresholds"]
        ordered = [thresholds[level] for level in reversed(LEVELS) if level in thresholds]
        if ordered != sorted(ordered):
            fail("tersklene må stige fra suggestion via warning til error", ("thresholds",))

    def prepare(self, spec: RuleSpec, content: dict[str, Any], env: Env) -> Prepared:
        thresholds = sorted((float(value), level) for level, value in content["thresholds"].items())
        return Prepared(content["metric"], thresholds, _per(content.get("per"), content["metric"]),
                        int(content.get("min_words", 1)), int(content.get("max_part_words", 0)), content.get("stat"),
                        int(content.get("max_list_words", 0)))

    def run(self, prepared: Prepared, table: TokenTable, scope: Scope, stats: dict[str, Any]) -> Iterator[Hit]:
        if not len(table) or not scope.units.any():
            return
        if prepared.metric == "sentence-length":
            yield from _sentence_length(prepared, table, scope, stats)
        elif prepared.metric == "paragraph-length":
            yield from _paragraph_length(prepared, table, scope, stats)
        else:
            yield from _lix(prepared, table, scope, stats)


def _per(value: Any, metric: str | None) -> tuple[str, ...]:
    if value is None:
        return _DEFAULT_PER.get(metric or "", ("document",))
    return (value,) if isinstance(value, str) else tuple(value)


def _level(prepared: Prepared, value: float) -> tuple[str, float] | None:
    exceeded = [(level, limit) for limit, level in prepared.thresholds if value > limit]
    return exceeded[-1] if exceeded else None


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _excerpt(table: TokenTable, start: int, end: int) -> str:
    tokens = [t for t in table.doc[start:min(end, start + 2 * _EXCERPT_WORDS + 2)] if not t.is_space]
    tokens = tokens[:_EXCERPT_WORDS + 1]
    text = "".join(t.text_with_ws for t in tokens[:_EXCERPT_WORDS]).strip()
    return text + " …" if len(tokens) > _EXCERPT_WORDS else text


def _sentence_length(prepared: Prepared, table: TokenTable, scope: Scope, stats: dict[str, Any]) -> Iterator[Hit]:
    import numpy as np

    starts, ends = table.sentences
    cumulative = np.concatenate([[0], np.cumsum(table.word)])
    counts = cumulative[ends] - cumulative[starts]
    in_scope = scope.units[table.unit_index(starts)] & table.prose_sentences
    if prepared.stat and in_scope.any():
        stats[prepared.stat] = round(float(counts[in_scope].mean()), 1)
    lowest = prepared.thresholds[0][0]
    top_level = prepared.thresholds[-1][1]
    over = np.flatnonzero(in_scope & (counts > lowest))
    if not len(over):
        return
    longest_part, parts = _parts(table, starts, ends, cumulative)
    for position in over.tolist():
        start, end, value = int(starts[position]), int(ends[position]), int(counts[position])
        found = _level(prepared, value)
        if found is None:
            continue
        level, limit = found
        listed = not prepared.max_list_words or value <= prepared.max_list_words
        if level != top_level and prepared.max_part_words and longest_part[position] <= prepared.max_part_words \
                and listed:
            continue  # a list of short parts reads more easily than one long clause
        yield Hit(start, end, {"value": value, "words": value, "limit": _number(limit),
                               "start": _excerpt(table, start, end), "parts": int(parts[position])},
                  level=level)


def _parts(table: TokenTable, starts: Any, ends: Any, cumulative: Any) -> tuple[Any, Any]:
    """Per sentence: the words in its longest comma-separated (or ; : – parenthesis) part,
    and how many parts have words; for all sentences at once."""
    import numpy as np

    breaks = np.flatnonzero(table.part_break)
    cuts = np.union1d(starts, breaks)
    # a part runs from one cut to the next; the last part of a sentence ends at its end
    sentence = np.searchsorted(starts, cuts, side="right") - 1
    part_end = np.minimum(np.append(cuts[1:], len(table)), ends[sentence])
    keep = part_end > cuts
    cuts, part_end, sentence = cuts[keep], part_end[keep], sentence[keep]
    words = cumulative[part_end] - cumulative[cuts]
    first = np.searchsorted(sentence, np.arange(len(starts)), side="left")
    longest = np.maximum.reduceat(words, np.minimum(first, len(words) - 1)) if len(words) else np.zeros(len(starts))
    counted = np.add.reduceat((words > 0).astype(np.int64), np.minimum(first, len(words) - 1)) \
        if len(words) else np.zeros(len(starts))
    return longest, np.maximum(counted, 1)


def _paragraph_length(prepared: Prepared, table: TokenTable, scope: Scope, stats: dict[str, Any]) -> Iterator[Hit]:
    import numpy as np

    cumulative = np.concatenate([[0], np.cumsum(table.word)])
    counts = cumulative[table.unit_ends] - cumulative[table.unit_starts]
    selected = scope.units & ~table.table_units
    if prepared.stat and selected.any():
        stats[prepared.stat] = round(float(counts[selected].mean()), 1)
    for index in np.nonzero(selected & (counts > prepared.thresholds[0][0]))[0].tolist():
        unit = table.units[index]
        value = int(counts[index])
        found = _level(prepared, value)
        if found:
            yield Hit(unit.start, unit.end, {"value": value, "words": value, "limit": _number(found[1]),
                                             "start": _excerpt(table, unit.start, unit.end)},
                      level=found[0])


def _lix(prepared: Prepared, table: TokenTable, scope: Scope, stats: dict[str, Any]) -> Iterator[Hit]:
    import numpy as np

    sentence_starts, sentence_ends = table.sentences
    prose = table.prose_sentences
    # only prose counts: not tables, not lines of figures
    edges = np.zeros(len(table) + 1, dtype=np.int64)
    np.add.at(edges, sentence_starts[~prose], 1)
    np.add.at(edges, sentence_ends[~prose], -1)
    in_prose = np.cumsum(edges[:-1]) == 0
    words = np.concatenate([[0], np.cumsum(table.word & in_prose)])
    longs = np.concatenate([[0], np.cumsum(table.long & in_prose)])
    unit_words = words[table.unit_ends] - words[table.unit_starts]
    unit_long = longs[table.unit_ends] - longs[table.unit_starts]
    unit_sentences = np.bincount(table.unit_index(sentence_starts[prose]), minlength=len(table.units))
    selected = scope.units & ~table.table_units

    def lix(mask: Any) -> tuple[float, int, int] | None:
        total, sentences = int(unit_words[mask].sum()), int(unit_sentences[mask].sum())
        if not total or not sentences:
            return None
        return round(total / sentences + 100 * int(unit_long[mask].sum()) / total, 1), total, sentences

    document = lix(selected)
    if prepared.stat and document:
        stats[prepared.stat] = document[0]
    if "document" in prepared.per and document:
        hit = _lix_hit(prepared, document, (1, 1), None, None)
        if hit:
            yield hit
    if "section" in prepared.per:
        section_values: dict[str, float] = {}
        tops = [unit.top_id for unit in table.units]
        for top in dict.fromkeys(t for t, keep in zip(tops, selected.tolist()) if t and keep):
            mask = selected & np.array([t == top for t in tops])
            value = lix(mask)
            if not value:
                continue
            section_values[top] = value[0]
            first = table.units[int(np.nonzero(mask)[0][0])]
            heading = _top_section(first, top)
            line = heading.line if heading is not None else first.block.line
            name = heading.heading.text if heading is not None and heading.heading else top
            hit = _lix_hit(prepared, value, (line, 1), top, name)
            if hit:
                yield hit
        if prepared.stat:
            stats[f"{prepared.stat}_sections"] = section_values
    if "paragraph" in prepared.per:
        for index in np.nonzero(selected)[0].tolist():
            value = lix(np.arange(len(table.units)) == index)
            unit = table.units[index]
            if value:
                hit = _lix_hit(prepared, value, unit.block.position(0), unit.section_id, None)
                if hit:
                    yield hit


def _lix_hit(prepared: Prepared, value: tuple[float, int, int], position: tuple[int, int],
             section: str | None, name: str | None) -> Hit | None:
    lix, words, sentences = value
    found = _level(prepared, lix)
    if found is None or words < prepared.min_words:
        return None
    return Hit(0, 0, {"value": lix, "limit": _number(found[1]), "words": words, "sentences": sentences,
                      "section": f"«{name}»" if name else "kapitlet", **({} if section else {"_excerpt": ""})},
               level=found[0], position=position, section=section)


def _top_section(unit: Any, top: str) -> Any:
    node = unit.section
    while node is not None:
        if node.match is not None and node.match.id == top:
            return node
        node = node.parent
    return None


RULE_TYPE = Metric()
