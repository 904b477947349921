"""The arrows of DESIGN.md hold in the code: web → archive → (ocr, search); ocr and search import
nothing of ours but the Vietnamese text package; vntext imports nothing of ours. Every import is
read from the source (top level or inside a function), so a late import cannot hide an arrow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"archive", "ocr", "search", "web", "vntext", "sample_files"}
# What each package may import of ours (itself included).
ALLOWED = {
    "vntext": {"vntext"},
    "ocr": {"ocr", "vntext"},
    "search": {"search", "vntext"},
    "archive": {"archive", "ocr", "search", "vntext", "sample_files"},
    "web": {"web", "archive", "ocr", "search", "vntext"},
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_along_the_arrows(package):
    wrong = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, top in _imports(path):
            if top in OURS and top not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {top}")
    assert wrong == []


def test_the_check_sees_an_arrow_broken(tmp_path):
    bad = tmp_path / "module.py"
    bad.write_text("def f():\n    from archive.models import Page\n", encoding="utf-8")
    assert _imports(bad) == [(2, "archive")]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the modules of ours it imports, at module level or inside a function."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                wanted = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                wanted = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
            else:
                continue
            for target in wanted:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    targets.add(target)
        graph[name] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_module_of_ours_imports_itself_round_a_cycle():
    modules = {_module_name(path): path for package in ALLOWED for path in sorted((ROOT / package).rglob("*.py"))}
    assert _cycles(_module_graph(modules)) == []


def test_the_check_sees_a_cycle(tmp_path):
    (tmp_path / "a.py").write_text("import b\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("def f():\n    from a import x\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("import a\n", encoding="utf-8")
    modules = {name: tmp_path / f"{name}.py" for name in ("a", "b", "c")}
    assert _cycles(_module_graph(modules)) == [["a", "b"]]
