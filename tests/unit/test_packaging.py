"""The built wheel, installed into a fresh virtual environment, finds its data files.

An installed copy once ran with an empty slogan lexicon because the wheel left ``slogans.txt`` out. This
builds the wheel from a copy of the sources (so the checkout gets no ``build/`` folder), installs it with
no dependencies into a new venv whose only other path is this environment's site-packages (for Textual,
Rich and the rest), and asks the installed copy, from outside the checkout, for the lexicon and the
export schema. Offline: no index is consulted.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "tui" / "jingtui"

PROBE = """
import json, sys
import jingtui
from jingtui.suggest.lexicon import load_lexicon
from jingtui.util.resources import read_data_text
print(json.dumps({"file": jingtui.__file__, "slogans": len(load_lexicon()),
                  "schema": json.loads(read_data_text("export.schema.json"))}, ensure_ascii=False))
"""


def _run(command: list[str], cwd: Path) -> str:
    ran = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    assert ran.returncode == 0, f"{' '.join(command)} failed:\n{ran.stderr[-3000:]}"
    return ran.stdout


def _build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(PACKAGE, source / "tui" / "jingtui", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", str(wheels), str(source)], tmp_path)
    (wheel,) = wheels.glob("jingtui-*.whl")
    return wheel


def _fresh_venv(tmp_path: Path, wheel: Path) -> Path:
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
          str(wheel)], tmp_path)
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path)
    site_packages = Path(site.strip())
    # the dependencies: this environment's site-packages, after the venv's own (its .pth files, among them
    # an editable install of the checkout, are not processed: the installed copy is the one imported)
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site_packages / "dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return python


def test_the_installed_wheel_finds_the_slogan_lexicon_and_the_schema(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for data in ("jingtui/data/slogans.txt", "jingtui/data/export.schema.json", "jingtui/app/jingtui.tcss"):
        assert data in names
    python = _fresh_venv(tmp_path, wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    found = json.loads(_run([str(python), "-I", "-c", PROBE], elsewhere))
    assert Path(found["file"]).is_relative_to(python.parent.parent)  # the installed copy, not the checkout
    shipped = [line for line in (PACKAGE / "data" / "slogans.txt").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.lstrip().startswith("#")]
    assert 0 < found["slogans"] <= len(shipped)
    assert found["schema"] == json.loads((PACKAGE / "data" / "export.schema.json").read_text(encoding="utf-8"))
    # the console script and python -m jingtui of the installed copy
    for command in ([str(python.parent / "jingtui"), "--version"], [str(python), "-I", "-m", "jingtui", "--version"]):
        assert _run(command, elsewhere).startswith("jingtui ")
