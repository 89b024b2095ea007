"""The house rules of the code tree, checked on every run: imports run one way (no cycle
among the project's modules, function-level imports included), the domain imports no Django,
modules stay small, and no test module imports another test module."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("meetifyr", "meetings", "bench")
MAX_PYTHON_LINES = 500
MAX_JS_LINES = 300


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources(*, tests: bool) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or ("tests" in parts) != tests:
                continue
            found[_module_name(path)] = path
    return found


def _imported(module: str, path: Path) -> Iterator[str]:
    """Every dotted name ``module`` imports, at any depth of its body."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[: len(package) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = {known(name) for name in _imported(module, path)}
        # A package re-exporting its own modules is not a cycle with them.
        graph[module] = {
            t for t in targets if t is not None and t != module and not t.startswith(module + ".")
        }
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
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


def test_cycles_are_found() -> None:
    """The checker itself: a two-module loop and a longer one are reported, a chain is not."""
    graph = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}
    assert sorted(_cycles(graph)) == [["a", "b"], ["c", "d", "e"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_import_cycle() -> None:
    modules = _sources(tests=False)
    assert "meetings.domain" in modules
    assert "meetings.services" in modules
    assert _cycles(_graph(modules)) == []


def test_domain_imports_no_django() -> None:
    modules = _sources(tests=False)
    domain = {m: p for m, p in modules.items() if m.split(".")[:2] == ["meetings", "domain"]}
    assert len(domain) > 1
    outside = {
        (module, name)
        for module, path in domain.items()
        for name in _imported(module, path)
        if name.split(".")[0] in ("django", "rest_framework", "gel", "MySQLdb")
        or (name.startswith("meetings.") and not name.startswith("meetings.domain"))
    }
    assert outside == set()


@pytest.mark.parametrize("kind", ["python", "js"])
def test_modules_stay_small(kind: str) -> None:
    if kind == "python":
        paths, limit = list(_sources(tests=False).values()), MAX_PYTHON_LINES
    else:
        paths, limit = list((ROOT / "static").rglob("*.js")), MAX_JS_LINES
    assert paths
    long = {
        str(p.relative_to(ROOT)): n
        for p in paths
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > limit
    }
    assert long == {}


def test_no_test_module_imports_another() -> None:
    tests = _sources(tests=True)
    test_modules = {m for m in tests if m.rpartition(".")[2].startswith("test_")}
    assert test_modules
    graph = _graph(tests)
    imports = {
        (m, target) for m, targets in graph.items() for target in targets if target in test_modules
    }
    assert imports == set()
