"""No two of backpop's modules import each other, directly or round a loop, not even from inside
a function: shared helpers live in a module below both (as backpop.diary.clock, backpop.web.deps)."""

from __future__ import annotations

import ast
from pathlib import Path

import backpop

SRC = Path(backpop.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in SRC.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("backpop"):
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    found.add(target if target in modules else node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name.startswith("backpop"))
        graph[name] = {target for target in found if target in modules and target != name}
    return graph


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return loops


def test_no_import_cycles():
    assert _loops(_graph()) == []


def test_the_loop_finder_finds_a_loop():
    assert _loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_diary_store_and_the_web_routes_sit_below_what_uses_them():
    graph = _graph()
    assert not graph["backpop.diary.store"] & {"backpop.diary.report", "backpop.diary.weekly"}
    for face in ("backpop.web.pages", "backpop.web.api", "backpop.web.deps"):
        assert "backpop.web.app" not in graph[face], face
    assert "backpop.web.pages" not in graph["backpop.web.api"]
