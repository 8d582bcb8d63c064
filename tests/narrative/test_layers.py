"""The reader's modules are layered: each imports only from the layers below it, and no private names."""

from __future__ import annotations

import ast
from pathlib import Path

import backpop.narrative

PACKAGE = Path(backpop.narrative.__file__).parent
PREFIX = "backpop.narrative."
# Lowest first; `lexicon` is data, `patterns` and `cache` helpers that any layer may use.
LAYERS = [
    "model",
    "spelling",
    "document",
    "mentions",
    "numbers",
    "routing",
    "linking",
    "learned",
    "deciding",
    "extract",
]
SHARED = {"lexicon", "patterns", "cache"}


def _imports(module: str) -> list[tuple[str, list[str]]]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(PREFIX):
                found.append((node.module.removeprefix(PREFIX), [a.name for a in node.names]))
            elif node.module == "backpop.narrative":
                found.extend((a.name, []) for a in node.names)
        elif isinstance(node, ast.Import):
            found.extend((a.name.removeprefix(PREFIX), []) for a in node.names if a.name.startswith(PREFIX))
    return found


def test_each_layer_imports_only_layers_below_it() -> None:
    for i, module in enumerate(LAYERS):
        for imported, _ in _imports(module):
            assert imported in SHARED or imported in LAYERS[:i], f"{module} imports {imported}"


def test_no_layer_imports_a_private_name() -> None:
    for module in LAYERS:
        for imported, names in _imports(module):
            private = [n for n in names if n.startswith("_")]
            assert not private, f"{module} imports {private} from {imported}"


def test_every_module_is_in_a_layer() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules == set(LAYERS) | SHARED
