"""``planvakt``: the command line.

Built-in subcommands are imported only when used, and other packages add theirs
through the ``planvakt.commands`` entry-point group, so ``planvakt check`` starts fast
and the engine never imports the Slack bot.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from planvakt.linting.commands import Command
from planvakt.linting.errors import PlanvaktError

BUILTIN = {
    "check": ("planvakt.linting.commands.check", "sjekk utkast mot skriveguiden"),
    "rules": ("planvakt.linting.commands.rules", "vis, list opp og valider regelpakker"),
    "explain": ("planvakt.linting.commands.explain", "forklar en regel"),
    "summary": ("planvakt.linting.commands.summary", "lag kapittel 4 (satsingsområdene) fra sektorkapitlene"),
    "trace": ("planvakt.linting.commands.trace", "vis den røde tråden fra samfunnsdelen til årsrapporten"),
}
ENTRY_POINT_GROUP = "planvakt.commands"


def _plugins() -> dict[str, object]:
    from importlib.metadata import entry_points

    return {entry.name: entry for entry in entry_points(group=ENTRY_POINT_GROUP)}


def _load(name: str, plugins: dict[str, object] | None) -> Command:
    if name in BUILTIN:
        return importlib.import_module(BUILTIN[name][0]).COMMAND
    entry = (plugins or {})[name]
    return entry.load()  # type: ignore[attr-defined]


_USAGE_ERRORS = [  # argparse's messages, in Norwegian
    (re.compile(r"the following arguments are required: (.+)"), "mangler {0}"),
    (re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"), "{0} kan ikke være {1}; velg blant {2}"),
    (re.compile(r"argument (\S+): expected one argument"), "{0} trenger en verdi"),
    (re.compile(r"argument (\S+): invalid \S+ value: (.+)"), "{0} kan ikke være {1}"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), "{0} kan ikke brukes sammen med {1}"),
    (re.compile(r"unrecognized arguments: (.+)"), "ukjente argumenter: {0}"),
]


class _Parser(argparse.ArgumentParser):
    """Wrong usage is one Norwegian line and exit 2, like every other failure."""

    def error(self, message: str) -> NoReturn:  # type: ignore[override]
        for pattern, norwegian in _USAGE_ERRORS:
            if found := pattern.fullmatch(message):
                message = norwegian.format(*found.groups())
                break
        else:
            message = f"feil bruk: {message}"
        self.exit(2, f"{self.prog}: {message} (se «{self.prog} --help»)\n")


def build_parser(command: Command | None, plugins: dict[str, object]) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="planvakt",
        description="Planvakt sjekker sektorkapitler i handlings- og økonomiplanen mot skriveguiden.",
        epilog="Kjør «planvakt KOMMANDO --help» for mer om hver kommando.")
    parser.add_argument("--version", action="version", version=f"planvakt {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    names = {**{name: help for name, (_, help) in BUILTIN.items()}, **{name: "" for name in plugins}}
    for name, help_text in names.items():
        if command is not None and name == command.name:
            sub = subparsers.add_parser(name, help=command.help, description=command.help)
            command.configure(sub)
        else:
            subparsers.add_parser(name, help=help_text or _plugin_help(plugins, name), add_help=False)
    return parser


def _plugin_help(plugins: dict[str, object], name: str) -> str:
    try:
        return _load(name, plugins).help
    except Exception:  # a broken plugin must not break «planvakt --help»
        return ""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("planvakt")
    except PackageNotFoundError:
        return "dev"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    name = next((arg for arg in argv if not arg.startswith("-")), None)
    plugins = _plugins() if name not in BUILTIN else {}
    command = None
    if name in BUILTIN or name in plugins:
        command = _load(name, plugins)  # type: ignore[arg-type]
    parser = build_parser(command, plugins)
    args = parser.parse_args(argv)
    if command is None:
        parser.print_help()
        return 2
    try:
        return command.run(args)
    except PlanvaktError as error:
        print(f"planvakt: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
