"""The domain never imports the UI: the core packages stay free of Textual, Rich and jingtui.app.

The list of core packages is the one of the import-linter contract in pyproject.toml, and every package
of jingtui but the interface (app, commands) must be on it, so a new package cannot slip past the rule.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import tomlkit

PACKAGE = Path(__file__).resolve().parents[2] / "tui" / "jingtui"
PYPROJECT = PACKAGE.parents[1] / "pyproject.toml"
INTERFACE = ("app", "commands")


def _contracts() -> list[dict]:
    return tomlkit.parse(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"].unwrap()


def _core() -> tuple[str, ...]:
    (contract,) = [c for c in _contracts() if c["name"] == "The core never imports the UI or Textual"]
    assert set(contract["forbidden_modules"]) >= {"jingtui.app", "textual", "rich"}
    return tuple(name.removeprefix("jingtui.") for name in contract["source_modules"])


CORE = _core()


def test_every_package_but_the_interface_is_core() -> None:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")} - {"data"}
    assert packages - set(INTERFACE) == set(CORE)


def test_the_layers_name_every_package() -> None:
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    named = {part.strip().removeprefix("jingtui.") for layer in layers["layers"] for part in layer.split("|")}
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages <= named


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
            if name in ("textual", "rich") or name.startswith(("textual.", "rich.", "jingtui.app")):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_import_linter_contract_holds() -> None:
    """The same rule, transitively, through import-linter's contract in pyproject.toml."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(PACKAGE.parents[1] / "pyproject.toml"), no_cache=True) == 0


def test_no_test_skips_over_our_own_modules() -> None:
    """A broken import of ours must fail the suite, never turn into a skip."""
    tests = PACKAGE.parents[1] / "tests"
    offenders = [f"{path.relative_to(tests)}:{number}"
                 for path in sorted(tests.rglob("*.py"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"importorskip\(\s*[\"'](jingtui|conftest)", line)]
    assert offenders == []
