"""What the reader's search and warning keys do: find a term in a text pane, go to the next warning,
go to what the corpus view asked for.

A ``Finder`` belongs to one ``ReaderScreen`` (its host): the host keeps the search term (reactive: its
matches are painted by the host's redraw); the finder keeps which pane is searched and moves the
cursor there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jingtui.app.widgets.reader_panes import PaneId
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.app.screens.corpus_view import ReaderRequest
    from jingtui.app.screens.reader import ReaderScreen

SHOWN_WARNINGS = 12  # warnings listed in the notification; the rest are counted


class Finder:
    """The search and warning actions of one reader screen."""

    def __init__(self, host: ReaderScreen) -> None:
        self.host = host
        self.pane_id: PaneId = "cleaned"  # the pane searched (the one focused when the search began)

    def open_search(self) -> None:
        """Show the search field, with the last term, for the pane the keys act on."""
        host = self.host
        self.pane_id = host.panes.id_of(host.pane())
        field = host.search_field
        field.display = True
        field.value = host.search_term
        host.set_focus(field)  # now: the keys typed right after / are the field's (see keymap's priority)

    def submitted(self) -> None:
        """Enter in the search field: back to the pane, the first match from the cursor selected."""
        host = self.host
        host.search_field.display = False
        pane = host.panes.by_id(self.pane_id)
        pane.focus()
        self._select(forward=True, include_current=True)

    def goto_match(self, *, forward: bool) -> None:
        """``n`` / ``N``: the next or previous match in the pane the keys act on."""
        self.pane_id = self.host.panes.id_of(self.host.pane())
        self._select(forward=forward)

    def _select(self, *, forward: bool, include_current: bool = False) -> None:
        host, term = self.host, self.host.search_term
        if host.panes.by_id(self.pane_id).select_match(term, forward=forward, include_current=include_current):
            host.redraw()
        elif term:
            host.say(f"Not found: {term}")

    def escape(self) -> None:
        """Close the search field (forgetting the term), else clear the selection."""
        host = self.host
        if host.search_field.display:
            host.search_field.display = False
            host.search_term = ""
            host.panes.by_id(self.pane_id).focus()
            return
        pane = host.pane()
        if pane.selection.start != pane.selection.end:
            pane.cursor_location = pane.cursor_location

    def open_request(self, request: ReaderRequest | None) -> None:
        """Show the article the corpus view asked for, at its claim or offset, with suggestions if asked."""
        host = self.host
        if request is None or request.path not in host.entries:
            return
        if request.suggestions:
            host.suggestions_shown = True
        host.show_article(request.path, focus="cleaned")
        offset = request.offset
        if request.claim_id:
            claim = next((c for c in host.claims if c.id == request.claim_id), None)
            if claim is not None:
                offset = claim.start
        if offset >= 0:
            host.cleaned_pane.move_to_offset(offset, center=True)

    def next_warning(self) -> None:
        """List the article's warnings (and the codebook's keys that cannot tag) and move the cursor to
        the article's next warning (wrapping around)."""
        host = self.host
        clean = host.current_clean()
        keys = [f"codebook: {clash.sentence()}" for clash in host.coding.key_clashes]
        if clean is None or not clean.warnings:
            if keys:
                host.notify("\n".join(keys), title=counted(len(keys), "warning"), timeout=12, markup=False)
            else:
                host.say("No warnings in this article.")
            return
        warnings = clean.warnings
        lines = [f"{w.kind}: {w.message} «{clean.text[w.start:w.end]}»" for w in warnings[:SHOWN_WARNINGS]]
        if len(warnings) > SHOWN_WARNINGS:
            lines.append(f"… and {len(warnings) - SHOWN_WARNINGS} more")
        title = counted(len(warnings) + len(keys), "warning")
        host.notify("\n".join(lines + keys), title=title, timeout=12, markup=False)
        pane = host.cleaned_pane
        after = [w.start for w in warnings if w.start > pane.cursor_offset]
        pane.move_to_offset(after[0] if after else warnings[0].start, center=True)
