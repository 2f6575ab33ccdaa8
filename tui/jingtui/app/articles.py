"""The reader's articles: one ``Entry`` per file of the folder, read and cleaned on demand or ahead.

No Textual here: the reader screen owns an ``ArticleCatalog`` and runs ``load_all`` in a worker thread;
everything else is called on the interface thread.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jingtui.clean.model import CleanText
from jingtui.clean.overrides import NO_OVERRIDES, Overrides
from jingtui.corpus.model import Article
from jingtui.index import Changes, CorpusIndex, ListRow
from jingtui.store.protocol import Store
from jingtui.workspace import Cleaner, check_corpus, read_article
from jingtui.workspace.passages import overrides_of

log = logging.getLogger(__name__)

BATCH_SECONDS = 0.25  # how often the background loop hands finished rows to the list
FIRST_ROWS = 500  # a folder's first rows found: enough for the first screen and some scrolling


@dataclass(slots=True)
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
    # what the corpus index says until the article itself is read here (a list of 100,000 articles
    # holds these, not the articles)
    source: str = ""
    date: str = ""
    problem: str = ""
    warnings: int = 0
    opening: str = ""
    stage: int = 0  # Stage: found, read, cleaned

    _hay: tuple[str, str] = field(default=("", ""), repr=False, compare=False)

    @property
    def haystack(self) -> str:
        """What the list's filter looks in: title, path and the reader's title, lower case (kept until the
        title changes, so a keystroke over 100,000 articles only compares)."""
        title = self.display_title
        if self._hay[0] != title:
            meta = self.article.meta.title or "" if self.article is not None else ""
            self._hay = (title, f"{title}\n{self.path}\n{meta}".lower())
        return self._hay[1]

    @classmethod
    def of_row(cls, row: ListRow) -> Entry:
        return cls(row.path, title=row.title, error=row.skip, source=row.source, date=row.date, problem=row.problem,
                   warnings=row.warnings, opening=row.opening, stage=row.stage)

    def take_row(self, row: ListRow) -> None:
        """The index's newer facts of this article (read or cleaned by the helper process)."""
        if self.article is None:
            self.title = row.title or self.title
        self.source, self.date, self.problem = row.source, row.date, row.problem
        self.warnings, self.opening, self.stage, self.error = row.warnings, row.opening, row.stage, row.skip

    def forget(self) -> None:
        """The file changed on disk: read it again when it is next needed (its title stays until then)."""
        self.article = self.clean = None
        self.overrides = NO_OVERRIDES
        self.stage = 0
        self.error = ""

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
        if self.clean is not None:
            return bool(self.clean.warnings)
        return self.article is None and bool(self.problem or self.warnings)

    @property
    def outlet(self) -> str:
        if self.article is not None:
            return self.article.meta.source or ""
        return self.source

    @property
    def when(self) -> str:
        if self.article is not None:
            return self.article.meta.date or ""
        return self.date

    @property
    def problem_text(self) -> str:
        """The sentence the list shows instead of outlet and date ("" when none)."""
        if self.error:
            return self.error
        article = self.article
        if article is None:
            return self.problem
        if article.problems:
            return article.problems[0]
        return "" if article.original.strip() else "No text."

    @property
    def first_line(self) -> str:
        """The start of the cleaned text ("" before it is cleaned)."""
        if self.clean is not None:
            return next((line.strip() for line in self.clean.text.split("\n") if line.strip()), "")
        return self.opening


def discover_entries(root: Path) -> list[Entry]:
    """One Entry per article file under ``root`` (fast: no decoding); skipped files carry the reason."""
    return [entry for batch in discover_entries_in_batches(root, first=sys.maxsize) for entry in batch]


def discover_entries_in_batches(root: Path, *, first: int | None = None,
                                every: float = BATCH_SECONDS) -> Iterator[list[Entry]]:
    """:func:`discover_entries` as the files are found, in the same order: the first ``first`` entries
    (:data:`FIRST_ROWS`; or all, if there are fewer), then what was found since, at most every ``every``
    seconds. UserError at once when the folder is missing or cannot be read."""
    from jingtui.corpus.discover import walk_in_order

    first = FIRST_ROWS if first is None else first
    found = walk_in_order(check_corpus(root))
    batch: list[Entry] = []
    handed, last = False, time.monotonic()
    for c in found:
        batch.append(Entry(c.rel, error=c.skip_reason or ""))
        if (len(batch) >= first if not handed else time.monotonic() - last >= every):
            yield batch
            batch, handed, last = [], True, time.monotonic()
    if batch or not handed:
        yield batch


def simplified_title(article: Article, clean: CleanText | None) -> str:
    """The article's title in Simplified script (the one title function, ``clean/titles.py``, also
    that of ``jingtui list``), or its path when it has none."""
    from jingtui.clean.titles import article_title

    return article_title(article, clean) or article.path


def _done(entry: Entry) -> int:
    """How far an entry is: 2 cleaned (or never to be: a skipped file), 1 read, 0 found."""
    if entry.error or entry.stage >= 2 or entry.clean is not None:
        return 2
    return 1 if entry.stage >= 1 or entry.article is not None else 0


class LiveTitles(Mapping[str, str]):
    """Each article's title as the catalog knows it when asked: one read since (for a screen over the
    reader, say) is named by its own title, not by what the list had when that screen opened."""

    def __init__(self, entries: Mapping[str, Entry]) -> None:
        self._entries = entries

    def __getitem__(self, path: str) -> str:
        return self._entries[path].display_title

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


class ArticleCatalog:
    """The articles of one folder in list order, each read and cleaned at most once."""

    def __init__(self, root: Path, entries: list[Entry] | None = None) -> None:
        self.root = Path(root)
        self.cleaner = Cleaner(self.root)
        found = entries if entries is not None else []
        self.order: list[str] = [e.path for e in found]
        self.entries: dict[str, Entry] = {e.path: e for e in found}
        self._counted: list[int] | None = None  # [read, cleaned] (see stage_counts)

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
        if self._counted is not None and _done(entry) < 2:  # it is about to count as cleaned (or failed)
            self._counted = [self._counted[0] + (_done(entry) < 1), self._counted[1] + 1]
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
        ``deliver`` in batches; stops as soon as ``cancelled()``. For a folder of a few articles: a large
        one is filled in the corpus index by a helper process instead (``app/loading.py``)."""
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

    # ---- the corpus index ------------------------------------------------------------------------
    @classmethod
    def from_rows(cls, root: Path, rows: list[ListRow]) -> ArticleCatalog:
        return cls(root, [Entry.of_row(row) for row in rows])

    def take_rows(self, rows: list[ListRow]) -> list[Entry]:
        """The index's newer facts of some articles; the entries changed."""
        changed = []
        counted = self._counted
        for row in rows:
            entry = self.entries.get(row.path)
            if entry is not None:
                before = _done(entry)
                entry.take_row(row)
                after = _done(entry)
                if counted is not None:
                    counted[0] += (after >= 1) - (before >= 1)
                    counted[1] += (after >= 2) - (before >= 2)
                changed.append(entry)
        return changed

    def apply_changes(self, changes: Changes, rows: list[ListRow], order: list[str]) -> None:
        """Files added, changed or removed on disk: ``rows`` the index's rows of those added and changed,
        ``order`` every path in the folder's order."""
        for path in changes.removed:
            self.entries.pop(path, None)
        by_path = {row.path: row for row in rows}
        for path in changes.added:
            row = by_path.get(path)
            self.entries[path] = Entry.of_row(row) if row is not None else Entry(path)
        for path in changes.changed:
            entry = self.entries.get(path)
            if entry is not None:
                entry.forget()
                if (row := by_path.get(path)) is not None:
                    entry.error = row.skip
        self.order = [path for path in order if path in self.entries]
        self._counted = None

    def extend(self, entries: list[Entry]) -> None:
        """More of the folder's files, found after those listed (discovery goes on behind the screen)."""
        for entry in entries:
            if entry.path not in self.entries:
                self.entries[entry.path] = entry
                self.order.append(entry.path)
        self._counted = None

    def stage_counts(self) -> tuple[int, int, int]:
        """(read, cleaned, all) articles: what the list's progress bar shows (counted once, then kept up to
        date by :meth:`take_rows`; :meth:`apply_changes` and loading here count again)."""
        if self._counted is None:
            read = cleaned = 0
            for entry in self.entries.values():
                done = _done(entry)
                read += done >= 1
                cleaned += done >= 2
            self._counted = [read, cleaned]
        return self._counted[0], self._counted[1], len(self.entries)

    def record_loaded(self, index: CorpusIndex) -> None:
        """Write the facts of the articles read and cleaned here into the corpus index."""
        from jingtui.index import clean_facts, read_facts
        from jingtui.workspace.index_fill import cleaner_version, reader_version

        loaded = [e for e in list(self.entries.values()) if e.article is not None]
        index.record_read([(e.path, read_facts(e.article)) for e in loaded if e.article is not None],
                          reader_version())
        index.record_clean([(e.path, clean_facts(e.title, e.clean)) for e in loaded
                            if e.clean is not None and e.overrides == NO_OVERRIDES], cleaner_version())
