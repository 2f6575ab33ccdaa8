"""A selection made in the original text, mapped to the cleaned text through the offset map.

``map_original_selection(clean, start, end)`` gives the cleaned span made of the characters that came
from original ``[start, end)``, and the runs of that original range the cleaner removed (chrome, a
caption, pinyin, a byline: visible text with no cleaned character), with the classes of their lines, so
the reader can say in one sentence what a claim made from the selection would leave out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from jingtui.clean.model import CleanText

KIND_NAMES = {"chrome": "page furniture", "caption": "a caption", "byline": "a byline", "image": "an image",
              "title": "the title", "subtitle": "the subtitle", "heading": "a heading", "body": "body text"}


@dataclass(frozen=True)
class OriginalSelection:
    """``cleaned``: the cleaned span (None: nothing of the selection is in the cleaned text);
    ``removed``: original spans of visible text the cleaner left out; ``kinds``: their line classes."""

    start: int
    end: int
    cleaned: tuple[int, int] | None
    removed: tuple[tuple[int, int], ...] = ()
    kinds: tuple[str, ...] = ()

    @property
    def removed_chars(self) -> int:
        return sum(b - a for a, b in self.removed)

    def sentence(self) -> str:
        """One sentence for the status line when part (or all) of the selection was removed; else ""."""
        if not self.removed:
            return ""
        what = ", ".join(KIND_NAMES.get(k, k) for k in self.kinds) or "text"
        n = self.removed_chars
        chars = f"{n} character{'s' if n != 1 else ''}"
        if self.cleaned is None:
            return (f"The selection is text the cleaner removed ({what}, {chars}); it is in no cleaned text, so "
                    "nothing was tagged.")
        return (f"Part of the selection is text the cleaner removed ({what}, {chars}); only the rest is in the "
                "cleaned text.")


def map_original_selection(clean: CleanText, start: int, end: int, original: str | None = None) -> OriginalSelection:
    """Map original ``[start, end)`` to the cleaned text (see the module docstring).

    ``original`` (the article's original text) lets whitespace-only gaps count as not removed.
    """
    if end <= start:
        return OriginalSelection(start, end, None)
    starts, ends = clean.to_original.starts, clean.to_original.ends
    first = bisect_left(starts, start)
    while first > 0 and ends[first - 1] > start:
        first -= 1  # a cleaned character whose source begins before the selection and reaches into it
    last = bisect_left(starts, end)
    covered: list[tuple[int, int]] = []
    for i in range(first, last):
        a, b = max(starts[i], start), min(ends[i], end)
        if a < b:
            if covered and a <= covered[-1][1]:
                covered[-1] = (covered[-1][0], max(covered[-1][1], b))
            else:
                covered.append((a, b))
    indices = [i for i in range(first, last) if max(starts[i], start) < min(ends[i], end)]
    cleaned = (indices[0], indices[-1] + 1) if indices else None
    gaps: list[tuple[int, int]] = []
    at = start
    for a, b in covered:
        if a > at:
            gaps.append((at, a))
        at = max(at, b)
    if at < end:
        gaps.append((at, end))
    if original is not None:
        gaps = [g for g in (_trim(original, a, b) for a, b in gaps) if g is not None]
    kinds: list[str] = []
    lines = clean.lines
    line_starts = [line.original_start for line in lines]
    for a, b in gaps:
        k = bisect_right(line_starts, a) - 1
        while 0 <= k < len(lines) and lines[k].original_start < b:
            if lines[k].original_end > a and lines[k].kind not in kinds:
                kinds.append(lines[k].kind)
            k += 1
    return OriginalSelection(start, end, cleaned, tuple(gaps), tuple(kinds))


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


__all__ = ["OriginalSelection", "map_original_selection"]
