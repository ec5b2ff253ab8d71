"""No import cycles among the modules of ``cockpit`` and ``ui`` (issue 16, finding 9).

The graph is grimp's (the one import-linter checks), built from the source without importing it,
so the test stays Qt-free. Two graphs: the imports that run (``if TYPE_CHECKING:`` left out, as
import-linter sees them), and every import including the type-only ones, so that a cycle is not
merely hidden behind ``TYPE_CHECKING`` (a mixin that needs its window's type, a command that needs
its hub's) but the dependency really goes one way.
"""

from __future__ import annotations

import grimp
import pytest


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:  # iterative, so a deep graph cannot hit the recursion limit
        nonlocal counter
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
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

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return sorted(found)


def _describe(graph: grimp.ImportGraph, component: list[str]) -> str:
    """One cycle through the component, e.g. ``a -> b -> a``, to show where to cut it."""
    members = set(component)
    first = component[0]
    for module in sorted(graph.find_modules_directly_imported_by(first) & members):
        path = graph.find_shortest_chain(importer=module, imported=first)
        if path:
            return " -> ".join((first, *path))
    return ", ".join(component)


@pytest.mark.parametrize("type_only", [False, True], ids=["run-time imports", "with type-only imports"])
def test_no_import_cycles(type_only: bool) -> None:
    graph = grimp.build_graph("cockpit", "ui", include_external_packages=False,
                              exclude_type_checking_imports=not type_only, cache_dir=None)
    cycles = _cycles(graph)
    assert not cycles, "Import cycles:\n" + "\n".join(_describe(graph, c) for c in cycles)


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch) -> None:
    package = tmp_path / "loop_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from loop_pkg import b\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from loop_pkg import a\n")
    (package / "c.py").write_text("from loop_pkg import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    runtime = grimp.build_graph("loop_pkg", exclude_type_checking_imports=True, cache_dir=None)
    typed = grimp.build_graph("loop_pkg", exclude_type_checking_imports=False, cache_dir=None)
    assert _cycles(runtime) == []
    assert _cycles(typed) == [["loop_pkg.a", "loop_pkg.b"]]
    assert _describe(typed, ["loop_pkg.a", "loop_pkg.b"]) == "loop_pkg.a -> loop_pkg.b -> loop_pkg.a"
