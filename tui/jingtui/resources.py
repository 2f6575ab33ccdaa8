"""Where the project's data files live (label sets, lexicons, the export schema)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DATA_DIR = PACKAGE_DIR.parent.parent / "data"


def data_path(name: str) -> Path:
    """Path of a file shipped in the repository's ``data/`` folder."""
    return REPO_DATA_DIR / name
