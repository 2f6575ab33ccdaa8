"""Counts in English sentences: ``counted(1, "warning")`` is "1 warning", ``counted(2, "warning")`` "2 warnings"."""

from __future__ import annotations

# Nouns whose plural is not the singular plus "s".
IRREGULAR = {"match": "matches", "entry": "entries", "passage": "passages", "child": "children", "index": "indexes",
             "category": "categories", "process": "processes", "box": "boxes", "is": "are", "was": "were",
             "has": "have"}


def plural(noun: str, n: int) -> str:
    """``noun`` as it goes with ``n`` (1 takes the singular, everything else, 0 included, the plural)."""
    if n == 1:
        return noun
    head, _, last = noun.rpartition(" ")
    word = IRREGULAR.get(last, last + "s")
    return f"{head} {word}" if head else word


def counted(n: int, noun: str) -> str:
    """``n`` with thousands separators and the noun agreeing with it: "1 claim", "12,000 claims", "0 files"."""
    return f"{n:,} {plural(noun, n)}"


__all__ = ["counted", "plural"]
