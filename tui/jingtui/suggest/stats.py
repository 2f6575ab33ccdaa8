"""Corpus-wide figures: claims per label per article, progress, frequent slogans, a metrics table.

Pure: ``corpus_stats(articles_info, claims)`` takes plain data (no store, no files) so the corpus
screen, ``jingtui stats`` and tests share it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from jingtui.codebook import Codebook, default_codebook
from jingtui.suggest.fields import metric_fields, slogan_canonical

if TYPE_CHECKING:
    from jingtui.store.model import Claim

METRIC_COLUMNS = ("article", "subject", "value", "unit", "qualifier", "direction", "change", "change_unit",
                  "rank", "ranking", "period", "quote", "origin", "claim_id")


@dataclass(frozen=True)
class ArticleInfo:
    """What the stats need to know of an article."""

    path: str
    title: str = ""
    done: bool = False


@dataclass
class ArticleStats:
    path: str
    title: str
    done: bool
    counts: dict[str, int]  # label -> active claims
    total: int
    suggested: int = 0  # active claims whose origin is "suggested"


@dataclass
class SloganStats:
    canonical: str
    count: int  # occurrences (claims, plus suggestions when asked)
    articles: list[str]  # paths, in order of first appearance
    example: str  # one quote as written
    from_claims: int = 0
    from_suggestions: int = 0


@dataclass
class MetricRow:
    article: str
    subject: str
    value: float | int | None
    unit: str
    qualifier: str
    direction: str
    change: float | int | None
    change_unit: str
    rank: int | None
    period: str
    quote: str
    origin: str  # manual | suggested | suggestion (not yet a claim)
    claim_id: str = ""
    ranking: str = ""  # the ranking as written: 全省第一, 走在全省前列
    start: int = -1  # where the quote starts in the article's cleaned text (-1: unknown)


@dataclass
class CorpusStats:
    labels: list[str]
    per_article: list[ArticleStats]
    slogans: list[SloganStats]
    metrics: list[MetricRow]
    totals: dict[str, int] = field(default_factory=dict)  # label -> claims in the corpus
    done: int = 0
    articles: int = 0
    reanchored: dict[str, Any] | None = None  # claims moved or orphaned on the current texts (workspace.current_claims)
    codes: list[Any] = field(default_factory=list)  # CodeCount per code (jingtui.suggest.code_stats)
    variables: dict[str, Any] = field(default_factory=dict)  # variable id -> [ValueCount]

    @property
    def progress(self) -> float:
        """Share of articles marked done (0 when there are none)."""
        return self.done / self.articles if self.articles else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "progress": {"done": self.done, "total": self.articles, "share": round(self.progress, 4)},
            "totals": dict(self.totals),
            "per_article": [asdict(a) for a in self.per_article],
            "slogans": [asdict(s) for s in self.slogans],
            "metrics": [asdict(m) for m in self.metrics],
            "codes": [c.to_dict() for c in self.codes],
            "variables": {var: [v.to_dict() for v in values] for var, values in self.variables.items()},
        } | ({"reanchored": self.reanchored} if self.reanchored is not None else {})


def _metric_row(article: str, quote: str, fields: Mapping[str, Any], origin: str, claim_id: str = "",
                start: int = -1) -> MetricRow:
    # Parse the quote again so the table follows the current rules; keep what only the stored fields
    # can know (the period taken from the sentence around the claim).
    fresh = metric_fields(quote)
    fields = {**dict(fields or {}), **fresh}
    return MetricRow(
        article=article,
        subject=str(fields.get("subject", "")),
        value=fields.get("value"),
        unit=str(fields.get("unit", "")),
        qualifier=str(fields.get("qualifier", "")),
        direction=str(fields.get("direction", "")),
        change=fields.get("change"),
        change_unit=str(fields.get("change_unit", "")),
        rank=fields.get("rank"),
        period=str(fields.get("period", "")),
        quote=quote,
        origin=origin,
        claim_id=claim_id,
        ranking=str(fields.get("ranking", "")),
        start=start,
    )


def corpus_stats(articles_info: Iterable[ArticleInfo], claims: Iterable[Claim], *,
                 suggestions: Mapping[str, Iterable[Any]] | None = None,
                 labels: Iterable[str] | None = None,
                 slogan_min_count: int = 1, codebook: Codebook | None = None) -> CorpusStats:
    """Figures for a corpus.

    ``articles_info``: every article (claims of paths not listed still count, as extra rows).
    ``claims``: :class:`~jingtui.store.model.Claim` objects (orphaned ones are left out).
    ``suggestions``: optional ``{path: [Suggestion]}``; their slogans join the slogan counts and their
    metrics the metrics table (origin ``suggestion``), without counting as claims.
    Slogans are grouped by :func:`slogan_canonical`, most frequent first; metric rows keep corpus
    order (article, then position). ``labels`` (the columns counted per article) default to the codes of
    ``codebook`` (the default codebook: metric, slogan, anecdote); the slogan and metric tables gather the
    codes suggested by the slogan and metric detectors (the default codebook: ``slogan`` and ``metric``).
    """
    book = codebook or default_codebook()
    if labels is None:
        labels = book.ids
    slogan_codes = {c.id for c in book.codes if c.suggested_by == "slogan"}
    metric_codes = {c.id for c in book.codes if c.suggested_by == "metric"}
    labels = list(dict.fromkeys(labels))
    infos = list(articles_info)
    order = {info.path: i for i, info in enumerate(infos)}
    per: dict[str, ArticleStats] = {
        info.path: ArticleStats(info.path, info.title or info.path, bool(info.done), {label: 0 for label in labels}, 0)
        for info in infos
    }
    slogans: dict[str, SloganStats] = {}
    metrics: list[tuple[tuple[Any, ...], MetricRow]] = []
    totals = {label: 0 for label in labels}

    def slogan_seen(path: str, quote: str, stored: dict[str, Any] | None, from_claim: bool) -> None:
        key = (stored or {}).get("canonical") or slogan_canonical(quote)
        if not key:
            return
        entry = slogans.get(key)
        if entry is None:
            entry = slogans[key] = SloganStats(key, 0, [], quote)
        entry.count += 1
        if from_claim:
            entry.from_claims += 1
        else:
            entry.from_suggestions += 1
        if path not in entry.articles:
            entry.articles.append(path)

    for claim in claims:
        if claim.status != "active":
            continue
        stats = per.get(claim.article)
        if stats is None:
            zero = {label: 0 for label in labels}
            stats = per[claim.article] = ArticleStats(claim.article, claim.article, False, zero, 0)
            order[claim.article] = len(order)
        if claim.label not in stats.counts:
            stats.counts[claim.label] = 0
            if claim.label not in labels:
                labels.append(claim.label)
                totals[claim.label] = 0
                for other in per.values():
                    other.counts.setdefault(claim.label, 0)
        stats.counts[claim.label] += 1
        stats.total += 1
        totals[claim.label] = totals.get(claim.label, 0) + 1
        if claim.origin == "suggested":
            stats.suggested += 1
        if claim.label in slogan_codes:
            slogan_seen(claim.article, claim.quote, claim.fields, True)
        elif claim.label in metric_codes:
            row = _metric_row(claim.article, claim.quote, claim.fields, claim.origin, claim.id, claim.start)
            metrics.append(((order[claim.article], claim.start, claim.end), row))
    if suggestions:
        claimed = {(m.article, m.quote) for _, m in metrics}
        for path, found in suggestions.items():
            for s in found:
                if s.label in slogan_codes:
                    slogan_seen(path, s.quote, s.fields, False)
                elif s.label in metric_codes and (path, s.quote) not in claimed:
                    row = _metric_row(path, s.quote, s.fields, "suggestion", start=s.start)
                    metrics.append(((order.get(path, len(order)), s.start, s.end), row))
    ranked = sorted((s for s in slogans.values() if s.count >= slogan_min_count),
                    key=lambda s: (-len(s.articles), -s.count, s.canonical))
    metrics.sort(key=lambda item: item[0])
    ordered = sorted(per.values(), key=lambda a: order.get(a.path, len(order)))
    return CorpusStats(
        labels=labels,
        per_article=ordered,
        slogans=ranked,
        metrics=[row for _, row in metrics],
        totals=totals,
        done=sum(1 for a in ordered if a.done),
        articles=len(ordered),
    )


def sort_metrics(rows: list[MetricRow], key: str, *, reverse: bool = False) -> list[MetricRow]:
    """The rows sorted by one column (``value``, ``change``, ``subject``, ``article`` ...); empty values last."""
    if key not in METRIC_COLUMNS:
        raise ValueError(f"unknown metric column {key!r}")

    def sort_key(row: MetricRow) -> tuple[bool, Any]:
        v = getattr(row, key)
        missing = v is None or v == ""
        return (missing, v if not missing else 0) if isinstance(v, (int, float)) or missing else (False, str(v))

    present = [r for r in rows if getattr(r, key) not in (None, "")]
    absent = [r for r in rows if getattr(r, key) in (None, "")]
    present.sort(key=sort_key, reverse=reverse)
    return present + absent


def metrics_csv(rows: Iterable[MetricRow]) -> str:
    """The metrics table as CSV text (UTF-8 when written; header row first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(METRIC_COLUMNS)
    for row in rows:
        data = asdict(row)
        writer.writerow(["" if data[c] is None else data[c] for c in METRIC_COLUMNS])
    return buffer.getvalue()
