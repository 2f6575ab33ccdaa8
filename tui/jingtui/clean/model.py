"""The cleaned, Simplified text of an article and its map back to the original."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

# Line classes (ARCHITECTURE.md section 6 and testdata/line_labels).
LINE_CLASSES = ("title", "subtitle", "byline", "caption", "heading", "body", "image", "chrome")
# Classes whose text goes into CleanText.text; the rest are shown dimmed in the original pane.
KEPT_CLASSES = ("title", "subtitle", "heading", "body")


@dataclass(frozen=True)
class Paragraph:
    """One line of CleanText.text and where it came from."""

    start: int
    end: int  # exclusive, the "\n" is not included
    original_start: int
    original_end: int
    kind: str  # title | subtitle | heading | body


@dataclass(frozen=True)
class LineClass:
    """The class of one block of the original (for dimming, `removed`, and the reader's alignment)."""

    original_start: int
    original_end: int
    kind: str  # one of LINE_CLASSES
    rule: str = ""  # name of the rule that decided it


@dataclass(frozen=True)
class Warning:
    """Damaged or suspicious text, with spans in both texts."""

    start: int
    end: int
    kind: str  # replacement | private-use | entity | glued-question-mark | rare-run | mixed-script | pinyin-damaged
    message: str
    original_start: int = -1
    original_end: int = -1


@dataclass
class OffsetMap:
    """For every character of the cleaned text, its span ``[start, end)`` in the original.

    Stored as two parallel lists so lookups are O(1); a converted character maps to its Traditional
    source, a character that was inserted (none should be) maps to an empty span.
    """

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, index: int) -> tuple[int, int]:
        return self.starts[index], self.ends[index]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering cleaned ``[start, end)``; an empty range maps to a point."""
        n = len(self.starts)
        if n == 0:
            return 0, 0
        if end <= start:
            i = min(max(start, 0), n - 1)
            point = self.starts[i] if start < n else self.ends[n - 1]
            return point, point
        start = max(0, start)
        end = min(end, n)
        return self.starts[start], max(self.ends[start:end])

    def from_original(self, ostart: int, oend: int) -> tuple[int, int] | None:
        """The cleaned span whose characters lie inside original ``[ostart, oend)``, or None."""
        if not self.starts:
            return None
        # starts are non-decreasing (spans are in order), so bisect works.
        first = bisect_right(self.starts, ostart - 1)
        last = first
        n = len(self.starts)
        while last < n and self.ends[last] <= oend and self.starts[last] < oend:
            last += 1
        if last == first:
            return None
        return first, last


@dataclass
class CleanText:
    """What the reviewer reads and annotates.

    ``text``: Simplified script; title and subtitle, then headings and body paragraphs, one paragraph
    per line, ``\\n`` line ends only. Offsets of claims are code points into it.
    """

    text: str
    to_original: OffsetMap
    paragraphs: list[Paragraph] = field(default_factory=list)
    lines: list[LineClass] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    script: str = "simplified"  # simplified | traditional | unknown
    pipeline_version: str = ""

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def removed(self) -> list[LineClass]:
        return [line for line in self.lines if line.kind not in KEPT_CLASSES]
