"""The journal: every change, one JSON line each, made durable before it is acknowledged.

Format (UTF-8 with Chinese unescaped, ``\\n`` line ends, compact JSON written by ``orjson``)::

    {"generation":"<id of the snapshot this journal continues>"}
    {"t":"claims","k":"17","d":{...document...}}     put a document (absolute, idempotent)
    {"t":"claims","k":"17"}                          delete a document
    {"batch":3}                                      the next 3 lines apply together or not at all

(Older journals with spaces after ``,`` and ``:`` read the same.)

Replay ignores a torn last line (a crash mid-append) and an unfinished batch; a damaged line
*before* the end means the file was altered and the database is refused with a sentence naming
``jingtui db repair`` (:mod:`jingtui.store.repair`), which salvages every readable line. A journal whose generation
differs from the snapshot's is stale: its changes are already in the snapshot (a crash between writing a
snapshot and resetting the journal) and it is discarded.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from jingtui.store.errors import StoreError, repair_advice

Op = tuple[str, str, Any]  # (table, doc_id, document or None for delete)

_sync = getattr(os, "fdatasync", os.fsync)


@dataclass
class Replay:
    """What a journal holds for a given snapshot generation."""

    ops: list[Op] = field(default_factory=list)
    valid_bytes: int = 0  # length of the journal up to the end of the last complete change
    stale: bool = True  # no usable header for this generation: start the journal afresh
    other_generation: str | None = None  # the header's generation when it is not the snapshot's


def replay(path: Path, generation: str) -> Replay:
    """Read the journal at ``path`` for the snapshot ``generation``; never modifies it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Replay()
    except PermissionError:
        raise StoreError(
            "unwritable", f"The journal {path} cannot be read (permission denied); choose another database "
            "with --db PATH.",
        ) from None
    lines = raw.split(b"\n")
    complete = lines[:-1]  # the last piece has no newline: empty, or torn by a crash
    if not complete:
        return Replay()
    header = _parse(complete[0], path, 1)
    if not isinstance(header, dict) or not isinstance(header.get("generation"), str):
        raise _damaged(path, 1)
    if header["generation"] != generation:
        return Replay(other_generation=header["generation"])
    result = Replay(valid_bytes=len(complete[0]) + 1, stale=False)
    offset = result.valid_bytes
    pending: list[Op] = []
    expected = 0
    for number, line in enumerate(complete[1:], start=2):
        offset += len(line) + 1
        entry = _parse(line, path, number)
        if not isinstance(entry, dict):
            raise _damaged(path, number)
        if "batch" in entry:
            if expected or not isinstance(entry["batch"], int) or entry["batch"] < 1:
                raise _damaged(path, number)
            expected = entry["batch"]
            continue
        table, key = entry.get("t"), entry.get("k")
        doc = entry.get("d")
        if not isinstance(table, str) or not isinstance(key, str) or not (doc is None or isinstance(doc, dict)):
            raise _damaged(path, number)
        pending.append((table, key, doc))
        if expected:
            expected -= 1
            if expected:
                continue
        result.ops.extend(pending)
        pending.clear()
        result.valid_bytes = offset
    return result


def _parse(line: bytes, path: Path, number: int) -> Any:
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:  # also invalid UTF-8 and too deep nesting
        raise _damaged(path, number) from None


def _damaged(path: Path, number: int) -> StoreError:
    db = path.with_name(path.name.removesuffix(".journal"))
    return StoreError("corrupt", f"The journal {path} of the annotation database is damaged (line {number}); "
                                 + repair_advice(db))


def encode(ops: list[Op]) -> bytes:
    """The journal lines for ``ops`` (a batch header when there is more than one)."""
    dumps = orjson.dumps
    parts = [] if len(ops) == 1 else [b'{"batch":%d}' % len(ops)]
    for table, key, doc in ops:
        parts.append(dumps({"t": table, "k": key} if doc is None else {"t": table, "k": key, "d": doc}))
    parts.append(b"")
    return b"\n".join(parts)


class JournalWriter:
    """The open journal of a database held under its lock."""

    def __init__(self, path: Path, generation: str, replayed: Replay, *, sync: bool = True) -> None:
        self.path = path
        self.sync = sync  # False: written to the kernel only (survives kill -9, not a power cut)
        self.generation = generation
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
        try:
            if replayed.stale:
                self.reset(generation)
            else:
                os.ftruncate(self._fd, replayed.valid_bytes)  # drop a torn tail so appends start on a new line
                self.size = replayed.valid_bytes
        except BaseException:
            os.close(self._fd)
            raise

    def append(self, ops: list[Op]) -> int:
        """Append ``ops`` and sync them to disk; returns the bytes written."""
        if not ops:
            return 0
        header = b"" if self.size else self._header()  # a reset that failed halfway left no header
        self._write(header + encode(ops))
        return len(ops)

    def reset(self, generation: str) -> None:
        """Empty the journal and start it for the snapshot ``generation``."""
        self.generation = generation
        os.ftruncate(self._fd, 0)
        self.size = 0
        self._write(self._header())

    def _header(self) -> bytes:
        return orjson.dumps({"generation": self.generation}) + b"\n"

    @property
    def has_changes(self) -> bool:
        """Whether the journal holds anything beyond its header."""
        return self.size > len(self._header())

    def _write(self, data: bytes) -> None:
        before = self.size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
            if self.sync:
                _sync(self._fd)
        except BaseException as exc:  # disk full, or ctrl+c mid-write: never leave half a line behind
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, before)
            if isinstance(exc, OSError):
                raise StoreError(
                    "unwritable",
                    f"Could not save to the journal {self.path} ({exc.strerror or exc}); "
                    "the last change was not saved.",
                ) from exc
            raise
        self.size = before + len(data)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
