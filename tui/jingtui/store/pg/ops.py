"""One change to the team database, as a plain dict (so it can wait in the local journal as a JSON line),
and how it is applied: in one transaction, at most once (``applied_ops``), every parameter bound.

Kinds: ``add`` and ``put`` (claim documents), ``update`` (a claim's changed fields, with the version the
change was made on), ``delete`` (with that version), ``state`` (an article's state for the reviewer),
``meta`` (a setting), ``reject`` and ``unreject`` (a suggestion). A change made on a row that someone
changed meanwhile is refused with :class:`Conflict`, never written over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from jingtui.store.pg import rows
from jingtui.store.pg.schema import CHANNEL

BULK_ROWS = 1000  # a write of more claims than this sends one notification, not one per claim
CLAIM_KINDS = frozenset({"add", "put", "update", "delete"})
TEAM_SETTINGS = frozenset({"labels", "codebook"})  # settings shared by the team (others are each reviewer's)

_INSERT = f"INSERT INTO claims ({', '.join(rows.COLUMNS)}) VALUES ({', '.join(['%s'] * len(rows.COLUMNS))})"
_UPSERT = _INSERT + " ON CONFLICT (id) DO UPDATE SET " + ", ".join(
    f"{c} = EXCLUDED.{c}" for c in rows.COLUMNS if c != "id") + " RETURNING version"


# Note the change as applied, unless it was before (then no row comes back), and name it for the journal's
# trigger (set for this transaction only) in the same statement.
_FIRST_TIME = ("INSERT INTO applied_ops (op_id) SELECT %s WHERE set_config('jingtui.op_id', %s, true) IS NOT NULL "
               "ON CONFLICT DO NOTHING RETURNING 1")
# The same for a claim change, whose commit does not wait for the disk (see ``apply``: _FLUSH does).
_FIRST_TIME_UNFLUSHED = _FIRST_TIME.replace(
    "IS NOT NULL", "IS NOT NULL AND set_config('synchronous_commit', 'off', true) IS NOT NULL")
# A transaction that writes a WAL record (a logical-decoding message, read by nobody) and so waits, at its
# commit, until the log is on disk up to it.
_FLUSH = "SELECT pg_logical_emit_message(true, 'jingtui', '')"


class Conflict(Exception):
    """The row changed (or vanished) since the version the change was made on."""

    def __init__(self, message: str, current: Any = None, kind: str = "conflict") -> None:
        super().__init__(message)
        self.current = current
        self.kind = kind  # "conflict", or "denied" for another reviewer's row


@dataclass
class Result:
    """What an applied change left: claim rows (with versions) and the new version of an edited row."""

    applied: bool = True  # False: this change had been applied before (sent again after a lost answer)
    claim_rows: list[Any] | None = None
    version: int | None = None
    count: int = 0


def apply(conn: psycopg.Connection[Any], op: dict[str, Any], reviewer: str) -> Result:
    """Apply ``op`` in one transaction and commit, on disk when this returns; raises Conflict or the driver's
    error.

    The statements go in pipeline mode: BEGIN with the first statement, a tag's INSERT with the COMMIT, two
    round trips to the server where each statement took one (a result is waited for only where it is read).

    A claim change notifies the listeners from its transaction (the table's trigger), and PostgreSQL commits
    notifying transactions one at a time, holding a lock of its own until the commit is on disk: twenty
    reviewers' tags would wait for each other's disk flushes in a queue. So that transaction commits without
    waiting for the disk, and a second one, which writes a WAL record of its own, waits for the flush: the
    write-ahead log is flushed in order, so when the second commit is on disk the change is too, and only
    then does this return (the acknowledgement). Concurrent flushes are shared (group commit), outside
    the lock. A client killed between the two had no acknowledgement (its change reaches the disk with the
    next flush, unless the server crashes first); a connection lost there keeps the change in the local
    journal, sent again and applied at most once (``applied_ops``)."""
    notifies = op["kind"] in CLAIM_KINDS
    with conn.pipeline():
        with conn.transaction():
            first = conn.execute(_FIRST_TIME_UNFLUSHED if notifies else _FIRST_TIME,
                                 (op["op_id"], op["op_id"])).fetchone()
            if first is None:
                return Result(applied=False)
            result = _apply_kind(conn, op, reviewer)
        if notifies:
            with conn.transaction():
                conn.execute(_FLUSH)
        return result


def _apply_kind(conn: psycopg.Connection[Any], op: dict[str, Any], reviewer: str) -> Result:
    """The change itself, in the transaction of :func:`apply`."""
    result = _KINDS[op["kind"]](conn, op, reviewer)
    if op["kind"] not in CLAIM_KINDS:  # claim changes are journaled by the table's trigger
        detail = {k: v for k, v in op.items() if k not in ("op_id", "kind", "article")}
        conn.execute("INSERT INTO events (op_id, kind, reviewer, article, detail) VALUES (%s, %s, %s, %s, %s)",
                     (op["op_id"], op["kind"], reviewer, op.get("article"), Jsonb(detail)))
    return result


def _add(conn: psycopg.Connection[Any], op: dict[str, Any], reviewer: str) -> Result:
    return _write_claims(conn, op, _INSERT)


def _put(conn: psycopg.Connection[Any], op: dict[str, Any], reviewer: str) -> Result:
    return _write_claims(conn, op, _UPSERT)


def _write_claims(conn: psycopg.Connection[Any], op: dict[str, Any], statement: str) -> Result:
    docs = op["claims"]
    bulk = len(docs) > BULK_ROWS
    if bulk:
        conn.execute("SELECT set_config('jingtui.bulk', 'on', true)")
    if len(docs) == 1:  # a tag: one statement (executemany would add a round trip of its own)
        conn.execute(statement, rows.doc_values(docs[0]))
    else:
        with conn.cursor() as cur:
            cur.executemany(statement, [rows.doc_values(doc) for doc in docs])
    if bulk:
        conn.execute("INSERT INTO events (op_id, kind, reviewer, detail) VALUES (%s, 'claims.bulk', %s, %s)",
                     (op["op_id"], docs[0]["reviewer"] if docs else "", Jsonb({"claims": len(docs)})))
        conn.execute("SELECT pg_notify(%s, 'resync')", (CHANNEL,))
    return Result(count=len(docs))


def _update(conn: psycopg.Connection[Any], op: dict[str, Any], reviewer: str) -> Result:
    changes: dict[str, Any] = op["changes"]
    assignments = ", ".join(f"{rows.COLUMN_OF[name]} = %s" for name in changes)  # names checked by the store
    values = [rows.change_value(name, value) for name, value in changes.items()]
    row = conn.execute(f"UPDATE claims SET {assignments} WHERE id = %s AND version = %s "
                       f"RETURNING {rows.SELECT_LIST}", (*values, op["id"], op["version"])).fetchone()
    if row is None:
        raise _claim_conflict(conn, op)
    return Result(claim_rows=[row], version=rows.row_version(row))


def _delete(conn: psycopg.Connection[Any], op: dict[str, Any], reviewer: str) -> Result:
    row = conn.execute(f"DELETE FROM claims WHERE id = %s AND version = %s RETURNING {rows.SELECT_LIST}",
                       (op["id"], op["version"])).fetchone()
    if row is None:
        raise _claim_conflict(conn, op)
    return Result(claim_rows=[row])


def _claim_conflict(conn: psycopg.Connection[Any], op: dict[str, Any]) -> Conflict:
    row = conn.execute(f"SELECT {rows.SELECT_LIST} FROM claims WHERE id = %s", (op["id"],)).fetchone()
    if row is None:
        return Conflict("That claim was deleted meanwhile; nothing was changed.")
    claim = rows.row_claim(row)
    if claim.reviewer != op.get("by", claim.reviewer) and rows.row_version(row) == op["version"]:
        return Conflict(f"That claim is {claim.reviewer}'s; you can change only your own.", row, "denied")
    return Conflict(f"That claim was changed meanwhile (now {claim.label}, updated {claim.updated_at}); "
                    "nothing was changed, and it is shown as it is now.", row)


def _state(conn: psycopg.Connection[Any], op: dict[str, Any], reviewer: str) -> Result:
    s = op["state"]
    row = conn.execute(
        "INSERT INTO article_states AS s (article, reviewer, done, position, seconds, updated_at, "
        "cleaning_overrides, variables) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (reviewer, article) "
        "DO UPDATE SET done = EXCLUDED.done, position = EXCLUDED.position, seconds = EXCLUDED.seconds, "
        "updated_at = EXCLUDED.updated_at, cleaning_overrides = EXCLUDED.cleaning_overrides, "
        "variables = EXCLUDED.variables WHERE s.version = %s RETURNING version",
        (op["article"], reviewer, s["done"], s["position"], s["seconds"], s["updated_at"],
         Jsonb(s.get("cleaning_overrides") or {}), Jsonb(s.get("variables") or {}),
         op.get("version") or 0)).fetchone()
    if row is None:
        raise Conflict(f"The state of {op['article']} was changed meanwhile (in another window?); "
                       "nothing was changed.")
    return Result(version=row[0])


def _meta(conn: psycopg.Connection[Any], op: dict[str, Any], reviewer: str) -> Result:
    owner = "" if op["key"] in TEAM_SETTINGS else reviewer
    row = conn.execute(
        "INSERT INTO settings AS s (key, reviewer, value) VALUES (%s, %s, %s) ON CONFLICT (key, reviewer) "
        "DO UPDATE SET value = EXCLUDED.value WHERE s.version = %s RETURNING version",
        (op["key"], owner, Jsonb(op["value"]), op.get("version") or 0)).fetchone()
    if row is None:
        raise Conflict(f"The setting {op['key']} was changed meanwhile by someone else; nothing was changed.")
    return Result(version=row[0])


def _reject(conn: psycopg.Connection[Any], op: dict[str, Any], reviewer: str) -> Result:
    conn.execute("INSERT INTO rejections (article, reviewer, label, start_offset, end_offset, quote, created_at) "
                 "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                 (op["article"], reviewer, op["label"], op["start"], op["end"], op["quote"], op["created_at"]))
    return Result()


def _unreject(conn: psycopg.Connection[Any], op: dict[str, Any], reviewer: str) -> Result:
    cur = conn.execute("DELETE FROM rejections WHERE article = %s AND reviewer = %s AND label = %s "
                       "AND start_offset = %s AND end_offset = %s",
                       (op["article"], reviewer, op["label"], op["start"], op["end"]))
    return Result(count=cur.rowcount)


_KINDS = {"add": _add, "put": _put, "update": _update, "delete": _delete, "state": _state, "meta": _meta,
          "reject": _reject, "unreject": _unreject}
KINDS = frozenset(_KINDS)
