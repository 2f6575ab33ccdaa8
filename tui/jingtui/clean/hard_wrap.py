"""Hard-wrapped text: paragraphs cut into lines of a fixed width, put back together for the rules.

Old pages, mailing lists and forum posts often carry text wrapped at a fixed number of columns (72
to 76 is common; a Han character takes two). Each cut line alone is too short to read as prose, so
the rules would take the body for captions. Here:

* ``wrap_width`` finds the page's wrap width: a width (in columns) that many text lines reach almost
  exactly, and none of the long lines exceed by much;
* ``wrap_groups`` groups consecutive lines where each but the last is cut at that width (a line ending
  a sentence well short of the width ends its paragraph, and so does a blank line);
* ``merged_lines`` makes one ``Line`` of each group for the classifier, and ``spread_classes`` gives
  each block of a group its group's class back, joined to the next so the paragraph is whole.

Blocks stay blocks (spans, keys of overrides, the original pane are untouched).
"""

from __future__ import annotations

import unicodedata

from jingtui.clean.line_facts import Line
from jingtui.clean.model import KEPT_CLASSES

MIN_WIDTH, MAX_WIDTH = 56, 100  # columns a wrap width may have
MIN_WRAPPED = 6  # lines at the wrap width before a page counts as hard-wrapped
SHARE = 0.3  # of the lines of ten characters or more
SLACK = 3  # a cut line may stop this many columns short of the width (a wide character did not fit)
INDENT_SLACK = 10  # ... or this many when it does not end a sentence (a first line, indented)


def columns(text: str) -> int:
    """Display width: two columns for wide and full-width characters, one for the rest."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _width(line: Line) -> int:
    return line.indent + columns(line.text)


def wrap_width(lines: list[Line]) -> int | None:
    """The width the page's text is wrapped at, or None when it is not hard-wrapped."""
    widths = [_width(ln) for ln in lines if ln.kind == "text" and len(ln.text) >= 10]
    if len(widths) < MIN_WRAPPED:
        return None
    counts: dict[int, int] = {}
    for w in widths:
        if MIN_WIDTH - 2 <= w <= MAX_WIDTH:
            counts[w] = counts.get(w, 0) + 1
    best, best_count = None, 0
    for width in range(MIN_WIDTH, MAX_WIDTH + 1):
        count = counts.get(width, 0) + counts.get(width - 1, 0) + counts.get(width - 2, 0)
        if count > best_count:
            best, best_count = width, count
    if best is None or best_count < MIN_WRAPPED or best_count < SHARE * len(widths):
        return None
    longer = sum(1 for w in widths if w > best + 2)
    if longer > best_count:  # most long lines run past it: paragraphs that happen to be this long
        return None
    return best


def _cut(line: Line, width: int) -> bool:
    """Cut at the width: it reaches the width, or nearly does without ending a sentence."""
    w = _width(line)
    if w > width + 2:
        return False
    return w >= width - SLACK or (w >= width - INDENT_SLACK and not line.ends_terminal)


def wrap_groups(lines: list[Line]) -> list[list[int]]:
    """Runs of consecutive text lines that are one hard-wrapped paragraph (only runs of two or more)."""
    width = wrap_width(lines)
    if width is None:
        return []
    groups: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if current:
            prev = lines[current[-1]]
            if line.kind == "text" and line.text and prev.gap_after == 0 and _cut(prev, width) \
                    and line.container == prev.container:
                current.append(i)
                continue
            if len(current) > 1:
                groups.append(current)
        current = [i] if line.kind == "text" and line.text else []
    if len(current) > 1:
        groups.append(current)
    return groups


def merged_lines(original: str, lines: list[Line], groups: list[list[int]]) -> tuple[list[Line], list[list[int]]]:
    """One Line per group (and per line outside any group), and the members of each."""
    first_of = {g[0]: g for g in groups}
    inside = {i for g in groups for i in g[1:]}
    merged: list[Line] = []
    members: list[list[int]] = []
    for i, line in enumerate(lines):
        if i in inside:
            continue
        group = first_of.get(i, [i])
        head, tail = lines[group[0]], lines[group[-1]]
        if len(group) == 1:
            one = Line(**{**line.__dict__, "index": len(merged), "_punct": -1})
        else:
            one = Line(index=len(merged), start=head.start, end=tail.end, raw=original[head.start : tail.end],
                       text="".join(lines[j].text for j in group), kind=head.kind, tag=head.tag,
                       link_chars=sum(lines[j].link_chars for j in group), container=head.container,
                       gap_before=head.gap_before, gap_after=tail.gap_after, indent=head.indent)
        merged.append(one)
        members.append(group)
    return merged, members


def spread_classes(lines: list[Line], merged: list[Line], members: list[list[int]]) -> None:
    """Each block gets its merged line's class; the blocks of a kept paragraph join up (in place)."""
    for one, group in zip(merged, members, strict=True):
        for k, j in enumerate(group):
            line = lines[j]
            line.cls, line.rule = one.cls, one.rule if len(group) == 1 else one.rule + "+wrapped"
            last = k == len(group) - 1
            line.joins_next = one.joins_next if last else one.cls in KEPT_CLASSES


__all__ = ["columns", "merged_lines", "spread_classes", "wrap_groups", "wrap_width"]
