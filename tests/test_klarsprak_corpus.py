"""The klarspråk rules against the annotated corpus (tests/klarsprak/corpus.yaml).

Target (issue 5): precision ≥ 0.9 for every rule. Recall has a floor too, so a rule
that stops finding things fails here rather than going quiet. `python
tests/klarsprak/evaluate.py -v` prints the table and every disagreement.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "klarsprak"))
from evaluate import evaluate, load_corpus, sentence_count  # noqa: E402

from planvakt.linting.rulepack.loader import load_pack  # noqa: E402

PRECISION = 0.9
RECALL = 0.8


@pytest.fixture(scope="module")
def scores():
    return evaluate(load_pack(), load_corpus())


def test_corpus_is_large_enough_and_covers_both_written_standards() -> None:
    items = load_corpus()
    assert sentence_count(items) >= 150
    assert {item.language for item in items} == {"nb", "nn"}
    assert sum(item.holdout for item in items) >= 30
    flagged = {rule for item in items for rule, _ in item.flags}
    pack_rules = {spec.id for spec in load_pack().rules}
    assert pack_rules - {"lix"} <= flagged, "every rule (LIX needs longer text) has positive examples"
    assert sum(not item.flags for item in items) >= 50, "and plenty of clean sentences"


@pytest.mark.parametrize("rule", sorted({spec.id for spec in load_pack().rules} - {"lix"}))
def test_precision_and_recall(scores, rule: str) -> None:
    score = scores[rule]
    details = "\n".join([f"FP {w}: {t}" for w, t in score.false_positives] +
                        [f"FN {w}: {t}" for w, t in score.false_negatives])
    assert score.tp > 0
    assert score.precision >= PRECISION, details
    assert score.recall >= RECALL, details
