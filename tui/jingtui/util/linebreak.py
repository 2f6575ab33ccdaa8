"""Line-breaking rules for Chinese text (禁则): where a soft-wrapped line may not break.

A line never starts with closing punctuation (，。、；：！？ and closing brackets and quotation marks),
and never ends with an opening bracket or quotation mark. ``adjust_breaks`` takes the break offsets a
plain wrapper chose and moves each forbidden one back, so the character before it goes down with the
punctuation (the lines stay within their width); it re-wraps the rest of the line after each move.
"""

from __future__ import annotations

from collections.abc import Callable

# Closing punctuation: never the first character of a line.
NO_LINE_START = frozenset("，。、；：！？）」』”’》〉】〕］｝…‥·・%‰℃,.;:!?)]}>ー—～々〻ゝゞヽヾ")
# Opening punctuation: never the last character of a line.
NO_LINE_END = frozenset("（「『“‘《〈【〔［｛([{<")
# How far a break may move back before the rule gives way (a line of nothing but punctuation).
MAX_SHIFT = 3


def forbidden(line: str, at: int) -> bool:
    """Whether a break before ``line[at]`` would start a line with closing or end one with opening punctuation."""
    return line[at] in NO_LINE_START or line[at - 1] in NO_LINE_END


def adjust_breaks(line: str, breaks: list[int], rewrap: Callable[[str], list[int]]) -> list[int]:
    """``breaks`` (offsets into ``line``, ascending) with no line starting or ending in a forbidden place.

    ``rewrap(rest)`` gives the break offsets a plain wrapper would choose for ``rest`` (the text after a
    moved break, wrapped at the same width). A forbidden break moves back at most ``MAX_SHIFT``
    characters and never empties a line; where that finds no allowed place, the plain break stays.
    """
    out: list[int] = []
    previous = 0
    pending = list(breaks)
    while pending:
        plain = pending.pop(0)
        at = plain
        while forbidden(line, at) and at - 1 > previous and at > plain - MAX_SHIFT:
            at -= 1
        if forbidden(line, at):
            at = plain
        out.append(at)
        previous = at
        if at != plain:
            pending = [at + offset for offset in rewrap(line[at:])]
    return out


__all__ = ["MAX_SHIFT", "NO_LINE_END", "NO_LINE_START", "adjust_breaks", "forbidden"]
