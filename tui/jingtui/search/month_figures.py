"""A corpus's figures over time, read through a :class:`~jingtui.workspace.Workspace`: the dates of its
articles, its active claims per code and the values of its metric claims (:class:`MonthFigures`), and a
query's hits per month (:func:`query_series`, through the search index of
:class:`jingtui.search.corpus_search.CorpusSearch`).
``jingtui stats --by month`` and the corpus view's chart both read these; the counting is in
:mod:`jingtui.search.per_month` (pure)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jingtui.search.kwic import UNKNOWN_MONTH, Query, month_of
from jingtui.search.per_month import (
    MetricPoint,
    MetricSeries,
    MetricSubject,
    MonthCounts,
    MonthSeries,
    metric_series,
    metric_subjects,
    month_counts,
    month_range,
    series_of,
)

if TYPE_CHECKING:
    from jingtui.search.corpus_search import CorpusSearch
    from jingtui.workspace.workspace import Workspace


@dataclass(frozen=True)
class MonthFigures:
    """Articles and claims per month (``counts``) and the metric claims' values (``metrics``)."""

    counts: MonthCounts
    metrics: tuple[MetricPoint, ...] = ()

    @property
    def timeline(self) -> list[str]:
        return self.counts.timeline

    @property
    def subjects(self) -> list[MetricSubject]:
        return metric_subjects(self.metrics)

    def metric(self, subject: str, unit: str) -> MetricSeries:
        return metric_series(self.metrics, subject, unit, self.timeline)


@dataclass(frozen=True)
class QuerySeries:
    """A query's hits per month on a timeline (the hits in undated articles apart)."""

    text: str
    searched: str  # the query in Simplified script, as searched
    regex: bool
    series: MonthSeries

    def to_dict(self) -> dict[str, Any]:
        per_month = {m: n for m, n in zip(self.series.months, self.series.values, strict=True) if n}
        if self.series.undated:
            per_month[UNKNOWN_MONTH] = self.series.undated
        return {"text": self.text, "searched": self.searched, "regex": self.regex, "total": self.series.total,
                "per_month": per_month, "months": list(self.series.months), "values": list(self.series.values),
                "undated": self.series.undated}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def metric_points(dates: Mapping[str, str | None], claims: Iterable[Any],
                  metric_codes: Iterable[str]) -> list[MetricPoint]:
    """The value of every active claim of ``metric_codes`` from its stored fields (what the reviewer saw
    and may have corrected in the field form), in the order given; a claim without a subject or a
    numeric value is left out of the series (it stays in the metrics table)."""
    codes = set(metric_codes)
    points = []
    for claim in claims:
        if claim.label not in codes or getattr(claim, "status", "active") != "active":
            continue
        fields = claim.fields or {}
        subject = " ".join(str(fields.get("subject") or "").split())
        value = _number(fields.get("value"))
        if not subject or value is None:
            continue
        date = dates.get(claim.article) or ""
        points.append(MetricPoint(claim.article, month_of(date), subject, value, str(fields.get("unit") or ""),
                                  str(fields.get("period") or ""), claim.quote, date))
    return points


def corpus_month_figures(workspace: Workspace, *,
                         progress: Callable[[int, int], None] | None = None) -> MonthFigures:
    """The figures over time of ``workspace`` (every file's date from the corpus index; claims read-only,
    none without a database); the metric codes are those the codebook's metric detector suggests
    (default: ``metric``). ``progress(done, total)``: files read into the index, when it has to read some."""
    from jingtui.workspace.index_fill import indexed_rows

    # through the folder's index: only the files added or changed since it was filled are read
    rows = indexed_rows(workspace.root, progress=progress)
    # the articles: a skipped file (the folder's README, a file too large) is listed, never counted
    dates = {r.path: r.read.date if r.read is not None else None for r in rows if r.skip is None}
    claims: list[Any] = []
    if workspace.has_store():
        with workspace.open_store(read_only=True) as store:
            claims = list(store.claims(status="active"))
    metric_codes = [c.id for c in workspace.codebook.codes if c.suggested_by == "metric"]
    return MonthFigures(month_counts(dates, [(c.article, c.label) for c in claims]),
                        tuple(metric_points(dates, claims, metric_codes)))


def query_series(workspace: Workspace, text: str, *, regex: bool = False, timeline: Iterable[str] = (),
                 searcher: CorpusSearch | None = None, refresh: bool = True) -> QuerySeries:
    """The hits of ``text`` per month over ``workspace`` on ``timeline`` (widened to the months of the hits
    when they fall outside it), through the search index (``searcher``: one kept warm by the caller, else a
    new one); :class:`~jingtui.search.kwic.BadQuery` for a query that cannot be used. ``refresh=False``:
    ``searcher``'s index as it was last brought up to date (checking it against the folder takes seconds
    for 100,000 articles: a caller asking several queries of one set of figures checks it once)."""
    from jingtui.search.corpus_search import CorpusSearch
    from jingtui.search.kwic import compile_query, simplified_query

    query = Query(text, regex=regex)
    compile_query(query)
    if searcher is None:
        searcher, refresh = CorpusSearch(workspace), True
    refresh = refresh or searcher.index is None
    if workspace.has_store():
        with workspace.open_store(read_only=True) as store:
            if refresh:
                searcher.refresh(store)
            per_month = searcher.search(query, store).per_month
    else:
        if refresh:
            searcher.refresh(None)
        per_month = searcher.search(query, None).per_month
    months = sorted({*timeline, *(m for m in per_month if m != UNKNOWN_MONTH)})
    full = month_range(months[0], months[-1]) if months else []
    return QuerySeries(text, simplified_query(text), regex, series_of(per_month, full))
