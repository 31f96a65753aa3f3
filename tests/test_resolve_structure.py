"""The resolve and cluster packages stay readable (issue #20): modules of at most 400 lines, functions of at most 60,
each module importable alone, and no import cycle among a package's modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quotes"
MODULES = sorted([*(PACKAGE / "resolve").glob("*.py"), *(PACKAGE / "cluster").glob("*.py")])


def _dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("path", MODULES, ids=_dotted)
def test_module_and_function_sizes(path):
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= 400
    long = [f"{node.name}: {node.end_lineno - node.lineno + 1} lines" for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno >= 60]
    assert not long


def test_each_module_imports_alone():
    for path in MODULES:
        done = subprocess.run([sys.executable, "-c", f"import {_dotted(path)}"], capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, f"{_dotted(path)}: {done.stderr[-500:]}"


def _sibling_imports(path: Path) -> set[str]:
    """The modules of the same package that `path` imports at module level."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names |= {node.module} if node.module else {a.name for a in node.names}
    return names


@pytest.mark.parametrize("package", ["resolve", "cluster"])
def test_no_import_cycle_within_the_package(package):
    graph = {p.stem: _sibling_imports(p) for p in (PACKAGE / package).glob("*.py") if p.stem != "__init__"}
    state: dict[str, str] = {}

    def visit(node: str, trail: tuple[str, ...]) -> None:
        assert state.get(node) != "open", f"import cycle: {' -> '.join((*trail, node))}"
        if state.get(node) == "done":
            return
        state[node] = "open"
        for nxt in graph.get(node, ()):
            visit(nxt, (*trail, node))
        state[node] = "done"

    for node in graph:
        visit(node, ())
    assert graph["resolver" if package == "resolve" else "clusters"]  # the graph was read
