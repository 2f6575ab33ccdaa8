"""The snapshot file: a plain TinyDB JSON file, written atomically, checked before it is trusted.

The snapshot is what ``TinyDB(path)`` reads: ``{table: {doc_id: document}}``, UTF-8 with Chinese
unescaped (as ``json.dumps(ensure_ascii=False)``), compact (no spaces after ``,`` and ``:``). It is
parsed and written with ``orjson`` (about twice as fast to parse and ten times to write as the ``json``
module: tests/bench/README.md). A marker table ``_jingtui`` holds one document with the format name, the
format version and the *generation* (a random id shared with the journal header, see
:mod:`jingtui.store.journal`).

:class:`SnapshotStorage` is a TinyDB ``Storage``: ``TinyDB(path, storage=SnapshotStorage)`` reads with
the same checks and writes atomically (temp file, fsync, ``os.replace``, fsync of the folder), so the
file on disk is always either the old or the new complete snapshot.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from jingtui.store.errors import StoreError, repair_advice
from jingtui.util.fileio import fsync_folder
from jingtui.util.gc_pause import paused_gc

FORMAT_NAME = "jingtui-annotations"
FORMAT_VERSION = 1
MARKER_TABLE = "_jingtui"
MARKER_ID = "1"
REQUIRED_CLAIM_KEYS = {"id": str, "article": str, "label": str, "start": int, "end": int, "quote": str}

Tables = dict[str, dict[str, Any]]

_WAY_OUT = "it was left untouched. Start a new one with --db NEW_PATH."


def marker(tables: Tables) -> dict[str, Any] | None:
    """The ``_jingtui`` marker document of a loaded snapshot, or None."""
    return tables.get(MARKER_TABLE, {}).get(MARKER_ID)


def read_snapshot(path: Path) -> tuple[Tables, int]:
    """Load and check the snapshot at ``path``: ``(tables, size in bytes)``.

    A missing, empty or ``{}`` file is an empty database. Raises :class:`StoreError` (``corrupt``,
    ``foreign``, ``version``, ``unwritable``) and never modifies the file.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, 0
    except IsADirectoryError:
        raise StoreError("foreign", f"The annotation database path {path} is a folder, not a file; {_WAY_OUT}") \
            from None
    except PermissionError:
        raise StoreError(
            "unwritable",
            f"The annotation database {path} cannot be read (permission denied); choose another with --db PATH.",
        ) from None
    if not raw.strip():
        return {}, len(raw)
    with paused_gc():  # a load creates millions of objects; collecting them halfway through doubles the cost
        try:
            data = orjson.loads(raw)  # checks UTF-8 too
        except orjson.JSONDecodeError as exc:
            raise _not_json(path, raw, exc) from None
        check_tables(data, path)
    return data, len(raw)


def _not_json(path: Path, raw: bytes, exc: orjson.JSONDecodeError) -> StoreError:
    """The sentence for a snapshot that does not parse: not UTF-8, nested too deeply, or bad JSON at a line."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return StoreError("corrupt", f"The annotation database {path} is not UTF-8 text; {repair_advice(path)}")
    if "depth" in str(exc) or "recursion" in str(exc):
        return StoreError("corrupt",
                          f"The annotation database {path} is nested too deeply to be a database; {_WAY_OUT}")
    return StoreError("corrupt", f"The annotation database {path} is not valid JSON (line {exc.lineno}); "
                                 + repair_advice(path))


def check_tables(data: Any, path: Path) -> None:
    """Raise :class:`StoreError` unless ``data`` is a jingtui database this version can read."""
    foreign = f"The file {path} is not a jingtui annotation database"
    if not isinstance(data, dict):
        raise StoreError("foreign", f"{foreign} (it holds a JSON {type(data).__name__}, not tables); {_WAY_OUT}")
    if not data:
        return
    mark = marker(data) if isinstance(data.get(MARKER_TABLE), dict) else None
    if not isinstance(mark, dict) or mark.get("format") != FORMAT_NAME:
        raise StoreError("foreign", f"{foreign} (it has no jingtui marker); {_WAY_OUT}")
    version = mark.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise StoreError("foreign", f"{foreign} (its format version is missing); {_WAY_OUT}")
    if version > FORMAT_VERSION:
        raise StoreError(
            "version",
            f"The annotation database {path} was written by a newer jingtui (format {version}, this one reads "
            f"{FORMAT_VERSION}); it was left untouched. Upgrade jingtui or start a new one with --db NEW_PATH.",
        )
    check_documents(data, path)


TABLE_KEYS: dict[str, dict[str, type]] = {
    "articles": {"article": str},
    "meta": {"key": str},
    "rejections": {"article": str, "label": str, "start": int, "end": int, "quote": str},
}


def check_documents(data: Tables, path: Path) -> None:
    """Every table maps numeric ids to documents, and the store's tables have their key fields."""
    for name, table in data.items():
        if not isinstance(table, dict) or not all(map(str.isdigit, table)):
            raise StoreError("corrupt", f"The annotation database {path} has a malformed table {name!r}; "
                                        + repair_advice(path))
        if name == "claims":
            check_claims(table, path)
            continue
        required = TABLE_KEYS.get(name, {})
        for doc_id, doc in table.items():
            if type(doc) is not dict or any(type(doc.get(key)) is not kind for key, kind in required.items()):
                raise StoreError(
                    "corrupt",
                    f"The annotation database {path} has a malformed document {doc_id} in table {name!r}; "
                    + repair_advice(path),
                )


def check_claims(table: dict[str, Any], path: Path) -> None:
    """Every claim document has its key fields with the right types (one tight pass: 100,000 in ~50 ms)."""
    for doc_id, doc in table.items():
        try:
            ok = (
                type(doc["id"]) is str
                and type(doc["article"]) is str
                and type(doc["label"]) is str
                and type(doc["start"]) is int
                and type(doc["end"]) is int
                and type(doc["quote"]) is str
            )
        except (KeyError, TypeError, IndexError):
            ok = False
        if not ok:
            bad = next(
                (key for key, kind in REQUIRED_CLAIM_KEYS.items()
                 if not isinstance(doc, dict) or type(doc.get(key)) is not kind),
                "?",
            )
            raise StoreError(
                "corrupt",
                f"The annotation database {path} has a malformed claim (document {doc_id}, field {bad!r}); "
                + repair_advice(path),
            )


def write_snapshot(path: Path, tables: Tables) -> int:
    """Write ``tables`` to ``path`` atomically; returns the size in bytes.

    Temp file in the same folder, fsync, ``os.replace``, fsync of the folder: a crash at any moment
    leaves either the old or the new file, both complete. The temp file's name is fixed per process
    (``<name>.tmp-<pid>``, unlike :mod:`jingtui.util.fileio`'s) so that the next writer, holding the lock,
    can remove one a killed writer left (``opening._remove_stale_temp_files``).
    """
    data = orjson.dumps(tables)  # UTF-8, Chinese unescaped, compact; TypeError for what JSON cannot hold
    temp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink(temp)
        raise
    os.close(fd)
    try:
        os.replace(temp, path)
    except BaseException:
        _unlink(temp)
        raise
    fsync_folder(path.parent)
    return len(data)


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


class SnapshotStorage(Storage):
    """A TinyDB storage over a jingtui snapshot: checked reads, atomic writes.

    Every write rewrites the whole file (as TinyDB's JSONStorage does), but atomically; the claim store
    itself does not write through TinyDB's tables (see :mod:`jingtui.store.claims`).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> Tables | None:
        tables, _size = read_snapshot(self.path)
        return tables or None

    def write(self, data: Tables) -> None:
        write_snapshot(self.path, data)
