"""``planvakt check PATH...``: lint drafts and print a report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from planvakt.linting.commands import Command
from planvakt.linting.errors import PlanvaktError
from planvakt.linting.readers import DOCX_SUFFIXES, MARKDOWN_SUFFIXES
from planvakt.linting.report.formats import FORMATS, render
from planvakt.linting.report.model import FileError, Report
from planvakt.linting.rulepack.loader import DEFAULT_PACK, load_pack

DRAFT_SUFFIXES = MARKDOWN_SUFFIXES | DOCX_SUFFIXES | {".txt"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="STI",
                        help="utkast (.md, .txt, .docx), mapper med utkast, eller - for standard inn")
    parser.add_argument("--rules", default=os.environ.get("PLANVAKT_RULES"), metavar="NAVN|FIL",
                        help="regelpakke: et innebygd navn eller en YAML-fil (standard: etter tittelen – "
                             f"«Virksomhetsplan …», «Årsrapport …» – ellers {DEFAULT_PACK})")
    parser.add_argument("--chapters", action="append", metavar="STI",
                        help="HØP-kapitlene (fil eller mappe, kan gjentas): da sjekkes det at virksomhetsplaner "
                             "følger opp og årsrapporten svarer ut prioriteringene i dem")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text",
                        help="text (standard), json, sarif (kodeskanning) eller github (arbeidsflyt-merknader)")
    parser.add_argument("--language", choices=["auto", "nb", "nn"], default="auto",
                        help="bokmål eller nynorsk (standard: avgjøres per utkast)")
    parser.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                        help="farger i tekstformatet (standard: når utdata er en terminal)")
    parser.add_argument("--diff", action="store_true",
                        help="vis erstatningene (f.eks. «samt» → «og») som unified diff i stedet for rapporten; "
                             "endrer ingenting")
    parser.add_argument("--write", action="store_true",
                        help="skriv erstatningene inn i filene (.md og .txt, aldri .docx) og vis rapporten etterpå")


def expand(paths: list[str]) -> list[str]:
    """Directories become the drafts inside them, in a stable order."""
    expanded: list[str] = []
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            expanded.extend(str(p) for p in sorted(path.rglob("*"))
                            if p.suffix.lower() in DRAFT_SUFFIXES and p.is_file() and not p.name.startswith("~$"))
        else:
            expanded.append(raw)
    return expanded


def run(args: argparse.Namespace) -> int:
    from planvakt.linting.engine import lint_document  # heavy imports only once arguments are valid
    from planvakt.linting.readers import read_bytes, read_path

    pack = load_pack(args.rules) if args.rules else None
    language = None if args.language == "auto" else args.language
    chosen = _PackChooser(pack, expand(args.chapters or []))
    report = Report()
    paths = expand(args.paths)
    for raw in args.paths:  # a folder with no drafts is a mistake to report, not a clean result
        if raw != "-" and Path(raw).is_dir() and not expand([raw]):
            report.errors.append(FileError(path=raw, message="mappen har ingen utkast (.md, .txt eller .docx)"))
    show_progress = len(paths) > 1 and sys.stderr.isatty() and args.format == "text"
    for index, path in enumerate(paths, 1):
        if show_progress:
            print(f"\r[{index}/{len(paths)}] {path[-60:]:<60}", end="", file=sys.stderr, flush=True)
        try:
            document = read_bytes(sys.stdin.buffer.read(), "-") if path == "-" else read_path(path)
            pack_used = chosen.pack_for(document, path)
            report.files.append(lint_document(document, pack_used, language=language,
                                              hop_priorities=chosen.hop_for(pack_used, path)))
        except PlanvaktError as error:
            report.errors.append(FileError(path=error.path or path, message=error.message))
    if show_progress:
        print("\r" + " " * 70 + "\r", end="", file=sys.stderr)
    if args.diff or args.write:  # the findings' replacements: shown as a diff, or written into the files
        from planvakt.linting.rule_types import fixes

        def relint(written: str):  # type: ignore[no-untyped-def]
            document = read_path(written)
            pack_used = chosen.pack_for(document, written)
            return lint_document(document, pack_used, language=language,
                                 hop_priorities=chosen.hop_for(pack_used, written))

        rules = report.rules
        report = fixes.apply(report, diff=args.diff, write=args.write, relint=relint)
        report.rules = rules
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                       and "NO_COLOR" not in os.environ)
    report.rules = _rule_catalogue([*chosen.used, pack or load_pack(DEFAULT_PACK)])
    output = render(report, args.format, pack=pack or load_pack(DEFAULT_PACK), color=color)
    if output and not args.diff:
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
    for failure in report.errors:
        print(f"planvakt: {failure.path}: {failure.message}", file=sys.stderr)
    return report.exit_code


def _rule_catalogue(packs: list) -> dict:  # type: ignore[type-arg]
    """The catalogue entries of the packs used, by rule id (the first pack to know a rule wins)."""
    from planvakt.linting.catalogue import catalogue

    rules: dict = {}  # type: ignore[type-arg]
    for used in packs:
        for info in catalogue(used):
            rules.setdefault(info.id, info)
    return rules


class _PackChooser:
    """The --rules pack, else the pack a document's title names (`match_title`), else the
    default; with --chapters, the HØP priorities each document is compared with."""

    def __init__(self, pack: object, chapter_paths: list[str]) -> None:
        self.pack = pack
        self.chapter_paths = chapter_paths
        self._chapters: dict[str, list] = {}
        self.used: list = []  # the packs documents were checked with, in order

    def pack_for(self, document: object, path: str):  # type: ignore[no-untyped-def]
        from planvakt.linting.rulepack.select import candidates_for_title, document_title

        pack = self.pack
        if pack is None:
            title = document_title(document)  # type: ignore[arg-type]
            found = candidates_for_title(title)
            if len(found) > 1:
                print(f"planvakt: {path}: tittelen «{title}» passer til flere regelpakker ({', '.join(found)}); "
                      f"bruker {DEFAULT_PACK}. Velg med --rules.", file=sys.stderr)
            pack = load_pack(found[0] if len(found) == 1 else DEFAULT_PACK)
        if all(used is not pack for used in self.used):
            self.used.append(pack)
        return pack

    def hop_for(self, pack, path: str):  # type: ignore[no-untyped-def]
        """The HØP chapters' priorities (None without --chapters)."""
        if not self.chapter_paths:
            return None
        from planvakt.linting.golden.context import chapter_pack, read_chapters

        reader = chapter_pack(pack)  # type: ignore[arg-type]
        if reader.path not in self._chapters:
            chapters, errors = read_chapters(self.chapter_paths, reader)
            self._chapters[reader.path] = [] if errors else chapters
            if errors:
                raise errors[0]
        if not self._chapters[reader.path]:
            raise PlanvaktError("ikke sjekket: HØP-kapitlene i --chapters kunne ikke leses", path=path)
        return self._chapters[reader.path]


COMMAND = Command("check", "sjekk utkast mot skriveguiden", configure, run)
