"""Filling the reader's article list: from the corpus index at once, then behind the first screen.

Opening a folder (``start``):
- the folder has an index: its rows are the list before the first frame (one query, no file read);
- it has none: discovery runs in a worker thread (``os.scandir``, no reads) and the list appears when
  it is done; the first frame does not wait for it.

Then, behind the first screen (``fill``): a folder of a few articles is read and cleaned in a worker
thread into memory, as before (``ArticleCatalog.load_all``), and their facts written to the index; a
larger one is filled in the index by a helper process (``workspace.index_fill.fill_index`` through
``child_process.run_in_child``: reading, then cleaning, on every core), and the list takes the rows
it wrote every half second (``CorpusIndex.list_rows(since=seq)``), with a progress bar in the list's
border. The articles themselves are read only when shown, so 100,000 of them cost their rows only.

Files added, changed or removed while the app runs: a rescan compares the folder with the index by
``stat()`` alone (``workspace.index_fill.refresh``) in a worker thread every few seconds (twenty times
as long as the last scan took, at least ``RESCAN_SECONDS``: about 5% of a core for any size of folder)
and when the terminal gets the focus back. The list follows; a changed article is read again when it is
shown (the one on screen at once), and its claims are re-anchored as for any changed text.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from jingtui.app import articles, services
from jingtui.app.articles import ArticleCatalog, Entry
from jingtui.app.worker_calls import hand_over
from jingtui.index import Changes, CorpusIndex, ListRow, Stage
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.app.screens.reader import ReaderScreen

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5  # how often the list takes the rows the helper process wrote
RESCAN_SECONDS = 3.0  # the shortest time between two looks at the folder
RESCAN_FACTOR = 20  # ... and twenty times as long as the last look took
BAR_CELLS = 10
FIRST_FRAME_WAIT = 2.0  # at most this long, the rest of the list waits for the first frame
DISCOVERY_WAIT = 0.3  # seconds the first frame waits for discovery before showing "Looking for articles…"


def progress_bar(done: int, total: int, cells: int = BAR_CELLS) -> str:
    """``▰▰▰▱▱▱`` for ``done`` of ``total``."""
    full = cells if total <= 0 else min(cells, done * cells // total)
    return "▰" * full + "▱" * (cells - full)


def progress_amount(done: int, total: int) -> str:
    """How far, short enough for the list's border: counts for a few thousand articles, a percentage for
    more, with a tenth under 10 % (the first thousand of 100,000 articles move it)."""
    if total < 10_000:
        return f"{done:,}/{total:,}"
    tenths = done * 1000 // total
    return f"{tenths / 10:.1f}%" if tenths < 100 else f"{tenths // 10}%"


class Loading:
    """The article list's rows for its host :class:`ReaderScreen` (``host.catalog``, ``host.article_list``)."""

    def __init__(self, host: ReaderScreen) -> None:
        self.host = host
        self.seq = -1  # the index's sequence number the list has taken rows up to
        self.filling = False  # a helper process (or thread) is filling the index
        self.rescan_every = RESCAN_SECONDS
        self._scanning = False
        self._last_scan = 0.0
        self._behind = False  # one more look at the index after the helper ended
        self.listing = False  # the folder's files are still being found or read from the index (the list grows)
        self._fill_asked = False  # fill() was called meanwhile: it runs when the list is complete
        # set by the host once its first frame is on screen: the threads making the rest of the list wait
        # for it, so that they do not share the interpreter with the drawing of the first frame
        self.first_frame_drawn = threading.Event()
        self._fill_again = False  # files came or changed while the helper was filling: it runs again after
        self._listing_label = "listing articles…"  # under the list while it grows ("finding" in discovery)

    @property
    def root(self) -> Path:
        return self.host.jingtui.root

    # ---- opening ---------------------------------------------------------------------------------
    def indexed_catalog(self) -> ArticleCatalog | None:
        """The folder's list from its index (None when it has none yet, or it cannot be read): the first
        :data:`FIRST_ROWS` rows at once, the rest read in a thread and added to the list behind the first
        screen (:meth:`_rest_of_index`), so a reopened folder of 100,000 articles opens as fast as one of
        a hundred."""
        try:
            with CorpusIndex.open(self.root) as index:
                self.seq = index.seq
                rows = index.list_rows(limit=articles.FIRST_ROWS)
        except sqlite3.Error as exc:  # damaged while being read: discovery makes the list, the helper a new index
            log.warning("The corpus index of %s could not be read (%s); the folder is looked at again.",
                        self.root, exc)
            return None
        if not rows:
            return None
        if len(rows) == articles.FIRST_ROWS:
            self._rest_of_index(len(rows))
        return ArticleCatalog.from_rows(self.root, rows)

    def _rest_of_index(self, offset: int) -> None:
        """The index's rows after the first ``offset``, read in a thread and handed to the list."""
        self.listing = True

        def work() -> None:
            self.first_frame_drawn.wait(FIRST_FRAME_WAIT)
            try:
                with CorpusIndex.open(self.root) as index:
                    entries = [Entry.of_row(row) for row in index.list_rows(offset=offset)]
            except sqlite3.Error as exc:  # damaged since its first rows were read: the folder itself is listed
                log.warning("The corpus index of %s could not be read (%s); the folder is looked at again.",
                            self.root, exc)
                entries = self._found_anyway()
            if self._hand_over(self._more_found, entries):
                self._hand_over(self._listing_ended)

        threading.Thread(target=work, name="listing", daemon=True).start()

    def _found_anyway(self) -> list[Entry]:
        try:
            return articles.discover_entries(self.root)
        except Exception as exc:  # noqa: BLE001 - a thread's edge: the folder went away or cannot be read
            log.warning("The folder %s could not be read: %s", self.root, exc)
            return []

    def _hand_over(self, call: Callable[..., object], *args: object) -> bool:
        return hand_over(self.host.app, call, *args)

    def discover(self, wait: float = DISCOVERY_WAIT) -> None:
        """Find the folder's files in a thread. The host's ``populate`` gets the catalog of the first ones
        found (all of a small folder), at once when they come within ``wait`` seconds, else when they
        come; the rest follow into the list as they are found (the first frame of a folder of 100,000
        files waits for neither the last folder nor the natural sort of all of them). What is behind
        the first screen (:meth:`fill`) starts when discovery has ended."""
        first: dict[str, ArticleCatalog] = {}
        came = threading.Event()
        self.listing, self._listing_label = True, "finding articles…"

        def work() -> None:
            try:
                for batch in articles.discover_entries_in_batches(self.root):
                    if not came.is_set():
                        first["catalog"] = ArticleCatalog(self.root, batch)
                        came.set()
                        if not self._hand_over(self._discovered, first):
                            return
                        self.first_frame_drawn.wait(FIRST_FRAME_WAIT)
                    elif not self._hand_over(self._more_found, batch):
                        return
            except Exception as exc:  # noqa: BLE001 - a thread's edge: the folder went away or cannot be read
                log.warning("The folder %s could not be read: %s", self.root, exc)
                if not came.is_set():
                    first["catalog"] = ArticleCatalog(self.root, [])
                    came.set()
                    self._hand_over(self._discovered, first)
            self._hand_over(self._listing_ended)

        # a plain thread, started now (a worker would start only when the event loop runs again)
        threading.Thread(target=work, name="discovery", daemon=True).start()
        if came.wait(wait):
            self._discovered(first)

    def _discovered(self, found: dict[str, ArticleCatalog]) -> None:
        catalog = found.pop("catalog", None)  # once: now, or when the worker hands it over
        if catalog is not None:
            self.host.populate(catalog)
            self._show_finding()

    def _more_found(self, entries: list[Entry]) -> None:
        host = self.host
        host.catalog.extend(entries)
        services.reload_counts(host.jingtui.store, {entry.path: entry for entry in entries})
        host.article_list.set_entries([host.entries[p] for p in host.order], "No articles here.")
        self._show_finding()

    def _show_finding(self) -> None:
        if self.listing:
            self.host.article_list.border_subtitle = f"{self._listing_label} {len(self.host.order):,}"

    def _listing_ended(self) -> None:
        self.listing = False
        self.host.article_list.border_subtitle = ""
        if self.host.current is None:  # the article last read was further down the list than its first rows
            self.host.open_first_article()
        if self._fill_asked:
            self.fill()

    # ---- behind the first screen -------------------------------------------------------------------
    def fill(self) -> None:
        """Read and clean what the list lacks, in the background (see the module docstring); once the
        folder's files are all found."""
        if self.listing:
            self._fill_asked = True
            return
        self._fill_asked = False
        import gc

        from jingtui.workspace import parallel_clean

        # The list's rows live as long as the app: out of the collector's sight, so that its full
        # collections do not walk 100,000 entries while the loop waits (stalls of 0.2-0.3 s before).
        gc.collect()
        gc.freeze()

        catalog = self.host.catalog
        if len(catalog.order) < parallel_clean.MIN_ARTICLES:
            self._load_in_thread()
        else:
            self._fill_index()
        self.host.set_interval(POLL_SECONDS, self.poll, name="index-poll")
        self.host.set_interval(1.0, self._maybe_rescan, name="rescan")

    def _load_in_thread(self) -> None:
        host = self.host

        def load() -> None:
            worker = get_current_worker()
            host.catalog.load_all(lambda: worker.is_cancelled,
                                  lambda batch: host.app.call_from_thread(self.refresh_rows, batch))
            if worker.is_cancelled:
                return
            try:
                from jingtui.workspace.index_fill import refresh

                with CorpusIndex.open(self.root) as index:
                    refresh(index, self.root)
                    host.catalog.record_loaded(index)
            except (sqlite3.Error, OSError) as exc:  # the index is a cache: the list is complete without it
                log.info("the index of %s was not written: %s", self.root, exc)

        host.run_worker(load, thread=True, exclusive=True, group="load")

    def _fill_index(self) -> None:
        """Have a helper process read and clean what the index lacks (nothing when it lacks nothing)."""
        host = self.host
        self.filling = True
        self.show_progress()

        def work() -> None:
            from jingtui.errors import UserError
            from jingtui.workspace import child_process
            from jingtui.workspace.index_fill import cleaner_version, fill_index, fill_index_in_helper, reader_version

            worker = get_current_worker()
            try:
                with CorpusIndex.open(self.root) as index:
                    wanted = (not len(index) or index.pending_reads(reader_version())
                              or index.pending(Stage.CLEANED, cleaner_version()))
                if wanted:
                    try:
                        child_process.run_in_child(fill_index_in_helper, (str(self.root),),
                                                   cancelled=lambda: worker.is_cancelled)
                    except child_process.ChildUnavailable:  # no helper here: this thread does it, one article at a time
                        fill_index(str(self.root), workers=1, cancelled=lambda: worker.is_cancelled)
            except (child_process.ChildFailed, UserError, sqlite3.Error, OSError) as exc:
                log.warning("The articles of %s could not be read ahead (%s); each is read when shown.", self.root, exc)
            finally:
                host.app.call_from_thread(self._filled)

        host.run_worker(work, thread=True, exclusive=True, group="load")

    def _filled(self) -> None:
        self.filling, self._behind = False, True
        self.poll()
        self._behind = False
        if self._fill_again:
            self._fill_again = False
            self._fill_index()

    def poll(self) -> None:
        """Take the rows the index got since the last look (on the interface thread: a few rows each time)."""
        if not self.filling and not self._behind:
            return
        try:
            with CorpusIndex.open(self.root) as index:
                seq = index.seq
                rows: list[ListRow] = index.list_rows(since=max(self.seq, 0)) if seq != self.seq else []
        except sqlite3.Error as exc:
            log.info("the index could not be read: %s", exc)
            return
        self.seq = seq
        for entry in self.host.catalog.take_rows(rows):
            self.host.article_list.refresh_entry(entry)
        self.show_progress()

    def show_progress(self) -> None:
        """The list's border: how many articles are read and cleaned, while some are not."""
        read, cleaned, total = self.host.catalog.stage_counts()
        border = self.host.article_list
        if cleaned >= total or not (self.filling or read < total):
            border.border_subtitle = ""
            return
        done, what = (read, "read") if read < total else (cleaned, "cleaned")
        border.border_subtitle = f"{progress_bar(done, total)} {what} {progress_amount(done, total)}"

    # ---- files added, changed or removed ----------------------------------------------------------
    def _maybe_rescan(self) -> None:
        if not self.host.is_current:  # a dialog is open: look when the reader is back
            return
        if not self._scanning and time.monotonic() - self._last_scan >= self.rescan_every:
            self.rescan()

    def rescan(self) -> None:
        """Look at the folder again in a worker thread; the list follows what changed (not while the list is
        still being made: its order would be the index's before every file is in it)."""
        if self._scanning or self.listing:
            return
        self._scanning = True
        host = self.host

        def work() -> None:
            from jingtui.workspace.index_fill import refresh

            began = time.monotonic()
            try:
                with CorpusIndex.open(self.root) as index:
                    changes = refresh(index, self.root)
                    rows = [r for r in index.list_rows() if r.path in set(changes.added) | set(changes.changed)] \
                        if changes.added or changes.changed else []
                    order = index.paths() if changes else []
            except Exception as exc:  # noqa: BLE001 - a worker's edge: a folder gone or unreadable for a moment
                log.info("rescan of %s failed: %s", self.root, exc)  # is looked at again next time
                changes, rows, order = Changes(), [], []
            took = time.monotonic() - began
            host.app.call_from_thread(self._rescanned, changes, rows, order, took)

        host.run_worker(work, thread=True, group="rescan")

    def _rescanned(self, changes: Changes, rows: list[ListRow], order: list[str], took: float) -> None:
        self._scanning = False
        self._last_scan = time.monotonic()
        self.rescan_every = max(RESCAN_SECONDS, RESCAN_FACTOR * took)
        host = self.host
        known = host.catalog.entries  # the index may have been behind the list (a folder just discovered)
        changes = Changes([p for p in changes.added if p not in known], [p for p in changes.changed if p in known],
                          [p for p in changes.removed if p in known])
        if not changes:
            return
        host.catalog.apply_changes(changes, rows, order)
        self._follow(changes)
        host.say(f"The folder changed: {changes.sentence()}; "
                 f"{counted(len(host.catalog.order), 'article')} in the list.")
        if changes.added or changes.changed:
            from jingtui.workspace import parallel_clean

            if len(host.catalog.order) < parallel_clean.MIN_ARTICLES:
                self._load_in_thread()
            elif not self.filling:
                self._fill_index()
            else:  # the helper took its list of files before these came: once more when it ends
                self._fill_again = True

    def _follow(self, changes: Changes) -> None:
        """The list after files were added, changed or removed (the catalog already follows), and the
        article shown when it changed (read again, its claims re-anchored) or went."""
        host = self.host
        host.article_list.set_entries([host.entries[p] for p in host.order], "No articles here.")
        if host.current in changes.changed:
            host.show_article(host.current, restore=False)
        elif host.current is None or host.current in changes.removed:
            host.current = None
            if host.order:
                host.show_article(host.order[0])
            else:
                host.show_empty_reader()

    def refresh_rows(self, entries: list[Entry]) -> None:
        for entry in entries:
            self.host.article_list.refresh_entry(entry)
        self.show_progress()
