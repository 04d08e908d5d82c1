"""The house keeps its shape: floors, no cycles, small rooms, imports at the top, docs that match.

Floors (docs/ARCHITECTURE.md): core/ is the ground; crawler/ and pipelines/ stand on it
side by side; nianbao/ (the CLI and user commands) is the top. A module may import its
own package and the floors below it, never a sibling or a floor above.
"""
from __future__ import annotations

import ast
import pathlib
import re

import pytest

from core.items import DocumentItem, FetchItem

ROOT = pathlib.Path(__file__).resolve().parent.parent
FLOORS = {"core": 1, "crawler": 2, "pipelines": 2, "nianbao": 3}
# the one settings module holds every default (Scrapy's rule); pipelines read their
# function defaults from it, and nothing else of the crawler
SHARED_SETTINGS = "crawler.settings"
MAX_LINES = 500
# generated data, not code: the demo world's committed site and Alembic's versioned scripts
NOT_ROOMS = ("nianbao/demo/site/", "core/migrations/versions/")
DOC = ROOT / "docs" / "ARCHITECTURE.md"


def _modules() -> dict[str, pathlib.Path]:
    """dotted name -> path for every module of the four packages."""
    out = {}
    for package in FLOORS:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith(NOT_ROOMS):
                continue
            parts = rel[:-3].split("/")
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _imports(name: str):
    """(target module, line, at top?) for every project import in module `name`."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = set()
    pending = list(tree.body)  # imports under a top-level try/if/class still run at import time
    while pending:
        node = pending.pop()
        top_level.add(id(node))
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(node))
    package = name if _is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = []
            for alias in node.names:
                sub = "%s.%s" % (base, alias.name)
                targets.append(sub if sub in MODULES else base)
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target:
                yield target, node.lineno, id(node) in top_level
        if not any(t.split(".")[0] in FLOORS for t in targets):
            yield None, node.lineno, id(node) in top_level


def _graph() -> dict[str, set[str]]:
    return {m: {t for t, _, _ in _imports(m) if t and t != m} for m in MODULES}


def test_every_package_has_a_floor():
    assert {m.split(".")[0] for m in MODULES} == set(FLOORS)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_down_the_floors(module):
    own = module.split(".")[0]
    wrong = sorted({t for t, _, _ in _imports(module)
                    if t and t != SHARED_SETTINGS and t.split(".")[0] != own
                    and FLOORS[t.split(".")[0]] >= FLOORS[own]})
    assert not wrong, "%s (floor %d) imports %s" % (module, FLOORS[own], wrong)


def test_crawler_and_pipelines_never_import_each_other():
    graph = _graph()
    for a, b in (("crawler", "pipelines"), ("pipelines", "crawler")):
        crossing = sorted((m, t) for m, ts in graph.items() if m.split(".")[0] == a for t in ts
                          if t.split(".")[0] == b and t != SHARED_SETTINGS)
        assert not crossing


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, cycles


def test_the_graph_is_read_at_all():
    # guards the floor and cycle tests against a reader that silently finds nothing
    graph = _graph()

    def imports_of(package):
        return set().union(*(targets for m, targets in graph.items() if m.startswith(package + ".")))

    assert "core.items" in imports_of("pipelines.store")
    assert any(t.startswith("core.") for t in imports_of("crawler.spiders"))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_rooms_are_small(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, "%s has %d lines" % (MODULES[module], lines)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_at_module_top_unless_a_reason_is_written(module):
    source = MODULES[module].read_text(encoding="utf-8").splitlines()
    unexplained = []
    for _, line, top in _imports(module):
        if top:
            continue
        here, above = source[line - 1], source[line - 2] if line > 1 else ""
        if "#" not in here and not above.strip().startswith("#"):
            unexplained.append(line)
    assert not unexplained, "%s: imports inside functions without a reason at lines %s" % (
        MODULES[module], sorted(set(unexplained)))


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_architecture_doc_names_every_module():
    doc = _doc()
    missing = [MODULES[m].relative_to(ROOT).as_posix() for m in sorted(MODULES)
               if MODULES[m].name != "__init__.py" and MODULES[m].relative_to(ROOT).as_posix() not in doc]
    assert not missing, "docs/ARCHITECTURE.md does not mention %s" % missing


def test_architecture_doc_names_no_module_that_is_gone():
    named = set(re.findall(r"\b((?:core|crawler|pipelines|nianbao)/[\w/]+\.py)\b", _doc()))
    assert named, "the doc names modules by path"
    assert sorted(p for p in named if not (ROOT / p).exists()) == []


@pytest.mark.parametrize("item", [FetchItem, DocumentItem])
def test_architecture_doc_names_every_item_field(item):
    doc = _doc()
    contract = doc[doc.index("## Item contract"):doc.index("## Storage")]
    missing = sorted(f for f in item.fields if not re.search(r"(?<![\w])%s(?![\w])" % re.escape(f), contract))
    assert not missing, "%s fields missing from the item contract: %s" % (item.__name__, missing)
