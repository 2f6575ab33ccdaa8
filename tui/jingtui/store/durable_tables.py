"""The tables of a TinyDB claim store, kept durably: a change is appended to the journal (fdatasync'd)
before it is applied in memory and to the indexes; the snapshot is rewritten (atomically) when the
journal outgrows it; a batch bigger than that is written straight as a new snapshot.

:class:`~jingtui.store.claims.ClaimStore` holds one and calls it under its lock; opening the files is
:mod:`jingtui.store.opening`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from jingtui.store.errors import StoreError
from jingtui.store.indexes import CLAIMS, ClaimMaps, TableIndexes
from jingtui.store.journal import JournalWriter, Op
from jingtui.store.opening import apply_ops, new_marker
from jingtui.store.snapshot import MARKER_ID, MARKER_TABLE, Tables, write_snapshot
from jingtui.util.gc_pause import paused_gc

COMPACT_MIN_BYTES = 1 << 20  # compact when the journal exceeds max(this, snapshot size)
BATCH_DOC_BYTES = 800  # about the journal size of one claim, to decide how a batch is written


class DurableTables:
    """The tables (``{table: {doc_id: document}}``), their indexes, the journal (None: read-only)."""

    def __init__(self, path: Path, tables: Tables, journal: JournalWriter | None, snapshot_size: int,
                 mutex: threading.RLock) -> None:
        self.path = path
        self.tables = tables
        self.journal = journal
        self.snapshot_size = snapshot_size
        self.indexes = TableIndexes(tables)
        self.last_compaction_error: Exception | None = None
        self._mutex = mutex  # the store's: the claims index is built under it

    def commit(self, ops: list[Op]) -> None:
        """Journal ``ops`` durably, then apply them in memory and to the indexes."""
        if not ops:
            return
        assert self.journal is not None
        if len(ops) > 1 and len(ops) * BATCH_DOC_BYTES + self.journal.size > self._compact_threshold():
            self._commit_by_snapshot(ops)  # the journal would be compacted right away: write the snapshot once
            return
        self.journal.append(ops)  # raises StoreError before anything changes in memory
        for table, doc_id, doc in ops:
            self._apply_one(table, doc_id, doc)
        if self.journal.size > self._compact_threshold():
            try:
                self.compact()
            except (OSError, StoreError) as exc:  # the journal still holds every change
                self.last_compaction_error = exc

    def _compact_threshold(self) -> int:
        return max(COMPACT_MIN_BYTES, self.snapshot_size)

    def _commit_by_snapshot(self, ops: list[Op]) -> None:
        """Apply a big batch by writing a new snapshot (atomic) instead of journaling every document."""
        assert self.journal is not None
        latest = {(table, doc_id): (table, doc_id, doc) for table, doc_id, doc in ops}
        marker = new_marker()
        tables = {name: dict(docs) for name, docs in self.tables.items()}  # shallow: documents are shared
        apply_ops(tables, list(latest.values()))
        tables[MARKER_TABLE] = {MARKER_ID: marker}
        try:
            size = write_snapshot(self.path, tables)
        except OSError as exc:
            raise StoreError(
                "unwritable", f"Could not save the annotation database {self.path} ({exc.strerror or exc}); "
                "the last change was not saved.") from exc
        old_tables, self.tables = self.tables, tables
        self.snapshot_size = size
        indexes = self.indexes
        with paused_gc():
            claim_ids = [int(doc_id) for table, doc_id, _doc in latest.values() if table == CLAIMS]
            if claim_ids:  # the claims index is rebuilt in bulk when next asked (3x faster than doc by doc)
                indexes.forget_claims(claim_ids)
            for table, doc_id, doc in latest.values():
                if table == CLAIMS:
                    continue
                old = old_tables.get(table, {}).get(doc_id)
                if old is not None:
                    indexes.remove(table, doc_id, old)
                if doc is not None:
                    indexes.add(table, doc_id, doc)
        self.journal.reset(marker["generation"])

    def compact(self) -> None:
        assert self.journal is not None
        marker = new_marker()
        tables = dict(self.tables)
        tables[MARKER_TABLE] = {MARKER_ID: marker}
        self.snapshot_size = write_snapshot(self.path, tables)
        self.tables[MARKER_TABLE] = {MARKER_ID: marker}
        self.journal.reset(marker["generation"])
        self.last_compaction_error = None

    def _apply_one(self, table: str, doc_id: str, doc: dict[str, Any] | None) -> None:
        docs = self.tables.setdefault(table, {})
        old = docs.get(doc_id)
        if old is not None:
            self.indexes.remove(table, doc_id, old)
        if doc is None:
            docs.pop(doc_id, None)
        else:
            docs[doc_id] = doc
            self.indexes.add(table, doc_id, doc)

    def claim_maps(self) -> ClaimMaps:
        """The claims maps of :class:`~jingtui.store.indexes.TableIndexes`, built on first use."""
        maps = self.indexes.claim_maps
        if maps is None:
            with self._mutex, paused_gc():
                maps = self.indexes.claim_maps
                if maps is None:
                    maps = self.indexes.build_claims(self.tables.get(CLAIMS, {}))
        return maps
