"""The corpus search screen (``ctrl+f``): every hit of a word or a regular expression in the whole
corpus in context, filtered, sorted, counted per month and article; tick hits and code them all with
one key as one undoable step.

The index (``jingtui.search``) is brought up to date in a worker thread when the screen opens (the
first time a corpus is seen: every article read, with a progress line); each search runs in a worker
too, so typing never waits for a scan. The screen stays installed between visits (its hits, ticks
and query are where the reviewer left them); ``enter`` opens the article at the hit in the reader.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from jingtui.app import keymap
from jingtui.app.search_coding import SearchCoding
from jingtui.app.type_ahead import TypesAhead
from jingtui.app.widgets.hit_list import HitList, article_label
from jingtui.search.corpus_search import CorpusSearch
from jingtui.search.filter_text import query_of
from jingtui.search.index_scan import HitTable
from jingtui.search.kwic import SORT_KEYS, BadQuery, Query, SortKey
from jingtui.search.widen import UNITS, Unit
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.app.app import JingtuiApp

log = logging.getLogger(__name__)

TOP_ARTICLES = 12
NARROW_WIDTH = 120  # below this many columns (as in the reader) the counts panel gives way to the hits' context
BAR_CELLS = 12
NAME_CELLS = 24  # an article's title in the counts panel


def counts_text(table: HitTable | None) -> Text:
    """Hits per month (with bars) and the articles with most hits."""
    if table is None or not len(table):
        return Text("")
    months = table.per_month
    most = max(months.values())
    text = Text("Hits per month\n", style="bold")
    for month, n in months.items():
        bar = "█" * max(1, round(BAR_CELLS * n / most))
        text.append(f"{month:<8}{n:>7,} ")
        text.append(f"{bar}\n", style="dim")
    text.append(f"\n{counted(len(table.per_article), 'article')}, most hits\n", style="bold")
    for path, title, n in table.most_hit(TOP_ARTICLES):
        text.append(f"{n:>6,} {article_label(path, title, NAME_CELLS).rstrip()}\n")
    return text


def hit_key(table: HitTable, i: int) -> tuple[int, int, int]:
    """What a row's hit is, whatever the order of the rows: its article's rank, start and end."""
    return table.ranks[i], table.starts[i], table.ends[i]


class CorpusSearchScreen(TypesAhead, Screen[None]):
    """Search the whole corpus; code the hits."""

    DEFAULT_CSS = """
    CorpusSearchScreen #search-inputs { height: 3; }
    CorpusSearchScreen #search-query { width: 2fr; }
    CorpusSearchScreen #search-filters { width: 3fr; }
    CorpusSearchScreen #search-status { height: auto; max-height: 4; padding: 0 1; background: $boost; }
    CorpusSearchScreen #search-body { height: 1fr; }
    CorpusSearchScreen HitList { width: 1fr; height: 1fr; }
    CorpusSearchScreen #search-counts { width: 34; height: 1fr; border-left: solid $primary-darken-2; padding: 0 1; }
    CorpusSearchScreen #search-detail { height: 3; padding: 0 1; color: $text-muted; }
    CorpusSearchScreen.narrow #search-counts { display: none; }
    """

    BINDINGS = keymap.bindings("search")

    def __init__(self, app: JingtuiApp) -> None:
        super().__init__()
        from jingtui.workspace import Workspace

        self.jingtui = app
        self.searcher = CorpusSearch(Workspace(app.root))
        self.table: HitTable | None = None
        self.last_query: Query | None = None
        self.pending: Query | None = None  # asked for while the index was being made
        self.regex = False
        self.sort: SortKey = "article"
        self.unit: Unit = "hit"
        self.indexing = ""  # the progress line while the index is brought up to date
        self.message = ""
        self.changed = False  # claims made or undone here (the reader reloads when the screen closes)
        self.coding = SearchCoding(self)

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-inputs"):
            yield Input(placeholder="a word to find in every article, then enter", id="search-query")
            yield Input(placeholder="filters: outlet:X from:2022-01 to:2022-12 code:slogan reviewer:R done:yes",
                        id="search-filters")
        yield Static("", id="search-status", markup=False)
        with Horizontal(id="search-body"):
            yield HitList(id="search-hits")
            # not focusable: tab would park the keys on a panel that has none (the list's keys then do nothing)
            with VerticalScroll(id="search-counts", can_focus=False):
                yield Static("", id="search-counts-text", markup=False)
        yield Static("", id="search-detail", markup=False)
        yield Footer()

    @property
    def hit_list(self) -> HitList:
        return self.query_one(HitList)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        """A narrow terminal: no counts panel (the counts of hits and articles stay on the status line),
        so each row keeps enough context on each side of its hit to be read."""
        self.set_class(self.app.size.width < NARROW_WIDTH, "narrow")

    def on_mount(self) -> None:
        self._fit_width()
        hits = self.hit_list
        hits.coded = self.coding.code_at
        hits.colour_of = self.coding.colour_of
        hits.on_choose = self.open_hit
        hits.on_highlight = lambda _i: self.show_detail()
        self.coding.bind_keys()
        self.ready_to_type(self.query_one("#search-query", Input))
        self.refresh_index()

    def reopen(self) -> None:
        """Shown again: the query line has the focus with its text selected, wherever the focus was
        left (what is typed starts a new search at once; an arrow key keeps the query to edit it), and
        the index is checked against the folder again (files may have changed)."""
        self._fit_width()  # the terminal may have been resized while the screen was away
        self.action_focus_query()
        self.query_one("#search-query", Input).select_all()
        self.coding.bind_keys()  # the codebook may have changed meanwhile
        self.coding.forget_claims()
        self.hit_list.marks_changed()
        self.refresh_index()

    # ---- the index and the searches (workers) --------------------------------------------------
    def refresh_index(self) -> None:
        self.indexing = "Checking the search index…"
        self.show_status()
        self.run_worker(self._refresh_index, thread=True, exclusive=True, group="index")

    def _refresh_index(self) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        began = time.monotonic()

        def progress(done: int, total: int) -> None:
            if done == 1 or done % 200 == 0 or done == total:
                self.app.call_from_thread(self._indexing, f"Indexing: {done:,} of {counted(total, 'article')} read")

        def cleaning(done: int, total: int) -> None:
            self.app.call_from_thread(self._indexing, f"Cleaning ahead on every core: {done:,} of "
                                                      f"{counted(total, 'article')}")

        try:
            index = self.searcher.refresh(self.jingtui.store, progress=progress, cancelled=lambda: worker.is_cancelled,
                                          cleaning=cleaning)
        except Exception as exc:  # noqa: BLE001 - edge: a worker; the screen says why in one sentence
            log.exception("search index not refreshed")
            self.app.call_from_thread(self._indexing, f"The search index could not be made: {exc}")
            return
        said = f"Index: {counted(len(index.articles), 'article')}"
        if index.reread:
            said += f", {index.reread:,} read in {time.monotonic() - began:.1f} s"
        if index.removed:
            said += f", {index.removed:,} gone"
        if index.rebuilt:
            said += " (built again: the old one could not be used)"
        # any change, a file gone too, runs the last search again (its rows would name articles no more there)
        self.app.call_from_thread(self._index_ready, said, bool(index.reread or index.removed or index.rebuilt))

    def _indexing(self, line: str) -> None:
        self.indexing = line
        self.show_status()

    def _index_ready(self, said: str, changed: bool) -> None:
        self.indexing = ""
        self.message = said
        query = self.pending or (self.last_query if changed else None)
        self.pending = None
        if query is not None:
            self.search(query)
        else:
            self.show_status()

    def search(self, query: Query) -> None:
        if self.searcher.index is None:
            self.pending = query
            self.message = "The search runs when the index is ready."
            self.show_status()
            return
        self.message = "Searching…"
        self.show_status()
        self.run_worker(lambda: self._search(query), thread=True, exclusive=True, group="search")

    def _search(self, query: Query) -> None:
        try:
            table = self.searcher.search(query, self.jingtui.store)
        except BadQuery as exc:
            self.app.call_from_thread(self._say, str(exc))
            return
        self.app.call_from_thread(self._show, query, table)

    def _show(self, query: Query, table: HitTable) -> None:
        self.last_query, self.table = query, table
        self.coding.forget_claims()
        self.hit_list.show(table)
        self.query_one("#search-counts-text", Static).update(counts_text(table))
        self.message = "" if len(table) else "No hits."
        if not len(table) and query.code is not None and query.code not in self.jingtui.codebook:
            self.message += f" The codebook has no code {query.code!r} (by id, name or path)."
        self.show_status()
        self.show_detail()
        if len(table):
            self.set_focus(self.hit_list)

    def _say(self, message: str) -> None:
        self.message = message
        self.show_status()

    # ---- what the reviewer sees ----------------------------------------------------------------
    def show_status(self) -> None:
        parts = []
        table = self.table
        if table is not None and self.last_query is not None:
            kind = "regular expression" if self.last_query.regex else "word"
            parts.append(f"{self.last_query.text} ({kind}): {counted(len(table), 'hit')} in "
                         f"{counted(len(set(table.ranks)), 'article')}")
            parts.append(f"ticked {len(self.hit_list.ticked):,}")
        parts.append(f"widen to {self.unit}")
        parts.append(f"sort by {self.sort}")
        if self.regex:
            parts.append("regex on")
        if self.indexing or self.message:
            parts.append(self.indexing or self.message)
        self.query_one("#search-status", Static).update(" · ".join(parts))

    def show_detail(self) -> None:
        table, i = self.table, self.hit_list.highlighted
        detail = self.query_one("#search-detail", Static)
        if table is None or i is None or i >= len(table):
            detail.update("")
            return
        hit = table.hit(i)
        lines = [f"{hit.title or hit.path} · {hit.date or 'no date'} · {hit.path}:{hit.start}"]
        coded = self.coding.codes_over(i)
        if coded:
            lines[0] += f" · coded: {coded}"
        passage = self.coding.passage_text(i)
        if self.unit != "hit" and passage:
            lines.append(f"{self.unit}▸{passage}")  # no space: a long Chinese run would wrap whole
        detail.update("\n".join(lines))

    # ---- input ---------------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_query()

    def run_query(self) -> None:
        text = self.query_one("#search-query", Input).value.strip()
        filters = self.query_one("#search-filters", Input).value
        try:
            query = query_of(text, filters, regex=self.regex, sort=self.sort)
            named = self.jingtui.codebook.named(query.code) if query.code is not None else None
            if named is not None:  # a code is named by its name or path too (the filter keeps its id)
                query = replace(query, code=named.id)
            from jingtui.search.kwic import compile_query

            compile_query(query)
        except BadQuery as exc:
            self._say(str(exc))
            return
        self.search(query)

    # ---- actions (keys in keymap.py, scopes "search" and "hits") -------------------------------
    def action_close(self) -> None:
        self.app.pop_screen()
        self.coding.after_close()

    # set_focus, not focus(): focus() moves it later, and keys typed ahead (/ then the word) would
    # still reach the list (enter there opens the highlighted hit)
    def action_focus_query(self) -> None:
        self.set_focus(self.query_one("#search-query", Input))

    def action_focus_filters(self) -> None:
        self.set_focus(self.query_one("#search-filters", Input))

    def action_toggle_regex(self) -> None:
        self.regex = not self.regex
        self.run_query() if self.query_one("#search-query", Input).value.strip() else self.show_status()

    def action_sort(self) -> None:
        """The same hits in the next order: the ticked ones stay ticked, the cursor stays on its hit."""
        self.sort = SORT_KEYS[(SORT_KEYS.index(self.sort) + 1) % len(SORT_KEYS)]
        table, hits = self.table, self.hit_list
        if table is None or self.last_query is None:
            self.show_status()
            return
        ticked, at = hits.ticked, hits.highlighted
        every = bool(ticked) and len(ticked) == len(table)
        marked = {hit_key(table, i) for i in ticked} if not every else set()
        current = hit_key(table, at) if at is not None and at < len(table) else None
        self.last_query = replace(self.last_query, sort=self.sort)
        table = table.sorted_by(self.sort)
        self._show(self.last_query, table)
        if every:
            hits.ticked = set(range(len(table)))
        elif marked or current is not None:
            for i in range(len(table)):
                key = hit_key(table, i)
                if key in marked:
                    hits.ticked.add(i)
                if key == current:
                    hits.highlighted = i
        hits.marks_changed()
        self.show_status()

    def action_widen(self) -> None:
        self.unit = UNITS[(UNITS.index(self.unit) + 1) % len(UNITS)]
        self.show_status()
        self.show_detail()

    def action_tick(self) -> None:
        hits, i = self.hit_list, self.hit_list.highlighted
        if i is None:
            return
        hits.ticked.symmetric_difference_update({i})
        hits.refresh_index(i)
        hits.action_cursor_down()
        self.show_status()

    def action_tick_all(self) -> None:
        hits = self.hit_list
        if self.table is None:
            return
        hits.ticked = set() if len(hits.ticked) == len(self.table) else set(range(len(self.table)))
        hits.marks_changed()
        self.show_status()

    def action_code_key(self, key: str) -> None:
        code = self.jingtui.codebook.by_key(key)
        if code is None:
            self._say(f"No code has the key {key} in the codebook; use c to pick one.")
            return
        self.coding.code_ticked(code.id)

    def action_pick_code(self) -> None:
        self.coding.pick()

    def action_undo(self) -> None:
        self.coding.undo()

    def action_redo(self) -> None:
        self.coding.redo()

    def open_hit(self, index: int) -> None:
        """``enter``: the article at the hit, in the reader (this screen stays for ctrl+f)."""
        if self.table is None:
            return
        from jingtui.app.screens.corpus_view import ReaderRequest

        path, start = self.table.path(index), self.table.starts[index]
        self.action_close()
        self.jingtui.reader.open_request(ReaderRequest(path, offset=start))
