"""Counts over time: articles per month and claims per month per code (``YYYY-MM`` of the article's
date, ``unknown`` without one), as ``jingtui stats --by month`` and the corpus view's chart read them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jingtui.search.kwic import UNKNOWN_MONTH, month_of


def _month_order(months: Iterable[str]) -> list[str]:
    return sorted(set(months), key=lambda m: (m == UNKNOWN_MONTH, m))


@dataclass(frozen=True)
class MonthCounts:
    """``articles[month]``; ``claims[month][code]``; ``codes[code]`` the claims of each code in all."""

    articles: dict[str, int] = field(default_factory=dict)
    claims: dict[str, dict[str, int]] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)

    @property
    def months(self) -> list[str]:
        return _month_order([*self.articles, *self.claims])

    def to_dict(self) -> dict[str, Any]:
        return {"by": "month", "months": self.months, "articles_per_month": self.articles,
                "claims_per_month": self.claims, "claims_per_code": self.codes}


def month_counts(dates: Mapping[str, str | None], claims: Iterable[tuple[str, str]]) -> MonthCounts:
    """``dates``: ``{article path: ISO date or None}`` (every article); ``claims``: ``(article path, code)``
    pairs. A claim of an article not in ``dates`` counts under ``unknown``."""
    articles = Counter(month_of(d) for d in dates.values())
    per: dict[str, Counter[str]] = {}
    codes: Counter[str] = Counter()
    for path, code in claims:
        per.setdefault(month_of(dates.get(path)), Counter())[code] += 1
        codes[code] += 1
    return MonthCounts(
        {m: articles[m] for m in _month_order(articles)},
        {m: dict(sorted(per[m].items())) for m in _month_order(per)},
        dict(sorted(codes.items())),
    )
