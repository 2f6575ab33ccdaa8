"""The reader's articles: one ``Entry`` per file of the folder, read and cleaned on demand or ahead.

No Textual here: the reader screen owns an ``ArticleCatalog`` and runs ``load_all`` in a worker thread;
everything else is called on the interface thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from jingtui.clean.model import CleanText
from jingtui.clean.overrides import NO_OVERRIDES, Overrides
from jingtui.corpus.model import Article
from jingtui.store.protocol import Store
from jingtui.workspace import Cleaner, Workspace, check_corpus, read_article
from jingtui.workspace.passages import overrides_of

log = logging.getLogger(__name__)

CACHE_SAMPLE = 20  # articles looked at to tell a folder opened before from a new one
BATCH_SECONDS = 0.25  # how often the background loop hands finished rows to the list


@dataclass
class Entry:
    """One row of the article list: what we know of a file so far."""

    path: str
    article: Article | None = None
    clean: CleanText | None = None
    title: str = ""  # Simplified when known
    counts: dict[str, int] = field(default_factory=dict)
    done: bool = False
    error: str = ""
    overrides: Overrides = NO_OVERRIDES  # the reviewer's cleaning overrides ``clean`` was made with
    disagreements_left: int = 0  # to adjudicate, as the adjudication screen last counted them

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.article is not None:
            return self.article.title
        return self.path

    @property
    def flagged(self) -> bool:
        """Problems or damaged text: the list shows a warning sign."""
        if self.error:
            return True
        if self.article is not None and not self.article.ok:
            return True
        return bool(self.clean is not None and self.clean.warnings)


def discover_entries(root: Path) -> list[Entry]:
    """One Entry per article file under ``root`` (fast: no decoding); skipped files carry the reason."""
    from jingtui.corpus.discover import discover

    return [Entry(c.rel, error=c.skip_reason or "") for c in discover(check_corpus(root))]


def simplified_title(article: Article, clean: CleanText | None) -> str:
    """The article's title in Simplified script (the one title function, ``clean/titles.py``, also
    that of ``jingtui list``), or its path when it has none."""
    from jingtui.clean.titles import article_title

    return article_title(article, clean) or article.path


class ArticleCatalog:
    """The articles of one folder in list order, each read and cleaned at most once."""

    def __init__(self, root: Path, entries: list[Entry] | None = None) -> None:
        self.root = Path(root)
        self.cleaner = Cleaner(self.root)
        found = entries if entries is not None else []
        self.order: list[str] = [e.path for e in found]
        self.entries: dict[str, Entry] = {e.path: e for e in found}

    @classmethod
    def discover(cls, root: Path) -> ArticleCatalog:
        return cls(root, discover_entries(root))

    def __contains__(self, path: object) -> bool:
        return path in self.entries

    def get(self, path: str | None) -> Entry | None:
        return self.entries.get(path) if path is not None else None

    def ensure_loaded(self, path: str, store: Store | None = None) -> Entry:
        """Read and clean ``path`` now if the background loop has not done it yet; with ``store``, the
        cleaned text follows the reviewer's cleaning overrides of the article (passages brought back
        or sent out: ``b``), cleaned again when they differ from those it was made with."""
        entry = self.entries[path]
        if entry.article is None and not entry.error:
            self._load(entry)
        elif entry.article is not None and entry.clean is None and not entry.error:
            self._clean(entry)
        if store is not None and entry.article is not None and entry.clean is not None and not entry.error:
            wanted = overrides_of(store, path)
            if wanted != entry.overrides:
                self._clean(entry, wanted)
        return entry

    def _load(self, entry: Entry) -> None:
        try:
            entry.article = read_article(self.root, entry.path)
        except Exception as exc:  # noqa: BLE001 - edge: any failure of one file is shown as that row's sentence
            entry.error = str(exc) or exc.__class__.__name__
            return
        self._clean(entry)

    def _clean(self, entry: Entry, overrides: Overrides = NO_OVERRIDES) -> None:
        article = entry.article
        if article is None:
            return
        try:
            entry.clean, entry.overrides = self.cleaner.clean(article, overrides), overrides
        except Exception as exc:  # edge: a cleaning bug must not take the reader down; the row says so
            log.exception("cleaning %s failed", entry.path)
            entry.error = f"Could not clean this article: {exc}"
            return
        entry.title = simplified_title(article, entry.clean)

    def titles(self) -> dict[str, str]:
        """Every article by path, with the Simplified title worked out so far ("" if none yet)."""
        return {path: entry.title or (entry.article.meta.title or "" if entry.article is not None else "")
                for path, entry in list(self.entries.items())}

    def pending(self) -> list[str]:
        """Paths not read and cleaned yet (and not failed)."""
        return [p for p in self.order if (e := self.entries.get(p)) is not None and e.clean is None and not e.error]

    def load_all(self, cancelled: Callable[[], bool], deliver: Callable[[list[Entry]], None]) -> None:
        """Read and clean every pending article (in a worker thread), handing finished entries to
        ``deliver`` in batches; stops as soon as ``cancelled()``."""
        self._clean_ahead_in_child(cancelled)
        batch: list[Entry] = []
        last = time.monotonic()
        for path in list(self.order):
            if cancelled():
                return
            entry = self.entries.get(path)
            if entry is None or entry.clean is not None or entry.error:
                continue
            if entry.article is None:
                self._load(entry)
            else:
                self._clean(entry)
            batch.append(entry)
            time.sleep(0.001)  # let the interface thread in between articles
            if time.monotonic() - last > BATCH_SECONDS:
                deliver(batch)
                batch, last = [], time.monotonic()
        if batch:
            deliver(batch)

    def _clean_ahead_in_child(self, cancelled: Callable[[], bool]) -> None:
        """Many articles never opened here: have a child process (or several) read and clean them into
        the caches first, so that the loading thread, which shares the interpreter lock with the screen,
        only reads them back. Nothing happens for a few articles, and any failure leaves the work to the
        loop."""
        from jingtui.errors import UserError
        from jingtui.workspace import parallel_clean
        from jingtui.workspace.child_process import ChildFailed, run_in_child

        pending = self.pending()
        if len(pending) < parallel_clean.MIN_ARTICLES:
            return
        # Reopening a folder: if most of a sample is cached, the thread reads them back without help.
        sample = pending[:: max(1, len(pending) // CACHE_SAMPLE)][:CACHE_SAMPLE]
        if len(Workspace(self.root).uncleaned(sample)) * 4 < len(sample):
            return
        # On failure the loop reads and cleans them itself, and meets the problem there.
        with suppress(ChildFailed, UserError):
            run_in_child(parallel_clean.clean_into_cache, (str(self.root), pending), cancelled=cancelled)
