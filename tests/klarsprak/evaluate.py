"""Precision and recall of the klarspråk rules on the annotated corpus.

    python tests/klarsprak/evaluate.py [--verbose] [--rules PACK]

Each corpus item is linted as the body of a one-paragraph chapter with the pack's rules;
a finding counts as (rule, the words it points at). Predicted and expected findings
are matched per item; metrics with no words (sentence-length) match on the rule alone.
``--verbose`` lists every false positive and false negative.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).with_name("corpus.yaml")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PREFIX = "# Korpus\n\n"


@dataclass(frozen=True, slots=True)
class Item:
    language: str          # nb or nn
    text: str
    flags: tuple[tuple[str, str | None], ...]
    holdout: bool = False  # written and labelled after the rules were tuned


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[tuple[str, str | None]] = field(default_factory=list)
    false_negatives: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _flag(raw: Any) -> tuple[str, str | None]:
    if isinstance(raw, dict):
        (rule, words), = raw.items()
        return rule, _norm(str(words))
    return str(raw), None


def _norm(text: str | None) -> str | None:
    return " ".join(text.lower().split()) if text is not None else None


def load_corpus(path: Path = CORPUS) -> list[Item]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Item(group.rpartition("_")[2], entry["text"], tuple(_flag(flag) for flag in entry.get("flags") or ()),
                 group.startswith("holdout"))
            for group, entries in data.items() for entry in entries]


def sentence_count(items: list[Item]) -> int:
    import re

    return sum(len(re.findall(r"[.!?](?:\s|$)", item.text)) or 1 for item in items)


def predicted(item: Item, pack: Any) -> list[tuple[str, str | None]]:
    from planvakt.linting.engine import lint_document
    from planvakt.linting.readers import read_string

    rule_ids = {spec.id for spec in pack.rules}
    report = lint_document(read_string(PREFIX + item.text + "\n", "korpus.md", markdown=True), pack,
                           language=item.language)
    line = PREFIX.count("\n") + 1
    found = []
    for finding in report.findings:
        if finding.rule not in rule_ids:
            continue
        words = None
        if finding.end_column is not None and finding.line == line:
            words = _norm(item.text[finding.column - 1:finding.end_column - 1])
        found.append((finding.rule, words))
    return found


def evaluate(pack: Any = None, items: list[Item] | None = None) -> dict[str, Score]:
    from planvakt.linting.rulepack.loader import load_pack

    pack = pack or load_pack()
    items = items if items is not None else load_corpus()
    scores: dict[str, Score] = {spec.id: Score() for spec in pack.rules}
    for item in items:
        expected = Counter(item.flags)
        actual = Counter(_loose(flag, expected) for flag in predicted(item, pack))
        for flag in (expected | actual):
            score = scores.setdefault(flag[0], Score())
            hits = min(expected[flag], actual[flag])
            score.tp += hits
            for _ in range(actual[flag] - hits):
                score.fp += 1
                score.false_positives.append((flag[1], item.text))
            for _ in range(expected[flag] - hits):
                score.fn += 1
                score.false_negatives.append((flag[1], item.text))
    return scores


def _loose(flag: tuple[str, str | None], expected: Counter) -> tuple[str, str | None]:
    """A metric finding with words matches an expected finding of that rule without words."""
    if flag[1] is not None and (flag[0], None) in expected and flag not in expected:
        return flag[0], None
    return flag


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", "-v", action="store_true", help="list false positives and negatives")
    parser.add_argument("--rules", default=None, help="a pack name or file (default: sektorkapittel)")
    parser.add_argument("--holdout", action="store_true", help="score only the held-out items")
    args = parser.parse_args(argv)
    from planvakt.linting.rulepack.loader import load_pack

    pack = load_pack(args.rules) if args.rules else load_pack()
    items = load_corpus()
    holdout = [item for item in items if item.holdout]
    print(f"{len(items)} items, {sentence_count(items)} sentences "
          f"({sum(1 for i in items if i.language == 'nb')} bokmål, {sum(1 for i in items if i.language == 'nn')} "
          f"nynorsk; {len(holdout)} items held out)\n")
    if args.holdout:
        print("Held-out items only:")
    scores = evaluate(pack, holdout if args.holdout else items)
    print(f"{'rule':<16} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}")
    for rule, score in scores.items():
        print(f"{rule:<16} {score.tp:>4} {score.fp:>4} {score.fn:>4} {score.precision:>10.2f} {score.recall:>8.2f}")
        if args.verbose:
            for words, text in score.false_positives:
                print(f"    FP {words or '-'}: {text}")
            for words, text in score.false_negatives:
                print(f"    FN {words or '-'}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
