"""Time per byte stays within a constant factor on inputs built to be slow.

For each shape the CPU time of a draft of size n and one of size 4n are compared in the same
run (the machine is shared, so absolute times mean little): linear work gives a ratio near
4, quadratic work 16. The bound, 8, is time per byte at most doubling from n to 4n. The
sizes are large enough that fixed costs (language data, the first spaCy call) do not count.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from planvakt.linting.engine import lint_document
from planvakt.linting.readers import read_bytes

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
from hostile_inputs import (  # noqa: E402
    chained_styles_docx,
    citations_draft,
    long_token_draft,
    nesting_draft,
)

pytestmark = pytest.mark.slow

MAX_RATIO = 8.0  # 4× the input; linear is ~4, quadratic ~16

SHAPES: dict[str, tuple[Callable[[int], str | bytes], int, str]] = {
    "citations": (citations_draft, 2_000, "sitater.md"),       # once quadratic in focus_areas.py
    "chained styles": (chained_styles_docx, 600, "stiler.docx"),  # once styles × paragraphs
    "nesting": (nesting_draft, 800, "nesting.md"),
    "long token": (long_token_draft, 3_000, "ord.md"),
}


def _cpu(build: Callable[[int], str | bytes], n: int, name: str, pack) -> float:
    data = build(n)
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        lint_document(read_bytes(raw, name), pack)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("shape", list(SHAPES))
def test_time_per_byte_stays_within_a_constant_factor(shape: str, pack) -> None:
    build, n, name = SHAPES[shape]
    _cpu(build, n // 4, name, pack)  # warm: language data, caches
    small, large = _cpu(build, n, name, pack), _cpu(build, 4 * n, name, pack)
    ratio = large / max(small, 1e-3)
    assert ratio < MAX_RATIO, f"{shape}: {4 * n} costs {ratio:.1f}× {n} ({small:.3f} s → {large:.3f} s)"
