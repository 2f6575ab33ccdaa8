"""Reading actions of the app: sentence and paragraph motions, sentence selection, search.

A mixin of ``JingtuiApp``: it acts on the focused text pane (or the cleaned one) through the panes'
offset helpers; the keys are in ``keymap.py``.
"""

from __future__ import annotations

from textual.widgets import Input

from jingtui.app.widgets.text_panes import ArticlePane


class ReadingActions:
    """Motions and search; expects the app's ``_pane()``, ``redraw()``, ``say()`` and ``search_*``."""

    # ---- motions ------------------------------------------------------------------------------
    def action_sentence_next(self) -> None:
        pane = self._pane()
        target = pane.nav.next_start(pane.cursor_offset)
        if target is not None:
            pane.move_to_offset(target)

    def action_sentence_previous(self) -> None:
        pane = self._pane()
        target = pane.nav.previous_start(pane.cursor_offset)
        if target is not None:
            pane.move_to_offset(target)

    def action_paragraph_next(self) -> None:
        pane = self._pane()
        row = pane.cursor_location[0]
        for r in range(row + 1, len(pane.index.starts)):
            a, b = pane.index.row_span(r)
            if b > a:
                pane.move_to_offset(a)
                return

    def action_paragraph_previous(self) -> None:
        pane = self._pane()
        row, col = pane.cursor_location
        if col > 0:
            pane.move_to_offset(pane.index.row_span(row)[0])
            return
        for r in range(row - 1, -1, -1):
            a, b = pane.index.row_span(r)
            if b > a:
                pane.move_to_offset(a)
                return

    def action_select_sentence(self) -> None:
        pane = self._pane()
        start, end = pane.selection_offsets()
        if start == end:
            span = pane.nav.containing(pane.cursor_offset)
            if span is not None:
                pane.select_offsets(*span)
            return
        new_end = pane.nav.next_end_after(end)
        if new_end is not None:
            pane.select_offsets(start, new_end)

    # ---- search -------------------------------------------------------------------------------
    def action_search(self) -> None:
        pane = self._pane()
        self.search_pane_id = pane.id or "cleaned"
        field = self.query_one("#search", Input)
        field.display = True
        field.value = self.search_term
        field.focus()

    def _matches(self, pane: ArticlePane) -> list[int]:
        term = self.search_term
        if not term:
            return []
        text = pane.text.lower()
        needle = term.lower()
        found, i = [], text.find(needle)
        while i >= 0 and len(found) < 5000:
            found.append(i)
            i = text.find(needle, i + max(1, len(needle)))
        return found

    def _goto_match(self, pane: ArticlePane, *, forward: bool, include_current: bool = False) -> None:
        matches = self._matches(pane)
        if not matches:
            if self.search_term:
                self.say(f"Not found: {self.search_term}")
            return
        here = pane.selection_offsets()[0] if pane.selection.start != pane.selection.end else pane.cursor_offset
        if forward:
            after = [m for m in matches if (m >= here if include_current else m > here)]
            target = after[0] if after else matches[0]
        else:
            before = [m for m in matches if m < here]
            target = before[-1] if before else matches[-1]
        pane.select_offsets(target, target + len(self.search_term))
        self.redraw()

    def action_search_next(self) -> None:
        pane = self._pane()
        self.search_pane_id = pane.id or "cleaned"
        self._goto_match(pane, forward=True)

    def action_search_previous(self) -> None:
        pane = self._pane()
        self.search_pane_id = pane.id or "cleaned"
        self._goto_match(pane, forward=False)

    def action_escape(self) -> None:
        field = self.query_one("#search", Input)
        if field.display:
            field.display = False
            self.search_term = ""
            self.redraw()
            self.query_one(f"#{self.search_pane_id}", ArticlePane).focus()
            return
        pane = self._pane()
        if pane.selection.start != pane.selection.end:
            pane.cursor_location = pane.cursor_location
