"""A text's lines for the panes, as plain values (no Textual): offsets to (row, column) and back
(:class:`LineIndex`), and the spans a pane paints on each row (:class:`Decorations`)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Decorations:
    """Spans to paint, per line: ``{row: [(start_col, end_col, class), ...]}``; ``end_col`` None = to end."""

    spans: dict[int, list[tuple[int, int | None, str]]] = field(default_factory=dict)

    def add(self, row: int, start: int, end: int | None, cls: str) -> None:
        self.spans.setdefault(row, []).append((start, end, cls))


class LineIndex:
    """Offsets <-> (row, column) of a text with ``\\n`` line ends, in O(log n)."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts

    def location(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        row = bisect_right(self.starts, offset) - 1
        return row, offset - self.starts[row]

    def offset(self, row: int, col: int) -> int:
        row = max(0, min(row, len(self.starts) - 1))
        return min(self.starts[row] + col, len(self.text))

    def row_span(self, row: int) -> tuple[int, int]:
        start = self.starts[row]
        end = self.starts[row + 1] - 1 if row + 1 < len(self.starts) else len(self.text)
        return start, end

    def spans_by_row(self, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        """Yield (row, start_col, end_col) pieces of ``[start, end)`` split at line ends."""
        if end <= start:
            return
        row, col = self.location(start)
        last_row, last_col = self.location(end)
        while row < last_row:
            r_start, r_end = self.row_span(row)
            if r_end - r_start > col:
                yield row, col, r_end - r_start
            row, col = row + 1, 0
        if last_col > col:
            yield row, col, last_col
