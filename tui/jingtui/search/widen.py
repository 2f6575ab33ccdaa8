"""Widening a hit to the clause or the sentence around it, with the reader's units
(:mod:`jingtui.util.segment`): coding every hit of a search codes whole clauses or sentences.

Sentences and clauses never cross a line end, so only the hit's line is segmented (an article of
thousands of characters costs its one paragraph).
"""

from __future__ import annotations

from typing import Literal

from jingtui.util.segment import clause_spans, sentence_spans

Unit = Literal["hit", "clause", "sentence"]
UNITS: tuple[Unit, ...] = ("hit", "clause", "sentence")


def widen(text: str, start: int, end: int, unit: Unit) -> tuple[int, int]:
    """``start:end`` of ``text`` widened to the clauses or sentences it touches (the hit itself for
    ``hit``, or where no unit holds it); never narrower than the hit, never across a line end it did
    not cross."""
    if unit == "hit" or not 0 <= start < end <= len(text):
        return start, end
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if line_end < end:  # the hit holds a line end: widen each end on its own line
        first = widen(text, start, text.find("\n", start), unit)[0] if text[start] != "\n" else start
        last = widen(text, text.rfind("\n", 0, end) + 1, end, unit)[1] if text[end - 1] != "\n" else end
        return min(first, start), max(last, end)
    line = text[line_start:line_end]
    spans = clause_spans(line) if unit == "clause" else sentence_spans(line)
    s, e = start - line_start, end - line_start
    touched = [(a, b) for a, b in spans if a < e and s < b]
    if not touched:
        return start, end
    return line_start + min(touched[0][0], s), line_start + max(touched[-1][1], e)
