"""Each package says what it offers in `__all__`, and nothing else in the code reaches past it.

As httpx checks its own exports: a name a package defines or re-exports is either listed in its
`__all__` or private, every listed name can be imported, and no module imports a private name
from another module or a package name its `__all__` does not list.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import backpop

SRC = Path(backpop.__file__).parent
PACKAGES = sorted(
    ["backpop"]
    + [
        f"backpop.{info.name}"
        for info in pkgutil.iter_modules(backpop.__path__)
        if info.ispkg and (SRC / info.name / "__init__.py").exists()
    ]
)


def _own_public_names(module: ModuleType) -> set[str]:
    """Public names bound in the package itself: its own, or taken from backpop's modules."""
    names = set()
    for name, value in vars(module).items():
        if name.startswith("_") or isinstance(value, ModuleType):
            continue
        origin = getattr(value, "__module__", None)
        if origin is None or origin.startswith("backpop"):
            names.add(name)
    return names


def test_every_package_is_checked():
    assert {"backpop", "backpop.acoustics", "backpop.diary", "backpop.fhir", "backpop.knowledge"} <= set(PACKAGES)
    assert "backpop.web" in PACKAGES and "backpop.narrative" in PACKAGES


@pytest.mark.parametrize("name", PACKAGES)
def test_all_lists_exactly_the_public_names(name):
    module = importlib.import_module(name)
    exported = module.__all__
    assert exported == sorted(exported), f"{name}.__all__ is not sorted"
    assert len(exported) == len(set(exported)), f"{name}.__all__ lists a name twice"
    missing = _own_public_names(module) - set(exported)
    assert not missing, f"{name} binds public names its __all__ does not list: {sorted(missing)}"
    for exported_name in exported:
        assert getattr(module, exported_name) is not None, f"{name}.{exported_name} cannot be imported"


def _imports() -> list[tuple[str, str, str]]:
    """(importing file, module imported from, name) for every `from backpop... import name`."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("backpop"):
                for alias in node.names:
                    found.append((str(path.relative_to(SRC.parent)), node.module, alias.name))
    return found


def test_no_module_imports_a_private_name_from_another():
    private = [
        (where, f"{module}.{name}")
        for where, module, name in _imports()
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not private, private


def test_packages_are_imported_only_through_their_public_names():
    wrong = []
    for where, module, name in _imports():
        if module not in PACKAGES:
            continue
        package = importlib.import_module(module)
        if name in package.__all__ or importlib.util.find_spec(f"{module}.{name}") is not None:
            continue
        wrong.append((where, f"{module}.{name}"))
    assert not wrong, wrong
