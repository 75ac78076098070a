"""Klarspråk benchmark: what the klarsprak rules add to the warm lint time of a chapter.

In one process and one run, the same 20,000-word chapters are linted with the built-in
pack (klarsprak included) and with the same pack without its `rules:`, interleaved, and
the medians are compared (and, since other processes on a shared machine add noise to
single runs, the fastest runs too). Target: the rules add at most 50 %.

Two chapters: bench/corpus.py's well-written one, and a first draft in which a
tenth of the paragraphs come from the annotated klarspråk corpus (long sentences,
passives, chancery words...), so the rules have something to find.

Run: ``python bench/klarsprak.py [--repeat N] [--words N]``. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT))
from corpus import chapter  # noqa: E402

TARGET = 1.5


def draft_chapter(words: int, seed: int) -> str:
    """bench/corpus.py's chapter with every tenth paragraph taken from the klarspråk corpus."""
    import yaml

    corpus = yaml.safe_load((ROOT / "tests" / "klarsprak" / "corpus.yaml").read_text(encoding="utf-8"))
    noisy = [entry["text"] for group, entries in corpus.items() if group.endswith("nb") for entry in entries
             if entry.get("flags")]
    rng = random.Random(seed)
    lines = chapter(words, seed=seed).split("\n")
    out = []
    for index, line in enumerate(lines):
        out.append(line)
        if line and not line.startswith(("#", "-")) and index % 10 == 0:
            out += ["", " ".join(rng.sample(noisy, 3))]
    return "\n".join(out)


def measure(texts: list[str], repeat: int) -> dict[str, float]:
    from planvakt.linting.engine import lint_text
    from planvakt.linting.rulepack.loader import load_pack

    pack = load_pack()
    bare = dataclasses.replace(pack, rules=())
    for candidate in (pack, bare):   # warm both: pipeline, lemma cache, prepared rules
        lint_text(chapter(3000, seed=5), "warm.md", rules=candidate, markdown=True)
    with_rules, without, findings = [], [], 0
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            lint_text(text, "kapittel.md", rules=bare, markdown=True)
            without.append(time.perf_counter() - start)
            start = time.perf_counter()
            report = lint_text(text, "kapittel.md", rules=pack, markdown=True)
            with_rules.append(time.perf_counter() - start)
            findings = sum(1 for f in report.findings if pack.rule(f.rule) is not None)
    base, ours = statistics.median(without), statistics.median(with_rules)
    return {"without_ms": base * 1000, "with_ms": ours * 1000, "ratio": ours / base,
            "ratio_of_fastest": min(with_rules) / min(without),
            "words": report.stats["words"], "klarsprak_findings": findings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--words", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("PLANVAKT_CACHE_DIR", str(Path(tmp) / "cache"))
        clean = measure([chapter(args.words, seed=10 + i) for i in range(3)], args.repeat)
        draft = measure([draft_chapter(args.words, seed=20 + i) for i in range(3)], args.repeat)
    for name, result in (("clean chapter", clean), ("first draft", draft)):
        verdict = "ok" if result["ratio"] <= TARGET else "OVER TARGET"
        print(f"{name:<14} {result['words']:>6} words: {result['without_ms']:.0f} ms without the klarspråk rules, "
              f"{result['with_ms']:.0f} ms with → {result['ratio']:.2f}× (fastest runs: "
              f"{result['ratio_of_fastest']:.2f}×; {result['klarsprak_findings']} findings; target ≤ {TARGET}×, "
              f"{verdict})")
    print(json.dumps({"clean": clean, "draft": draft}))


if __name__ == "__main__":
    main()
