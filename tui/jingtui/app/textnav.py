"""Sentence and paragraph spans of a cleaned text, for the reader's motions (pure, no Textual).

Uses ``jingtui.util.segment`` when it is there (one segmentation for suggestions and motions);
otherwise a small splitter of its own: a sentence ends after 。！？!?；; or …… plus any closing quotes
and brackets, and never crosses a line end.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_END = re.compile(r"(?:[。！？!?；;]+|…+|\.{3,})[”’」』）)\]》\"']*")


def _own_sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        i = 0
        n = len(line)
        while i < n:
            # skip leading blanks
            while i < n and line[i] in " \t\u3000":
                i += 1
            if i >= n:
                break
            m = _END.search(line, i)
            end = m.end() if m else n
            spans.append((line_start + i, line_start + end))
            i = end
        pos += len(line) + 1
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Ordered, non-overlapping ``(start, end)`` spans of the sentences of ``text``."""
    try:
        from jingtui.util.segment import sentence_spans as core_spans
    except ImportError:
        return _own_sentence_spans(text)
    try:
        spans = [(int(a), int(b)) for a, b in (_as_pair(s) for s in core_spans(text))]
    except (TypeError, ValueError, IndexError):  # spans of a shape we do not understand: keep the reader working
        return _own_sentence_spans(text)
    return [s for s in spans if s[1] > s[0]] or _own_sentence_spans(text)


def _as_pair(span) -> tuple[int, int]:
    if isinstance(span, tuple | list):
        return span[0], span[1]
    return span.start, span.end


class Sentences:
    """Sentence spans with lookups by offset."""

    def __init__(self, text: str) -> None:
        self.spans = sentence_spans(text)
        self.starts = [s for s, _ in self.spans]

    def index_at(self, offset: int) -> int | None:
        """Index of the sentence containing ``offset`` (or the one just before it)."""
        if not self.spans:
            return None
        i = bisect_right(self.starts, offset) - 1
        return max(i, 0)

    def containing(self, offset: int) -> tuple[int, int] | None:
        i = self.index_at(offset)
        if i is None:
            return None
        start, end = self.spans[i]
        if start <= offset < end or (offset == end and offset > start):
            return start, end
        # offset in a gap (blank, line end): the next sentence if any, else this one
        if offset >= end and i + 1 < len(self.spans):
            return self.spans[i + 1]
        return start, end

    def next_start(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset)
        return self.starts[i] if i < len(self.starts) else None

    def previous_start(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset - 1) - 1
        return self.starts[i] if i >= 0 else None

    def next_end_after(self, offset: int) -> int | None:
        """End of the first sentence ending after ``offset``."""
        for _start, end in self.spans[max((self.index_at(offset) or 0), 0):]:
            if end > offset:
                return end
        return None


MAX_MATCHES = 5000


def find_matches(text: str, term: str) -> list[int]:
    """Starts of the non-overlapping matches of ``term`` in ``text`` (at most 5,000), case-insensitive and
    whatever the script: a Traditional query finds the Simplified text and the other way round
    (``clean.text_search``, the OpenCC wrapper's folding)."""
    from jingtui.clean.text_search import find_all

    return find_all(text, term, MAX_MATCHES)
