"""Regular expressions written in rule packs, run on RE2: time linear in the text, whatever the pattern.

A pack's patterns (``citation.pattern``, ``citation.goal_id``, a sequence token's ``regex``)
come from whoever edits the pack. On Python's backtracking ``re`` a pattern such as
``(\\d+\\.?)+x`` takes exponential time on a short run of digits, and nothing can interrupt it.
RE2 (google-re2) guarantees linear time, and refuses what it cannot run that way:
backreferences and lookaround. The one lookaround packs need, «not right after a letter»,
is supported as a leading single-character lookbehind such as ``(?<![\\w-])``, checked here
on the character before each match.

Differences from ``re`` that a pack author may notice (the rule-pack docs say so too):
``\\w``/``\\W`` mean Unicode letters, digits and ``_`` as in ``re`` (translated here), but
``\\b``, ``\\d`` and ``\\s`` are ASCII-only, ``$`` matches only at the very end (not before
a final line break); ``(?P<name>…)`` groups work as in ``re``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import re2

_UNANCHORED, _BOTH = re2._Anchor.UNANCHORED, re2._Anchor.ANCHOR_BOTH  # the wrapper's own search is
# built on these, but wraps every match in a generator and an object: 7× slower on many matches
_NO_MATCH = (-1, -1)
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 otherwise writes every refused pattern to stderr

_WORD = r"\pL\pN_"
# A leading «(?<!C)» or «(?<=C)» where C is one character class or escape: a guard on the
# character before the match, which RE2 cannot express but costs one character to check.
_GUARD = re.compile(r"^\(\?<([!=])(\[(?:\\.|[^\]\\])+\]|\\.|[^\\()\[\]|*+?{}.^$])\)")


class PatternError(ValueError):
    """A pattern RE2 cannot run; the message is for the pack's author (Norwegian)."""


class PackMatch:
    """A match with ``re.Match``'s everyday API (groups by name or number)."""

    __slots__ = ("_spans", "_names", "string")

    def __init__(self, string: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...],
                 names: dict[str, int]) -> None:
        self.string = string
        self._spans = spans
        self._names = names

    def _index(self, group: int | str) -> int:
        index = self._names[group] if isinstance(group, str) else group
        if not 0 <= index < len(self._spans):
            raise IndexError("no such group")
        return index

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self._spans[self._index(group)]

    def start(self, group: int | str = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int | str = 0) -> int:
        return self.span(group)[1]

    def group(self, group: int | str = 0) -> str | None:  # type: ignore[override]
        start, end = self.span(group)
        return None if start < 0 else self.string[start:end]

    def __getitem__(self, group: int | str) -> str | None:
        return self.group(group)

    def groupdict(self) -> dict[str, str | None]:
        return {name: self.group(index) for name, index in self._names.items()}


class PackPattern:
    """A compiled pack pattern: ``search``, ``finditer``, ``fullmatch`` and ``sub`` as in ``re``."""

    __slots__ = ("pattern", "_regex", "_match", "_guard", "_guard_negated", "groupindex", "groups")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        body, self._guard, self._guard_negated = _split_guard(pattern)
        try:
            self._regex = re2.compile(_unicode_words(body), _OPTIONS)
        except re2.error as error:
            raise PatternError(_explain(body, error)) from None
        self._match = self._regex._regexp.Match
        self.groupindex: dict[str, int] = dict(self._regex.groupindex)
        self.groups: int = self._regex.groups

    def __repr__(self) -> str:
        return f"PackPattern({self.pattern!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PackPattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __reduce__(self) -> tuple[Any, ...]:  # worker processes get packs pickled
        return (PackPattern, (self.pattern,))

    def finditer(self, text: str) -> Iterator[PackMatch]:
        """Non-overlapping matches, left to right, as ``re.finditer``.

        The text is encoded once; RE2 runs on the bytes and offsets are turned back into
        character offsets in one pass, so the whole scan stays linear.
        """
        data = text.encode("utf-8")
        offsets = _Offsets(data)
        position, end = 0, len(data)
        while position <= end:
            spans = self._match(_UNANCHORED, data, position, end)
            start, stop = spans[0]
            if start < 0:
                return
            if self._guard is not None and not self._guard_allows(data, start):
                position = start + _char_length(data, start) if start < end else end + 1
                continue
            yield PackMatch(text, offsets.chars(spans), self.groupindex)
            position = stop if stop > start else stop + (_char_length(data, stop) if stop < end else 1)

    def search(self, text: str) -> PackMatch | None:
        return next(self.finditer(text), None)

    def fullmatch(self, text: str) -> PackMatch | None:
        if self._guard is not None:
            return next((m for m in self.finditer(text) if m.span() == (0, len(text))), None)
        data = text.encode("utf-8")
        spans = self._match(_BOTH, data, 0, len(data))
        return None if spans[0] == _NO_MATCH else PackMatch(text, _Offsets(data).chars(spans), self.groupindex)

    def findall(self, text: str) -> list[str]:
        return [m.group(0) or "" for m in self.finditer(text)]

    def sub(self, repl: str | Callable[[PackMatch], str], text: str) -> str:
        """Replace every match; a string ``repl`` is taken literally (no group references)."""
        pieces: list[str] = []
        last = 0
        for match in self.finditer(text):
            start, end = match.span()
            pieces.append(text[last:start])
            pieces.append(repl(match) if callable(repl) else repl)
            last = end
        pieces.append(text[last:])
        return "".join(pieces)

    def _guard_allows(self, data: bytes, start: int) -> bool:
        if start == 0:
            before = ""
        else:
            begin = start - 1
            while begin > 0 and data[begin] & 0xC0 == 0x80:
                begin -= 1
            before = data[begin:start].decode("utf-8")
        hit = bool(before) and self._guard.match(before) is not None  # type: ignore[union-attr]
        return not hit if self._guard_negated else hit


def compile_pattern(pattern: str) -> PackPattern:
    """Compile a pack's pattern, or raise :class:`PatternError` saying why RE2 cannot run it."""
    return PackPattern(pattern)


def _split_guard(pattern: str) -> tuple[str, re.Pattern[str] | None, bool]:
    match = _GUARD.match(pattern)
    if match is None:
        return pattern, None, False
    return pattern[match.end():], re.compile(match.group(2)), match.group(1) == "!"


def _unicode_words(pattern: str) -> str:
    """``\\w`` and ``\\W`` as Python's ``re`` means them (Unicode), in RE2's syntax."""
    if "\\w" not in pattern and "\\W" not in pattern:
        return pattern
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            if escaped == "w":
                out.append(_WORD if in_class else f"[{_WORD}]")
            elif escaped == "W" and not in_class:
                out.append(f"[^{_WORD}]")
            else:
                out.append(pattern[index:index + 2])
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            index += 1
            if pattern[index:index + 1] == "^":
                out.append("^")
                index += 1
            if pattern[index:index + 1] == "]":  # a leading «]» is a literal
                out.append("]")
                index += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def _explain(pattern: str, error: Exception) -> str:
    """A Norwegian reason for a pattern RE2 refuses."""
    if re.search(r"\(\?<?[=!]", pattern):
        return ("mønsteret bruker «se foran/bak» (?=…), (?!…), (?<=…) eller (?<!…), som Planvakt ikke kjører "
                "(det kan ta ubegrenset tid); bare én (?<![…]) helt først i mønsteret er lov")
    if re.search(r"\\[1-9]|\(\?P=", pattern):
        return ("mønsteret viser tilbake til en gruppe (\\1, (?P=navn)), som Planvakt ikke kjører "
                "(det kan ta ubegrenset tid)")
    detail = str(error.args[0] if error.args else error)
    if detail.startswith("b'") or detail.startswith('b"'):
        detail = detail[2:-1]
    return f"ugyldig regulært uttrykk: {detail}"


def _char_length(data: bytes, index: int) -> int:
    """Bytes of the UTF-8 character that starts at ``index``."""
    lead = data[index]
    return 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


class _Offsets:
    """Byte offsets into ``data`` to character offsets, for offsets that mostly go forward."""

    __slots__ = ("data", "byte", "char")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.byte = 0
        self.char = 0

    def chars(self, spans: Any) -> list[tuple[int, int]]:
        wanted = sorted({offset for span in spans for offset in span if offset >= 0})
        found: dict[int, int] = {-1: -1}
        for offset in wanted:
            found[offset] = self._char(offset)
        return [(found[start], found[end]) for start, end in spans]

    def _char(self, offset: int) -> int:
        if offset < self.byte:  # a group before the last match's end: count from the start
            return len(self.data[:offset].decode("utf-8"))
        self.char += len(self.data[self.byte:offset].decode("utf-8"))
        self.byte = offset
        return self.char
