"""The article list: title (Simplified), outlet, date, claim counts per label, done mark, warning sign.

Typing ``/`` opens a filter above the list; the list keeps the row of each article under its path as
option id, so rows can be refreshed one by one while articles are read and cleaned in the background.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from jingtui.app import keymap
from jingtui.app.articles import Entry
from jingtui.app.widgets.line_list import LineList

Order = Literal["folder", "date", "title", "outlet"]
ORDERS: tuple[Order, ...] = ("folder", "date", "title", "outlet")
# titles and outlets case-folded, articles without one last (dates: newest first, in ArticleList._sorted)
SORT_KEYS: dict[str, Callable[[Entry], Any]] = {
    "title": lambda e: (not e.title, e.display_title.casefold()),
    "outlet": lambda e: (not e.outlet, e.outlet.casefold()),
}

LABEL_LETTERS = {"metric": "M", "slogan": "S", "anecdote": "A"}
LABEL_STYLES = {"metric": "bold #4a9eff", "slogan": "bold #e0a030", "anecdote": "bold #3cb371"}


def row_text(entry: Entry, labels: tuple[str, ...], current: bool = False, width: int = 0) -> Text:
    """Two lines for one article, each cut to ``width`` cells; the article's text is data, never markup."""
    first = Text(no_wrap=True, overflow="ellipsis", end="")
    first.append("✓ " if entry.done else "  ", style="bold green")
    first.append("⚠ " if entry.flagged else "", style="bold yellow")
    first.append(entry.display_title.replace("\n", " "), style="bold" if current else "")
    second = _meta_line(entry, labels)
    if width > 4:
        first.truncate(width, overflow="ellipsis")
        second.truncate(width, overflow="ellipsis")
    return Text("\n", end="").join([first, second])


def _meta_line(entry: Entry, labels: tuple[str, ...]) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    meta = [m for m in (entry.outlet, entry.when) if m]
    if not meta and entry.article is None and entry.stage == 0:
        meta.append(entry.path)  # nothing known yet
    elif not meta:
        meta.append(_opening(entry) if entry.display_title == entry.path else entry.path)
    problem = entry.problem_text
    counts_text = Text()
    counts = [(label, entry.counts.get(label, 0)) for label in labels if entry.counts.get(label, 0)]
    extra = sum(n for label, n in entry.counts.items() if label not in labels)
    for label, n in counts:
        counts_text.append(f"{LABEL_LETTERS.get(label, label[:1].upper())}{n} ", style=LABEL_STYLES.get(label, "bold"))
    if extra:
        counts_text.append(f"+{extra} ", style="bold")
    if entry.disagreements_left:  # disagreements left to adjudicate
        counts_text.append(f"≠{entry.disagreements_left} ", style="bold #ff8787")
    # counts first, so a narrow list still shows them; a problem replaces the outlet and date
    line.append("  ")
    line.append_text(counts_text)
    if problem:
        line.append(problem.replace("\n", " "), style="yellow")
    else:
        line.append(" · ".join(m.replace("\n", " ") for m in meta), style="dim")
    return line


def _opening(entry: Entry) -> str:
    """For an article with no headline, outlet or date (its path is already the first line): the start
    of its cleaned text, to tell such files apart; "no headline" until it is cleaned."""
    first = entry.first_line
    return f"“{first[:60]}”" if first else "no headline"


class ArticleRows(LineList):
    """The rows of the article list, two lines per article."""

    BINDINGS = keymap.bindings("list")
    ROW_HEIGHT = 2

    class OpenRequested(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class SortRequested(Message):
        pass

    def __init__(self, labels: tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.labels = labels
        self.current: str | None = None

    def row_key(self, index: int) -> str:
        return self.rows[index].path

    def cache_extra(self, index: int) -> tuple:
        return (self.rows[index].path == self.current,)

    def prompt_at(self, index: int) -> Text:
        entry = self.rows[index]
        return row_text(entry, self.labels, entry.path == self.current, self.text_width())

    def set_rows(self, rows: list) -> None:
        self._where: dict[str, int] | None = None
        super().set_rows(rows)

    def index_of(self, path: str | None) -> int | None:
        """The row of ``path`` (a scan: one per keystroke in the filter costs less than a table)."""
        return next((i for i, entry in enumerate(self.rows) if entry.path == path), None)

    def refresh_row(self, path: str) -> None:
        where = getattr(self, "_where", None)
        if where is None:  # made when rows are refreshed one by one (the loader's batches)
            where = self._where = {entry.path: i for i, entry in enumerate(self.rows)}
        index = where.get(path)
        if index is not None:
            self.refresh_index(index)

    @property
    def highlighted_path(self) -> str | None:
        i = self.highlighted
        return self.rows[i].path if i is not None and i < len(self.rows) else None

    def chosen(self, index: int) -> None:
        self.post_message(self.OpenRequested(self.rows[index].path))

    def action_open_highlighted(self) -> None:
        self.action_choose()

    def action_filter(self) -> None:
        # at once, not by a message: the keys typed right after / are the filter's (see keymap's priority)
        self.query_ancestor(ArticleList).open_filter()

    def action_sort(self) -> None:
        self.post_message(self.SortRequested())


class ArticleList(Vertical):
    """Filter input, the option list, and an empty state."""

    DEFAULT_CSS = """
    ArticleList {
        width: 38;
        height: 1fr;
        border: round $primary 40%;
    }
    ArticleList:focus-within {
        border: round $primary;
    }
    ArticleList #list-filter {
        height: 3;
    }
    ArticleList #articles {
        scrollbar-size-vertical: 1;
        height: 1fr;
        max-height: 100%;
        border: none;
        padding: 0;
    }
    ArticleList #list-empty {
        padding: 1;
        color: $text-muted;
    }
    """

    class Opened(Message):
        """The reviewer asked to open an article (enter on a row)."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def __init__(self, labels: tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.labels = labels
        self.entries: list[Entry] = []
        self._hays: list[str] | None = None  # what the filter looks in, entry by entry
        self._hay_at: dict[str, int] = {}
        self.order: Order = "folder"  # the list's order (``o``)
        self._sorted_by = ""
        self._in_order: list[Entry] = []
        self.current: str | None = None
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter by title", id="list-filter")
        yield ArticleRows(self.labels, id="articles")
        yield Static(id="list-empty")

    def on_mount(self) -> None:
        self.query_one("#list-filter", Input).display = False
        self.query_one("#list-empty", Static).display = False

    @property
    def options(self) -> ArticleRows:
        return self.query_one("#articles", ArticleRows)

    def _visible(self) -> list[Entry]:
        needle = self.filter_text.strip().lower()
        if self.order != "folder":
            return [e for e in self._sorted() if not needle or needle in e.haystack]
        if not needle:
            return list(self.entries)
        if self._hays is None:  # once after the entries changed: each keystroke then only compares
            self._hays = [e.haystack for e in self.entries]
            self._hay_at = {e.path: i for i, e in enumerate(self.entries)}
        return [e for e, hay in zip(self.entries, self._hays, strict=True) if needle in hay]

    def _sorted(self) -> list[Entry]:
        """The entries in the order asked for (kept until the entries change)."""
        if self._sorted_by != self.order:
            if self.order == "date":  # newest first (a stable sort keeps the folder's order among equals)
                dated = sorted((e for e in self.entries if e.when), key=lambda e: e.when, reverse=True)
                self._in_order = dated + [e for e in self.entries if not e.when]
            else:
                self._in_order = sorted(self.entries, key=SORT_KEYS[self.order])
            self._sorted_by = self.order
        return self._in_order

    @on(ArticleRows.SortRequested)
    def next_order(self) -> None:
        """``o``: the next order of the list (by folder, date, title, outlet)."""
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self.border_title = "Articles" if self.order == "folder" else f"Articles by {self.order}"
        self.rebuild()

    def set_entries(self, entries: list[Entry], empty_message: str = "") -> None:
        self._sorted_by = ""
        self.entries = entries
        self._hays = None
        empty = self.query_one("#list-empty", Static)
        empty.update(Text(empty_message))
        empty.display = not entries
        self.options.display = bool(entries)
        self.rebuild()

    def rebuild(self) -> None:
        rows = self.options
        highlighted = rows.highlighted_path or self.current
        visible = self._visible()
        rows.labels = self.labels
        rows.current = self.current
        rows.set_rows(visible)
        if visible:
            index = rows.index_of(highlighted)
            rows.highlighted = index if index is not None else 0

    def refresh_entry(self, entry: Entry) -> None:
        """Redraw the row of ``entry``. The background loader calls this from its thread's batches, which
        may arrive while the app closes and the rows are already removed: then there is nothing to redraw."""
        self._sorted_by = ""  # its date, title or outlet may have changed: sorted again when next asked
        if self._hays is not None and (at := self._hay_at.get(entry.path)) is not None:
            self._hays[at] = entry.haystack  # its title may have changed
        for rows in self.query("#articles").results(ArticleRows):
            rows.refresh_row(entry.path)

    def set_current(self, path: str | None) -> None:
        rows = self.options
        previous, self.current = self.current, path
        rows.current = path
        for p in (previous, path):
            if p is not None:
                rows.refresh_row(p)
        index = rows.index_of(path)
        if index is not None:
            rows.highlighted = index

    def visible_paths(self) -> list[str]:
        return [e.path for e in self._visible()]

    # filter
    def open_filter(self) -> None:
        field = self.query_one("#list-filter", Input)
        field.display = True
        self.screen.set_focus(field)

    @on(Input.Changed, "#list-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.rebuild()

    @on(Input.Submitted, "#list-filter")
    def filter_done(self) -> None:
        self.options.focus()

    def close_filter(self) -> None:
        field = self.query_one("#list-filter", Input)
        if field.value:
            field.value = ""
        self.filter_text = ""
        field.display = False
        self.rebuild()
        self.options.focus()

    def on_key(self, event) -> None:
        if event.key == "escape" and self.query_one("#list-filter", Input).display:
            event.stop()
            self.close_filter()

    @on(ArticleRows.OpenRequested)
    def forward_open(self, event: ArticleRows.OpenRequested) -> None:
        event.stop()
        self.post_message(self.Opened(event.path))

