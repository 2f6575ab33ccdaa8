"""Where the annotation database and its companion files live."""

from __future__ import annotations

from pathlib import Path

DB_FOLDER = ".jingtui"
DB_NAME = "annotations.json"


def default_db_path(corpus_root: Path) -> Path:
    """The default database of a corpus: ``<corpus_root>/.jingtui/annotations.json``."""
    return Path(corpus_root) / DB_FOLDER / DB_NAME


def journal_path(db_path: Path) -> Path:
    """The append-only journal beside the snapshot: ``annotations.json.journal``."""
    return db_path.with_name(db_path.name + ".journal")


def lock_path(db_path: Path) -> Path:
    """The lock file that keeps a second jingtui off the same database."""
    return db_path.with_name(db_path.name + ".lock")
