"""Hostile and degenerate drafts: how much more they cost than a normal chapter of the same size.

Every input is as long as the engine accepts (``Limits.max_text_chars``, 1,000,000
characters), pasted as text. The baseline, in the same run, is a normal chapter of the same
length from ``bench/corpus.py``. A ratio far above 1 means some step is worse than linear
on that shape of input: that is what this benchmark is for (a quadratic overlap check in
the sequence rules once made one of these take 90 s).

Run: ``python bench/hostile.py``. Not a test: it prints figures.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import chapter  # noqa: E402

SIZE = 999_000

SHAPES: dict[str, Callable[[int], str]] = {
    "one paragraph, no full stop": lambda n: "ord samt vurderes " * (n // 18),
    "one sentence of noun-heavy phrases": lambda n: "foreta en vurdering av " * (n // 23),
    "only headings": lambda n: "## Overskrift\n" * (n // 14),
    "pasted UPPER CASE headings and bullets": lambda n: "OVERSKRIFT:\n• punkt\n" * (n // 20),
    "citations of unknown goals": lambda n: "(mål 2.1, 2.2 og 9.9) " * (n // 22),
    "deeply nested list": lambda n: "".join("  " * (i % 30) + "- punkt samt herunder\n" for i in range(n // 40)),
    "nested block quotes": lambda n: ("> " * 50 + "tekst\n") * (n // 106),
    "unclosed emphasis": lambda n: ("**" * 100 + "x") * (n // 201),
}


def timed(lint: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    lint(text)
    return time.perf_counter() - start


def main() -> None:
    from planvakt.linting.engine import lint_text
    from planvakt.linting.rulepack.loader import load_pack

    pack = load_pack()

    def lint(text: str) -> object:
        return lint_text(text, "-", rules=pack)

    lint(chapter(2000, seed=1))  # warm the process
    normal = chapter(160_000, seed=7)[:SIZE]
    baseline = min(timed(lint, normal) for _ in range(2))
    print(f"baseline: a normal chapter of {len(normal):,} characters in {baseline:.2f} s")
    worst = 0.0
    for name, shape in SHAPES.items():
        text = shape(SIZE)[:SIZE]
        ratio = timed(lint, text) / baseline
        worst = max(worst, ratio)
        print(f"{name:40s} {ratio:6.1f}×")
    print(f"worst: {worst:.1f}× a normal chapter of the same size")


if __name__ == "__main__":
    main()
