"""A list drawn line by line (Textual's line API): only the rows on screen are ever rendered.

OptionList renders every option to measure it, which costs seconds for a thousand articles and a
full layout on every change; this list has fixed-height rows, so changing one row repaints one row.
Subclasses give ``prompt_at(index) -> Text`` and ``row_key(index)`` and react to ``chosen(index)``.
"""

from __future__ import annotations

from types import SimpleNamespace

from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from jingtui.app import keymap


class LineList(ScrollView, can_focus=True):
    """Rows of ``ROW_HEIGHT`` lines with a highlighted row; enter or a click chooses it."""

    BINDINGS = keymap.bindings("lines")
    COMPONENT_CLASSES = {"rows--highlight", "rows--highlight-blurred"}
    DEFAULT_CSS = """
    LineList > .rows--highlight {
        background: $primary 45%;
        text-style: bold;
    }
    LineList > .rows--highlight-blurred {
        background: $primary 20%;
    }
    """
    ROW_HEIGHT = 1

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list = []
        self._highlighted: int | None = None
        self._cache: dict[tuple, list[Strip]] = {}

    # -- for subclasses
    def prompt_at(self, index: int) -> Text:
        return Text(str(self.rows[index]))

    def row_key(self, index: int) -> str:
        return str(index)

    def chosen(self, index: int) -> None:
        """Enter or a click on row ``index``."""

    # -- content
    @property
    def row_count(self) -> int:
        return len(self.rows)

    option_count = row_count  # the name OptionList uses

    def set_rows(self, rows: list) -> None:
        self.rows = rows
        self._cache.clear()
        self._set_virtual_height(len(rows) * self.ROW_HEIGHT)
        if not rows:
            self._highlighted = None
        elif self._highlighted is None or self._highlighted >= len(rows):
            self._highlighted = 0
        self.refresh()

    def _set_virtual_height(self, height: int) -> None:
        """Change the scrollable height; a full relayout only when the scrollbar comes or goes."""
        size = Size(self.size.width, height)
        if size == self.virtual_size:
            return
        visible = self.scrollable_content_region.height
        if self.size.height and (self.virtual_size.height > visible) == (height > visible):
            self.set_reactive(LineList.virtual_size, size)
            self._refresh_scrollbars()
            self.refresh()
        else:
            self.virtual_size = size

    def index_of_key(self, key: str | None) -> int | None:
        for i in range(len(self.rows)):
            if self.row_key(i) == key:
                return i
        return None

    def refresh_index(self, index: int) -> None:
        key = self.row_key(index)
        for cached in [k for k in self._cache if k[0] == key]:
            del self._cache[cached]
        top = index * self.ROW_HEIGHT - int(self.scroll_y)
        self.refresh(Region(0, top, self.size.width, self.ROW_HEIGHT))

    def get_option_at_index(self, index: int):  # the name OptionList uses
        return SimpleNamespace(prompt=self.prompt_at(index), id=self.row_key(index))

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
                self.refresh_index(i)
        if index is not None:
            self.scroll_to_region(
                Region(0, index * self.ROW_HEIGHT, max(self.size.width, 1), self.ROW_HEIGHT),
                animate=False,
                force=True,
            )

    def action_cursor_down(self) -> None:
        if self.rows:
            self.highlighted = 0 if self._highlighted is None else self._highlighted + 1

    def action_cursor_up(self) -> None:
        if self.rows:
            self.highlighted = 0 if self._highlighted is None else self._highlighted - 1

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.ROW_HEIGHT - 1)

    def action_page_down(self) -> None:
        self.highlighted = (self._highlighted or 0) + self._page()

    def action_page_up(self) -> None:
        self.highlighted = (self._highlighted or 0) - self._page()

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.rows) - 1

    def action_choose(self) -> None:
        if self._highlighted is not None and self._highlighted < len(self.rows):
            self.chosen(self._highlighted)

    def on_click(self, event) -> None:
        index = (event.y + int(self.scroll_y)) // self.ROW_HEIGHT
        if 0 <= index < len(self.rows):
            self.highlighted = index
            self.chosen(index)

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    # -- drawing
    def text_width(self) -> int:
        return max(self.scrollable_content_region.width - 1, 0)

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.rows) * self.ROW_HEIGHT)

    def cache_extra(self, index: int) -> tuple:
        """Anything else the look of row ``index`` depends on."""
        return ()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, sub = divmod(y + int(self.scroll_y), self.ROW_HEIGHT)
        if index >= len(self.rows) or width <= 0:
            return Strip.blank(width, self.rich_style)
        highlighted = index == self._highlighted
        key = (self.row_key(index), width, highlighted, self.has_focus, *self.cache_extra(index))
        strips = self._cache.get(key)
        if strips is None:
            base = self.rich_style  # ~40 us (it walks up the DOM): only for a row not drawn before
            style = base
            if highlighted:
                cls = "rows--highlight" if self.has_focus else "rows--highlight-blurred"
                style = base + self.get_component_rich_style(cls)
            console = self.app.console
            strips = []
            for line in self.prompt_at(index).split("\n", allow_blank=True)[: self.ROW_HEIGHT]:
                segments = list(line.render(console))
                strips.append(Strip(segments).apply_style(style).adjust_cell_length(width, style).crop(0, width))
            while len(strips) < self.ROW_HEIGHT:
                strips.append(Strip.blank(width, style))
            self._cache[key] = strips
        return strips[sub]
