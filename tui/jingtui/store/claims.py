"""The claim store: claims, article state, settings and rejected suggestions, in a TinyDB file.

Why not TinyDB's own write path (measured on the 2-core build machine, Python 3.11, TinyDB 4.9):
TinyDB's JSONStorage rewrites the whole file on every operation (1.8 ms per insert at 100 claims,
114 ms at 10,000) with seek-write-truncate, so a crash mid-write leaves a broken file; and TinyDB's
``Table`` copies the whole table dict on every write, so even an in-memory storage makes each write O(n).

What this module does instead: it keeps TinyDB's *format* and not its write path.

- In memory: the TinyDB tables (``{table: {doc_id: document}}``) plus indexes by claim id, by article
  and of active counts per article and label.
- Every change is appended to a journal (``annotations.json.journal``, JSON lines) and fdatasync'd
  *before* the call returns, then applied in memory. The store's own work for a tag is a fraction of a
  millisecond at any size; the fdatasync is the rest, and depends on the disk.
- The snapshot ``annotations.json`` is a plain TinyDB file (``TinyDB(path)`` reads it; UTF-8 with
  Chinese unescaped, compact JSON), rewritten atomically (temp file, fsync, ``os.replace``, fsync of
  the folder) on close and whenever the journal grows past max(1 MB, snapshot size): O(1) amortised per
  change. A batch bigger than that (``add_many`` of an import) is written straight as a new snapshot.
  Snapshot and journal are parsed and written with ``orjson`` (see :mod:`jingtui.store.snapshot`);
  :meth:`ClaimStore.claim_documents` hands out the stored documents without copies. Every full
  collection of the garbage collector walks all the documents, so big batches pause it
  (:mod:`jingtui.util.gc_pause`). Figures (tag, open, close, ``add_many`` at 0 to 100,000 claims):
  ``tests/bench/bench_store.py`` and tests/bench/README.md.
- ``kill -9`` at any moment loses nothing acknowledged (the journal line is on disk before the call
  returns; replay ignores a torn last line and unfinished batches) and the snapshot on disk is always
  complete. A corrupt, truncated, foreign or newer-format file is refused with one sentence
  (:class:`~jingtui.store.errors.StoreError`) and never written. A second store on the same database,
  in this process or another, is refused by an ``flock`` on ``annotations.json.lock`` naming the pid.

Tables: ``claims`` (one document per :class:`Claim`), ``articles`` (per-article state), ``meta``
(key/value settings such as ``labels``, ``last_article``), ``rejections`` (rejected suggestions) and
``_jingtui`` (format marker: format name, version, generation shared with the journal header).
"""

from __future__ import annotations

import contextlib
import copy
import os
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import fields as dataclass_fields
from glob import escape as glob_escape
from operator import attrgetter
from pathlib import Path
from typing import Any

import orjson

from jingtui.store import journal as journal_module
from jingtui.store.errors import StoreError
from jingtui.store.journal import JournalWriter, Op
from jingtui.store.lock import DatabaseLock, unwritable
from jingtui.store.model import DEFAULT_LABELS, ArticleState, Claim, utc_now
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
from jingtui.util.gc_pause import paused_gc

CLAIMS, ARTICLES, META, REJECTIONS = "claims", "articles", "meta", "rejections"
CLAIM_FIELDS = tuple(f.name for f in dataclass_fields(Claim))
CLAIM_KEYS = frozenset(CLAIM_FIELDS)
LEGACY_CLAIM_KEYS = CLAIM_KEYS - {"codebook_version"}  # documents written before codebooks existed
CLAIM_ORDER = attrgetter("article", "start", "end", "created_at", "id")  # how claims() sorts
STATE_FIELDS = tuple(f.name for f in dataclass_fields(ArticleState))
STATUSES = ("active", "orphaned")
COMPACT_MIN_BYTES = 1 << 20  # compact when the journal exceeds max(this, snapshot size)
BATCH_DOC_BYTES = 800  # about the journal size of one claim, to decide how a batch is written


def claim_to_doc(claim: Claim) -> dict[str, Any]:
    """The stored document of a claim (a copy; nested ``fields`` copied too)."""
    state = claim.__dict__
    if state.keys() == CLAIM_KEYS:  # noqa: SIM108 - a plain Claim: copy its attributes in one go
        doc = state.copy()  # (3x the comprehension)
    else:
        doc = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    doc["fields"] = as_json(claim.fields) if claim.fields else {}
    return doc


def as_json(value: Any) -> Any:
    """A copy of ``value`` as it will read back from disk (tuples become lists, keys strings); TypeError if not JSON."""
    return orjson.loads(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS))


def doc_to_claim(doc: dict[str, Any]) -> Claim:
    """A fresh :class:`Claim` from a stored document (unknown keys ignored, missing ones defaulted)."""
    keys = doc.keys()
    if keys in (CLAIM_KEYS, LEGACY_CLAIM_KEYS):  # as the store writes them: 4x faster than Claim(**...)
        claim = object.__new__(Claim)
        claim.__dict__.update(doc)
        if "codebook_version" not in doc:
            claim.codebook_version = ""
        if not claim.updated_at:
            claim.updated_at = claim.created_at
    else:
        claim = Claim(**{name: doc[name] for name in CLAIM_FIELDS if name in doc})
    claim.fields = copy.deepcopy(claim.fields) if claim.fields else {}
    return claim


def check_claim(claim: Claim) -> None:
    """Raise ValueError unless the claim is well formed (span, quote length, status)."""
    if not isinstance(claim, Claim):
        raise TypeError(f"expected a Claim, got {type(claim).__name__}")
    if not (isinstance(claim.start, int) and isinstance(claim.end, int) and 0 <= claim.start < claim.end):
        raise ValueError(f"claim span {claim.start!r}-{claim.end!r} is not a valid span")
    if not isinstance(claim.quote, str) or len(claim.quote) != claim.end - claim.start:
        raise ValueError(f"claim quote has {len(claim.quote)} characters for a span of {claim.end - claim.start}")
    if not claim.label or not isinstance(claim.label, str):
        raise ValueError("claim label is empty")
    if not claim.article or not isinstance(claim.article, str):
        raise ValueError("claim article is empty")
    if claim.status not in STATUSES:
        raise ValueError(f"claim status {claim.status!r} is not one of {', '.join(STATUSES)}")
    if not isinstance(claim.fields, dict):
        raise ValueError("claim fields must be a dict")


# claim id -> doc id, article -> doc ids, article -> label -> active count
ClaimMaps = tuple[dict[str, str], dict[str, set[str]], dict[str, dict[str, int]]]


class ClaimStore:
    """Claims and reviewing state of one corpus. Open with :meth:`open`; close (or use ``with``)."""

    _claim_maps: ClaimMaps | None  # built on first use (see _claim_index)

    def __init__(self, path: Path, tables: Tables, *, journal: JournalWriter | None, lock: DatabaseLock | None,
                 snapshot_size: int) -> None:
        self.path = path
        self.read_only = journal is None
        self._tables = tables
        self._journal = journal
        self._lock = lock
        self._snapshot_size = snapshot_size
        self._mutex = threading.RLock()
        self._closed = False
        self.last_compaction_error: Exception | None = None
        self._index()

    # ------------------------------------------------------------------ opening and closing

    @classmethod
    def open(cls, path: Path, *, create: bool = True, read_only: bool = False, sync: bool = True) -> ClaimStore:
        """Open (or create) the database at ``path``; raises :class:`StoreError` with one sentence.

        The folder is made if needed. The file is never modified unless it is a valid jingtui database
        (or empty). ``read_only=True`` takes no lock and refuses changes (for export while the reader runs).
        ``sync=False`` skips the fdatasync after each journal append: changes still survive ``kill -9``
        (they are in the kernel) but not a power cut; for tests and benchmarks, not for reviewers.
        """
        path = Path(path).expanduser()
        if not path.exists() and not create:
            raise StoreError("missing", f"There is no annotation database at {path}.")
        if read_only:
            return cls._open_read_only(path)
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
                tables = {MARKER_TABLE: {MARKER_ID: _new_marker()}}
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
        return cls(path, tables, journal=writer, lock=lock, snapshot_size=size)

    @classmethod
    def _open_read_only(cls, path: Path) -> ClaimStore:
        for _attempt in range(3):  # a writer may compact between our two reads: read again
            tables, size = read_snapshot(path)
            mark = marker(tables)
            if mark is None:
                return cls(path, tables, journal=None, lock=None, snapshot_size=size)
            replayed = journal_module.replay(journal_path(path), mark["generation"])
            if replayed.other_generation is None:
                _apply_checked(tables, replayed.ops, path)
                return cls(path, tables, journal=None, lock=None, snapshot_size=size)
        return cls(path, tables, journal=None, lock=None, snapshot_size=size)

    def close(self, *, compact: bool = True) -> None:
        """Write a fresh snapshot (if anything changed), release the journal and the lock. Idempotent.

        ``compact=False`` leaves the changes in the journal (replayed at the next open): a faster quit
        with a large database (the snapshot costs ~0.3 s at 100,000 claims), but the snapshot alone
        (what a plain ``TinyDB(path)`` sees) lags behind until the next compaction.
        """
        with self._mutex:
            if self._closed:
                return
            self._closed = True
            if self._journal is not None:
                if compact and self._journal.has_changes:
                    try:
                        self._compact()
                    except (OSError, StoreError) as exc:  # the journal still holds every change
                        self.last_compaction_error = exc
                self._journal.close()
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> ClaimStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def compact(self) -> None:
        """Fold the journal into a new snapshot now (atomic)."""
        with self._mutex:
            self._writable()
            self._compact()

    # ------------------------------------------------------------------ claims

    def add(self, claim: Claim) -> Claim:
        """Store a new claim (its id must be unused); returns a copy of what was stored."""
        with self._mutex:
            self._writable()
            check_claim(claim)
            if claim.id in self._claim_doc:
                raise ValueError(f"a claim with id {claim.id} is already stored")
            doc = claim_to_doc(claim)
            self._commit([(CLAIMS, self._new_id(CLAIMS), doc)])
            return doc_to_claim(doc)

    def add_many(self, claims: Iterable[Claim]) -> int:
        """Store many new claims in one journal write (all or none); returns how many."""
        with self._mutex:
            self._writable()
            ops: list[Op] = []
            seen: set[str] = set()
            stored = self._claim_doc
            with paused_gc():
                for claim in claims:
                    check_claim(claim)
                    if claim.id in stored or claim.id in seen:
                        raise ValueError(f"a claim with id {claim.id} is already stored")
                    seen.add(claim.id)
                    ops.append((CLAIMS, self._new_id(CLAIMS, len(ops)), claim_to_doc(claim)))
                self._commit(ops)
            return len(ops)

    def put_many(self, claims: Iterable[Claim]) -> int:
        """Store claims, replacing those whose id exists, in one journal write; returns how many."""
        with self._mutex:
            self._writable()
            ops: list[Op] = []
            assigned: dict[str, str] = {}  # doc ids given to new claims in this batch
            with paused_gc():
                for claim in claims:
                    check_claim(claim)
                    doc_id = self._claim_doc.get(claim.id) or assigned.get(claim.id)
                    if doc_id is None:
                        doc_id = assigned[claim.id] = self._new_id(CLAIMS, len(assigned))
                    ops.append((CLAIMS, doc_id, claim_to_doc(claim)))
                self._commit(ops)
            return len(ops)

    def update(self, claim_id: str, **changes: Any) -> Claim:
        """Change fields of a stored claim (``updated_at`` set to now unless given); returns the new claim."""
        with self._mutex:
            self._writable()
            doc_id = self._doc_id(claim_id)
            unknown = set(changes) - set(CLAIM_FIELDS)
            if unknown or "id" in changes:
                raise TypeError(f"cannot update claim field(s): {', '.join(sorted(unknown | ({'id'} & set(changes))))}")
            claim = doc_to_claim(self._tables[CLAIMS][doc_id])
            for name, value in changes.items():
                setattr(claim, name, value)
            if "updated_at" not in changes:
                claim.updated_at = utc_now()
            check_claim(claim)
            doc = claim_to_doc(claim)
            self._commit([(CLAIMS, doc_id, doc)])
            return doc_to_claim(doc)

    def delete(self, claim_id: str) -> Claim:
        """Remove a claim; returns it as it was."""
        with self._mutex:
            self._writable()
            doc_id = self._doc_id(claim_id)
            claim = doc_to_claim(self._tables[CLAIMS][doc_id])
            self._commit([(CLAIMS, doc_id, None)])
            return claim

    def get(self, claim_id: str) -> Claim | None:
        """The claim with this id, or None."""
        with self._mutex:
            doc_id = self._claim_doc.get(claim_id)
            return None if doc_id is None else doc_to_claim(self._tables[CLAIMS][doc_id])

    def claims(self, article: str | None = None, *, reviewer: str | None = None,
               status: str | None = None) -> list[Claim]:
        """Claims (of one article, or all), optionally of one reviewer or status, sorted by article, start, end."""
        with self._mutex:
            table = self._tables.get(CLAIMS, {})
            docs: Iterable[dict[str, Any]]
            if article is None:
                docs = table.values()
            else:
                docs = [table[doc_id] for doc_id in self._by_article.get(article, ())]
            with paused_gc():  # 100,000 new objects (and sort keys) would set off collections over the whole store
                result = [
                    doc_to_claim(doc)
                    for doc in docs
                    if (reviewer is None or doc.get("reviewer") == reviewer)
                    and (status is None or doc.get("status", "active") == status)
                ]
                result.sort(key=CLAIM_ORDER)
        return result

    def claim_documents(self, article: str | None = None, *, reviewer: str | None = None) -> Iterator[dict[str, Any]]:
        """The stored claim documents themselves (of one article, or all; optionally of one reviewer), unsorted.

        READ-ONLY: these are the store's own dicts, not copies (no :class:`Claim` built, no ``fields``
        deep-copied: what an export needs, at a fraction of the cost of :meth:`claims`). Never modify
        one; :func:`doc_to_claim` makes a claim to keep. The selection is taken under the store's lock
        when the call is made, so changes made while iterating do not disturb it.
        """
        with self._mutex:
            table = self._tables.get(CLAIMS, {})
            if article is None:
                docs = list(table.values())
            else:
                docs = [table[doc_id] for doc_id in self._by_article.get(article, ())]
        if reviewer is None:
            return iter(docs)
        return (doc for doc in docs if doc.get("reviewer") == reviewer)

    def claims_at(self, article: str, start: int, end: int, *, status: str | None = "active") -> list[Claim]:
        """Claims of ``article`` with exactly this span (active ones by default)."""
        with self._mutex:
            table = self._tables.get(CLAIMS, {})
            return [
                doc_to_claim(doc)
                for doc in (table[doc_id] for doc_id in self._by_article.get(article, ()))
                if doc["start"] == start and doc["end"] == end
                and (status is None or doc.get("status", "active") == status)
            ]

    def articles(self) -> list[str]:
        """Paths of the articles that have claims or reviewing state, sorted."""
        with self._mutex:
            return sorted({a for a, ids in self._by_article.items() if ids} | set(self._state_doc))

    def done_articles(self) -> list[str]:
        """Paths of the articles marked done, sorted (cheap: no claim is looked at)."""
        with self._mutex:
            table = self._tables.get(ARTICLES, {})
            return sorted(table[doc_id]["article"] for doc_id in self._state_doc.values()
                          if table[doc_id].get("done"))

    def counts(self, article: str | None = None) -> dict[str, dict[str, int]]:
        """Active claims per article and label: ``{article: {label: n}}`` (zero counts left out).

        With ``article``, only that article's entry (cheap enough to call after every change).
        """
        with self._mutex:
            items = self._counts.items() if article is None else [(article, self._counts.get(article, {}))]
            return {a: {label: n for label, n in by_label.items() if n}
                    for a, by_label in items if any(by_label.values())}

    def __len__(self) -> int:
        """Number of stored claims (active and orphaned)."""
        with self._mutex:
            return len(self._tables.get(CLAIMS, {}))

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._claim_doc

    # ------------------------------------------------------------------ article state

    def get_state(self, article: str) -> ArticleState:
        """The reviewing state of an article (defaults when never set)."""
        with self._mutex:
            doc_id = self._state_doc.get(article)
            if doc_id is None:
                return ArticleState()
            doc = self._tables[ARTICLES][doc_id]
            state = ArticleState(**{name: copy.deepcopy(doc[name]) for name in STATE_FIELDS if name in doc})
            if not isinstance(state.variables, dict):
                state.variables = {}
            return state

    def set_state(self, article: str, **changes: Any) -> ArticleState:
        """Change ``done``, ``position``, ``seconds``, ``cleaning_overrides`` or ``variables`` of an article;
        returns the new state."""
        with self._mutex:
            self._writable()
            unknown = set(changes) - set(STATE_FIELDS)
            if unknown:
                raise TypeError(f"unknown article state field(s): {', '.join(sorted(unknown))}")
            state = self.get_state(article)
            for name, value in changes.items():
                setattr(state, name, value)
            if "updated_at" not in changes:
                state.updated_at = utc_now()
            doc = {"article": article, **{name: getattr(state, name) for name in STATE_FIELDS}}
            if not isinstance(doc["variables"], dict):
                raise TypeError("article variables must be a dict")
            doc["variables"] = as_json(doc["variables"])
            doc_id = self._state_doc.get(article) or self._new_id(ARTICLES)
            self._commit([(ARTICLES, doc_id, doc)])
            return state

    # ------------------------------------------------------------------ settings

    def get_meta(self, key: str, default: Any = None) -> Any:
        """A stored setting (a copy), or ``default``."""
        with self._mutex:
            doc_id = self._meta_doc.get(key)
            return default if doc_id is None else copy.deepcopy(self._tables[META][doc_id]["value"])

    def set_meta(self, key: str, value: Any) -> None:
        """Store a setting (any JSON value)."""
        with self._mutex:
            self._writable()
            doc_id = self._meta_doc.get(key) or self._new_id(META)
            self._commit([(META, doc_id, {"key": key, "value": as_json(value)})])

    def labels(self) -> tuple[str, ...]:
        """The label set: the ``labels`` setting, or the default metric, slogan, anecdote."""
        stored = self.get_meta("labels")
        return tuple(stored) if stored else DEFAULT_LABELS

    # ------------------------------------------------------------------ rejected suggestions

    def reject_suggestion(self, article: str, label: str, start: int, end: int, quote: str) -> dict[str, Any]:
        """Remember that a suggestion was rejected, so it is not offered again; returns the record."""
        with self._mutex:
            self._writable()
            for doc_id in self._rejection_docs.get(article, ()):
                doc = self._tables[REJECTIONS][doc_id]
                if (doc["label"], doc["start"], doc["end"], doc["quote"]) == (label, start, end, quote):
                    return dict(doc)
            doc = {"article": article, "label": label, "start": start, "end": end, "quote": quote,
                   "created_at": utc_now()}
            self._commit([(REJECTIONS, self._new_id(REJECTIONS), doc)])
            return dict(doc)

    def unreject_suggestion(self, article: str, label: str, start: int, end: int) -> bool:
        """Forget a rejection (for undo); True if one was removed."""
        with self._mutex:
            self._writable()
            for doc_id in list(self._rejection_docs.get(article, ())):
                doc = self._tables[REJECTIONS][doc_id]
                if (doc["label"], doc["start"], doc["end"]) == (label, start, end):
                    self._commit([(REJECTIONS, doc_id, None)])
                    return True
            return False

    def rejections(self, article: str) -> list[dict[str, Any]]:
        """The rejected suggestions of an article, sorted by start."""
        with self._mutex:
            docs = [dict(self._tables[REJECTIONS][d]) for d in self._rejection_docs.get(article, ())]
        return sorted(docs, key=lambda d: (d["start"], d["end"], d["label"]))

    # ------------------------------------------------------------------ internals

    def _writable(self) -> None:
        if self._closed:
            raise StoreError("unwritable", f"The annotation database {self.path} is closed.")
        if self._journal is None:
            raise StoreError("unwritable", f"The annotation database {self.path} was opened read-only.")

    def _doc_id(self, claim_id: str) -> str:
        doc_id = self._claim_doc.get(claim_id)
        if doc_id is None:
            raise KeyError(f"no claim with id {claim_id}")
        return doc_id

    def _new_id(self, table: str, ahead: int = 0) -> str:
        """The next free TinyDB document id of ``table`` (``ahead`` more for batches)."""
        return str(self._next_id.get(table, 1) + ahead)

    def _commit(self, ops: list[Op]) -> None:
        """Journal ``ops`` durably, then apply them in memory and to the indexes."""
        if not ops:
            return
        assert self._journal is not None
        if len(ops) > 1 and len(ops) * BATCH_DOC_BYTES + self._journal.size > self._compact_threshold():
            self._commit_by_snapshot(ops)  # the journal would be compacted right away: write the snapshot once
            return
        self._journal.append(ops)  # raises StoreError before anything changes in memory
        for table, doc_id, doc in ops:
            self._apply_one(table, doc_id, doc)
        if self._journal.size > self._compact_threshold():
            try:
                self._compact()
            except (OSError, StoreError) as exc:  # the journal still holds every change
                self.last_compaction_error = exc

    def _compact_threshold(self) -> int:
        return max(COMPACT_MIN_BYTES, self._snapshot_size)

    def _commit_by_snapshot(self, ops: list[Op]) -> None:
        """Apply a big batch by writing a new snapshot (atomic) instead of journaling every document."""
        assert self._journal is not None
        latest = {(table, doc_id): (table, doc_id, doc) for table, doc_id, doc in ops}
        new_marker = _new_marker()
        tables = {name: dict(docs) for name, docs in self._tables.items()}  # shallow: documents are shared
        _apply(tables, list(latest.values()))
        tables[MARKER_TABLE] = {MARKER_ID: new_marker}
        try:
            size = write_snapshot(self.path, tables)
        except OSError as exc:
            raise StoreError(
                "unwritable", f"Could not save the annotation database {self.path} ({exc.strerror or exc}); "
                "the last change was not saved.") from exc
        old_tables, self._tables = self._tables, tables
        self._snapshot_size = size
        with paused_gc():
            claim_ids = [int(doc_id) for table, doc_id, _doc in latest.values() if table == CLAIMS]
            if claim_ids:  # the claims index is rebuilt in bulk when next asked (3x faster than doc by doc)
                self._claim_maps = None
                self._next_id[CLAIMS] = max(self._next_id.get(CLAIMS, 1), max(claim_ids) + 1)
            for table, doc_id, doc in latest.values():
                if table == CLAIMS:
                    continue
                old = old_tables.get(table, {}).get(doc_id)
                if old is not None:
                    self._unindex(table, doc_id, old)
                if doc is not None:
                    self._index_doc(table, doc_id, doc)
        self._journal.reset(new_marker["generation"])

    def _compact(self) -> None:
        assert self._journal is not None
        new_marker = _new_marker()
        tables = dict(self._tables)
        tables[MARKER_TABLE] = {MARKER_ID: new_marker}
        self._snapshot_size = write_snapshot(self.path, tables)
        self._tables[MARKER_TABLE] = {MARKER_ID: new_marker}
        self._journal.reset(new_marker["generation"])
        self.last_compaction_error = None

    def _apply_one(self, table: str, doc_id: str, doc: dict[str, Any] | None) -> None:
        docs = self._tables.setdefault(table, {})
        old = docs.get(doc_id)
        if old is not None:
            self._unindex(table, doc_id, old)
        if doc is None:
            docs.pop(doc_id, None)
        else:
            docs[doc_id] = doc
            self._index_doc(table, doc_id, doc)

    def _index(self) -> None:
        """Index the small tables now; the claims table only when first asked (see :meth:`_claim_index`)."""
        self._claim_maps = None
        self._state_doc: dict[str, str] = {}
        self._meta_doc: dict[str, str] = {}
        self._rejection_docs: dict[str, set[str]] = {}
        self._next_id: dict[str, int] = {}
        with paused_gc():
            for table, docs in self._tables.items():
                if table == CLAIMS:
                    if docs:
                        self._next_id[CLAIMS] = max(map(int, docs)) + 1
                else:
                    for doc_id, doc in docs.items():
                        self._index_doc(table, doc_id, doc)

    def _claim_index(self) -> ClaimMaps:
        """``(claim id -> doc id, article -> doc ids, article -> label -> active count)``, built on first use.

        An export reads every claim document and needs none of it: building it at open cost 0.27 s of
        an export's time at 100,000 claims. Once built, every change keeps it up to date.
        """
        maps = self._claim_maps
        if maps is None:
            with self._mutex, paused_gc():
                if self._claim_maps is None:
                    self._claim_maps = self._index_claims(self._tables.get(CLAIMS, {}))
                maps = self._claim_maps
        return maps

    @property
    def _claim_doc(self) -> dict[str, str]:
        return self._claim_index()[0]

    @property
    def _by_article(self) -> dict[str, set[str]]:
        return self._claim_index()[1]

    @property
    def _counts(self) -> dict[str, dict[str, int]]:
        return self._claim_index()[2]

    @staticmethod
    def _index_claims(docs: dict[str, dict[str, Any]]) -> ClaimMaps:
        """Index the whole claims table at once (the per-document path is 3x slower at 100,000)."""
        claim_doc: dict[str, str] = {}
        by_article: dict[str, set[str]] = {}
        counts: dict[str, dict[str, int]] = {}
        for doc_id, doc in docs.items():
            claim_doc[doc["id"]] = doc_id
            article = doc["article"]
            ids = by_article.get(article)
            if ids is None:
                ids = by_article[article] = set()
            ids.add(doc_id)
            if doc.get("status", "active") == "active":
                by_label = counts.get(article)
                if by_label is None:
                    by_label = counts[article] = {}
                label = doc["label"]
                by_label[label] = by_label.get(label, 0) + 1
        return claim_doc, by_article, counts

    def _index_doc(self, table: str, doc_id: str, doc: dict[str, Any]) -> None:
        number = int(doc_id)
        if number >= self._next_id.get(table, 1):
            self._next_id[table] = number + 1
        if table == CLAIMS:
            maps = self._claim_maps
            if maps is None:  # not built yet: it will be built from the table as it is then
                return
            claim_doc, by_article, counts = maps
            claim_doc[doc["id"]] = doc_id
            article = doc["article"]
            by_article.setdefault(article, set()).add(doc_id)
            if doc.get("status", "active") == "active":
                by_label = counts.setdefault(article, {})
                by_label[doc["label"]] = by_label.get(doc["label"], 0) + 1
        elif table == ARTICLES:
            self._state_doc[doc["article"]] = doc_id
        elif table == META:
            self._meta_doc[doc["key"]] = doc_id
        elif table == REJECTIONS:
            self._rejection_docs.setdefault(doc["article"], set()).add(doc_id)

    def _unindex(self, table: str, doc_id: str, doc: dict[str, Any]) -> None:
        if table == CLAIMS:
            if self._claim_maps is None:
                return
            self._claim_doc.pop(doc["id"], None)
            article = doc["article"]
            self._by_article.get(article, set()).discard(doc_id)
            if doc.get("status", "active") == "active":
                by_label = self._counts.get(article, {})
                if by_label.get(doc["label"]):
                    by_label[doc["label"]] -= 1
        elif table == ARTICLES:
            self._state_doc.pop(doc["article"], None)
        elif table == META:
            self._meta_doc.pop(doc["key"], None)
        elif table == REJECTIONS:
            self._rejection_docs.get(doc["article"], set()).discard(doc_id)


def _new_marker() -> dict[str, Any]:
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "generation": uuid.uuid4().hex}


def _apply(tables: Tables, ops: list[Op]) -> None:
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
    _apply(tables, ops)


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
