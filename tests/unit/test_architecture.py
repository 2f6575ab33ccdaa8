"""The domain never imports the UI: corpus, clean, store, export and suggest stay free of Textual."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tui" / "jingtui"
CORE = ("adjudicate", "corpus", "clean", "store", "export", "suggest", "util", "workspace", "codebook")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", CORE)
def test_core_package_never_imports_textual_or_app(package: str) -> None:
    offenders = []
    for path in sorted((PACKAGE / package).rglob("*.py")):
        for name in _imports(path):
            if name == "textual" or name.startswith(("textual.", "jingtui.app")) or name == "jingtui.app":
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_import_linter_contract_holds() -> None:
    """The same rule, transitively, through import-linter's contract in pyproject.toml."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(PACKAGE.parents[1] / "pyproject.toml"), no_cache=True) == 0
