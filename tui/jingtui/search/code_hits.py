"""Coding the hits of a corpus search: the ticked rows of a :class:`~jingtui.search.index_scan.HitTable`
as :class:`~jingtui.store.session.Passage` s (widened to their clause or sentence), which
:meth:`~jingtui.store.session.AnnotationSession.tag_many` codes as one undoable change with origin
``search`` and the query in the claims' fields.

A hit is coded only on the text the reader shows: the cleaned text from the workspace's cache, which
must be the text the index holds (else the index is stale for that article and the hit is left out);
its offsets in the original come from that text's offset map.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from jingtui.clean.model import CleanText
from jingtui.search.index_scan import HitTable
from jingtui.search.kwic import Query
from jingtui.search.widen import Unit, widen
from jingtui.store.session import Passage

ORIGIN = "search"


@dataclass(frozen=True)
class Passages:
    """The passages to code, and the rows left out because their article's text changed since it was
    indexed (search again to code them)."""

    passages: list[Passage]
    stale: int = 0


def search_fields(query: Query) -> dict[str, Any]:
    """What a claim made from a search records of it (in ``fields``, beside the code's own values)."""
    return {"search": {"query": query.text, "regex": query.regex}}


def passages_of(table: HitTable, rows: Iterable[int], unit: Unit,
                clean_of: Callable[[str], CleanText | None] | None = None) -> Passages:
    """The rows of ``table`` as passages widened to ``unit``. ``clean_of(path)`` gives the article's
    CleanText as the reader shows it (for the hash and the original offsets); None when the article is
    gone or cannot be read (its rows are left out, as when its text is not the index's). Without
    ``clean_of`` the index's text is used and the original offsets are left unknown (-1)."""
    found: list[Passage] = []
    stale = 0
    texts: dict[int, tuple[str, str, CleanText | None]] = {}
    for i in sorted(set(rows)):
        rank = table.ranks[i]
        if rank not in texts:
            text = table.index.text(rank)
            clean = clean_of(table.index.articles[rank].path) if clean_of is not None else None
            if clean_of is not None and (clean is None or clean.text != text):
                texts[rank] = ("", "", None)
            else:
                digest = clean.sha256 if clean is not None else hashlib.sha256(text.encode("utf-8")).hexdigest()
                texts[rank] = (text, digest, clean)
        text, digest, clean = texts[rank]
        if not digest:
            stale += 1
            continue
        start, end = widen(text, table.starts[i], table.ends[i], unit)
        original = clean.to_original.to_original(start, end) if clean is not None else (-1, -1)
        found.append(Passage(table.path(i), text, digest, start, end, original))
    return Passages(found, stale)
