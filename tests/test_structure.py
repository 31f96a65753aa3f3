"""The package's structure (issue #20): every module imports alone, no import cycle between modules, and the size
bars (modules <= 400 lines, functions <= 60 lines).

The import graph is read from the sources: every `import` of a quotes module, at module level or inside a
function (a lazy import still ties the two modules together), TYPE_CHECKING imports included. Importing a
module's package (`quotes.parse` when `quotes.parse.doc` is imported) is implicit and not an edge.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quotes"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# Modules whose sizes were asserted first; test_whole_package_meets_the_size_bars now holds every module to the bar.
OWNED = ("quotes/pipeline.py", "quotes/steps.py", "quotes/runstate.py", "quotes/guards.py", "quotes/language.py",
         "quotes/engine.py", "quotes/store.py", "quotes/store_schema.py", "quotes/store_state.py", "quotes/export.py",
         "quotes/export_binary.py", "quotes/cells.py", "quotes/wording.py", "quotes/wording_statements.py",
         "quotes/spill.py", "quotes/cache.py", "quotes/__init__.py", "quotes/records.py", "quotes/version.py",
         "quotes/parse/*.py", "bench/*.py")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The quotes modules an import statement names (a name imported from a package may be a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = base[: len(base) - node.level + 1] if node.level else []
    prefix = ".".join([*base, node.module] if node.module else base)
    return [f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in MODULES else prefix for alias in node.names]


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for name in _imported(module, path, node):
                    while name not in MODULES and "." in name:
                        name = name.rsplit(".", 1)[0]
                    if name in MODULES and name != module:
                        deps.add(name)
        graph[module] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
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


def sizes() -> tuple[dict[str, int], dict[str, int]]:
    """(lines per module, lines per function over the bar) of the package and bench/, paths relative to the
    repository."""
    modules, functions = {}, {}
    for path in [*MODULES.values(), *sorted((PACKAGE.parent / "bench").glob("*.py"))]:
        rel = path.relative_to(PACKAGE.parent).as_posix()
        source = path.read_text(encoding="utf-8")
        modules[rel] = len(source.splitlines())
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = node.end_lineno - first + 1
                if length > MAX_FUNCTION_LINES:
                    functions[f"{rel}:{node.name}"] = length
    return modules, functions


def _owned(rel: str) -> bool:
    return any(Path(rel).match(pattern) for pattern in OWNED)


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_modules():
    assert cycles(import_graph()) == []


def test_engines_never_import_the_pipeline():
    """The pipeline describes the run and hands the per-article steps (quotes.steps) to an engine."""
    graph = import_graph()
    assert "quotes.pipeline" not in graph["quotes.engine"]
    assert "quotes.steps" in graph["quotes.engine"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_alone(module):
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_sizes_of_the_modules_owned_by_the_structure_work():
    modules, functions = sizes()
    assert {m: n for m, n in modules.items() if _owned(m) and n > MAX_MODULE_LINES} == {}
    assert {f: n for f, n in functions.items() if _owned(f.split(":")[0])} == {}


def test_size_report(capsys):
    """Prints what is over the bars in the whole package (`pytest -s tests/test_structure.py` shows it)."""
    modules, functions = sizes()
    over = {m: n for m, n in modules.items() if n > MAX_MODULE_LINES}
    with capsys.disabled():
        print(f"\nmodules over {MAX_MODULE_LINES} lines: {over}\nfunctions over {MAX_FUNCTION_LINES} lines: {functions}")
    assert modules  # the report read the package


def test_whole_package_meets_the_size_bars():
    modules, functions = sizes()
    assert {m: n for m, n in modules.items() if n > MAX_MODULE_LINES} == {}
    assert functions == {}
