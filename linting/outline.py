"""The chapter's structure as the guide sees it: title, sections, focus areas, priorities.

Readers only guess heading levels (pasted text has none), so the outline gives every
recognised heading the level the rule pack declares, places unrecognised headings
relative to the recognised heading before them, and builds the tree from that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from planvakt.linting.document import Block, Document, Heading
from planvakt.linting.furniture import is_furniture
from planvakt.linting.heading_match import HeadingMatch, HeadingMatcher, follows, outline_number, without_number
from planvakt.linting.rulepack.model import RulePack

_PLACEHOLDER_STRIP = re.compile(r"^[\s*_(«\"']+|[\s*_)»\"'.!:]+$")


@dataclass(slots=True)
class Citation:
    goal: str
    block: Block
    start: int  # offset in block.text

    @property
    def position(self) -> tuple[int, int]:
        return self.block.position(self.start)


@dataclass(slots=True)
class Priority:
    block: Block
    citations: list[Citation]


@dataclass(slots=True)
class Section:
    heading: Heading | None
    match: HeadingMatch | None
    level: int
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)
    own_blocks: list[Block] | None = None  # the blocks up to the next heading, as the outline reads them

    @property
    def id(self) -> str | None:
        return self.match.id if self.match else None

    @property
    def line(self) -> int:
        return self.heading.line if self.heading else 1

    @property
    def blocks(self) -> list[Block]:
        if self.own_blocks is not None:
            return self.own_blocks
        return self.heading.blocks if self.heading else []

    def all_blocks(self) -> list[Block]:
        blocks = list(self.blocks)
        for child in self.children:
            blocks.extend(child.all_blocks())
        return blocks

    def ancestors(self) -> list[Section]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def scope_id(self) -> str | None:
        """The id of this or the nearest recognised ancestor (what a finding concerns)."""
        for node in [self, *self.ancestors()]:
            if node.id:
                return node.id
        return None


@dataclass(slots=True)
class Outline:
    document: Document
    root: Section
    title: Heading | None
    sections: dict[str, Section]   # first occurrence of each guide heading, by id
    areas: dict[str, Section]      # first occurrence of each focus area, by id
    ordered: list[Section]         # every section in document order
    preamble: list[Block]

    def blocks_with_sections(self) -> list[tuple[Section | None, Block]]:
        """Every block in document order, with the section it stands in (None: before any)."""
        pairs: list[tuple[Section | None, Block]] = [(None, block) for block in self.preamble]
        for section in self.ordered:
            pairs.extend((section, block) for block in section.blocks)
        return pairs

    def blocks(self) -> list[Block]:
        return [block for _, block in self.blocks_with_sections()]

    @property
    def title_text(self) -> str | None:
        """The chapter's title as a reader names it: without its outline number."""
        return without_number(self.title.text) if self.title else None


_LONGEST_PLACEHOLDER = 60


def is_placeholder(text: str, pack: RulePack) -> bool:
    if len(text) > _LONGEST_PLACEHOLDER:
        return False
    cleaned = _PLACEHOLDER_STRIP.sub("", text.casefold()).strip()
    if not cleaned or cleaned in pack.placeholder_words:
        return True
    words = cleaned.split()
    return len(words) <= pack.placeholder_max_words and (
        words[0].strip(".,:;!") in pack.placeholder_words
        or " ".join(words[:2]).strip(".,:;!") in pack.placeholder_words)


def content_blocks(blocks: list[Block], pack: RulePack) -> list[Block]:
    return [block for block in blocks if not is_placeholder(block.text, pack)]


def build_outline(document: Document, pack: RulePack, language: str) -> Outline:
    """The outline of ``document`` under ``pack``. The document is never changed: headings
    read as text, and lines joined to the block before them, live only in the outline."""
    matcher = HeadingMatcher(pack, language)
    preamble = _text(document.preamble, pack)
    entries: list[tuple[Heading, HeadingMatch | None, list[Block]]] = []
    continued: set[int] = set()  # ids of blocks that continue the block before them
    last_number: tuple[int, ...] | None = None  # of the last numbered heading kept
    for heading in document.headings:
        match = matcher.match(heading.text)
        if match is None and is_furniture(heading.text, pack):
            _skip(heading, entries[-1][2] if entries else preamble, continued, pack)
            continue
        is_first = not entries and not preamble
        number = outline_number(heading.text) if heading.styled != "style" else None
        if heading.weak and match is None and not is_first \
                and not _numbered_in_sequence(heading, number, last_number, pack):
            _demote(heading, entries[-1][2] if entries else preamble, continued, pack)
            continue
        if number is not None:
            last_number = number
        entries.append((heading, match, _text(heading.blocks, pack)))
    if continued:
        preamble = _joined(preamble, continued)
        entries = [(heading, match, _joined(blocks, continued)) for heading, match, blocks in entries]

    title = None
    if entries and entries[0][1] is None and not preamble:
        first = entries[0][0]
        others = [h.level for h, _, _ in entries[1:]]
        if not others or first.level <= min(others) or first.weak or first.styled in ("bold", "atx"):
            title = first
            preamble.extend(entries[0][2])
            entries = entries[1:]

    root = Section(heading=None, match=None, level=0)
    sections: dict[str, Section] = {}
    areas: dict[str, Section] = {}
    ordered: list[Section] = []
    stack = [root]
    # (reader level, effective level, outline number) of the last recognised heading
    anchor: tuple[int, int, tuple[int, ...] | None] | None = None
    for heading, match, blocks in entries:
        number = outline_number(heading.text) if heading.styled != "style" else None
        if match is not None:
            level = match.spec.level if match.spec else pack.focus_area_level
            anchor = (heading.level, level, number)
        elif anchor is not None and number is not None and anchor[2] is not None:
            level = anchor[1] + len(number) - len(anchor[2])  # «3.1.2.1» under «3.1.2 Status»
        elif anchor is not None:
            level = anchor[1] + (heading.level - anchor[0])
        else:
            level = heading.level
        level = max(level, pack.title_level + 1)
        while stack[-1].level >= level:
            stack.pop()
        section = Section(heading=heading, match=match, level=level, parent=stack[-1], own_blocks=blocks)
        stack[-1].children.append(section)
        stack.append(section)
        ordered.append(section)
        if match is not None:
            target = sections if match.kind == "heading" else areas
            target.setdefault(match.id, section)
    return Outline(document=document, root=root, title=title, sections=sections, areas=areas,
                   ordered=ordered, preamble=preamble)


def _numbered_in_sequence(heading: Heading, number: tuple[int, ...] | None,
                          last_number: tuple[int, ...] | None, pack: RulePack) -> bool:
    """Whether a weak numbered heading the pack does not know is a heading all the same:
    its number follows the heading before it («3.1.2.1» after «3.1.2»), it does not look
    like a list item after deeper headings, and it cites no goal (a priority does)."""
    if heading.styled != "numbered" or number is None or last_number is None:
        return False
    if len(number) == 1 and len(last_number) > 1 and heading.text.split(maxsplit=1)[0].endswith("."):
        return False  # «4. Vi tar inn …» after «3.2 Grønt samfunn» is a list item, not chapter 4
    if pack.citation.search(heading.text):
        return False
    return follows(last_number, number)


def _text(blocks: list[Block], pack: RulePack) -> list[Block]:
    """``blocks`` without page furniture (a running header, a page number)."""
    return [block for block in blocks if block.kind != "paragraph" or not is_furniture(block.text, pack)]


def _skip(heading: Heading, target: list[Block], continued: set[int], pack: RulePack) -> None:
    """Page furniture read as a heading is left out; a paragraph it cut in two is one again."""
    following = _text(heading.blocks, pack)
    previous = target[-1] if target else None
    if following and previous is not None and previous.kind == following[0].kind == "paragraph" \
            and _last_line(previous) == heading.line - 1 and following[0].line == heading.line + 1:
        continued.add(id(following[0]))
    target.extend(following)


def _demote(heading: Heading, target: list[Block], continued: set[int], pack: RulePack) -> None:
    """An unrecognised weak heading is text after all: append it to ``target``.

    With the reader's ``fallback``, the line reads as if it had never been a heading: it
    continues a block that ends on the line before it (unless it is a list item), and a
    paragraph that starts on the next line continues it. Such blocks are marked in
    ``continued`` and joined once all headings are read (:func:`_joined`).
    """
    following = _text(heading.blocks, pack)
    if heading.fallback is None:
        target.append(Block(kind="paragraph", text=heading.text, line=heading.line,
                            anchors=[(0, heading.line, 1)]))
        target.extend(following)
        return
    block = heading.fallback
    previous = target[-1] if target else None
    if block.kind == "paragraph" and previous is not None and _last_line(previous) == heading.line - 1:
        continued.add(id(block))
    target.append(block)
    while following and following[0].kind == "paragraph" and following[0].line == _last_line(block) + 1:
        block = following.pop(0)
        continued.add(id(block))
        target.append(block)
    target.extend(following)


def _joined(blocks: list[Block], continued: set[int]) -> list[Block]:
    """``blocks`` with each run of continuing blocks joined into a copy of the block it
    continues (the reader's blocks stay as they were read)."""
    result: list[Block] = []
    run: list[Block] = []
    for block in blocks:
        if id(block) in continued and result:
            run.append(block)
            continue
        if run:
            result[-1] = _copy_joined(result[-1], run)
            run = []
        result.append(block)
    if run:
        result[-1] = _copy_joined(result[-1], run)
    return result


def _copy_joined(block: Block, more: list[Block]) -> Block:
    joined = replace(block, anchors=list(block.anchors))
    joined.join(more)
    return joined


def _last_line(block: Block) -> int:
    return block.anchors[-1][1] if block.anchors else block.line


def find_citations(block: Block, pack: RulePack) -> list[Citation]:
    citations = []
    for match in pack.citation.finditer(block.text):
        ids_start = match.start("ids")
        for goal in pack.goal_id.finditer(match.group("ids")):
            citations.append(Citation(goal=goal.group(0), block=block, start=ids_start + goal.start()))
    return citations


def priorities(section: Section, pack: RulePack) -> list[Priority]:
    """Bullets are priorities; with no bullets, each paragraph is one. Placeholders and
    tables are not."""
    blocks = [block for block in content_blocks(section.all_blocks(), pack) if block.kind != "table"]
    bullets = [block for block in blocks if block.kind == "bullet"]
    return [Priority(block=block, citations=find_citations(block, pack)) for block in (bullets or blocks)]
