"""Errors that stop a file or a rule pack from being checked.

Each carries a one-line Norwegian message that names the file, so the CLI can print
it and exit 2, and the bot can reply with it, without a traceback.
"""

from __future__ import annotations


class PlanvaktError(Exception):
    """Something the user can fix: a bad file, a bad rule pack, wrong usage."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(PlanvaktError):
    """A draft that cannot be read: empty, corrupt, too large, unsupported."""


class RulePackError(PlanvaktError):
    """A rule pack or plan file that is missing, malformed or fails the schema."""
