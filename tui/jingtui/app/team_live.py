"""The team database, live: other reviewers' claims drawn as they come, the server's state in the header.

A listener thread (one connection dedicated to ``LISTEN``, see :mod:`jingtui.store.pg.listener`) posts
:class:`ClaimsChanged` to the app; the app reloads what shows them (the article's claims when the
current article is touched, the counts of the others). A timer retries the server while it is away
and keeps the header's note in step with :meth:`PgClaimStore.status` ("unreachable: N changes kept
locally"). Nothing here for a TinyDB store: its ``team`` is None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from textual.timer import Timer

    from jingtui.app.app import JingtuiApp
    from jingtui.store.protocol import Listening, TeamStore

CHECK_EVERY_S = 1.0


class ClaimsChanged(Message):
    """Claims of other reviewers changed (``articles``), or everything may have (``resync``)."""

    def __init__(self, articles: frozenset[str], resync: bool) -> None:
        super().__init__()
        self.articles = articles
        self.resync = resync


class ServerState(Message):
    """The listener lost or found the server again."""

    def __init__(self, connected: bool) -> None:
        super().__init__()
        self.connected = connected


class TeamLive:
    """Starts and stops the listener and the retry timer for ``app`` (a JingtuiApp with a team store)."""

    def __init__(self, app: JingtuiApp, store: TeamStore) -> None:
        self.app = app
        self.store = store
        self.listener: Listening | None = None
        self.timer: Timer | None = None
        self._checking = False

    def start(self) -> None:
        self.listener = self.store.listen(self._changes, self._status)
        self.timer = self.app.set_interval(CHECK_EVERY_S, self.check)

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        if self.listener is not None:
            self.listener.stop(timeout=1.0)
            self.listener = None

    # on the listener's thread: only post messages
    def _changes(self, changes: list[Any]) -> None:
        resync = any(c.kind == "resync" for c in changes)
        self.app.post_message(ClaimsChanged(frozenset(c.article for c in changes if c.article), resync))

    def _status(self, connected: bool) -> None:
        self.app.post_message(ServerState(connected))

    # on the app's thread
    def check(self) -> None:
        """Retry the server in a worker thread when it is away (or changes wait); show its state."""
        self.show_status()
        if (not self.store.online or self.store.waiting) and not self._checking:
            self._checking = True
            self.app.run_worker(self._retry, thread=True, exclusive=False, group="team-retry")

    def _retry(self) -> None:
        try:
            self.store.reconnect()
        finally:
            self._checking = False
            self.app.call_from_thread(self.show_status)

    def claims_changed(self, message: ClaimsChanged) -> None:
        """Other reviewers changed the claims of some articles (or maybe of any: ``resync``): recount
        the reader's rows, and reload the current article's claims (keeping the claims panel's row)."""
        from jingtui.app.services import recount

        reader = self.app.reader
        touched = set(reader.entries) if message.resync else message.articles & set(reader.entries)
        others = [reader.entries[path] for path in touched - {reader.current}]
        for entry in recount(self.store, others):
            reader.article_list.refresh_entry(entry)
        if reader.current in touched:
            reader.after_change(claim_id=reader.claims_panel.highlighted_id)

    def show_status(self) -> None:
        note = self.store.status()
        header = self.app.reader.header_bar
        if header.db_note != note:
            header.db_note = note
