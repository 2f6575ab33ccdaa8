"""Finding a query in a text whatever the script of either: 經濟 finds 经济 and 经济 finds 經濟.

Both the text and the query are folded to Simplified script (``script.convert_line``, which keeps the
length, so offsets in the folded text are offsets in the text) and to lower case; the query's matches
are then plain substring matches. The folded form of a text is kept for the last few texts searched.
"""

from __future__ import annotations

from functools import lru_cache

from jingtui.clean.script import convert_line

MAX_MATCHES = 5000


def fold(text: str) -> str:
    """``text`` in Simplified script and lower case, of the same length (one character for one)."""
    folded = "\n".join(convert_line(line) for line in text.split("\n")).lower()
    return folded if len(folded) == len(text) else text.lower()


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    return fold(text)


def find_all(text: str, query: str, limit: int = MAX_MATCHES) -> list[int]:
    """The start offsets of ``query`` in ``text``, script and case folded, not overlapping, at most ``limit``."""
    if not query:
        return []
    haystack, needle = _folded(text), fold(query)
    found: list[int] = []
    i = haystack.find(needle)
    while i >= 0 and len(found) < limit:
        found.append(i)
        i = haystack.find(needle, i + max(1, len(needle)))
    return found


__all__ = ["MAX_MATCHES", "find_all", "fold"]
