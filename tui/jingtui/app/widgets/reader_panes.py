"""The original and the cleaned pane side by side, aligned paragraph by paragraph and scrolled together.

The pane the reviewer drives leads: moving or scrolling in the cleaned pane brings the original's
paragraph level with it, and the other way round while the original has the focus.
"""

from __future__ import annotations

from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import TextArea

from jingtui.app.painting import Alignment, align_paragraphs
from jingtui.app.widgets.text_panes import ArticlePane, CleanedPane, OriginalPane
from jingtui.clean.model import CleanText

PaneId = Literal["cleaned", "original"]


class ReaderPanes(Horizontal):
    """``OriginalPane`` (left) and ``CleanedPane`` (right), kept level with each other."""

    DEFAULT_CSS = """
    ReaderPanes {
        height: 1fr;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.alignment = Alignment()
        # kept, not queried: a late message (a scroll while the app shuts down) must find them
        self.original = OriginalPane(id="original")
        self.cleaned = CleanedPane(id="cleaned")

    def compose(self) -> ComposeResult:
        yield self.original
        yield self.cleaned

    def on_mount(self) -> None:
        self.original.border_title = "Original"
        self.cleaned.border_title = "Cleaned (Simplified)"

    def by_id(self, pane_id: PaneId) -> ArticlePane:
        return self.cleaned if pane_id == "cleaned" else self.original

    def id_of(self, pane: ArticlePane) -> PaneId:
        return "original" if pane is self.original else "cleaned"

    def toggle(self, pane_id: PaneId) -> None:
        """Hide or show one pane (never both hidden); the focus leaves a pane that is hidden."""
        pane, other = (self.original, self.cleaned) if pane_id == "original" else (self.cleaned, self.original)
        if pane.display and not other.display:
            return
        pane.display = not pane.display
        self.call_after_refresh(self.sync_from_cleaned)
        if not pane.display and self.screen.focused is pane:
            other.focus()

    def show(self, original: str, clean: CleanText | None) -> None:
        """Show an article's original text and its cleaned text (None: it has none), aligned."""
        self.original.set_text(original)
        self.cleaned.set_text(clean.text if clean is not None else "")
        if clean is None:
            self.alignment = Alignment()
        else:
            self.alignment = align_paragraphs(original, clean, self.original.index, self.cleaned.index)

    @on(TextArea.SelectionChanged)
    def _selection_changed(self, event: TextArea.SelectionChanged) -> None:
        if not self.app.screen_stack:  # shutting down
            return
        if event.text_area is self.cleaned:
            self.call_after_refresh(self.sync_from_cleaned)
        elif event.text_area is self.original:
            self.call_after_refresh(self.sync_from_original)

    @on(ArticlePane.Scrolled)
    def _scrolled(self, event: ArticlePane.Scrolled) -> None:
        # Only the pane the reviewer drives leads: no feedback loop between the two panes.
        if not self.app.screen_stack:  # shutting down
            return
        focused = self.screen.focused
        if event.pane is self.cleaned and focused is not self.original:
            self.sync_from_cleaned()
        elif event.pane is self.original and focused is self.original:
            self.sync_from_original()

    def sync_from_cleaned(self) -> None:
        """Scroll the original so the cursor's paragraph (or, when it is out of view, the top one) is at
        the same height as in the cleaned pane."""
        cleaned, original, rows = self.cleaned, self.original, self.alignment
        if not rows or not original.display or not cleaned.display:
            return
        row, screen_y = _row_in_view(cleaned)
        if row >= len(rows.start_rows):
            return
        original.scroll_row_to(rows.start_rows[row], screen_y, rows.start_cols[row])

    def sync_from_original(self) -> None:
        """When the reviewer moves in the original, bring the cleaned pane's paragraph level with it."""
        cleaned, original, rows = self.cleaned, self.original, self.alignment
        if not rows or not cleaned.display or not original.display:
            return
        orow, screen_y = _row_in_view(original)
        row = rows.cleaned_row_of(orow)
        screen_y -= orow - rows.start_rows[row] if orow >= rows.start_rows[row] else 0
        cleaned.scroll_row_to(row, screen_y)


def _row_in_view(pane: ArticlePane) -> tuple[int, int]:
    """The row of the pane's cursor and its height on the screen; the top row when the cursor is out of view."""
    row = pane.cursor_location[0]
    screen_y = pane.row_screen_y(row)
    if not 0 <= screen_y < pane.scrollable_content_region.height:
        row = pane.top_row()
        screen_y = pane.row_screen_y(row)
    return row, screen_y
