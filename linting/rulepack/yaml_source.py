"""YAML files that remember where each value stands, for errors that name the line."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from planvakt.linting.errors import RulePackError
from planvakt.linting.limits import DEFAULT_LIMITS

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: same safety, faster


@dataclass(slots=True)
class YamlSource:
    path: str
    data: Any
    root: yaml.Node | None
    digest: str = ""

    def line_of(self, keys: Iterable[str | int]) -> int | None:
        """1-based line of the value at ``keys`` (or of the deepest part that exists)."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for key in keys:
            child = _child(node, key)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line

    def scalar_text(self, keys: Iterable[str | int]) -> str | None:
        """The value at ``keys`` as written in the file, if it is a scalar («09:00», not 540)."""
        node = self.root
        for key in keys:
            node = _child(node, key)
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def key_line(self, keys: list[str | int], key: str) -> int | None:
        """1-based line of a mapping key (for «unknown key» errors)."""
        node = self.root
        for part in keys:
            node = _child(node, part)
            if node is None:
                return self.line_of(keys)
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if getattr(key_node, "value", None) == key:
                    return key_node.start_mark.line + 1
        return self.line_of(keys)


def _child(node: yaml.Node | None, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == str(key):
                return value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def load_yaml(path: Path, *, max_alias_nodes: int = DEFAULT_LIMITS.max_yaml_alias_nodes) -> YamlSource:
    """Parse ``path`` with PyYAML's safe loader, keeping the node tree for line numbers.

    Aliases are refused once they stand for more than ``max_alias_nodes`` values in all
    (before anything is built from the tree, so an alias bomb costs nothing).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RulePackError("finner ikke filen", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise RulePackError(f"kan ikke lese filen ({error})", path=str(path)) from None
    loader = _Loader(text)
    root = None
    try:
        root = loader.get_single_node()
        if root is not None and _alias_added(root) > max_alias_nodes:
            raise _alias_error(text, path, max_alias_nodes)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "ugyldig YAML"
        raise RulePackError(f"YAML-feil: {problem}", path=str(path),
                            line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as error:
        raise RulePackError(f"YAML-feil: {error}", path=str(path)) from None
    except ValueError:  # a scalar YAML resolves but cannot build: the date 2024-02-30
        value, line = _unbuildable(root)
        raise RulePackError(f"«{value}» er ikke en gyldig dato" if value else "en verdi kan ikke leses",
                            path=str(path), line=line) from None
    finally:
        loader.dispose()
    return YamlSource(path=str(path), data=data, root=root,
                      digest=hashlib.sha256(text.encode("utf-8")).hexdigest())


def _alias_added(root: yaml.Node) -> int:
    """How many values aliases add to the tree once expanded: the expanded size less the
    number of distinct nodes (an alias is the node it names, so the tree is a DAG)."""
    sizes: dict[int, int] = {}
    _expanded_size(root, sizes)
    return sizes[id(root)] - len(sizes)


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Values under ``node`` with every alias expanded, memoised by node: linear in the DAG."""
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, children_done = stack.pop()
        if id(current) in sizes:
            continue
        children = _children(current)
        if children_done or not children:
            sizes[id(current)] = 1 + sum(sizes[id(child)] for child in children)
            continue
        stack.append((current, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(node)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _AliasBudget(yaml.SafeLoader):
    """The pure-Python composer, counting what each alias adds, to name the line where the
    budget runs out (libyaml's composer cannot say where an alias stood)."""

    def __init__(self, text: str, budget: int) -> None:
        super().__init__(text)
        self.budget = budget
        self.added = 0
        self.sizes: dict[int, int] = {}

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if not self.check_event(yaml.AliasEvent):
            return super().compose_node(parent, index)
        mark = self.peek_event().start_mark
        node = super().compose_node(parent, index)
        self.added += _expanded_size(node, self.sizes)
        if self.added > self.budget:
            raise _AliasBombFound(mark)
        return node


class _AliasBombFound(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


def _alias_error(text: str, path: Path, budget: int) -> RulePackError:
    loader = _AliasBudget(text, budget)
    line = None
    try:
        loader.get_single_node()
    except _AliasBombFound as found:
        line = found.mark.line + 1
    finally:
        loader.dispose()
    limit = f"{budget:,}".replace(",", " ")
    return RulePackError(f"YAML-aliasene (*navn) står til sammen for over {limit} verdier; skriv verdiene "
                         "ut der de trengs, eller bruk færre aliaser", path=str(path), line=line)


def _unbuildable(root: yaml.Node | None) -> tuple[str | None, int | None]:
    """The first timestamp scalar under ``root`` that cannot become a date, and its line."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.MappingNode):
            stack.extend(value for pair in node.value for value in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(node)
            except ValueError:
                return node.value, node.start_mark.line + 1
    return None, None
