"""Keyword-in-context hits over cleaned texts: the pure part of corpus search.

``find_hits`` takes ``(path, text, meta)`` triples (``text`` the cleaned Simplified text, ``meta`` an
:class:`ArticleFacts`) and a :class:`Query`; it gives :class:`Hit` rows with code-point offsets into the
text and the context on each side (newlines shown as spaces). A Traditional or Simplified query finds
both scripts, since the cleaned text is Simplified and the query is converted too. Filters on the
article (outlet, dates, done) and on the claims around a hit (code, reviewer) are plain predicates here;
the caller gathers the facts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

SortKey = Literal["article", "left", "right"]
SORT_KEYS: tuple[SortKey, ...] = ("article", "left", "right")
DEFAULT_WIDTH = 20
UNKNOWN_MONTH = "unknown"


class BadQuery(ValueError):
    """A query that cannot be searched for (an empty one, or a regular expression that does not compile);
    its message is one sentence for people."""


@dataclass(frozen=True)
class Span:
    """A claim's span in an article's cleaned text, with its code (label) and reviewer."""

    start: int
    end: int
    code: str
    reviewer: str


@dataclass(frozen=True)
class ArticleFacts:
    """What the filters and the rows need to know about one article."""

    title: str = ""
    outlet: str = ""
    date: str = ""  # ISO YYYY-MM-DD, or "" when unknown
    done: bool = False
    claims: tuple[Span, ...] = ()

    @property
    def month(self) -> str:
        return month_of(self.date)


@dataclass(frozen=True)
class Query:
    """What to look for and which articles and hits to keep."""

    text: str
    regex: bool = False
    outlet: str | None = None
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    done: bool | None = None
    code: str | None = None
    reviewer: str | None = None
    width: int = DEFAULT_WIDTH
    sort: SortKey = "article"


@dataclass(frozen=True)
class Hit:
    """One occurrence: ``text[start:end] == hit`` in the cleaned text of ``path``."""

    path: str
    start: int
    end: int
    left: str
    hit: str
    right: str
    title: str = ""
    date: str = ""

    @property
    def month(self) -> str:
        return month_of(self.date)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "start": self.start, "end": self.end, "left": self.left, "hit": self.hit,
                "right": self.right, "title": self.title, "date": self.date, "month": self.month}


@dataclass
class SearchResult:
    """The hits in the chosen order and their counts per article and per month (``YYYY-MM``)."""

    query: Query
    hits: list[Hit] = field(default_factory=list)

    @property
    def per_article(self) -> dict[str, int]:
        return dict(Counter(h.path for h in self.hits))

    @property
    def per_month(self) -> dict[str, int]:
        counts = Counter(h.month for h in self.hits)
        return {m: counts[m] for m in sorted(counts, key=lambda m: (m == UNKNOWN_MONTH, m))}

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query.text, "searched": simplified_query(self.query.text), "regex": self.query.regex,
                "total": len(self.hits),
                "hits": [h.to_dict() for h in self.hits],
                "counts": {"per_article": self.per_article, "per_month": self.per_month}}


def month_of(date: str | None) -> str:
    """``YYYY-MM`` of an ISO date, or ``unknown``."""
    if date and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?.*", date):
        return date[:7]
    return UNKNOWN_MONTH


def simplified_query(text: str) -> str:
    """The query in Simplified script (the cleaned texts are Simplified)."""
    from jingtui.clean.script import to_simplified

    return to_simplified(text)


def compile_query(query: Query) -> re.Pattern[str]:
    """The pattern of ``query`` (its text converted to Simplified); :class:`BadQuery` when it cannot be used."""
    if not query.text:
        raise BadQuery("The query is empty; give a word or a regular expression to look for.")
    text = simplified_query(query.text)
    if not query.regex:
        return re.compile(re.escape(text))
    try:
        pattern = re.compile(text)
    except re.error as exc:
        raise BadQuery(f"The regular expression {query.text!r} does not compile: {exc}.") from None
    if pattern.search("") is not None:
        raise BadQuery(f"The regular expression {query.text!r} matches the empty text; give one that needs "
                       "at least one character.")
    return pattern


def outlet_matches(wanted: str, outlet: str) -> bool:
    """Whether ``outlet`` holds ``wanted``, whichever script either is written in (both compared in
    Simplified, as the texts are searched: ``联合报`` finds ``聯合報``)."""
    return wanted in outlet or simplified_query(wanted) in simplified_query(outlet)


def keeps_article(query: Query, facts: ArticleFacts) -> bool:
    """Whether the article filters of ``query`` (outlet, dates, done) keep this article."""
    if query.outlet is not None and not outlet_matches(query.outlet, facts.outlet):
        return False
    if (query.date_from or query.date_to) and not facts.date:
        return False
    if query.date_from and facts.date[:len(query.date_from)] < query.date_from:
        return False
    if query.date_to and facts.date[:len(query.date_to)] > query.date_to:
        return False
    return query.done is None or facts.done == query.done


def inside_claim(query: Query, facts: ArticleFacts, start: int, end: int) -> bool:
    """Whether ``start:end`` lies inside a claim of the query's code and reviewer (true without either)."""
    if query.code is None and query.reviewer is None:
        return True
    return any(c.start <= start and end <= c.end
               and (query.code is None or c.code == query.code)
               and (query.reviewer is None or c.reviewer == query.reviewer)
               for c in facts.claims)


def _flat(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def hits_in(path: str, text: str, facts: ArticleFacts, pattern: re.Pattern[str], query: Query) -> list[Hit]:
    """The hits of ``pattern`` in one article's ``text`` (non-overlapping, left to right)."""
    width = max(0, query.width)
    found = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if start == end or not inside_claim(query, facts, start, end):
            continue
        found.append(Hit(path, start, end, _flat(text[max(0, start - width):start]), _flat(match.group()),
                         _flat(text[end:end + width]), facts.title, facts.date))
    return found


def sort_hits(hits: Sequence[Hit], key: SortKey, order: Sequence[str] = ()) -> list[Hit]:
    """``hits`` by article (``order``: the corpus order of the paths; else as given) and position, by left
    context read from its end (the character next to the hit first), or by right context."""
    if key == "left":
        return sorted(hits, key=lambda h: (h.left[::-1], h.path, h.start))
    if key == "right":
        return sorted(hits, key=lambda h: (h.right, h.path, h.start))
    rank = {p: i for i, p in enumerate(order)}
    return sorted(hits, key=lambda h: (rank.get(h.path, len(rank)), h.path if h.path not in rank else "", h.start))


def find_hits(articles: Iterable[tuple[str, str, ArticleFacts]], query: Query) -> SearchResult:
    """Every hit of ``query`` in ``articles`` (``(path, cleaned text, facts)``, in corpus order) that the
    filters keep, sorted as the query says. :class:`BadQuery` for a query that cannot be searched for."""
    if query.sort not in SORT_KEYS:
        raise BadQuery(f"There is no sort {query.sort!r}; use article, left or right.")
    pattern = compile_query(query)
    hits: list[Hit] = []
    order: list[str] = []
    for path, text, facts in articles:
        order.append(path)
        if keeps_article(query, facts):
            hits.extend(hits_in(path, text, facts, pattern, query))
    return SearchResult(query, sort_hits(hits, query.sort, order))
