"""What the line rules know about one block of an article: its text, gaps, indentation and links."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jingtui.clean.pinyin import strip_pinyin

# ---------------------------------------------------------------------------------------------
# Per-line facts


TERMINAL = "。！？!?；;…」』”\"'’）)】"
SENTENCE_PUNCT = "，。！？；：、,.!?;:"
_SPACE = " \t\u3000\u00a0\u2002\u2003\u200b\ufeff"


@dataclass
class Line:
    """What the rules know about one block."""

    index: int
    start: int  # span in the original (the block's span)
    end: int
    raw: str
    text: str  # stripped of surrounding space and of pinyin annotations
    kind: str  # the block kind from the reader: text | heading | image | caption | list
    tag: str = ""
    link_chars: int = 0
    container: str = ""
    gap_before: int = 0  # blank lines between the previous block and this one
    gap_after: int = 0
    indent: int = 0
    cls: str = ""
    rule: str = ""
    joins_next: bool = False
    _punct: int = -1

    @property
    def length(self) -> int:
        return len(self.text)

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.raw))

    @property
    def punct_count(self) -> int:
        if self._punct < 0:
            self._punct = sum(1 for ch in self.text if ch in SENTENCE_PUNCT)
        return self._punct

    @property
    def ends_terminal(self) -> bool:
        return bool(self.text) and self.text[-1] in TERMINAL


def _count_blank_lines(original: str, start: int, end: int) -> int:
    """Blank lines strictly between two blocks (``end`` of one, ``start`` of the next)."""
    if end <= start:
        return 0
    return max(0, original.count("\n", start, end) - 1)


def build_lines(original: str, blocks: Sequence[Any]) -> list[Line]:
    """One ``Line`` per block, with its gaps, indentation and text without pinyin."""
    lines: list[Line] = []
    prev_end = 0
    for index, block in enumerate(blocks):
        start = max(0, min(block.start, len(original)))
        end = max(start, min(block.end, len(original)))
        raw = original[start:end]
        text = strip_pinyin(raw.strip(_SPACE + "\r\n"))
        line_start = original.rfind("\n", 0, start) + 1
        indent = len(original[line_start:start]) + (len(raw) - len(raw.lstrip(_SPACE)))
        line = Line(
            index=index,
            start=start,
            end=end,
            raw=raw,
            text=text,
            kind=getattr(block, "kind", "text") or "text",
            tag=getattr(block, "tag", "") or "",
            link_chars=int(getattr(block, "link_chars", 0) or 0),
            container=str(getattr(block, "container", "") or ""),
            indent=indent,
        )
        gap = _count_blank_lines(original, prev_end, start) if index else original.count("\n", 0, start)
        line.gap_before = gap
        if lines:
            lines[-1].gap_after = gap
        lines.append(line)
        prev_end = end
    if lines:
        lines[-1].gap_after = original.count("\n", prev_end)
    return lines
