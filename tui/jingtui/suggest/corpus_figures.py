"""The corpus view's figures, without the screen: plain rows from the stats engine and the suggestions.

:func:`load_corpus_data` reads the folder and its database (read-only) and turns
``jingtui.suggest.stats.corpus_stats`` into the rows the corpus view shows; :func:`load_suggestions`
runs the suggestion rules over every article; :func:`figures_with_suggestions` does both, and is what
the view runs in a child process (see :mod:`jingtui.workspace.child_process`), so this module imports no
Textual. The metrics table's CSV and sorting are here too.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jingtui.errors import UserError

DEFAULT_LABELS = ("metric", "slogan", "anecdote")
MAX_CODE_COLUMNS = 12  # codes counted as columns of the corpus view's article table
PREFIX_QUALIFIERS = ("近", "超", "约", "逾", "超过", "将近", "接近")
MAX_SLOGANS = 200
# A DataTable measures every cell of every row (~0.35 ms a row here): 10,000 rows would freeze the
# screen for seconds. The table shows the first rows of the sorted list; the CSV has them all.
MAX_METRIC_ROWS = 500


# ---- the rows shown ---------------------------------------------------------------------------
@dataclass
class ArticleRow:
    path: str
    title: str
    counts: dict[str, int] = field(default_factory=dict)
    done: bool = False
    suggested: dict[str, int] = field(default_factory=dict)  # label -> suggestions not settled yet

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def suggested_total(self) -> int:
        return sum(self.suggested.values())


@dataclass
class SloganRow:
    text: str  # the canonical form
    count: int  # occurrences across the corpus (claims, plus suggestions when they are included)
    articles: list[str] = field(default_factory=list)  # paths (or titles)
    suggested: int = 0  # of ``count``, the occurrences that are suggestions (not yet claims)

    @property
    def claimed(self) -> int:
        return self.count - self.suggested


@dataclass
class MetricRow:
    subject: str
    value: float | None
    unit: str
    change: str  # "up 51.46%", "" when the claim states no change
    article: str
    quote: str = ""
    period: str = ""
    qualifier: str = ""  # 余, 多, 近, 超 ... as the article wrote it
    claim_id: str = ""
    origin: str = ""  # manual | suggested (an accepted suggestion) | suggestion (not yet a claim)
    start: int = -1  # where the quote starts in the cleaned text (-1: unknown)

    @property
    def is_suggestion(self) -> bool:
        return self.origin == "suggestion"

    @property
    def shown_value(self) -> str:
        """The value as the table shows it: ``10,600余``, ``近 5,000``."""
        number = format_number(self.value)
        if not number or not self.qualifier:
            return number
        if self.qualifier in PREFIX_QUALIFIERS:
            return f"{self.qualifier} {number}"
        return number + self.qualifier


@dataclass
class CorpusData:
    articles: list[ArticleRow] = field(default_factory=list)
    slogans: list[SloganRow] = field(default_factory=list)
    metrics: list[MetricRow] = field(default_factory=list)
    labels: tuple[str, ...] = DEFAULT_LABELS
    with_suggestions: bool = False  # the suggestions were computed and are included

    @property
    def done(self) -> int:
        return sum(1 for a in self.articles if a.done)

    @property
    def claims(self) -> int:
        return sum(a.total for a in self.articles)

    @property
    def suggestions(self) -> int:
        return sum(a.suggested_total for a in self.articles)

    @property
    def suggested_articles(self) -> int:
        """How many articles have at least one suggestion."""
        return sum(1 for a in self.articles if a.suggested_total)


# ---- from the stats engine --------------------------------------------------------------------
def _get(obj: Any, *names: str, default: Any = None) -> Any:
    """The first of ``names`` present on ``obj`` (attribute or mapping key)."""
    for name in names:
        if isinstance(obj, dict):
            if name in obj and obj[name] is not None:
                return obj[name]
        else:
            value = getattr(obj, name, None)
            if value is not None:
                return value
    return default


def format_change(fields: Any) -> str:
    """``+51.46%`` / ``-3起`` from a metric's fields (direction, change, change_unit); "" when none."""
    direction = _get(fields, "direction", default="") or ""
    size = _get(fields, "change", default=None)
    unit = _get(fields, "change_unit", default="") or ""
    if isinstance(size, dict):  # a change given as its own structure
        return format_change(size)
    if not direction and size is None:
        return ""
    sign = {"up": "+", "down": "-"}.get(direction, direction + " " if direction else "")
    amount = format_number(size) if isinstance(size, (int, float)) and not isinstance(size, bool) else str(size or "")
    return (sign + amount + (unit if amount else "")).strip()


def format_number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _to_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


def data_from_stats(stats: Any) -> CorpusData:
    """Plain rows from whatever ``corpus_stats`` returned (dataclasses or the ``--json`` dict)."""
    labels = tuple(_get(stats, "labels", default=DEFAULT_LABELS) or DEFAULT_LABELS)
    articles = []
    per_article = _get(stats, "per_article", default=None)
    if not isinstance(per_article, list):  # CorpusStats.articles is a count; a plain dict may list them
        per_article = _get(stats, "articles", default=[])
    for item in per_article if isinstance(per_article, list) else []:
        counts = dict(_get(item, "counts", "claims_per_label", "labels", default={}) or {})
        articles.append(
            ArticleRow(
                path=str(_get(item, "path", "article", default="")),
                title=str(_get(item, "title", default="") or _get(item, "path", default="")),
                counts={str(k): int(v) for k, v in counts.items()},
                done=bool(_get(item, "done", default=False)),
            )
        )
    slogans = []
    for item in _get(stats, "slogans", "top_slogans", default=[]) or []:
        paths = _get(item, "articles", "paths", default=[]) or []
        slogans.append(
            SloganRow(
                text=str(_get(item, "canonical", "text", "slogan", default="")),
                count=int(_get(item, "count", "occurrences", default=len(paths)) or 0),
                articles=[str(_get(p, "path", default=p)) for p in paths],
                suggested=int(_get(item, "from_suggestions", "suggested", default=0) or 0),
            )
        )
    metrics = []
    for item in _get(stats, "metrics", "metric_claims", default=[]) or []:
        fields = _get(item, "fields", default=None) or item
        change = _get(item, "change_text", default=None)
        if not isinstance(change, str):
            change = format_change(fields)
        metrics.append(
            MetricRow(
                subject=str(_get(item, "subject", default=None) or _get(fields, "subject", default="") or ""),
                value=_to_float(_get(item, "value", default=None) if _get(item, "value", default=None) is not None
                                else _get(fields, "value", default=None)),
                unit=str(_get(item, "unit", default=None) or _get(fields, "unit", default="") or ""),
                change=change,
                article=str(_get(item, "article", "path", default="")),
                quote=str(_get(item, "quote", default="") or ""),
                period=str(_get(item, "period", default=None) or _get(fields, "period", default="") or ""),
                qualifier=str(_get(item, "qualifier", default=None) or _get(fields, "qualifier", default="") or ""),
                claim_id=str(_get(item, "claim_id", "id", default="") or ""),
                origin=str(_get(item, "origin", default="") or ""),
                start=int(_get(item, "start", default=-1)),
            )
        )
    return CorpusData(articles=articles, slogans=slogans, metrics=metrics, labels=labels)


def load_corpus_data(root: Path, db_path: Path | str, *, titles: dict[str, str] | None = None,
                     suggestions: dict[str, list[Any]] | None = None) -> CorpusData:
    """The corpus figures, from ``jingtui.suggest.stats.corpus_stats`` over the folder and its database.

    Reads every article (for its title) and the database read-only (no lock: the reader may be running),
    so call it from a worker thread. ``titles`` replaces the titles of the articles the app already knows
    (Simplified, as the article list shows them). ``suggestions`` (``{path: [Suggestion]}``, see
    :func:`load_suggestions`) are included: counted per article and label, their slogans and metrics in
    those tables, marked as suggestions.
    """
    from jingtui.corpus.discover import discover
    from jingtui.store.location import parse_location, redact
    from jingtui.suggest.stats import ArticleInfo, corpus_stats
    from jingtui.workspace import check_corpus, read_article

    root, db = Path(root), parse_location(db_path)
    titles = dict(titles or {})
    paths = [found.rel for found in discover(check_corpus(root))]  # UserError for a missing folder
    for path in paths:
        if path not in titles:
            try:
                titles[path] = read_article(root, path).meta.title or path
            except OSError:  # the reader reports a bad file on the article; this is the disk failing under it:
                # the list shows the problem, here the file's name will do as its title
                titles[path] = path
    claims: list[Any] = []
    done: set[str] = set()
    from jingtui.store.factory import open_store, store_exists

    if store_exists(db):
        try:
            store = open_store(db, read_only=True)
        except Exception as exc:  # StoreError or a driver's: one sentence for the view
            raise UserError(f"The database {redact(db)} cannot be read: {exc}") from exc
        try:
            claims = list(store.claims())
            done = set(store.done_articles()) & set(paths)
        finally:
            store.close()
    infos = [ArticleInfo(path, titles[path], path in done) for path in paths]
    from jingtui.codebook import load_codebook

    book = load_codebook(root)  # a bad codebook: one sentence for the view
    # one column per code while they fit; a large codebook: the codes that have claims
    used = {c.label for c in claims if getattr(c, "status", "active") == "active"}
    columns = book.ids if len(book) <= MAX_CODE_COLUMNS else tuple(i for i in book.ids if i in used)
    stats = corpus_stats(infos, claims, suggestions=suggestions, codebook=book, labels=columns)
    data = data_from_stats(stats)
    if suggestions is not None:
        data.with_suggestions = True
        for row in data.articles:
            row.suggested = dict(Counter(s.label for s in suggestions.get(row.path, ())))
    if titles:
        for row in data.articles:
            row.title = titles.get(row.path) or row.title
    return data


def load_suggestions(root: Path, db_path: Path | str, *, progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> dict[str, list[Any]]:
    """``{path: [Suggestion]}`` for every article: the suggestions the reviewer has not rejected or
    claimed yet (database read-only), through the cleaning cache. Slow on a big corpus: call it from a
    worker thread; ``progress(done, total)`` and ``cancelled()`` as in
    :func:`jingtui.suggest.corpus.corpus_suggestions`."""
    from jingtui.suggest.corpus import corpus_suggestions
    from jingtui.workspace import Workspace

    found = corpus_suggestions(Workspace(Path(root), db_path), progress=progress, cancelled=cancelled)
    return {path: items for path, (_text, items) in found.items()}


# ---- CSV of the metrics table -----------------------------------------------------------------
METRIC_COLUMNS = (
    ("subject", "Subject"),
    ("value", "Value"),
    ("unit", "Unit"),
    ("change", "Change"),
    ("period", "Period"),
    ("article", "Article"),
    ("quote", "Quote"),
)


def metrics_csv(rows: list[MetricRow]) -> str:
    """The metrics table as CSV text (header row; numbers unformatted, for spreadsheets; ``origin``
    says which rows are suggestions rather than claims)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["subject", "value", "qualifier", "unit", "change", "period", "article", "quote", "origin"])
    for row in rows:
        value = "" if row.value is None else (int(row.value) if float(row.value).is_integer() else row.value)
        writer.writerow([row.subject, value, row.qualifier, row.unit, row.change, row.period, row.article, row.quote,
                         row.origin])
    return buffer.getvalue()


def write_metrics_csv(rows: list[MetricRow], out: Path) -> Path:
    """Write ``rows`` to ``out`` atomically, UTF-8 with BOM (so spreadsheet programs show Chinese)."""
    from jingtui.util.fileio import atomic_write_text

    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, metrics_csv(rows), encoding="utf-8-sig", newline="")
    return out


def _present(row: MetricRow, column: str) -> bool:
    value = getattr(row, column)
    return value is not None and value != ""


def sort_metric_rows(rows: list[MetricRow], column: str, reverse: bool = False) -> list[MetricRow]:
    """``rows`` sorted by ``column``: numbers as numbers, text as text; empty cells last either way."""
    present = [r for r in rows if _present(r, column)]
    empty = [r for r in rows if not _present(r, column)]
    if column == "value":
        present.sort(key=lambda r: r.value or 0.0, reverse=reverse)  # present: never None
    else:
        present.sort(key=lambda r: str(getattr(r, column)), reverse=reverse)
    return present + empty


# ---- the screen -------------------------------------------------------------------------------


def figures_with_suggestions(root: Path, db_path: Path | str, titles: dict[str, str] | None = None, *,
                             progress: Callable[[int, int], None] | None = None,
                             cancelled: Callable[[], bool] | None = None) -> CorpusData:
    """The figures with the suggestions not settled yet included: :func:`load_suggestions` then
    :func:`load_corpus_data`. The view runs this in a child process (its own interpreter lock: the
    screen keeps all of this one); ``progress(done, total)`` counts articles suggested."""
    suggestions = load_suggestions(root, db_path, progress=progress, cancelled=cancelled)
    return load_corpus_data(root, db_path, titles=titles, suggestions=suggestions)
