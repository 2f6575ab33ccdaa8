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
from typing import TYPE_CHECKING, Any

from jingtui.errors import UserError

if TYPE_CHECKING:
    from jingtui.suggest.stats import CorpusStats

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
def format_change(direction: str, change: float | int | None, change_unit: str) -> str:
    """``+51.46%`` / ``-3起`` from a metric's direction, change and change unit; "" when none."""
    if not direction and change is None:
        return ""
    sign = {"up": "+", "down": "-"}.get(direction, direction + " " if direction else "")
    amount = format_number(change)
    return (sign + amount + (change_unit if amount else "")).strip()


def format_number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def data_from_stats(stats: CorpusStats) -> CorpusData:
    """Plain rows from what ``corpus_stats`` returned."""
    articles = [
        ArticleRow(path=a.path, title=a.title or a.path, counts=dict(a.counts), done=a.done)
        for a in stats.per_article
    ]
    slogans = [
        SloganRow(text=s.canonical, count=s.count, articles=list(s.articles), suggested=s.from_suggestions)
        for s in stats.slogans
    ]
    metrics = [
        MetricRow(
            subject=m.subject,
            value=None if m.value is None else float(m.value),
            unit=m.unit,
            change=format_change(m.direction, m.change, m.change_unit),
            article=m.article,
            quote=m.quote,
            period=m.period,
            qualifier=m.qualifier,
            claim_id=m.claim_id,
            origin=m.origin,
            start=m.start,
        )
        for m in stats.metrics
    ]
    return CorpusData(articles=articles, slogans=slogans, metrics=metrics, labels=tuple(stats.labels) or DEFAULT_LABELS)


def load_corpus_data(root: Path, db_path: Path | str, *, titles: dict[str, str] | None = None,
                     suggestions: dict[str, list[Any]] | None = None) -> CorpusData:
    """The corpus figures, from ``jingtui.suggest.stats.corpus_stats`` over the folder and its database.

    Reads the folder's corpus index (the titles; files added or changed since it was filled are read
    first) and the database read-only (no lock: the reader may be running), so call it from a worker
    thread. ``titles`` replaces the titles of the articles the app already knows (Simplified, as the
    article list shows them). ``suggestions`` (``{path: [Suggestion]}``, see
    :func:`load_suggestions`) are included: counted per article and label, their slogans and metrics in
    those tables, marked as suggestions.
    """
    from jingtui.store.location import parse_location, redact
    from jingtui.suggest.stats import ArticleInfo, corpus_stats
    from jingtui.workspace.index_fill import indexed_rows

    root, db = Path(root), parse_location(db_path)
    titles = dict(titles or {})
    # the index's rows, no article read (100,000 articles: seconds, where reading each title took minutes)
    indexed = indexed_rows(root)  # UserError for a missing folder
    paths = [found.path for found in indexed]
    for found in indexed:
        if not titles.get(found.path):
            titles[found.path] = found.title or found.path
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
    used = {c.label for c in claims if c.status == "active"}
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
