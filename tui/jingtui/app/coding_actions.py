"""The reader's codebook keys: tag with a code, the picker, the codebook panel, fields and variables.

A mixin of ``ReaderScreen``; the work is the coding controller's (``jingtui.app.coding``) and the
annotator's, here only the actions the keymap names and what follows a change of codebook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from jingtui.app.painting import ClaimPieces

if TYPE_CHECKING:
    from jingtui.app.screens.reader import ReaderScreen


class CodingActions:
    """The codebook's actions of the reader screen."""

    def _reader(self) -> ReaderScreen:
        return cast("ReaderScreen", self)

    def codebook_changed(self) -> None:
        """The codebook was changed or read again: its keys, the list's counts and the colours follow."""
        screen = self._reader()
        screen.coding.bind_keys()
        screen.article_list.labels = screen.labels
        screen.reload_counts()
        screen._claim_pieces = ClaimPieces()
        if screen.current is not None:
            screen.after_change()

    def action_tag_code(self, code_id: str) -> None:
        self._reader().annotator.tag_label(code_id)

    def action_pick_code(self) -> None:
        self._reader().coding.pick()

    def action_codebook_panel(self) -> None:
        self._reader().coding.panel()

    def action_claim_fields(self) -> None:
        self._reader().coding.claim_fields()

    def action_article_variables(self) -> None:
        self._reader().coding.article_variables()
