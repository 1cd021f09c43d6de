"""The house plan, checked: no two files of the program import each other, directly or round a
circle (shared/DESIGN.md: "no two files import each other"). The layers themselves are the
import-linter contracts in pyproject.toml, run by .ci/run."""

from __future__ import annotations

import grimp


def circles() -> list[list[str]]:
    """Each strongly connected group of modules (a circle of imports), function-level imports
    included, as the program runs them."""
    graph = grimp.build_graph("desktop_app", exclude_type_checking_imports=False)
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph.find_modules_directly_imported_by(module)):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_two_files_import_each_other():
    """Not directly, and not round a circle of several files."""
    assert circles() == []
