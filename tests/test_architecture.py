"""The layers, read from the source with ``ast``: no import cycles in planvakt.linting and
planvakt.bot, the linter knows nothing of the bot or Slack, and the bot's core is free of
SQLAlchemy, the progress feature and the Slack adapter.

Every import counts, wherever it stands: at module level, under ``if TYPE_CHECKING:``, and
inside functions. A deferred or type-only import that closes a cycle still ties the two
modules together (neither can be understood or changed alone); it only hides the cycle
from the interpreter.

Which module an import depends on: ``import a.b.c`` and ``from a.b.c import x`` depend on
``a.b.c`` (and on ``a.b.c.x`` when that is a module); ``from a.b import c`` where ``c`` is a
module depends on ``a.b.c`` alone. Importing a module also runs its packages' ``__init__``,
so ``a`` and ``a.b`` count too, except packages that contain the importing module (they
are already being imported when it runs).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

import planvakt.bot
import planvakt.linting

Graph = dict[str, set[str]]


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in (planvakt.linting, planvakt.bot):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*.py")):
            parts = [package.__name__, *path.relative_to(root).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every module ``name`` imports (first-party or not), by the rules in the docstring."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            submodules = {f"{module}.{alias.name}" for alias in node.names} & set(modules)
            targets.update(submodules)
            if len(submodules) < len(node.names):  # names defined in the module itself
                targets.add(module)
    implied = set(targets)
    for target in targets:
        parts = target.split(".")
        for length in range(1, len(parts)):
            parent = ".".join(parts[:length])
            if not name.startswith(parent + ".") and parent != name:
                implied.add(parent)
    implied.discard(name)
    return implied


@pytest.fixture(scope="module")
def imports() -> Graph:
    """Each first-party module and everything it imports (third-party names included)."""
    modules = _modules()
    return {name: _imported(name, path, modules) for name, path in modules.items()}


def _first_party(graph: Graph) -> Graph:
    return {name: {target for target in targets if target in graph} for name, targets in graph.items()}


def _cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _reachable(graph: Graph, start: Iterable[str]) -> set[str]:
    seen = set(start)
    todo = list(seen)
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _within(name: str, *packages: str) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def _describe(graph: Graph, component: list[str]) -> str:
    return "; ".join(f"{name} -> {', '.join(sorted(set(graph[name]) & set(component)))}" for name in component)


def test_the_graph_sees_module_level_deferred_and_type_only_imports(imports: Graph) -> None:
    assert "planvakt.linting.rule_types.runner" in imports["planvakt.linting.engine"]       # module level
    assert "planvakt.linting.rule_types" in imports["planvakt.linting.rulepack.build"]      # in a function
    assert "planvakt.linting.rulepack.model" in imports["planvakt.bot.progress.access"]     # TYPE_CHECKING
    assert "jsonschema" in imports["planvakt.linting.rulepack.validate"]                    # third party
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_there_are_no_import_cycles(imports: Graph) -> None:
    graph = _first_party(imports)
    cycles = _cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(_describe(graph, component) for component in cycles)


def test_the_linter_imports_nothing_of_the_bot_or_slack(imports: Graph) -> None:
    leaks = {f"{name} -> {target}" for name, targets in imports.items() if _within(name, "planvakt.linting")
             for target in targets if _within(target, "planvakt.bot", "slack_bolt", "slack_sdk", "aiohttp")}
    assert not leaks, sorted(leaks)


def test_the_bot_core_reaches_neither_sqlalchemy_nor_progress_nor_slack(imports: Graph) -> None:
    graph = _first_party(imports)
    core = [name for name in graph if _within(name, "planvakt.bot.core")]
    assert core
    reached = _reachable(graph, core)
    forbidden = {"planvakt.bot.progress", "planvakt.bot.slack", "planvakt.bot.store", "sqlalchemy",
                 "slack_bolt", "slack_sdk"}
    leaks = {f"{name} -> {target}" for name in reached for target in imports[name]
             if _within(target, *forbidden)}
    assert not leaks, sorted(leaks)


def test_progress_owns_its_types_and_reaches_the_store_only_through_its_port(imports: Graph) -> None:
    graph = _first_party(imports)
    progress = [name for name in graph if _within(name, "planvakt.bot.progress")]
    assert "planvakt.bot.progress.ports" in progress
    reached = _reachable(graph, progress)
    leaks = {f"{name} -> {target}" for name in reached for target in imports[name]
             if _within(target, "planvakt.bot.store", "planvakt.bot.slack", "sqlalchemy", "slack_bolt", "slack_sdk")}
    assert not leaks, sorted(leaks)
