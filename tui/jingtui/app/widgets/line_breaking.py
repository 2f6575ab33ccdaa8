"""Soft wrapping that keeps Chinese line-breaking rules: no line of a pane starts with 。or ，.

Textual's ``WrappedDocument`` breaks a line of Chinese wherever the width runs out, so a wrapped line
may start with closing punctuation. ``LineBreakingDocument`` wraps the same way, then moves each
forbidden break back (``util.linebreak.adjust_breaks``: the character before goes down with the
punctuation) and rebuilds Textual's maps from the new breaks. It relies on ``WrappedDocument``'s
internals of the pinned Textual version (``_wrap_offsets`` and the two maps built from them).
"""

from __future__ import annotations

from textual._wrap import compute_wrap_offsets
from textual.document._wrapped_document import WrappedDocument

from jingtui.util.linebreak import adjust_breaks, forbidden


class LineBreakingDocument(WrappedDocument):
    """A ``WrappedDocument`` whose breaks follow the Chinese line-breaking rules."""

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        super().wrap(width, tab_width)
        if not width:
            return
        tab = self._tab_width
        lines = self.document.lines
        changed = False
        offsets_by_line = self._wrap_offsets
        for index, breaks in enumerate(offsets_by_line):
            line = lines[index]
            if breaks and "\t" not in line and any(forbidden(line, b) for b in breaks):
                offsets_by_line[index] = adjust_breaks(
                    line, breaks, lambda rest: compute_wrap_offsets(rest, width, tab_size=tab))
                changed = True
        if changed:
            self._rebuild_maps()

    def _rebuild_maps(self) -> None:
        """``_offset_to_line_info`` and ``_line_index_to_offsets`` from ``_wrap_offsets`` (as ``wrap`` builds them)."""
        offset_to_line_info: list[tuple[int, int]] = []
        line_index_to_offsets: list[list[int]] = []
        current = 0
        for line_index, breaks in enumerate(self._wrap_offsets):
            offsets = []
            for section in range(len(breaks) + 1):
                offset_to_line_info.append((line_index, section))
                offsets.append(current)
                current += 1
            line_index_to_offsets.append(offsets)
        self._offset_to_line_info = offset_to_line_info
        self._line_index_to_offsets = line_index_to_offsets


__all__ = ["LineBreakingDocument"]
