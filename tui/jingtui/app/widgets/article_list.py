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
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

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


class ArticleOptions(OptionList):
    """The option list itself, with the list keys of the keymap."""

    BINDINGS = keymap.bindings("list")

    class OpenRequested(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class FilterRequested(Message):
        pass

    def action_open_highlighted(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id:
            self.post_message(self.OpenRequested(option.id))

    def action_filter(self) -> None:
        self.post_message(self.FilterRequested())


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
        yield ArticleOptions(id="articles")
        yield Static(id="list-empty")

    def on_mount(self) -> None:
        self.query_one("#list-filter", Input).display = False
        self.query_one("#list-empty", Static).display = False

    @property
    def options(self) -> ArticleOptions:
        return self.query_one("#articles", ArticleOptions)

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

    def _row_width(self) -> int:
        width = self.options.scrollable_content_region.width
        return max(width - 1, 0)

    def on_resize(self) -> None:
        if self.entries:
            self.call_after_refresh(self.rebuild)

    def set_entries(self, entries: list[Entry], empty_message: str = "") -> None:
        self.entries = entries
        empty = self.query_one("#list-empty", Static)
        empty.update(Text(empty_message))
        empty.display = not entries
        self.rebuild()

    def rebuild(self) -> None:
        options = self.options
        highlighted = options.highlighted_option.id if options.highlighted_option else self.current
        visible = self._visible()
        width = self._row_width()
        options.set_options(
            [Option(row_text(e, self.labels, e.path == self.current, width), id=e.path) for e in visible]
        )
        if visible:
            target = highlighted if highlighted in {e.path for e in visible} else visible[0].path
            options.highlighted = options.get_option_index(target)

    def refresh_entry(self, entry: Entry) -> None:
        try:
            self.options.replace_option_prompt(
                entry.path, row_text(entry, self.labels, entry.path == self.current, self._row_width())
            )
        except Exception:  # filtered out, or not listed yet
            pass

    def set_current(self, path: str | None) -> None:
        previous, self.current = self.current, path
        by_path = {e.path: e for e in self.entries}
        for p in (previous, path):
            if p in by_path:
                self.refresh_entry(by_path[p])
        if path is not None:
            try:
                self.options.highlighted = self.options.get_option_index(path)
            except Exception:
                pass

    def visible_paths(self) -> list[str]:
        return [e.path for e in self._visible()]

    # filter
    @on(ArticleOptions.FilterRequested)
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

    @on(ArticleOptions.OpenRequested)
    def forward_open(self, event: ArticleOptions.OpenRequested) -> None:
        event.stop()
        self.post_message(self.Opened(event.path))

    @on(OptionList.OptionSelected, "#articles")
    def clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(event.option.id))
