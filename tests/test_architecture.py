"""The shape of the house, computed from the imports of src/factlib (lazy ones included).

No cycle between modules; packages point one way; drafts and links never import each other;
one package (links/http) imports requests; the core never imports typer; no module over 500 lines.
Run as a program, it prints the package graph with its arrows:

    python tests/test_architecture.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "factlib"
MAX_LINES = 500


def module_files() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name, for its __init__)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("factlib", *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """For each module, every name it imports anywhere in its body: factlib modules, and others by top name."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets.update(_resolve(alias.name, modules) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the module's own package upwards
                    package = name.split(".") if is_package else name.split(".")[:-1]
                    base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in modules else _resolve(base, modules))
        targets.discard(name)
        graph[name] = targets
    return graph


def _resolve(dotted: str, modules: dict[str, Path]) -> str:
    """The factlib module a dotted name imports (its longest known prefix), or the top name of another package."""
    parts = dotted.split(".")
    if parts[0] != "factlib":
        return parts[0]
    while parts and ".".join(parts) not in modules:
        parts.pop()
    return ".".join(parts)


def package_of(module: str) -> str:
    """factlib.drafts.check -> drafts; the modules at the top (model, findings, codes...) are the records;
    ``python -m factlib`` (__main__) is the command line's."""
    if module == "factlib.__main__":
        return "cli"
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else "records"


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    arrows: dict[str, set[str]] = {}
    for module, targets in graph.items():
        here = package_of(module)
        arrows.setdefault(here, set()).update(
            package_of(t) for t in targets if t.startswith("factlib") and package_of(t) != here)
    return arrows


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


MODULES = module_files()
GRAPH = imports(MODULES)


def test_the_graph_is_read_from_every_module_lazy_imports_included():
    assert "factlib.cli.app" in MODULES and "factlib.drafts.check" in MODULES
    assert "factlib.library.load" in GRAPH["factlib.cli.app"]  # imported inside a function
    assert "typer" in GRAPH["factlib.cli.app"]


def test_cycles_are_found_lazy_or_not():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_cycle_between_modules():
    assert cycles(GRAPH) == []


def test_packages_point_one_way():
    assert cycles(package_graph(GRAPH)) == []


def test_records_at_the_top_import_no_subsystem():
    arrows = package_graph(GRAPH)
    assert arrows["records"] == set()


def test_drafts_and_links_never_import_each_other():
    arrows = package_graph(GRAPH)
    assert "links" not in arrows["drafts"] and "drafts" not in arrows["links"]


def test_only_the_http_package_imports_requests():
    # links/http is one seam split by concern (the Fetcher, pinning, pacing, reading, failures)
    importers = sorted(m for m, targets in GRAPH.items() if targets & {"requests", "urllib3"})
    assert importers and all(m == "factlib.links.http" or m.startswith("factlib.links.http.") for m in importers)


def test_no_core_module_imports_typer():
    assert sorted(m for m, targets in GRAPH.items() if "typer" in targets and package_of(m) != "cli") == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_over_500_lines(module):
    lines = len(MODULES[module].read_text().splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(PACKAGE.parent)} has {lines} lines"


def levels_named(path: Path) -> list[int]:
    """Lines that name Level.ERROR, Level.WARNING or Level.INFO, other than to look a count up
    (`counts[Level.ERROR]`) or to override a code's level on purpose (`codes.finding(..., level=Level.WARNING)`)."""
    tree = ast.parse(path.read_text())
    lookups = {id(node.slice) for node in ast.walk(tree) if isinstance(node, ast.Subscript)}
    lookups |= {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.keyword) and node.arg == "level"}
    return sorted(node.lineno for node in ast.walk(tree)
                  if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and id(node) not in lookups
                  and node.value.id == "Level" and node.attr in ("ERROR", "WARNING", "INFO"))


def test_levels_named_are_found_where_findings_are_made(tmp_path):
    (tmp_path / "m.py").write_text("a = Finding('x', Level.WARNING)\nb = counts[Level.ERROR]\nc = {1: Level.INFO}\n"
                                   "d = finding('link.broken', level=Level.WARNING)\n")
    assert levels_named(tmp_path / "m.py") == [1, 3]


@pytest.mark.parametrize("module", [
    m for m in sorted(MODULES)
    if m not in ("factlib.findings", "factlib.codes") and package_of(m) != "report"  # the registry; formats' names
])
def test_a_finding_takes_its_level_from_the_codes_registry(module):
    assert levels_named(MODULES[module]) == [], "use factlib.codes.finding(code, ...) or codes.level(code)"


def render(arrows: dict[str, set[str]]) -> str:
    """The package graph, one line per package: `drafts -> figures, library, records, text`."""
    order = ["cli", "report", "site", "audit", "authoring", "drafts", "links", "figures", "text", "library", "records"]
    names = sorted(arrows, key=lambda p: (order.index(p) if p in order else len(order), p))
    return "\n".join(f"{p:<8} -> {', '.join(sorted(arrows[p], key=names.index)) or '(nothing)'}" for p in names)


def test_the_readme_shows_the_graph_as_it_is():
    readme = (PACKAGE.parent.parent / "README.md").read_text()
    shown = readme.split("Arrows point one way", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert shown == render(package_graph(GRAPH)) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(package_graph(GRAPH)) + "\n")
