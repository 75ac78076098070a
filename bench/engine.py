"""Engine benchmark: ratios against a baseline measured in the same run.

(a) cold ``planvakt check`` of a 3,000-word chapter vs a bare ``python`` that imports
    spaCy and tokenises the same text with ``spacy.blank("nb")``      target ≤ 1.5×
(b) marginal cost of one more 20,000-word chapter in a warm process vs tokenising it
    alone                                                              target ≤ 2×
(c) peak memory (max RSS) of both.

Run: ``python bench/engine.py [--repeat N]``. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import chapter  # noqa: E402

BASELINE = """
import sys, resource, spacy
nlp = spacy.blank("nb")
doc = nlp(open(sys.argv[1], encoding="utf-8").read())
print(len(doc), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _timed(command: list[str]) -> tuple[float, int]:
    """Wall time of a fresh process, and its max RSS in kB."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    completed = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        raise SystemExit(f"{command} failed: {completed.stderr.strip()}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(rss, before)


def cold(repeat: int, workdir: Path) -> dict[str, float]:
    draft = workdir / "kapittel-3000.md"
    draft.write_text(chapter(3000, seed=3), encoding="utf-8")
    planvakt = [sys.executable, "-m", "planvakt.linting", "check", "--format", "json", str(draft)]
    bare = [sys.executable, "-c", BASELINE, str(draft)]
    subprocess.run(planvakt, capture_output=True)  # builds the lemma cache once, as a first run would
    ours, base = [], []
    for _ in range(repeat):  # interleaved, so drift hits both alike
        base.append(_timed(bare)[0])
        ours.append(_timed(planvakt)[0])
    return {"planvakt_s": statistics.median(ours), "baseline_s": statistics.median(base),
            "ratio": statistics.median(ours) / statistics.median(base)}


def marginal(repeat: int) -> dict[str, float]:
    import spacy

    from planvakt.linting.engine import lint_text
    from planvakt.linting.rulepack.loader import load_pack

    pack = load_pack()
    lint_text(chapter(3000, seed=5), "warm.md", rules=pack, markdown=True)  # warm the process
    nlp = spacy.blank("nb")
    texts = [chapter(20000, seed=10 + i) for i in range(repeat)]
    ours, base = [], []
    for text in texts:
        start = time.perf_counter()
        nlp(text)
        base.append(time.perf_counter() - start)
        start = time.perf_counter()
        report = lint_text(text, "kapittel-20000.md", rules=pack, markdown=True)
        ours.append(time.perf_counter() - start)
    return {"planvakt_s": statistics.median(ours), "tokenise_s": statistics.median(base),
            "ratio": statistics.median(ours) / statistics.median(base), "words": report.stats["words"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("PLANVAKT_CACHE_DIR", str(Path(tmp) / "cache"))
        a = cold(args.repeat, Path(tmp))
        b = marginal(args.repeat)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"(a) cold check, 3,000 words: {a['planvakt_s']:.2f} s vs bare spaCy {a['baseline_s']:.2f} s "
          f"→ {a['ratio']:.2f}× (target ≤ 1.5×)")
    print(f"(b) one more 20,000-word chapter, warm: {b['planvakt_s'] * 1000:.0f} ms vs tokenising "
          f"{b['tokenise_s'] * 1000:.0f} ms → {b['ratio']:.2f}× (target ≤ 2×)")
    print(f"(c) peak RSS: cold check process {child_mb:.0f} MB; warm process after 20,000-word "
          f"chapters {peak_mb:.0f} MB")
    print(json.dumps({"cold": a, "marginal": b, "peak_rss_mb": {"cold": child_mb, "warm": peak_mb}}))


if __name__ == "__main__":
    main()
