"""Live updates: a thread with one connection dedicated to ``LISTEN``, turning the server's
notifications (event and claim ids only) into :class:`ClaimChange` batches for a callback.

Details of each change are read on a second connection, after the notification (so only committed
changes are seen). When the server goes away, the listener says so (``on_status(False)``), retries
every second, and when back says so and sends one ``resync`` change: whatever happened meanwhile is
read again by whoever listens.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from jingtui.store.errors import StoreError
from jingtui.store.model import Claim
from jingtui.store.pg import rows
from jingtui.store.pg.connect import connect
from jingtui.store.pg.schema import CHANNEL

RETRY_S = 1.0
BATCH_WAIT_S = 0.05  # notifications arriving this close together are handled as one batch


@dataclass(frozen=True)
class ClaimChange:
    """One claim added, changed or deleted (``claim`` None for a deletion), or ``kind="resync"``."""

    kind: str  # claim.add | claim.update | claim.delete | resync
    claim_id: str = ""
    reviewer: str = ""
    article: str = ""
    op_id: str = ""
    claim: Claim | None = None


class Listener:
    """Call ``on_changes(list[ClaimChange])`` (on the listener's thread) for every committed claim change.

    ``ignore_op_ids``: ids of changes made by the caller itself (left out). ``with_claims``: each change
    carries the claim as it is now (one more join per batch); without, only who changed which claim of
    which article. Stop with :meth:`stop`.
    """

    def __init__(self, url: str, on_changes: Callable[[list[ClaimChange]], None], *,
                 on_status: Callable[[bool], None] | None = None, ignore_op_ids: set[str] | None = None,
                 with_claims: bool = False) -> None:
        self.url = url
        self.on_changes = on_changes
        self.on_status = on_status
        self.ignore_op_ids = ignore_op_ids if ignore_op_ids is not None else set()
        self.with_claims = with_claims
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="jingtui-listener", daemon=True)
        self._listen: psycopg.Connection[Any] | None = None

    def start(self) -> Listener:
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        was_connected: bool | None = None
        while not self._stop.is_set():
            try:
                listen = connect(self.url, application_name="jingtui-listener")
                fetch = connect(self.url, application_name="jingtui-listener-read")
            except StoreError:
                if was_connected is not False:
                    was_connected = False
                    self._status(False)
                self._stop.wait(RETRY_S)
                continue
            try:
                listen.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))
                self.connected.set()
                if was_connected is False:
                    self.on_changes([ClaimChange("resync")])
                was_connected = True
                self._status(True)
                self._loop(listen, fetch)
            except psycopg.Error:
                self.connected.clear()
                was_connected = False
                self._status(False)
                self._stop.wait(RETRY_S)
            finally:
                for conn in (listen, fetch):
                    with contextlib.suppress(psycopg.Error):
                        conn.close()

    def _loop(self, listen: psycopg.Connection[Any], fetch: psycopg.Connection[Any]) -> None:
        while not self._stop.is_set():
            payloads = [n.payload for n in listen.notifies(timeout=0.5, stop_after=1)]
            if not payloads:
                continue
            payloads += [n.payload for n in listen.notifies(timeout=BATCH_WAIT_S)]
            changes = self._details(fetch, payloads)
            if changes:
                self.on_changes(changes)

    def _details(self, fetch: psycopg.Connection[Any], payloads: Iterable[str]) -> list[ClaimChange]:
        event_ids: list[int] = []
        resync = False
        for payload in payloads:
            head = payload.split(" ", 1)[0]
            if head.isdigit():
                event_ids.append(int(head))
            else:
                resync = True
        changes = [ClaimChange("resync")] if resync else []
        if not event_ids:
            return changes
        if self.with_claims:
            found = fetch.execute(
                f"SELECT e.kind, e.claim_id, e.reviewer, e.article, coalesce(e.op_id, ''), {rows.select_list('c')} "
                "FROM events e LEFT JOIN claims c ON c.id = e.claim_id WHERE e.id = ANY(%s) ORDER BY e.id",
                (event_ids,)).fetchall()
        else:  # who changed which claim of which article: what an app needs to know what to read again
            found = fetch.execute("SELECT kind, claim_id, reviewer, article, coalesce(op_id, '') FROM events "
                                  "WHERE id = ANY(%s) ORDER BY id", (event_ids,)).fetchall()
        for kind, claim_id, reviewer, article, op_id, *row in found:
            if op_id in self.ignore_op_ids:
                continue
            claim = rows.row_claim(row) if row and row[0] is not None and kind != "claim.delete" else None
            changes.append(ClaimChange(kind, claim_id or "", reviewer or "", article or "", op_id, claim))
        return changes

    def _status(self, connected: bool) -> None:
        if self.on_status is not None:
            self.on_status(connected)
