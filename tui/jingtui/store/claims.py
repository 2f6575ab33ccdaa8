"""The claim store: claims, article state, settings and rejected suggestions, in a TinyDB file.

Why not TinyDB's own write path (measured on the 2-core build machine, Python 3.11, TinyDB 4.9):
TinyDB's JSONStorage rewrites the whole file on every operation (1.8 ms per insert at 100 claims,
114 ms at 10,000) with seek-write-truncate, so a crash mid-write leaves a broken file; and TinyDB's
``Table`` copies the whole table dict on every write, so even an in-memory storage makes each write O(n).

What this module does instead: it keeps TinyDB's *format* and not its write path.

- In memory: the TinyDB tables (``{table: {doc_id: document}}``) and their indexes
  (:mod:`jingtui.store.indexes`), written through :mod:`jingtui.store.durable_tables` (journal,
  compaction, batches as snapshots); opening the files is :mod:`jingtui.store.opening`.
- Every change is appended to a journal (``annotations.json.journal``, JSON lines) and fdatasync'd
  *before* the call returns, then applied in memory. The store's own work for a tag is a fraction of a
  millisecond at any size; the fdatasync is the rest, and depends on the disk.
- The snapshot ``annotations.json`` is a plain TinyDB file (``TinyDB(path)`` reads it; UTF-8 with
  Chinese unescaped, compact JSON), rewritten atomically (temp file, fsync, ``os.replace``, fsync of
  the folder) on close and whenever the journal grows past max(1 MB, snapshot size): O(1) amortised per
  change. A batch bigger than that (``add_many`` of an import) is written straight as a new snapshot.
  :meth:`ClaimStore.claim_documents` hands out the stored documents without copies; big batches pause
  the garbage collector (:mod:`jingtui.util.gc_pause`). Figures: tests/bench/README.md (bench_store).
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

import copy
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from jingtui.store.documents import (
    CLAIM_FIELDS,
    CLAIM_ORDER,
    STATE_FIELDS,
    as_json,
    check_claim,
    claim_to_doc,
    doc_to_claim,
)
from jingtui.store.durable_tables import DurableTables
from jingtui.store.errors import StoreError
from jingtui.store.indexes import ARTICLES, CLAIMS, META, REJECTIONS
from jingtui.store.journal import JournalWriter, Op
from jingtui.store.lock import DatabaseLock
from jingtui.store.model import DEFAULT_LABELS, ArticleState, Claim, utc_now
from jingtui.store.opening import open_for_writing, read_without_lock
from jingtui.store.snapshot import Tables
from jingtui.util.gc_pause import paused_gc


class ClaimStore:
    """Claims and reviewing state of one corpus. Open with :meth:`open`; close (or use ``with``)."""

    def __init__(self, path: Path, tables: Tables, *, journal: JournalWriter | None, lock: DatabaseLock | None,
                 snapshot_size: int) -> None:
        self.path = path
        self.read_only = journal is None
        self._journal = journal
        self._lock = lock
        self._mutex = threading.RLock()
        self._closed = False
        self._db = DurableTables(path, tables, journal, snapshot_size, self._mutex)

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
            tables, size = read_without_lock(path)
            return cls(path, tables, journal=None, lock=None, snapshot_size=size)
        tables, writer, lock, size = open_for_writing(path, sync=sync)
        return cls(path, tables, journal=writer, lock=lock, snapshot_size=size)


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
                        self._db.compact()
                    except (OSError, StoreError) as exc:  # the journal still holds every change
                        self._db.last_compaction_error = exc
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

    @property
    def last_compaction_error(self) -> Exception | None:
        """Why the last compaction failed (None once one succeeds): the journal still holds every change."""
        return self._db.last_compaction_error

    @property
    def team(self) -> None:
        """A file has no team server (see :class:`~jingtui.store.protocol.TeamStore`)."""
        return None

    def compact(self) -> None:
        """Fold the journal into a new snapshot now (atomic)."""
        with self._mutex:
            self._writable()
            self._db.compact()

    # ------------------------------------------------------------------ claims

    def add(self, claim: Claim) -> Claim:
        """Store a new claim (its id must be unused); returns a copy of what was stored."""
        with self._mutex:
            self._writable()
            check_claim(claim)
            if claim.id in self._claim_doc:
                raise ValueError(f"a claim with id {claim.id} is already stored")
            doc = claim_to_doc(claim)
            self._db.commit([(CLAIMS, self._new_id(CLAIMS), doc)])
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
                self._db.commit(ops)
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
                self._db.commit(ops)
            return len(ops)

    def update(self, claim_id: str, **changes: Any) -> Claim:
        """Change fields of a stored claim (``updated_at`` set to now unless given); returns the new claim."""
        with self._mutex:
            self._writable()
            doc_id = self._doc_id(claim_id)
            unknown = set(changes) - set(CLAIM_FIELDS)
            if unknown or "id" in changes:
                raise TypeError(f"cannot update claim field(s): {', '.join(sorted(unknown | ({'id'} & set(changes))))}")
            claim = doc_to_claim(self._db.tables[CLAIMS][doc_id])
            for name, value in changes.items():
                setattr(claim, name, value)
            if "updated_at" not in changes:
                claim.updated_at = utc_now()
            check_claim(claim)
            doc = claim_to_doc(claim)
            self._db.commit([(CLAIMS, doc_id, doc)])
            return doc_to_claim(doc)

    def delete(self, claim_id: str) -> Claim:
        """Remove a claim; returns it as it was."""
        return self.delete_many([claim_id])[0]

    def delete_many(self, claim_ids: Iterable[str]) -> list[Claim]:
        """Remove claims in one journal write (all or none: KeyError for an unknown id); returns them."""
        with self._mutex:
            self._writable()
            doc_ids = [self._doc_id(claim_id) for claim_id in dict.fromkeys(claim_ids)]
            removed = [doc_to_claim(self._db.tables[CLAIMS][doc_id]) for doc_id in doc_ids]
            self._db.commit([(CLAIMS, doc_id, None) for doc_id in doc_ids])
            return removed

    def get(self, claim_id: str) -> Claim | None:
        """The claim with this id, or None."""
        with self._mutex:
            doc_id = self._claim_doc.get(claim_id)
            return None if doc_id is None else doc_to_claim(self._db.tables[CLAIMS][doc_id])

    def claims(self, article: str | None = None, *, reviewer: str | None = None,
               status: str | None = None) -> list[Claim]:
        """Claims (of one article, or all), optionally of one reviewer or status, sorted by article, start, end."""
        with self._mutex:
            table = self._db.tables.get(CLAIMS, {})
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
            table = self._db.tables.get(CLAIMS, {})
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
            table = self._db.tables.get(CLAIMS, {})
            return [
                doc_to_claim(doc)
                for doc in (table[doc_id] for doc_id in self._by_article.get(article, ()))
                if doc["start"] == start and doc["end"] == end
                and (status is None or doc.get("status", "active") == status)
            ]

    def articles(self) -> list[str]:
        """Paths of the articles that have claims or reviewing state, sorted."""
        with self._mutex:
            return sorted({a for a, ids in self._by_article.items() if ids} | set(self._db.indexes.state_doc))

    def done_articles(self) -> list[str]:
        """Paths of the articles marked done, sorted (cheap: no claim is looked at)."""
        with self._mutex:
            table = self._db.tables.get(ARTICLES, {})
            return sorted(table[doc_id]["article"] for doc_id in self._db.indexes.state_doc.values()
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
            return len(self._db.tables.get(CLAIMS, {}))

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._claim_doc

    # ------------------------------------------------------------------ article state

    def get_state(self, article: str) -> ArticleState:
        """The reviewing state of an article (defaults when never set)."""
        with self._mutex:
            doc_id = self._db.indexes.state_doc.get(article)
            if doc_id is None:
                return ArticleState()
            doc = self._db.tables[ARTICLES][doc_id]
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
            doc_id = self._db.indexes.state_doc.get(article) or self._new_id(ARTICLES)
            self._db.commit([(ARTICLES, doc_id, doc)])
            return state

    # ------------------------------------------------------------------ settings

    def get_meta(self, key: str, default: Any = None) -> Any:
        """A stored setting (a copy), or ``default``."""
        with self._mutex:
            doc_id = self._db.indexes.meta_doc.get(key)
            return default if doc_id is None else copy.deepcopy(self._db.tables[META][doc_id]["value"])

    def set_meta(self, key: str, value: Any) -> None:
        """Store a setting (any JSON value)."""
        with self._mutex:
            self._writable()
            doc_id = self._db.indexes.meta_doc.get(key) or self._new_id(META)
            self._db.commit([(META, doc_id, {"key": key, "value": as_json(value)})])

    def labels(self) -> tuple[str, ...]:
        """The label set: the ``labels`` setting, or the default metric, slogan, anecdote."""
        stored = self.get_meta("labels")
        return tuple(stored) if stored else DEFAULT_LABELS

    # ------------------------------------------------------------------ rejected suggestions

    def reject_suggestion(self, article: str, label: str, start: int, end: int, quote: str) -> dict[str, Any]:
        """Remember that a suggestion was rejected, so it is not offered again; returns the record."""
        with self._mutex:
            self._writable()
            for doc_id in self._db.indexes.rejection_docs.get(article, ()):
                doc = self._db.tables[REJECTIONS][doc_id]
                if (doc["label"], doc["start"], doc["end"], doc["quote"]) == (label, start, end, quote):
                    return dict(doc)
            doc = {"article": article, "label": label, "start": start, "end": end, "quote": quote,
                   "created_at": utc_now()}
            self._db.commit([(REJECTIONS, self._new_id(REJECTIONS), doc)])
            return dict(doc)

    def unreject_suggestion(self, article: str, label: str, start: int, end: int) -> bool:
        """Forget a rejection (for undo); True if one was removed."""
        with self._mutex:
            self._writable()
            for doc_id in list(self._db.indexes.rejection_docs.get(article, ())):
                doc = self._db.tables[REJECTIONS][doc_id]
                if (doc["label"], doc["start"], doc["end"]) == (label, start, end):
                    self._db.commit([(REJECTIONS, doc_id, None)])
                    return True
            return False

    def rejections(self, article: str) -> list[dict[str, Any]]:
        """The rejected suggestions of an article, sorted by start."""
        with self._mutex:
            docs = [dict(self._db.tables[REJECTIONS][d]) for d in self._db.indexes.rejection_docs.get(article, ())]
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
        return self._db.indexes.new_id(table, ahead)

    @property
    def _claim_doc(self) -> dict[str, str]:
        return self._db.claim_maps()[0]

    @property
    def _by_article(self) -> dict[str, set[str]]:
        return self._db.claim_maps()[1]

    @property
    def _counts(self) -> dict[str, dict[str, int]]:
        return self._db.claim_maps()[2]
