"""The team store: the same methods as the TinyDB :class:`~jingtui.store.claims.ClaimStore`, on PostgreSQL.

- Every change is one transaction, committed before the method returns (what the screen calls saved),
  applied at most once (see :mod:`.ops`); a row changed meanwhile is refused with one sentence
  (``StoreError("conflict")``), never written over; another reviewer's row with ``denied``.
- Reads go to the server (one article's claims: one indexed query); the last answer per article is
  kept, so when the server stops or the network drops, the store goes on from what it has: changes
  wait in the local journal (:mod:`.outbox`, synced before they are acknowledged) and are sent in
  order, once each, when :meth:`reconnect` finds the server again. :meth:`status` says which.
- The article list's counts come from ``claim_counts`` (kept by a trigger), this reviewer's article
  states and settings are read once at opening: the first screen costs the same at 0 or 1,000,000 claims.
"""

from __future__ import annotations

import contextlib
import copy
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import psycopg

from jingtui.store.documents import CLAIM_FIELDS, STATE_FIELDS, as_json, check_claim, claim_to_doc
from jingtui.store.errors import StoreError
from jingtui.store.location import redact
from jingtui.store.model import DEFAULT_LABELS, ArticleState, Claim, utc_now
from jingtui.store.pg import ops, rows, schema
from jingtui.store.pg.connect import connect, first_line, is_connection_error, unreachable
from jingtui.store.pg.outbox import Outbox, outbox_path
from jingtui.store.pg.queries import TeamQueries

T = TypeVar("T")
RETRY_EVERY_S = 1.0


class PgClaimStore(TeamQueries):
    """Claims and reviewing state of one corpus on a PostgreSQL server, as one reviewer sees them."""

    def __init__(self, url: str, conn: psycopg.Connection[Any], *, reviewer: str, role: str,
                 read_only: bool, outbox: Outbox | None) -> None:
        self.url = url
        self.path = redact(url)  # what messages name (never a password)
        self.reviewer = reviewer
        self.role = role
        self.read_only = read_only
        self.online = True
        self.problems: list[str] = []  # sentences about kept changes the server refused when they were sent
        self.own_op_ids: set[str] = set()  # changes made here (the listener leaves them out)
        self._conn: psycopg.Connection[Any] | None = conn
        self._outbox = outbox
        self._mutex = threading.RLock()
        self._closed = False
        self._last_try = 0.0
        self._versions: dict[str, int] = {}
        self._articles: dict[str, dict[str, Claim]] = {}  # the last answer per article (offline reads)
        self._states: dict[str, tuple[ArticleState, int]] = {}
        self._settings: dict[str, tuple[Any, int, str]] = {}  # key -> (value, version, owner)
        self._rejections: dict[str, list[dict[str, Any]]] = {}
        self._load_reviewer_rows()

    # ------------------------------------------------------------------ opening and closing

    @classmethod
    def open(cls, url: str, *, read_only: bool = False, reviewer: str | None = None,
             local_dir: Path | None = None) -> PgClaimStore:
        """Connect, check the schema (one sentence for another program's or another version's), and
        send what the local journal kept from an earlier run."""
        conn = connect(url)
        try:
            schema.check(conn, redact(url))
            role = conn.execute("SELECT current_user").fetchone()[0]  # type: ignore[index]
        except BaseException:
            conn.close()
            raise
        who = reviewer or role
        outbox = None if read_only or local_dir is None else Outbox(outbox_path(local_dir, url, who))
        store = cls(url, conn, reviewer=who, role=role, read_only=read_only, outbox=outbox)
        if outbox is not None and len(outbox):
            store.flush()
        return store

    def close(self) -> None:
        with self._mutex:
            if self._closed:
                return
            self._closed = True
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> PgClaimStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def team(self) -> PgClaimStore:
        """This store: it is a :class:`~jingtui.store.protocol.TeamStore`."""
        return self

    @property
    def closed(self) -> bool:
        return self._closed

    def _load_reviewer_rows(self) -> None:
        conn = self._connection()
        self._states = {
            article: (ArticleState(done, position, seconds, updated_at, cleaning_overrides=dict(overrides or {}),
                                   variables=dict(variables or {})), version)
            for article, done, position, seconds, updated_at, overrides, variables, version in conn.execute(
                "SELECT article, done, position, seconds, updated_at, cleaning_overrides, variables, version "
                "FROM article_states WHERE reviewer = %s", (self.reviewer,))}
        settings: dict[str, tuple[Any, int, str]] = {}
        for key, owner, value, version in conn.execute(
                "SELECT key, reviewer, value, version FROM settings WHERE reviewer IN ('', %s) ORDER BY reviewer",
                (self.reviewer,)):
            settings[key] = (value, version, owner)  # the reviewer's own after the team's
        self._settings = settings

    # ------------------------------------------------------------------ the server, or not

    def status(self) -> str:
        """One sentence for the status line: empty when every change is on the server."""
        waiting = len(self._outbox) if self._outbox is not None else 0
        if not self.online:
            return (f"Team database unreachable: {waiting} change{'s' if waiting != 1 else ''} kept locally, "
                    "sent when it is back.")
        if waiting:
            return f"Sending {waiting} kept change{'s' if waiting != 1 else ''} to the team database."
        if self.problems:
            return self.problems[-1]
        return ""

    @property
    def waiting(self) -> int:
        """Changes kept locally, not yet on the server."""
        return len(self._outbox) if self._outbox is not None else 0

    def reconnect(self, *, now: bool = False) -> bool:
        """Try the server again (at most once a second, unless ``now``) and send what waits; True when
        the server has every change."""
        if self.online and not self.waiting:
            return True
        if not now and time.monotonic() - self._last_try < RETRY_EVERY_S:
            return False
        self._last_try = time.monotonic()
        if not self.online:
            try:
                conn = connect(self.url)
            except StoreError:
                return False
            with self._mutex:
                old, self._conn, self.online = self._conn, conn, True
                if old is not None:
                    with contextlib.suppress(psycopg.Error):
                        old.close()
        return self.flush()

    def flush(self) -> bool:
        """Send the kept changes in order; True when none is left."""
        with self._mutex:
            if self._outbox is None:
                return True
            sent = 0
            try:
                for op in list(self._outbox.pending):
                    try:
                        ops.apply(self._connection(), op, self.reviewer)
                    except ops.Conflict as exc:
                        self.problems.append(f"A change kept while the server was away was not sent: {exc}")
                    except psycopg.Error as exc:
                        if is_connection_error(exc):
                            raise
                        self.problems.append("A change kept while the server was away was refused: "
                                             f"{first_line(exc)}.")
                    sent += 1
            except psycopg.Error as exc:
                self._went_away(exc)
            finally:
                if sent:
                    self._outbox.sent(sent)
            return not self._outbox.pending

    @property
    def connection(self) -> psycopg.Connection[Any]:
        """The store's connection (for ``db copy``, which reads and writes every reviewer's rows)."""
        return self._connection()

    def _connection(self) -> psycopg.Connection[Any]:
        if self._closed or self._conn is None:
            raise StoreError("unwritable", f"The team database {self.path} is closed.")
        return self._conn

    def _went_away(self, exc: BaseException) -> None:
        self.online = False
        self._last_try = time.monotonic()

    def _read(self, query: Callable[[psycopg.Connection[Any]], T], offline: Callable[[], T]) -> T:
        """``query`` on the server, or ``offline()`` from what is kept when the server is away."""
        with self._mutex:
            if not self.online and not self.reconnect():
                return offline()
            for attempt in range(2):  # a server restarted since the last call: once more on a new connection
                try:
                    return query(self._connection())
                except psycopg.Error as exc:
                    if not is_connection_error(exc):
                        raise StoreError("unwritable", f"The team database {self.path} refused a read "
                                                       f"({first_line(exc)}).") from None
                    self._went_away(exc)
                    if attempt or not self.reconnect(now=True):
                        break
            return offline()

    def _submit(self, op: dict[str, Any]) -> ops.Result | None:
        """Apply ``op`` (committed before this returns), or keep it locally when the server is away
        (None then). Conflicts and refusals are one sentence each."""
        if self.read_only:
            raise StoreError("unwritable", f"The team database {self.path} was opened read-only.")
        op["op_id"] = uuid.uuid4().hex
        self.own_op_ids.add(op["op_id"])
        with self._mutex:
            if not self.online or self.waiting:
                self.reconnect()
            for attempt in range(2):  # a server restarted since the last call: once more on a new connection
                ready = self.reconnect(now=True) if attempt else self.online
                if not ready or self.waiting:
                    break
                try:
                    return ops.apply(self._connection(), op, self.reviewer)  # at most once, whatever happens
                except ops.Conflict as exc:
                    raise StoreError(exc.kind, str(exc)) from None
                except psycopg.errors.InsufficientPrivilege:
                    raise StoreError("denied", "The team database refused the change: you can change only your "
                                               f"own rows (you are {self.role}).") from None
                except psycopg.errors.UniqueViolation:
                    raise ValueError("a claim with that id is already stored") from None
                except psycopg.Error as exc:
                    if not is_connection_error(exc):
                        raise StoreError("unwritable", f"The team database {self.path} refused the change "
                                                       f"({first_line(exc)}).") from None
                    self._went_away(exc)
            if self._outbox is None:
                raise unreachable(self.url, RuntimeError("the server went away; the change was not saved"))
            self._outbox.append(op)
            return None

    # ------------------------------------------------------------------ claims

    def _keep(self, claim_rows: Iterable[Any], *, article: str | None = None) -> list[Claim]:
        """Claims of rows, with their versions noted (and the article's answer kept, when whole)."""
        claims = []
        for row in claim_rows:
            claim = rows.row_claim(row)
            self._versions[claim.id] = rows.row_version(row)
            claims.append(claim)
        if article is not None:
            self._articles[article] = {c.id: c for c in claims}
        return claims

    def _local(self, claim: Claim, version: int | None) -> None:
        """Note a change made while the server is away in the kept answers."""
        self._articles.setdefault(claim.article, {})[claim.id] = claim
        if version is not None:
            self._versions[claim.id] = version

    def add(self, claim: Claim) -> Claim:
        check_claim(claim)
        stored = copy.deepcopy(claim)
        stored.fields = as_json(claim.fields) if claim.fields else {}
        result = self._submit({"kind": "add", "claims": [claim_to_doc(stored)]})
        self._local(stored, 1 if result is None else None)
        if result is not None:
            self._versions[stored.id] = 1
        return copy.deepcopy(stored)

    def add_many(self, claims: Iterable[Claim]) -> int:
        return self._write_many("add", claims)

    def put_many(self, claims: Iterable[Claim]) -> int:
        return self._write_many("put", claims)

    def _write_many(self, kind: str, claims: Iterable[Claim]) -> int:
        docs = []
        for claim in claims:
            check_claim(claim)
            docs.append(claim_to_doc(claim))
        if not docs:
            return 0
        result = self._submit({"kind": kind, "claims": docs})
        for doc in docs:
            self._articles.pop(doc["article"], None)  # read again when next asked
            if result is None:
                claim = Claim(**doc)
                self._local(claim, self._versions.get(claim.id, 0) + 1 if kind == "put" else 1)
        return len(docs)

    def update(self, claim_id: str, **changes: Any) -> Claim:
        unknown = set(changes) - set(CLAIM_FIELDS)
        if unknown or "id" in changes:
            raise TypeError(f"cannot update claim field(s): {', '.join(sorted(unknown | ({'id'} & set(changes))))}")
        claim = self._current(claim_id)
        for name, value in changes.items():
            setattr(claim, name, value)
        if "updated_at" not in changes:
            claim.updated_at = utc_now()
        check_claim(claim)
        changed = {name: as_json(getattr(claim, name)) if name == "fields" else getattr(claim, name)
                   for name in (*changes, "updated_at")}
        version = self._versions[claim_id]
        result = self._submit({"kind": "update", "id": claim_id, "changes": changed, "version": version,
                               "by": self.reviewer})
        if result is None:
            self._local(claim, version + 1)
            return copy.deepcopy(claim)
        stored = self._keep(result.claim_rows or [])[0]
        self._local(copy.deepcopy(stored), None)
        return stored

    def delete(self, claim_id: str) -> Claim:
        claim = self._current(claim_id)
        self._submit({"kind": "delete", "id": claim_id, "version": self._versions[claim_id], "by": self.reviewer})
        self._articles.get(claim.article, {}).pop(claim_id, None)
        self._versions.pop(claim_id, None)
        return claim

    def _current(self, claim_id: str) -> Claim:
        """The claim as this reviewer last saw it, with the version a change is made on (a change made
        meanwhile elsewhere is then a conflict, not overwritten); KeyError when there is none."""
        claim = self._kept(claim_id) if claim_id in self._versions else None
        if claim is None:
            claim = self.get(claim_id)
        if claim is None:
            raise KeyError(f"no claim with id {claim_id}")
        return claim

    def _kept(self, claim_id: str) -> Claim | None:
        for claims in self._articles.values():
            if claim_id in claims:
                return copy.deepcopy(claims[claim_id])
        return None

    def get(self, claim_id: str) -> Claim | None:
        def query(conn: psycopg.Connection[Any]) -> Claim | None:
            row = conn.execute(f"SELECT {rows.SELECT_LIST} FROM claims WHERE id = %s", (claim_id,)).fetchone()
            if row is None:
                return None
            claim = rows.row_claim(row)
            if claim_id not in self._versions:  # the version seen first is the one changes are made on
                self._versions[claim_id] = rows.row_version(row)
                self._articles.setdefault(claim.article, {})[claim_id] = copy.deepcopy(claim)
            return claim
        return self._read(query, lambda: self._kept(claim_id))

    def claims(self, article: str | None = None, *, reviewer: str | None = None,
               status: str | None = None) -> list[Claim]:
        if article is None:
            found = [rows.row_claim(row) for row in self._all_rows()]
        else:
            found = self._read(
                lambda conn: self._keep(conn.execute(
                    f"SELECT {rows.SELECT_LIST} FROM claims WHERE article = %s {rows.ORDER}", (article,)),
                    article=article),
                lambda: sorted((copy.deepcopy(c) for c in self._articles.get(article, {}).values()),
                               key=lambda c: (c.start, c.end, c.created_at, c.id)))
        return [c for c in found if (reviewer is None or c.reviewer == reviewer)
                and (status is None or c.status == status)]

    def claims_at(self, article: str, start: int, end: int, *, status: str | None = "active") -> list[Claim]:
        def query(conn: psycopg.Connection[Any]) -> list[Claim]:  # one span: the index finds it
            found = conn.execute(f"SELECT {rows.SELECT_LIST} FROM claims WHERE article = %s AND start_offset = %s "
                                 "AND end_offset = %s", (article, start, end)).fetchall()
            return [rows.row_claim(row) for row in found]

        def offline() -> list[Claim]:
            kept = self._articles.get(article, {}).values()
            return [copy.deepcopy(c) for c in kept if c.start == start and c.end == end]
        return [c for c in self._read(query, offline) if status is None or c.status == status]

    def articles(self) -> list[str]:
        found = self._read(lambda conn: [a for (a,) in conn.execute("SELECT DISTINCT article FROM claims")],
                           lambda: [a for a, claims in self._articles.items() if claims])
        return sorted(set(found) | set(self._states))

    def done_articles(self) -> list[str]:
        return sorted(a for a, (state, _v) in self._states.items() if state.done)

    def counts(self, article: str | None = None) -> dict[str, dict[str, int]]:
        def query(conn: psycopg.Connection[Any]) -> dict[str, dict[str, int]]:
            where, params = ("WHERE article = %s", (article,)) if article is not None else ("", ())
            result: dict[str, dict[str, int]] = {}
            for a, label, n in conn.execute(f"SELECT article, label, sum(n) FROM claim_counts {where} "
                                            "GROUP BY article, label HAVING sum(n) > 0", params):
                result.setdefault(a, {})[label] = int(n)
            return result

        def offline() -> dict[str, dict[str, int]]:
            result: dict[str, dict[str, int]] = {}
            for a, claims in self._articles.items():
                if article is None or a == article:
                    for c in claims.values():
                        if c.status == "active":
                            result.setdefault(a, {})[c.label] = result.get(a, {}).get(c.label, 0) + 1
            return result
        return self._read(query, offline)

    def __len__(self) -> int:
        return self._read(lambda conn: int(conn.execute("SELECT count(*) FROM claims").fetchone()[0]),  # type: ignore[index]
                          lambda: sum(len(c) for c in self._articles.values()))

    def __contains__(self, claim_id: object) -> bool:
        return isinstance(claim_id, str) and self.get(claim_id) is not None

    # ------------------------------------------------------------------ article state

    def get_state(self, article: str) -> ArticleState:
        kept = self._states.get(article)
        return copy.copy(kept[0]) if kept else ArticleState()

    def set_state(self, article: str, **changes: Any) -> ArticleState:
        unknown = set(changes) - set(STATE_FIELDS)
        if unknown:
            raise TypeError(f"unknown article state field(s): {', '.join(sorted(unknown))}")
        state, version = self._states.get(article, (ArticleState(), 0))
        state = copy.copy(state)
        for name, value in changes.items():
            setattr(state, name, value)
        if "updated_at" not in changes:
            state.updated_at = utc_now()
        values = {name: as_json(getattr(state, name)) for name in STATE_FIELDS}
        result = self._submit({"kind": "state", "article": article, "state": values, "version": version})
        self._states[article] = (state, version + 1 if result is None else result.version or version + 1)
        return copy.copy(state)

    # ------------------------------------------------------------------ settings

    def get_meta(self, key: str, default: Any = None) -> Any:
        kept = self._settings.get(key)
        return default if kept is None else copy.deepcopy(kept[0])

    def set_meta(self, key: str, value: Any) -> None:
        value = as_json(value)
        owner = "" if key in ops.TEAM_SETTINGS else self.reviewer
        _old, version, kept_owner = self._settings.get(key, (None, 0, owner))
        version = version if kept_owner == owner else 0
        result = self._submit({"kind": "meta", "key": key, "value": value, "version": version})
        self._settings[key] = (value, version + 1 if result is None else result.version or version + 1, owner)

    def labels(self) -> tuple[str, ...]:
        stored = self.get_meta("labels")
        return tuple(stored) if stored else DEFAULT_LABELS

    # ------------------------------------------------------------------ rejected suggestions

    def reject_suggestion(self, article: str, label: str, start: int, end: int, quote: str) -> dict[str, Any]:
        for doc in self.rejections(article):
            if (doc["label"], doc["start"], doc["end"], doc["quote"]) == (label, start, end, quote):
                return doc
        doc = {"article": article, "label": label, "start": start, "end": end, "quote": quote,
               "created_at": utc_now()}
        self._submit({"kind": "reject", **doc})
        self._rejections.setdefault(article, []).append(dict(doc))
        return doc

    def unreject_suggestion(self, article: str, label: str, start: int, end: int) -> bool:
        before = self.rejections(article)
        if not any((d["label"], d["start"], d["end"]) == (label, start, end) for d in before):
            return False
        self._submit({"kind": "unreject", "article": article, "label": label, "start": start, "end": end})
        self._rejections[article] = [d for d in before if (d["label"], d["start"], d["end"]) != (label, start, end)]
        return True

    def rejections(self, article: str) -> list[dict[str, Any]]:
        def query(conn: psycopg.Connection[Any]) -> list[dict[str, Any]]:
            found = [{"article": article, "label": label, "start": start, "end": end, "quote": quote,
                      "created_at": created_at}
                     for label, start, end, quote, created_at in conn.execute(
                         "SELECT label, start_offset, end_offset, quote, created_at FROM rejections "
                         "WHERE article = %s AND reviewer = %s", (article, self.reviewer))]
            self._rejections[article] = found
            return found
        docs = self._read(query, lambda: [dict(d) for d in self._rejections.get(article, [])])
        return sorted(docs, key=lambda d: (d["start"], d["end"], d["label"]))
