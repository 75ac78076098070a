"""One page per rule, ruff-style: ``docs/rules/<id>.md``, generated from the rule catalogue.

``python -m planvakt.linting.rule_docs`` (re)writes the pages and ``docs/rules/README.md``
(the index); ``--check`` exits 1 if any is out of date (a test runs the same comparison).

Each page says what the rule does, why, shows an example and how to fix it, and lists
its options, message fields and variants. The example is real: the first finding of the
rule in the repository's fixture drafts (``tests/fixtures/drafts``, ``examples``), with
the lines around it and what Planvakt said; for a language rule no draft triggers, the
first paragraph of the klarspråk corpus (``tests/klarsprak/corpus.yaml``) it flags.
The rules are those of the built-in packs
(``sektorkapittel``, ``virksomhetsplan``, ``arsrapport``): every check, and the rules
they take in (klarspråk).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import planvakt.linting.checks  # noqa: F401  (registers the checks)
from planvakt.linting.catalogue import Catalogue, catalogue, option_values
from planvakt.linting.rule_info import RuleInfo

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "rules"
PACKS = ("sektorkapittel", "virksomhetsplan", "arsrapport")
FIXTURES = ("tests/fixtures/drafts", "tests/fixtures/rules", "examples")
CORPUS = "tests/klarsprak/corpus.yaml"   # klarspråk paragraphs, each linted as a one-paragraph chapter
_CORPUS_PREFIX = "# Korpus\n\n"
HOP_CHAPTERS = "examples/hop"
_CONTEXT_LINES = 2


@dataclass(frozen=True, slots=True)
class Example:
    path: str                # relative to the repository
    line: int
    excerpt: list[tuple[int, str]]
    said: str                # the finding as the text report prints it


def _fixture_paths() -> list[Path]:
    paths: list[Path] = []
    for folder in FIXTURES:
        paths += sorted(p for p in (ROOT / folder).rglob("*") if p.suffix in (".md", ".txt") and p.is_file()
                        and p.parent.name != "hop" and p.name != "README.md")
    return paths


def examples() -> dict[str, Example]:
    """The first finding of each rule in the fixtures (by file name, then line)."""
    from planvakt.linting.engine import lint_document
    from planvakt.linting.golden.context import chapter_pack, read_chapters
    from planvakt.linting.readers import read_path
    from planvakt.linting.rulepack.loader import DEFAULT_PACK, load_pack
    from planvakt.linting.rulepack.select import candidates_for_title, document_title

    hop_files = sorted((ROOT / HOP_CHAPTERS).glob("*.md"))
    found: dict[str, Example] = {}
    for path in _fixture_paths():
        document = read_path(path)
        names = candidates_for_title(document_title(document))
        pack = load_pack(names[0] if len(names) == 1 else DEFAULT_PACK)
        hop = None
        if pack.golden.role != "chapter":
            hop, _ = read_chapters(hop_files, chapter_pack(pack))
        report = lint_document(document, pack, hop_priorities=hop)
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        relative = path.relative_to(ROOT).as_posix()
        for finding in report.findings:
            if finding.rule in found:
                continue
            first = max(finding.line - _CONTEXT_LINES, 1)
            last = min(finding.line + _CONTEXT_LINES, len(lines))
            excerpt = [(number, lines[number - 1]) for number in range(first, last + 1)]
            hint = f"\n    → {finding.hint}" if finding.hint else ""
            said = (f"{path.name}:{finding.line}:{finding.column}: {finding.severity}: {finding.message} "
                    f"[{finding.rule}]{hint}")
            found[finding.rule] = Example(relative, finding.line, excerpt, said)
    _corpus_examples(found)
    return found


def _corpus_examples(found: dict[str, Example]) -> None:
    """Examples from the klarspråk corpus, for the rules that have none yet."""
    import yaml

    from planvakt.linting.engine import lint_document
    from planvakt.linting.readers import read_string
    from planvakt.linting.rulepack.loader import DEFAULT_PACK, load_pack

    pack = load_pack(DEFAULT_PACK)
    corpus = yaml.safe_load((ROOT / CORPUS).read_text(encoding="utf-8"))
    line = _CORPUS_PREFIX.count("\n") + 1
    for language in ("nb", "nn"):
        for number, item in enumerate(corpus.get(language) or (), 1):
            flagged = {flag if isinstance(flag, str) else next(iter(flag)) for flag in item.get("flags") or ()}
            wanted = [rule for rule in sorted(flagged) if rule not in found]
            if not wanted:
                continue
            document = read_string(_CORPUS_PREFIX + item["text"] + "\n", "korpus.md", markdown=True)
            report = lint_document(document, pack, language=language)
            for finding in report.findings:
                if finding.rule in wanted and finding.rule not in found and finding.line == line:
                    hint = f"\n    → {finding.hint}" if finding.hint else ""
                    said = (f"korpus.md:{finding.line}:{finding.column}: {finding.severity}: {finding.message} "
                            f"[{finding.rule}]{hint}")
                    found[finding.rule] = Example(f"{CORPUS}", number, [(line, item["text"])], said)


def rules() -> list[tuple[RuleInfo, Catalogue]]:
    """Every rule of the built-in packs, once, with the first pack that runs it (else the first that has it)."""
    from planvakt.linting.rulepack.loader import load_pack

    catalogues = [catalogue(load_pack(name)) for name in PACKS]
    seen: dict[str, tuple[RuleInfo, Catalogue]] = {}
    for entries in catalogues:
        for info in entries:
            if info.id not in seen or (info.enabled and not seen[info.id][0].enabled):
                seen[info.id] = (info, entries)
    return sorted(seen.values(), key=lambda item: item[0].id)


def page(info: RuleInfo, pack: str, example: Example | None) -> str:
    kind = "built-in check" if info.is_check else f"`{info.kind}` rule from `{info.pack}`"
    state = f"{info.severity.label} ({info.severity.value})" if info.enabled else "off unless a pack switches it on"
    lines = [f"# {info.id}", "", f"*{kind} · in `{pack}`: {state}"
             + (f" · tags: {', '.join(info.tags)}" if info.tags else "") + "*", "", info.summary, ""]
    lines += ["## What it does", "", info.explanation.what, ""]
    if info.explanation.why:
        lines += ["## Why", "", info.explanation.why, ""]
    lines += ["## Example", ""]
    if example is None:
        lines += ["No fixture draft triggers this rule yet.", ""]
    else:
        width = len(str(example.excerpt[-1][0]))
        where = f"item {example.line} of" if example.path == CORPUS else f"line {example.line} of"
        lines += [f"From {where} [`{example.path}`](../../{example.path}):", "", "```text"]
        marked = example.excerpt[0][0] if example.path == CORPUS else example.line
        lines += [f"{number:>{width}} {'>' if number == marked else '|'} {text}".rstrip()
                  for number, text in example.excerpt]
        lines += ["```", "", "Planvakt says:", "", "```text", example.said, "```", ""]
    if info.explanation.fix:
        lines += ["## How to fix", "", info.explanation.fix, ""]
    lines += ["## Options", ""]
    if info.is_check:
        lines += ["| Key | Default | Meaning |", "|---|---|---|",
                  "| `enabled` | " + ("true" if info.enabled else "false") + " | false switches the check off |",
                  "| `severity` | `warning` | error, warning or suggestion |",
                  "| `message`, `hint` | | the wording; `{fields}` below are filled in |"]
        if info.variants:
            lines.append(f"| `variants` | | other wordings, by name: {', '.join(f'`{v}`' for v in info.variants)} |")
        values = option_values(info)
        for option in info.options:
            shown = json.dumps(values[option.name], ensure_ascii=False)
            lines.append(f"| `{option.name}` | `{json.dumps(option.default, ensure_ascii=False)}` "
                         f"(`{pack}`: `{shown}`) | {option.description} |")
    else:
        lines += ["The keys every rule has and the keys of its type are in [docs/rules.md](../rules.md#"
                  f"{info.kind}). As `{pack}` sets them:", "", "```json",
                  json.dumps(dict(info.settings), ensure_ascii=False, indent=2, sort_keys=True), "```"]
    lines += ["", "## Message fields", "",
              ", ".join(f"`{{{name}}}`" for name in info.fields) if info.fields else "None.", ""]
    if info.link:
        lines += ["## More", "", info.link, ""]
    return "\n".join(lines).rstrip() + "\n"


def index(entries: list[tuple[RuleInfo, Catalogue]]) -> str:
    lines = ["# Rules", "", "One page per rule, generated from the rule catalogue by "
             "`python -m planvakt.linting.rule_docs` (do not edit by hand). `planvakt explain RULE` "
             "shows the same in the terminal.", "", "| Rule | Kind | From | What it finds |", "|---|---|---|---|"]
    for info, _ in entries:
        lines.append(f"| [`{info.id}`]({info.id}.md) | {info.kind} | {info.pack} | {info.summary} |")
    return "\n".join(lines) + "\n"


def generate() -> dict[Path, str]:
    """Every page and the index, by path."""
    entries = rules()
    found = examples()
    pages = {DOCS / f"{info.id}.md": page(info, entries_of.pack, found.get(info.id)) for info, entries_of in entries}
    pages[DOCS / "README.md"] = index(entries)
    return pages


def main(argv: list[str]) -> int:
    pages = generate()
    stale = [path for path, text in pages.items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    extra = [path for path in DOCS.glob("*.md") if path not in pages] if DOCS.is_dir() else []
    if "--check" in argv:
        for path in [*stale, *extra]:
            print(f"{path} is out of date: run python -m planvakt.linting.rule_docs", file=sys.stderr)
        return 1 if stale or extra else 0
    DOCS.mkdir(parents=True, exist_ok=True)
    for path in stale:
        path.write_text(pages[path], encoding="utf-8")
        print(f"updated {path}")
    for path in extra:
        path.unlink()
        print(f"removed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
