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
