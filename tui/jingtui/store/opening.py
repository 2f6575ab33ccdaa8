"""Opening a TinyDB claim store's files: the lock, the snapshot, the journal replayed over it.

Nothing here writes a file that is not a valid jingtui database (or empty): a refused file is left as
it was, with nothing new beside it. :meth:`jingtui.store.claims.ClaimStore.open` is the way in.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from jingtui.store import journal as journal_module
from jingtui.store.errors import StoreError
from jingtui.store.journal import JournalWriter, Op
from jingtui.store.lock import DatabaseLock, unwritable
from jingtui.store.paths import journal_path, lock_path
from jingtui.store.snapshot import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MARKER_ID,
    MARKER_TABLE,
    Tables,
    check_documents,
    marker,
    read_snapshot,
    write_snapshot,
)


def open_for_writing(path: Path, *, sync: bool) -> tuple[Tables, JournalWriter, DatabaseLock, int]:
    """Lock the database at ``path``, read it and replay its journal: ``(tables, journal, lock, snapshot size)``.

    The folder is made if needed. Raises :class:`StoreError` with one sentence.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StoreError("unwritable", f"Cannot make the folder {path.parent} (a file is in the way); "
                                       "choose another place with --db PATH.") from None
    except OSError as exc:
        raise unwritable(path, exc.strerror) from exc
    lock = DatabaseLock.acquire(lock_path(path), path)
    try:
        tables, size = read_snapshot(path)
        if not os.access(path.parent, os.W_OK):
            raise unwritable(path)
        if not tables:
            tables = {MARKER_TABLE: {MARKER_ID: new_marker()}}
            size = _write_or_refuse(path, tables)
        _remove_stale_temp_files(path)
        generation = (marker(tables) or {}).get("generation", "")  # read_snapshot refuses a file without one
        replayed = journal_module.replay(journal_path(path), generation)
        _apply_checked(tables, replayed.ops, path)
        try:
            writer = JournalWriter(journal_path(path), generation, replayed, sync=sync)
        except OSError as exc:
            raise unwritable(path, exc.strerror) from exc
    except BaseException:
        lock.release(remove=lock.created)  # a refused file is left as it was, with nothing new beside it
        raise
    return tables, writer, lock, size


def read_without_lock(path: Path) -> tuple[Tables, int]:
    """The tables of the database at ``path`` with its journal replayed, taking no lock: ``(tables, size)``."""
    for _attempt in range(3):  # a writer may compact between our two reads: read again
        tables, size = read_snapshot(path)
        mark = marker(tables)
        if mark is None:
            return tables, size
        replayed = journal_module.replay(journal_path(path), mark["generation"])
        if replayed.other_generation is None:
            _apply_checked(tables, replayed.ops, path)
            return tables, size
    return tables, size


def new_marker() -> dict[str, Any]:
    """A fresh ``_jingtui`` marker document (a new generation)."""
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "generation": uuid.uuid4().hex}


def apply_ops(tables: Tables, ops: list[Op]) -> None:
    """Apply journal operations to ``tables`` (a ``None`` document removes)."""
    for table, doc_id, doc in ops:
        if doc is None:
            tables.get(table, {}).pop(doc_id, None)
        else:
            tables.setdefault(table, {})[doc_id] = doc


def _apply_checked(tables: Tables, ops: list[Op], path: Path) -> None:
    """Apply replayed journal ops after checking their documents like the snapshot's."""
    if not ops:
        return
    replayed: Tables = {}
    for table, doc_id, doc in ops:
        if doc is not None:
            replayed.setdefault(table, {})[doc_id] = doc
    try:
        check_documents(replayed, path)
    except StoreError as exc:
        journal = str(exc).replace("annotation database", "journal of the annotation database", 1)
        raise StoreError(exc.kind, journal) from exc
    apply_ops(tables, ops)


def _write_or_refuse(path: Path, tables: Tables) -> int:
    try:
        return write_snapshot(path, tables)
    except OSError as exc:
        raise unwritable(path, exc.strerror) from exc


def _remove_stale_temp_files(path: Path) -> None:
    """Snapshot temp files left by a writer killed mid-compaction (we hold the lock: they are dead)."""
    for stale in path.parent.glob(f"{glob_escape(path.name)}.tmp-*"):
        with contextlib.suppress(OSError):
            stale.unlink()
