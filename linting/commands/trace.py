"""``planvakt trace --chapters ... [--plans ...] [--report ...]``: the golden thread."""

from __future__ import annotations

import argparse
import json
import sys

from planvakt.linting.commands import Command
from planvakt.linting.errors import PlanvaktError

FORMATS = ("text", "json", "html")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--chapters", nargs="+", required=True, metavar="STI",
                        help="sektorkapitlene i HØP (filer eller mapper)")
    parser.add_argument("--plans", nargs="+", metavar="STI", help="virksomhetsplanene (filer eller mapper)")
    parser.add_argument("--report", metavar="STI", help="årsrapporten")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text (standard), json eller html (én side med fargelagt tabell)")
    parser.add_argument("--output", "-o", metavar="FIL", help="skriv til en fil i stedet for standard ut")
    parser.add_argument("--chapter-rules", default="sektorkapittel", metavar="NAVN|FIL",
                        help="regelpakken for sektorkapitlene (standard: sektorkapittel)")
    parser.add_argument("--plan-rules", default="virksomhetsplan", metavar="NAVN|FIL",
                        help="regelpakken for virksomhetsplanene (standard: virksomhetsplan)")
    parser.add_argument("--report-rules", default="arsrapport", metavar="NAVN|FIL",
                        help="regelpakken for årsrapporten (standard: arsrapport)")


def run(args: argparse.Namespace) -> int:
    from planvakt.linting.commands.check import expand
    from planvakt.linting.commands.summary import warn_if_other_kind, write
    from planvakt.linting.golden.extract import read_priorities
    from planvakt.linting.golden.link import unique_ids
    from planvakt.linting.golden.render import render_html, render_text
    from planvakt.linting.golden.trace import build_trace
    from planvakt.linting.readers import read_path
    from planvakt.linting.rulepack.loader import load_pack

    chapter_pack = load_pack(args.chapter_rules)
    plan_pack = load_pack(args.plan_rules) if args.plans else None
    report_pack = load_pack(args.report_rules) if args.report else None
    failed = False

    def read(paths: list[str], pack, kind: str, words: str) -> list:  # type: ignore[no-untyped-def]
        nonlocal failed
        found = []
        for path in expand(paths):
            try:
                document = read_path(path)
                warn_if_other_kind(document, path, pack.name, words)
                found.append(read_priorities(document, pack, kind=kind))
            except PlanvaktError as error:
                print(f"planvakt: {error.path or path}: {error.message}", file=sys.stderr)
                failed = True
        return found

    chapters = read(args.chapters, chapter_pack, "chapter", "et sektorkapittel")
    plans = read(args.plans, plan_pack, "plan", "en virksomhetsplan") if args.plans else None
    reports = read([args.report], report_pack, "report", "en årsrapport") if args.report else []
    if failed:
        return 2
    if not chapters:
        raise PlanvaktError("fant ingen sektorkapitler i --chapters (.md, .txt eller .docx)")
    chapters = unique_ids(chapters)
    trace = build_trace(chapters, chapter_pack, plans=plans, plan_pack=plan_pack,
                        report=reports[0] if reports else None, report_pack=report_pack)
    if args.format == "json":
        write(json.dumps(trace.to_dict(), ensure_ascii=False, indent=2) + "\n", args.output)
    elif args.format == "html":
        write(render_html(trace), args.output)
    else:
        write(render_text(trace), args.output)
    return 1 if trace.gaps else 0


COMMAND = Command("trace", "vis den røde tråden fra samfunnsdelen via HØP til virksomhetsplaner og årsrapport",
                  configure, run)
