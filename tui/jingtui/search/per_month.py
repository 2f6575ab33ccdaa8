"""Counts over time: articles per month and claims per month per code (``YYYY-MM`` of the article's
date, ``unknown`` without one), as ``jingtui stats --by month`` and the corpus view's chart read them.

The chart and ``--json`` need every month between the first and the last dated one, empty months as
zero, so a gap in time shows: :func:`month_range` makes that timeline and :class:`MonthSeries` a series
on it (the undated kept apart, never spread over months). :func:`metric_series` does the same for the
values of one metric subject (the months without a value are None, not zero: no value is not 0).
"""

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
        """The months that have an article or a claim (``unknown`` last)."""
        return _month_order([*self.articles, *self.claims])

    @property
    def timeline(self) -> list[str]:
        """Every month from the first dated one to the last, empty ones included (no ``unknown``)."""
        dated = [m for m in self.months if m != UNKNOWN_MONTH]
        return month_range(dated[0], dated[-1]) if dated else []

    def article_series(self) -> MonthSeries:
        return series_of(self.articles, self.timeline)

    def claim_series(self, code: str | None = None) -> MonthSeries:
        """Claims per month of ``code`` (None: of every code) on the timeline."""
        per = {m: (sum(codes.values()) if code is None else codes.get(code, 0)) for m, codes in self.claims.items()}
        return series_of(per, self.timeline)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``jingtui stats --by month``: the first five keys as they were (a contract), then the
        series on the continuous timeline (one number per month of ``timeline``) and the undated apart."""
        articles, claims = self.article_series(), self.claim_series()
        return {"by": "month", "months": self.months, "articles_per_month": self.articles,
                "claims_per_month": self.claims, "claims_per_code": self.codes,
                "timeline": self.timeline,
                "series": {"articles": list(articles.values), "claims": list(claims.values),
                           "per_code": {code: list(self.claim_series(code).values) for code in self.codes}},
                "undated": {"articles": articles.undated, "claims": claims.undated,
                            "claims_per_code": {code: n for code, n in self.claims.get(UNKNOWN_MONTH, {}).items()}},
                "totals": {"articles": articles.total, "claims": claims.total}}


def month_counts(dates: Mapping[str, str | None], claims: Iterable[tuple[str, str]]) -> MonthCounts:
    """``dates``: ``{article path: ISO date or None}`` (every article); ``claims``: ``(article path, code)``
    pairs. A claim of an article not in ``dates`` counts under ``unknown``."""
    of_date = {d: month_of(d) for d in set(dates.values())}  # a corpus has far fewer dates than articles
    month = {path: of_date[d] for path, d in dates.items()}
    articles = Counter(month.values())
    pairs = Counter((month.get(path, UNKNOWN_MONTH), code) for path, code in claims)
    per: dict[str, Counter[str]] = {}
    codes: Counter[str] = Counter()
    for (m, code), n in pairs.items():
        per.setdefault(m, Counter())[code] += n
        codes[code] += n
    return MonthCounts(
        {m: articles[m] for m in _month_order(articles)},
        {m: dict(sorted(per[m].items())) for m in _month_order(per)},
        dict(sorted(codes.items())),
    )


def month_range(first: str, last: str) -> list[str]:
    """``YYYY-MM`` of every month from ``first`` to ``last`` (both included; empty when ``last`` is earlier)."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04}-{month:02}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class MonthSeries:
    """One number per month of ``months`` (zeros included) and ``undated``: what has no month."""

    months: tuple[str, ...]
    values: tuple[int, ...]
    undated: int = 0

    @property
    def total(self) -> int:
        return sum(self.values) + self.undated

    def to_dict(self) -> dict[str, Any]:
        return {"months": list(self.months), "values": list(self.values), "undated": self.undated,
                "total": self.total}


def series_of(per_month: Mapping[str, int], timeline: Iterable[str] | None = None) -> MonthSeries:
    """``per_month`` (``{YYYY-MM or unknown: n}``) on ``timeline`` (default: from its first to its last
    dated month); counts of months outside the timeline are a caller's error and raise ValueError."""
    dated = sorted(m for m in per_month if m != UNKNOWN_MONTH)
    months = list(timeline) if timeline is not None else (month_range(dated[0], dated[-1]) if dated else [])
    outside = set(dated) - set(months)
    if outside:
        raise ValueError(f"months outside the timeline: {sorted(outside)}")
    return MonthSeries(tuple(months), tuple(per_month.get(m, 0) for m in months), per_month.get(UNKNOWN_MONTH, 0))


@dataclass(frozen=True)
class MetricPoint:
    """One metric claim's value as the series reads it: the month of its article (``unknown`` without
    a date), the claim's fields (subject, value, unit, period) and where it is."""

    article: str
    month: str
    subject: str
    value: float | None
    unit: str = ""
    period: str = ""
    quote: str = ""
    date: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "month": self.month, "date": self.date, "subject": self.subject,
                "value": self.value, "unit": self.unit, "period": self.period, "quote": self.quote}


@dataclass(frozen=True)
class MetricSubject:
    """A subject with a unit (values in different units are different series) and how many values it has."""

    subject: str
    unit: str
    points: int

    @property
    def name(self) -> str:
        return f"{self.subject} ({self.unit})" if self.unit else self.subject

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "unit": self.unit, "points": self.points}


def metric_subjects(points: Iterable[MetricPoint]) -> list[MetricSubject]:
    """The (subject, unit) pairs that have a value, the most values first (then by name)."""
    counts = Counter((p.subject, p.unit) for p in points if p.subject and p.value is not None)
    return [MetricSubject(s, u, n) for (s, u), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


@dataclass(frozen=True)
class MetricSeries:
    """The values of one subject in one unit on the timeline: per month the value of the latest dated
    article of that month (the last claim there; None: no value that month); ``points`` all of them in
    time order, the undated last."""

    subject: str
    unit: str
    months: tuple[str, ...]
    values: tuple[float | None, ...]
    points: tuple[MetricPoint, ...]

    @property
    def undated(self) -> int:
        return sum(1 for p in self.points if p.month == UNKNOWN_MONTH)

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "unit": self.unit, "months": list(self.months), "values": list(self.values),
                "undated": self.undated, "points": [p.to_dict() for p in self.points]}


def metric_series(points: Iterable[MetricPoint], subject: str, unit: str, timeline: Iterable[str]) -> MetricSeries:
    """The series of ``subject`` in ``unit`` on ``timeline`` (see :class:`MetricSeries`)."""
    mine = [p for p in points if p.subject == subject and p.unit == unit and p.value is not None]
    mine.sort(key=lambda p: (p.month == UNKNOWN_MONTH, p.month, p.date, p.article))  # stable: claim order kept
    latest: dict[str, float | None] = {}
    for p in mine:
        if p.month != UNKNOWN_MONTH:
            latest[p.month] = p.value
    months = tuple(timeline)
    return MetricSeries(subject, unit, months, tuple(latest.get(m) for m in months), tuple(mine))
