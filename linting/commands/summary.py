"""``planvakt summary PATH...``: chapter 4 from the sector chapters."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from planvakt.linting.commands import Command
from planvakt.linting.errors import PlanvaktError
from planvakt.linting.rulepack.loader import DEFAULT_PACK

FORMATS = ("md", "docx", "json")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="STI",
                        help="sektorkapitlene (.md, .txt, .docx) eller mapper med dem")
    parser.add_argument("--format", choices=FORMATS, default="md",
                        help="md (standard), docx (Word, skrives til --output) eller json")
    parser.add_argument("--output", "-o", metavar="FIL", help="skriv til en fil i stedet for standard ut")
    parser.add_argument("--rules", default=os.environ.get("PLANVAKT_RULES", DEFAULT_PACK), metavar="NAVN|FIL",
                        help=f"regelpakken sektorkapitlene følger (standard: {DEFAULT_PACK})")
    parser.add_argument("--title", default=None, metavar="TITTEL",
                        help="overskriften (standard: «Kapittel 4 – Satsingsområder»)")


def run(args: argparse.Namespace) -> int:
    from planvakt.linting.commands.check import expand
    from planvakt.linting.golden.summary import (
        DEFAULT_TITLE,
        build_summary,
        render_docx,
        render_markdown,
    )
    from planvakt.linting.readers import read_path
    from planvakt.linting.rulepack.loader import load_pack

    pack = load_pack(args.rules)
    if args.format == "docx" and not args.output and sys.stdout.isatty():
        raise PlanvaktError("Word-formatet kan ikke skrives til terminalen. Bruk --output kapittel-4.docx")
    documents, failed = [], False
    for path in expand(args.paths):
        try:
            document = read_path(path)
        except PlanvaktError as error:
            print(f"planvakt: {error.path or path}: {error.message}", file=sys.stderr)
            failed = True
            continue
        warn_if_other_kind(document, path, pack.name, "et sektorkapittel")
        documents.append(document)
    if failed:
        return 2
    chapter4 = build_summary(documents, pack, title=args.title or DEFAULT_TITLE)
    if args.format == "docx":
        write(render_docx(chapter4), args.output)
    elif args.format == "json":
        write(json.dumps(chapter4.to_dict(), ensure_ascii=False, indent=2) + "\n", args.output)
    else:
        write(render_markdown(chapter4), args.output)
    return 0


def warn_if_other_kind(document: object, path: str, expected_pack: str, expected_words: str) -> None:
    """Say so (once, on standard error) when a file's title names another pack."""
    from planvakt.linting.rulepack.select import document_title, pack_for_title

    title = document_title(document)  # type: ignore[arg-type]
    chosen = pack_for_title(title)
    if chosen is not None and chosen != expected_pack:
        print(f"planvakt: {path}: tittelen «{title}» ser ut som en {chosen}, ikke {expected_words}. "
              "Den er tatt med likevel.", file=sys.stderr)


def write(output: str | bytes, path: str | None) -> None:
    if path:
        try:
            target = Path(path)
            if isinstance(output, bytes):
                target.write_bytes(output)
            else:
                target.write_text(output, encoding="utf-8")
        except OSError as error:
            raise PlanvaktError(f"kan ikke skrive filen ({error.strerror or error})", path=path) from None
        return
    if isinstance(output, bytes):
        sys.stdout.buffer.write(output)
    else:
        sys.stdout.write(output)


COMMAND = Command("summary", "lag kapittel 4 (satsingsområdene) fra sektorkapitlene", configure, run)
