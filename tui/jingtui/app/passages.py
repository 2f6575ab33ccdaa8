"""The reader's ``b`` key: bring a passage the rules removed back into the cleaned text, or send one out.

A mixin of ``ReaderScreen``. In the original pane, ``b`` on a removed (dimmed) passage brings it back,
on a kept one sends it out; with a selection there, every removed passage the selection touches comes
back. In the cleaned pane, ``b`` sends out the passage under the cursor. The work is
``jingtui.workspace.passages.change_passages`` (the choice saved with the article, the text cleaned
again, the claims re-anchored); here the screen shows the result and says what happened.

:meth:`PassageActions.bring_back_passages` is the entry point for other parts of the reader (a selection
over removed text in the original pane, say): original-text offsets in, True when the text changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from jingtui.app.articles import simplified_title
from jingtui.workspace.passages import Action, change_passages

if TYPE_CHECKING:
    from jingtui.app.screens.reader import ReaderScreen


class PassageActions:
    """``action_toggle_passage`` and ``bring_back_passages`` for the reader screen."""

    def _screen(self) -> ReaderScreen:
        return cast("ReaderScreen", self)

    def action_toggle_passage(self) -> None:
        """``b``: bring back or send out the passage under the cursor (see the module's docstring)."""
        screen = self._screen()
        entry = screen.catalog.get(screen.current)
        clean = entry.clean if entry is not None else None
        if entry is None or entry.article is None or clean is None:
            screen.say("No article here.")
            return
        pane = screen.pane()
        if pane is screen.original_pane:
            start, end = pane.selection_offsets()
            if end > start:
                self.change_passages(start, end, "bring-back")
                return
            self.change_passages(pane.cursor_offset, None, "toggle")
            return
        if not clean.text:
            screen.say("Nothing to send out: the cleaned text is empty.")
            return
        cursor = min(pane.cursor_offset, len(clean.text) - 1)
        self.change_passages(clean.to_original.span(cursor)[0], None, "send-out")

    def bring_back_passages(self, start: int, end: int) -> bool:
        """Bring every removed passage of the original at ``[start, end)`` back into the cleaned text of
        the article shown; True when the text changed."""
        return self.change_passages(start, end, "bring-back")

    def change_passages(self, start: int, end: int | None, action: Action) -> bool:
        """Change the passages at original ``[start, end)``, show the new text, say what happened."""
        screen = self._screen()
        path = screen.current
        entry = screen.catalog.get(path)
        if path is None or entry is None or entry.article is None or entry.clean is None:
            return False
        store = screen.jingtui.store
        if store is not None and store.read_only:
            screen.say("The database is read only: the cleaned text cannot be changed.")
            return False
        try:
            change = change_passages(screen.catalog.cleaner, store, entry.article, entry.clean, start, end, action)
        except Exception as exc:  # noqa: BLE001 - edge: the text stays as it was, and the reviewer is told why
            screen.notify(f"The cleaned text could not be changed: {exc}", severity="error", markup=False)
            return False
        if not change.changed:
            screen.say("Nothing to bring back or send out here (b in the original pane, on a dimmed passage).")
            return False
        original_pane = screen.original_pane
        at = original_pane.cursor_offset
        focused_original = screen.focused is original_pane
        entry.clean, entry.overrides = change.clean, change.overrides
        entry.title = simplified_title(entry.article, change.clean)
        screen.show_article(path, restore=False)
        original_pane.move_to_offset(at, center=True)
        if focused_original:
            original_pane.focus()
        screen.call_after_refresh(screen.panes.sync_from_original)
        moved = f" {change.report.moved} claims moved." if change.report and change.report.moved else ""
        if change.what == "kept":
            screen.say("Brought back into the cleaned text (b on it again sends it out)." + moved)
        else:
            screen.say("Sent out of the cleaned text (b on it in the original brings it back)." + moved)
        return True


__all__ = ["PassageActions"]
