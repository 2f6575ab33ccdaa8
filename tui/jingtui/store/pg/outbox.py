"""The local journal of changes not yet on the team server (it stopped, or the network dropped).

One JSON line per change, fsync'd before the change is acknowledged ("kept locally"), so ``kill -9``
loses nothing; sent in order when the server is back (each change carries an id the server
remembers, so one sent twice is applied once), then the file is emptied. A torn last line (a crash
mid-append) is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

import orjson

from jingtui.store.location import redact

_sync = getattr(os, "fdatasync", os.fsync)


def outbox_path(folder: Path, url: str, reviewer: str) -> Path:
    """The local journal of one reviewer on one server, in ``folder`` (the corpus's ``.jingtui``)."""
    key = hashlib.sha256(f"{redact(url)}\n{reviewer}".encode()).hexdigest()[:16]
    return Path(folder) / f"team-outbox-{key}.jsonl"


class Outbox:
    """Changes waiting for the server, oldest first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pending: list[dict[str, Any]] = self._read()

    def _read(self) -> list[dict[str, Any]]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        ops = []
        for line in raw.split(b"\n")[:-1]:  # the piece after the last newline is empty or torn
            try:
                op = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(op, dict) and "op_id" in op and "kind" in op:
                ops.append(op)
        return ops

    def __len__(self) -> int:
        return len(self.pending)

    def append(self, op: dict[str, Any]) -> None:
        """Keep ``op`` on disk (synced) before it is acknowledged."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            data = orjson.dumps(op) + b"\n"
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            _sync(fd)
        finally:
            os.close(fd)
        self.pending.append(op)

    def sent(self, count: int) -> None:
        """The first ``count`` changes are on the server: keep only the rest (atomically)."""
        self.pending = self.pending[count:]
        if not self.pending:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return
        temp = self.path.with_name(self.path.name + ".tmp")
        temp.write_bytes(b"".join(orjson.dumps(op) + b"\n" for op in self.pending))
        with open(temp, "rb") as handle:
            _sync(handle.fileno())
        os.replace(temp, self.path)
