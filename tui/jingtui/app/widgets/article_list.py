"""The article list: title (Simplified), outlet, date, claim counts per label, done mark, warning sign.

Typing ``/`` opens a filter above the list; the list keeps the row of each article under its path as
option id, so rows can be refreshed one by one while articles are read and cleaned in the background.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from jingtui.app import keymap
from jingtui.app.services import Entry

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
    meta = []
    article = entry.article
    if article is not None:
        if article.meta.source:
            meta.append(article.meta.source)
        if article.meta.date:
            meta.append(article.meta.date)
        if not meta:
            meta.append(entry.path)
    elif entry.error:
        meta.append(entry.error)
    else:
        meta.append(entry.path)
    counts_text = Text()
    counts = [(label, entry.counts.get(label, 0)) for label in labels if entry.counts.get(label, 0)]
    extra = sum(n for label, n in entry.counts.items() if label not in labels)
    for label, n in counts:
        counts_text.append(f"{LABEL_LETTERS.get(label, label[:1].upper())}{n} ", style=LABEL_STYLES.get(label, "bold"))
    if extra:
        counts_text.append(f"+{extra} ", style="bold")
    # counts first, so a narrow list still shows them
    line.append("  ")
    line.append_text(counts_text)
    line.append(" · ".join(m.replace("\n", " ") for m in meta), style="dim")
    return line


class ArticleRows(ScrollView, can_focus=True):
    """The rows of the list, drawn line by line (two lines per article), so a thousand articles cost
    no more than the twenty on screen."""

    BINDINGS = keymap.bindings("list") + [
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
    ]
    COMPONENT_CLASSES = {"rows--highlight", "rows--highlight-blurred"}
    ROW_HEIGHT = 2

    class OpenRequested(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class FilterRequested(Message):
        pass

    def __init__(self, labels: tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.labels = labels
        self.rows: list[Entry] = []
        self.current: str | None = None
        self._highlighted: int | None = None
        self._cache: dict[tuple, list[Strip]] = {}

    # -- content
    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def option_count(self) -> int:  # the name OptionList uses
        return len(self.rows)

    def set_rows(self, rows: list[Entry]) -> None:
        self.rows = rows
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(rows) * self.ROW_HEIGHT)
        if not rows:
            self._highlighted = None
        elif self._highlighted is None or self._highlighted >= len(rows):
            self._highlighted = 0
        self.refresh()

    def refresh_row(self, path: str) -> None:
        for key in [k for k in self._cache if k[0] == path]:
            del self._cache[key]
        index = self.index_of(path)
        if index is not None:
            self.refresh(Region(0, index * self.ROW_HEIGHT - int(self.scroll_y), self.size.width, self.ROW_HEIGHT))

    def index_of(self, path: str | None) -> int | None:
        for i, entry in enumerate(self.rows):
            if entry.path == path:
                return i
        return None

    def prompt_at(self, index: int) -> Text:
        entry = self.rows[index]
        return row_text(entry, self.labels, entry.path == self.current, self._width())

    def get_option_at_index(self, index: int):  # the name OptionList uses, for tests
        from types import SimpleNamespace

        return SimpleNamespace(prompt=self.prompt_at(index), id=self.rows[index].path)

    # -- highlight
    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None and self.rows:
            index = max(0, min(index, len(self.rows) - 1))
        elif not self.rows:
            index = None
        old, self._highlighted = self._highlighted, index
        for i in (old, index):
            if i is not None and i < len(self.rows):
                self.refresh_row(self.rows[i].path)
        if index is not None:
            self.scroll_to_region(
                Region(0, index * self.ROW_HEIGHT, max(self.size.width, 1), self.ROW_HEIGHT),
                animate=False,
                force=True,
            )

    @property
    def highlighted_path(self) -> str | None:
        i = self._highlighted
        return self.rows[i].path if i is not None and i < len(self.rows) else None

    def action_cursor_down(self) -> None:
        if self.rows:
            self.highlighted = 0 if self._highlighted is None else self._highlighted + 1

    def action_cursor_up(self) -> None:
        if self.rows:
            self.highlighted = 0 if self._highlighted is None else self._highlighted - 1

    def action_page_down(self) -> None:
        step = max(1, self.scrollable_content_region.height // self.ROW_HEIGHT - 1)
        self.highlighted = (self._highlighted or 0) + step

    def action_page_up(self) -> None:
        step = max(1, self.scrollable_content_region.height // self.ROW_HEIGHT - 1)
        self.highlighted = (self._highlighted or 0) - step

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.rows) - 1

    def action_open_highlighted(self) -> None:
        path = self.highlighted_path
        if path:
            self.post_message(self.OpenRequested(path))

    def action_filter(self) -> None:
        self.post_message(self.FilterRequested())

    def on_click(self, event) -> None:
        index = (event.y + int(self.scroll_y)) // self.ROW_HEIGHT
        if 0 <= index < len(self.rows):
            self.highlighted = index
            self.post_message(self.OpenRequested(self.rows[index].path))

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    # -- drawing
    def _width(self) -> int:
        return max(self.scrollable_content_region.width - 1, 0)

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.rows) * self.ROW_HEIGHT)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        absolute = y + int(self.scroll_y)
        index, sub = divmod(absolute, self.ROW_HEIGHT)
        base = self.rich_style
        if index >= len(self.rows) or width <= 0:
            return Strip.blank(width, base)
        entry = self.rows[index]
        highlighted = index == self._highlighted
        key = (entry.path, width, highlighted, self.has_focus, entry.path == self.current)
        strips = self._cache.get(key)
        if strips is None:
            text = self.prompt_at(index)
            style = base
            if highlighted:
                cls = "rows--highlight" if self.has_focus else "rows--highlight-blurred"
                style = base + self.get_component_rich_style(cls)
            console = self.app.console
            strips = []
            for line in text.split("\n", allow_blank=True)[: self.ROW_HEIGHT]:
                line.no_wrap = True
                segments = list(line.render(console))
                strip = Strip(segments).apply_style(style).adjust_cell_length(width, style)
                strips.append(strip.crop(0, width))
            while len(strips) < self.ROW_HEIGHT:
                strips.append(Strip.blank(width, style))
            self._cache[key] = strips
        return strips[sub]


class ArticleList(Vertical):
    """Filter input, the option list, and an empty state."""

    class Opened(Message):
        """The reviewer asked to open an article (enter on a row)."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def __init__(self, labels: tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.labels = labels
        self.entries: list[Entry] = []
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
        if not needle:
            return list(self.entries)
        return [
            e
            for e in self.entries
            if needle in e.display_title.lower()
            or needle in e.path.lower()
            or (e.article is not None and needle in (e.article.meta.title or "").lower())
        ]

    def set_entries(self, entries: list[Entry], empty_message: str = "") -> None:
        self.entries = entries
        empty = self.query_one("#list-empty", Static)
        empty.update(Text(empty_message))
        empty.display = not entries
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
        self.options.refresh_row(entry.path)

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
    @on(ArticleRows.FilterRequested)
    def open_filter(self) -> None:
        field = self.query_one("#list-filter", Input)
        field.display = True
        field.focus()

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

