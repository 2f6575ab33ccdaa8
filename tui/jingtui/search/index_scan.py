"""Finding a query's hits in a :class:`~jingtui.search.text_index.TextIndex`, and the hits as a table.

A plain query is searched over each chunk's whole text by the regular-expression engine (in C), and each
match is placed in its article by the chunk's layout: the separator between articles is in no plain
query, so no match crosses two articles and the hits are those of each article searched alone. A
regular expression (which could match the separator, or anchor at a chunk's ends) is searched article
by article. The hits stay three arrays (article rank, start, end); a :class:`HitTable` makes a
:class:`~jingtui.search.kwic.Hit` with its context only for the rows asked for, so 500,000 hits cost
three arrays, not 500,000 objects.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from jingtui.search.index_file import SEPARATOR
from jingtui.search.kwic import UNKNOWN_MONTH, Hit, Query, SortKey, month_of
from jingtui.search.text_index import NO_CHUNK, TextIndex

# keep(rank) -> whether the article's hits count; inside(rank, start, end) -> whether that hit counts
ArticleFilter = Callable[[int], bool]
HitFilter = Callable[[int, int, int], bool]


def _flat(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


@dataclass
class HitTable:
    """The hits of a query in an index: ``ranks[i]`` (the article's rank in the index), ``starts[i]``,
    ``ends[i]`` (code points in its cleaned text), in the order of :attr:`order`."""

    index: TextIndex
    query: Query
    ranks: array[int]
    starts: array[int]
    ends: array[int]

    def __len__(self) -> int:
        return len(self.ranks)

    def path(self, i: int) -> str:
        return str(self.index.articles[self.ranks[i]].path)

    def hit(self, i: int, width: int | None = None) -> Hit:
        """Row ``i`` with its context (``width`` characters on each side; the query's by default)."""
        width = self.query.width if width is None else width
        a = self.index.articles[self.ranks[i]]
        text = self.index.chunks[a.chunk] if a.chunk != NO_CHUNK else ""
        s, e = a.offset + self.starts[i], a.offset + self.ends[i]
        left = text[max(a.offset, s - width):s]
        right = text[e:min(a.offset + a.length, e + width)]
        return Hit(a.path, self.starts[i], self.ends[i], _flat(left), _flat(text[s:e]), _flat(right), a.title, a.date)

    def hits(self, start: int = 0, stop: int | None = None) -> list[Hit]:
        stop = len(self) if stop is None else min(stop, len(self))
        return [self.hit(i) for i in range(max(0, start), stop)]

    def __iter__(self) -> Iterator[Hit]:
        return (self.hit(i) for i in range(len(self)))

    @property
    def per_article(self) -> dict[str, int]:
        """Hits per article path, in corpus order."""
        counts = Counter(self.ranks)
        return {self.index.articles[r].path: counts[r] for r in sorted(counts)}

    def most_hit(self, n: int) -> list[tuple[str, str, int]]:
        """The ``n`` articles with most hits: path, title, hits (most first, then corpus order)."""
        counts = Counter(self.ranks)
        ranks = sorted(counts, key=lambda r: (-counts[r], r))[:n]
        return [(self.index.articles[r].path, self.index.articles[r].title, counts[r]) for r in ranks]

    @property
    def per_month(self) -> dict[str, int]:
        """Hits per month (``YYYY-MM`` of the article's date, ``unknown`` last)."""
        months: Counter[str] = Counter()
        for rank, n in Counter(self.ranks).items():
            months[month_of(self.index.articles[rank].date)] += n
        return {m: months[m] for m in sorted(months, key=lambda m: (m == UNKNOWN_MONTH, m))}

    def sorted_by(self, key: SortKey) -> HitTable:
        """The same hits by article (corpus order, then position), by left context read from the hit
        outwards, or by right context (ties by article and position)."""
        n = len(self)
        if key == "article":
            order = sorted(range(n), key=lambda i: (self.ranks[i], self.starts[i]))
        else:
            wide = self.query.width
            if key == "left":
                def context(i: int) -> str:
                    return self.hit(i, wide).left[::-1]
            else:
                def context(i: int) -> str:
                    return self.hit(i, wide).right
            order = sorted(range(n), key=lambda i: (context(i), self.path(i), self.starts[i]))
        return HitTable(self.index, self.query, array("l", (self.ranks[i] for i in order)),
                        array("l", (self.starts[i] for i in order)), array("l", (self.ends[i] for i in order)))


def _articles_in_scan_order(index: TextIndex) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    for cid in sorted(index.layout):
        yield cid, len(index.chunks[cid]), index.layout[cid]


def scan(index: TextIndex, pattern: re.Pattern[str], query: Query, *, keep: ArticleFilter | None = None,
         inside: HitFilter | None = None) -> HitTable:
    """Every hit of ``pattern`` (the compiled ``query``) in the index's articles that ``keep`` keeps
    (all without it) and that ``inside`` accepts, in corpus order."""
    ranks, starts, ends = array("l"), array("l"), array("l")
    whole_chunks = not query.regex and SEPARATOR not in pattern.pattern
    for cid, _size, layout in _articles_in_scan_order(index):
        text = index.chunks[cid]
        if whole_chunks:
            _scan_chunk(text, layout, pattern, keep, inside, ranks, starts, ends)
        else:
            for offset, rank in layout:
                if keep is not None and not keep(rank):
                    continue
                a = index.articles[rank]
                for m in pattern.finditer(text[offset:offset + a.length]):
                    s, e = m.span()
                    if s != e and (inside is None or inside(rank, s, e)):
                        ranks.append(rank)
                        starts.append(s)
                        ends.append(e)
    table = HitTable(index, query, ranks, starts, ends)
    if not index.in_order:
        table = table.sorted_by("article")
    return table


def _scan_chunk(text: str, layout: Sequence[tuple[int, int]], pattern: re.Pattern[str], keep: ArticleFilter | None,
                inside: HitFilter | None, ranks: array[int], starts: array[int], ends: array[int]) -> None:
    """The hits of a plain query in one chunk: matches over the whole text, each given to the article
    whose span holds it (the articles are met in order, so one pointer walks the layout)."""
    if not layout:
        return
    j, last = 0, len(layout) - 1
    offset, rank = layout[0]
    kept = keep is None or keep(rank)
    next_offset = layout[1][0] if last else len(text) + 1
    for m in pattern.finditer(text):
        s = m.start()
        if s >= next_offset:
            while j < last and layout[j + 1][0] <= s:
                j += 1
            offset, rank = layout[j]
            next_offset = layout[j + 1][0] if j < last else len(text) + 1
            kept = keep is None or keep(rank)
        if not kept:
            continue
        e = m.end()
        s -= offset
        e -= offset
        if inside is None or inside(rank, s, e):
            ranks.append(rank)
            starts.append(s)
            ends.append(e)
