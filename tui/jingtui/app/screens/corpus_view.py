"""The corpus view: the whole folder at a glance.

Three tables, one per tab: claims per label per article with the done mark and overall progress; the
most frequent slogans (by canonical form) with the articles they appear in; the metric claims across
articles (subject, value, unit, change, article), sortable by any column and exportable as CSV.

Keys: ``1``/``2``/``3`` or ``tab`` switch tables; ``enter`` opens the article of the row in the reader
(on a metric: at its claim, or at the suggestion with suggestions shown); ``s`` sorts the metrics by
the column under the cursor (again: reverse; clicking a header does the same); ``c`` writes the metrics
table as CSV (UTF-8 with BOM, for spreadsheets) to ``<folder of the database>/exports/metrics-<YYYYMMDD-HHMMSS>.csv``
and shows the path (``y`` copies it); ``g`` includes the suggestions the reviewer has not settled yet
(again: leaves them out; a running computation is cancelled): computed for every article with a
progress bar, shown dim and marked "suggested" beside the claims; ``r`` recomputes; ``escape`` or ``q``
closes (and cancels a running computation).

The figures come from ``jingtui.suggest.stats.corpus_stats``, the suggestions from
``jingtui.suggest.corpus.corpus_suggestions`` (both computed in a worker thread: cleaning and suggesting
over a large corpus take a while; the tables are then filled a chunk per frame); :func:`load_corpus_data`
turns them into the plain rows shown here.
"""

from __future__ import annotations

import csv
import io
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, LoadingIndicator, ProgressBar, Static, TabbedContent, TabPane

from jingtui.errors import UserError

DEFAULT_LABELS = ("metric", "slogan", "anecdote")
PREFIX_QUALIFIERS = ("近", "超", "约", "逾", "超过", "将近", "接近")
MAX_SLOGANS = 200
# A DataTable measures every cell of every row (~0.35 ms a row here): 10,000 rows would freeze the
# screen for seconds. The table shows the first rows of the sorted list; the CSV has them all.
MAX_METRIC_ROWS = 500
ROWS_PER_FRAME = 100  # rows added to a table at a time (about 35 ms of work here)
PROGRESS_EVERY = 0.05  # seconds between two progress reports of the suggesting worker
SUGGESTED = Style(dim=True, italic=True)  # how suggestions look in the tables (claims: plain)


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


def load_corpus_data(root: Path, db_path: Path, *, titles: dict[str, str] | None = None,
                     suggestions: dict[str, list] | None = None) -> CorpusData:
    """The corpus figures, from ``jingtui.suggest.stats.corpus_stats`` over the folder and its database.

    Reads every article (for its title) and the database read-only (no lock: the reader may be running),
    so call it from a worker thread. ``titles`` replaces the titles of the articles the app already knows
    (Simplified, as the article list shows them). ``suggestions`` (``{path: [Suggestion]}``, see
    :func:`load_suggestions`) are included: counted per article and label, their slogans and metrics in
    those tables, marked as suggestions.
    """
    try:
        from jingtui.suggest.stats import ArticleInfo, corpus_stats
    except ImportError as exc:
        raise UserError("The corpus view is not available in this version: try `jingtui stats`.") from exc
    from jingtui.app import services

    root, db_path = Path(root), Path(db_path)
    titles = dict(titles or {})
    paths = services.discover_paths(root)  # UserError for a missing folder
    for path in paths:
        if path not in titles:
            try:
                titles[path] = services.read_article(root, path).meta.title or path
            except Exception:  # an unreadable file: the list shows its problem, here its name will do
                titles[path] = path
    claims: list = []
    done: set[str] = set()
    if db_path.exists():
        from jingtui.store.claims import ClaimStore

        try:
            store = ClaimStore.open(db_path, read_only=True)
        except Exception as exc:
            raise UserError(f"The database {db_path} cannot be read: {exc}") from exc
        try:
            claims = list(store.claims())
            done = {path for path in paths if services.state_of(store, path).done}
        finally:
            store.close()
    infos = [ArticleInfo(path, titles[path], path in done) for path in paths]
    stats = corpus_stats(infos, claims, suggestions=suggestions)
    data = data_from_stats(stats)
    if suggestions is not None:
        data.with_suggestions = True
        for row in data.articles:
            row.suggested = dict(Counter(s.label for s in suggestions.get(row.path, ())))
    if titles:
        for row in data.articles:
            row.title = titles.get(row.path) or row.title
    return data


def load_suggestions(root: Path, db_path: Path, *, progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> dict[str, list]:
    """``{path: [Suggestion]}`` for every article: the suggestions the reviewer has not rejected or
    claimed yet (database read-only), through the cleaning cache. Slow on a big corpus: call it from a
    worker thread; ``progress(done, total)`` and ``cancelled()`` as in
    :func:`jingtui.suggest.corpus.corpus_suggestions`."""
    from jingtui.suggest.corpus import corpus_suggestions
    from jingtui.workspace import Workspace

    found = corpus_suggestions(Workspace(Path(root), Path(db_path)), progress=progress, cancelled=cancelled)
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
    from jingtui.fileio import atomic_write_text

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
        present.sort(key=lambda r: r.value, reverse=reverse)
    else:
        present.sort(key=lambda r: str(getattr(r, column)), reverse=reverse)
    return present + empty


# ---- the screen -------------------------------------------------------------------------------
class CorpusView(Screen[None]):
    """Claims per label per article, frequent slogans and metrics across articles, for ``root``."""

    DEFAULT_CSS = """
    CorpusView {
        layout: vertical;
    }
    CorpusView #corpus-summary {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    CorpusView #corpus-progress-row, CorpusView #corpus-suggest-row {
        height: 1;
        padding: 0 1;
    }
    CorpusView #corpus-status {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    CorpusView #corpus-status.error {
        color: $error;
    }
    CorpusView TabbedContent {
        height: 1fr;
    }
    CorpusView TabPane {
        padding: 0;
    }
    CorpusView DataTable {
        height: 1fr;
    }
    CorpusView #metrics-note {
        height: auto;
        padding: 0 1;
        color: $text-muted;
        display: none;
    }
    CorpusView LoadingIndicator {
        height: 3;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),  # as in help: q leaves the view, not the app
        Binding("1", "show_tab('articles')", "Articles", show=False),
        Binding("2", "show_tab('slogans')", "Slogans", show=False),
        Binding("3", "show_tab('metrics')", "Metrics", show=False),
        Binding("s", "sort_metrics", "Sort metrics"),
        Binding("c", "export_metrics", "Metrics CSV"),
        Binding("y", "copy_path", "Copy path", show=False),
        Binding("g", "toggle_suggestions", "With suggestions"),
        Binding("r", "reload", "Recompute"),
    ]

    def __init__(
        self,
        root: Path,
        db_path: Path,
        *,
        loader: Callable[[Path, Path], CorpusData] | None = None,
    ) -> None:
        super().__init__()
        self.root = Path(root)
        self.db_path = Path(db_path)
        self.loader = loader or load_corpus_data
        self.data: CorpusData | None = None
        self.metric_rows: list[MetricRow] = []
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.csv_path: Path | None = None
        self.filling: set[str | None] = set()  # ids of tables still being filled
        self._fill_generation: dict[str | None, int] = {}
        self.with_suggestions = False  # g: include the suggestions not settled yet
        self.suggesting = False  # a worker is computing the suggestions
        self.suggest_progress: tuple[int, int] = (0, 0)  # articles done, total
        self._plain: CorpusData | None = None  # the figures from claims alone
        self._suggested: CorpusData | None = None  # the figures with the suggestions included

    def compose(self) -> ComposeResult:
        yield Static(f"Corpus {self.root}", id="corpus-summary", markup=False)
        with Horizontal(id="corpus-progress-row"):
            yield Label("Articles done ", id="corpus-progress-label")
            yield ProgressBar(id="corpus-progress", show_eta=False)
        with Horizontal(id="corpus-suggest-row"):
            yield Label("Suggesting ", id="corpus-suggest-label")
            yield ProgressBar(id="corpus-suggest-progress", show_eta=False)
        yield Static("Computing the figures of the corpus…", id="corpus-status", markup=False)
        yield LoadingIndicator()
        with TabbedContent(id="corpus-tabs", initial="articles"):
            with TabPane("1 Articles", id="articles"):
                yield DataTable(id="corpus-articles", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Slogans", id="slogans"):
                yield DataTable(id="corpus-slogans", cursor_type="row", zebra_stripes=True)
            with TabPane("3 Metrics", id="metrics"):
                yield Static("", id="metrics-note", markup=False)
                yield DataTable(id="corpus-metrics", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#corpus-progress-row").display = False
        self.query_one("#corpus-suggest-row").display = False
        self.action_reload()

    # ---- loading --------------------------------------------------------------------------
    def action_reload(self) -> None:
        self._plain = self._suggested = None
        self.query_one(LoadingIndicator).display = True
        self._set_status("Computing the figures of the corpus…")
        self._start()

    def _start(self) -> None:
        """Start the worker (cancelling a running one) for what the view should show now."""
        if self.with_suggestions:
            self.suggesting = True
            self._suggest_progress(0, 0)
        self._load(self._known_titles(), self.with_suggestions, self._plain is None)

    def action_toggle_suggestions(self) -> None:
        """``g``: include the suggestions (computed in a worker, with a progress bar), or leave them out."""
        self.with_suggestions = not self.with_suggestions
        if self.with_suggestions:
            if self._suggested is not None:
                self._show(self._suggested)
                return
            self._set_status("Suggesting in every article… (g cancels)")
            self._start()
            return
        was_running = self.suggesting
        self.workers.cancel_group(self, "corpus-view")
        self.suggesting = False
        self.query_one("#corpus-suggest-row").display = False
        if self._plain is not None:
            self._show(self._plain)
        else:  # the figures from claims were not there yet either
            self.query_one(LoadingIndicator).display = True
            self._start()
        self._set_status("Suggesting cancelled." if was_running else "Suggestions left out (g includes them).")

    def _known_titles(self) -> dict[str, str]:
        """The Simplified titles the app has already worked out (its article list), by path."""
        entries = getattr(self.app, "entries", None)
        if not isinstance(entries, dict):
            return {}
        return {path: entry.title for path, entry in list(entries.items()) if getattr(entry, "title", "")}

    def _figures(self, titles: dict[str, str], suggestions: dict[str, list] | None) -> CorpusData:
        options: dict[str, Any] = {} if suggestions is None else {"suggestions": suggestions}
        if self.loader is load_corpus_data:
            return load_corpus_data(self.root, self.db_path, titles=titles, **options)
        return self.loader(self.root, self.db_path, **options)

    @work(thread=True, exclusive=True, group="corpus-view")
    def _load(self, titles: dict[str, str], with_suggestions: bool, plain_first: bool) -> None:
        """The figures (``plain_first``: from claims alone, shown at once), then with suggestions if asked:
        every article cleaned and suggested here, off the event loop; results handed over with
        ``call_from_thread``; stops between two articles once cancelled (``g`` again, ``r``, closing)."""
        from textual.worker import get_current_worker

        worker = get_current_worker()

        def hand_over(callback: Callable, *args: Any) -> None:
            if worker.is_cancelled:
                return
            try:
                self.app.call_from_thread(callback, *args)
            except RuntimeError:  # the app is closing
                pass

        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if done in (0, total) or now - last >= PROGRESS_EVERY:
                last = now
                hand_over(self._suggest_progress, done, total)

        try:
            if plain_first or not with_suggestions:
                hand_over(self._show, self._figures(titles, None))
            if with_suggestions and not worker.is_cancelled:
                suggestions = load_suggestions(self.root, self.db_path, progress=progress,
                                               cancelled=lambda: worker.is_cancelled)
                if not worker.is_cancelled:
                    # (Pausing the garbage collector here and while suggesting was tried: Textual's own
                    # garbage piles up meanwhile and the one collection afterwards stalled the screen
                    # for 1.3 s on 1,000 articles; see tests/bench/bench_corpus_view_suggestions.py.)
                    hand_over(self._show, self._figures(titles, suggestions))
        except UserError as exc:
            hand_over(self._failed, str(exc))
        except Exception as exc:  # one sentence, never a traceback
            hand_over(self._failed, f"The figures could not be computed ({type(exc).__name__}: {exc}).")

    def _suggest_progress(self, done: int, total: int) -> None:
        if not self.is_attached or not self.suggesting:
            return
        self.suggest_progress = (done, total)
        self.query_one("#corpus-suggest-row").display = True
        if not total:
            label = "Suggesting "
        elif done < total:
            label = f"Suggesting {done:,} of {total:,} articles "
        else:
            label = f"Suggested in {total:,} articles; counting "  # corpus_stats over them comes next
        self.query_one("#corpus-suggest-label", Label).update(label)
        self.query_one("#corpus-suggest-progress", ProgressBar).update(total=max(total, 1), progress=done)

    def _failed(self, message: str) -> None:
        if not self.is_attached:
            return
        self.suggesting = False
        self.query_one("#corpus-suggest-row").display = False
        self.query_one(LoadingIndicator).display = False
        self._set_status(message, error=True)

    def _show(self, data: CorpusData) -> None:
        if not self.is_attached:
            return
        if data.with_suggestions:
            self._suggested = data
            if not self.with_suggestions:  # left out meanwhile
                return
            self.suggesting = False
            self.query_one("#corpus-suggest-row").display = False
        else:
            self._plain = data
            if self.with_suggestions and self.data is not None and self.data.with_suggestions:
                return  # the suggestions are shown already
        self.data = data
        self.query_one(LoadingIndicator).display = False
        labels = list(data.labels)
        for row in data.articles:  # labels found in the data but not announced
            labels.extend(label for label in row.counts if label not in labels)
        total = len(data.articles)
        suggested = f" · {data.suggestions:,} suggestions" if data.with_suggestions else ""
        self.query_one("#corpus-summary", Static).update(
            f"Corpus {self.root} · {total} article{'s' if total != 1 else ''} · {data.claims} claims · "
            f"{data.done} of {total} done · {len(data.slogans)} slogans · {len(data.metrics)} metrics{suggested}"
        )
        bar = self.query_one("#corpus-progress", ProgressBar)
        self.query_one("#corpus-progress-row").display = total > 0
        bar.update(total=max(total, 1), progress=data.done)
        if data.with_suggestions:
            self._set_status(
                f"{data.suggestions:,} suggestions from {data.suggested_articles:,} of {total:,} articles, "
                "shown dim and marked suggested (g leaves them out)."
            )
        elif self.suggesting:
            self._set_status("Suggesting in every article… (g cancels)")
        else:
            self._set_status("")
        self._fill_articles(data, labels)
        self._fill_slogans(data)
        self.metric_rows = list(data.metrics)
        if self.sort_column:
            self.metric_rows = sort_metric_rows(self.metric_rows, self.sort_column, self.sort_reverse)
        self._fill_metrics()
        self._focus_table()

    def _fill_articles(self, data: CorpusData, labels: list[str]) -> None:
        table = self.query_one("#corpus-articles", DataTable)
        table.clear(columns=True)
        table.add_column("Article", key="title")
        for label in labels:
            table.add_column(label, key=f"label-{label}")
        table.add_column("total", key="total")
        if data.with_suggestions:
            table.add_column("suggested", key="suggested")
        table.add_column("done", key="done")
        table.add_column("file", key="path")

        def count(row: ArticleRow, label: str) -> str | Text:
            claims = str(row.counts.get(label, 0) or "·")
            if not data.with_suggestions or not row.suggested.get(label):
                return claims
            return Text.assemble(claims, (f" +{row.suggested[label]}", SUGGESTED))

        def cells(row: ArticleRow) -> tuple[tuple, str]:
            return (
                (
                    _cut(row.title, 40),
                    *(count(row, label) for label in labels),
                    str(row.total),
                    *((Text(str(row.suggested_total or "·"), style=SUGGESTED),) if data.with_suggestions else ()),
                    "✓" if row.done else "",
                    row.path,
                ),
                row.path,
            )

        self._add_rows(table, list(data.articles), make=cells)

    def _fill_slogans(self, data: CorpusData) -> None:
        table = self.query_one("#corpus-slogans", DataTable)
        table.clear(columns=True)
        if data.with_suggestions:
            table.add_columns("Slogan", "times", "suggested", "articles", "in")
        else:
            table.add_columns("Slogan", "times", "articles", "in")
        rows = []
        for row in self._shown_slogans(data):
            where = sorted(set(row.articles))
            shown = ", ".join(where[:3]) + (f" +{len(where) - 3}" if len(where) > 3 else "")
            if not data.with_suggestions:
                rows.append(((_cut(row.text, 40), str(row.count), str(len(where)), shown), None))
                continue
            style = SUGGESTED if not row.claimed else ""  # only suggested so far
            rows.append((
                (Text(_cut(row.text, 40), style=style), str(row.claimed or "·"),
                 Text(str(row.suggested or "·"), style=SUGGESTED), str(len(where)), shown),
                None,
            ))
        self._add_rows(table, rows, now=self._tab_shown("slogans"))

    def _add_rows(self, table: DataTable, rows: list, *, now: bool = True,
                  make: Callable[[Any], tuple[tuple, str | None]] | None = None) -> None:
        """Add ``rows`` (cells, key) to ``table`` a chunk of ``ROWS_PER_FRAME`` at a time, one chunk per
        frame, so a big corpus never freezes the screen (a DataTable measures every cell it gets).
        ``now=False`` starts with the next frame (for tables in tabs not shown yet). With ``make``,
        ``rows`` are the items and ``make(item)`` their (cells, key), made a chunk at a time too."""
        generation = self._fill_generation[table.id] = self._fill_generation.get(table.id, 0) + 1

        def add(start: int) -> None:
            if self._fill_generation.get(table.id) != generation:  # the table was refilled meanwhile
                return
            for row in rows[start : start + ROWS_PER_FRAME]:
                cells, key = make(row) if make is not None else row
                table.add_row(*cells, key=key)
            if start + ROWS_PER_FRAME < len(rows):
                self.set_timer(0.01, lambda: add(start + ROWS_PER_FRAME))
            else:
                self.filling.discard(table.id)

        self.filling.add(table.id)
        if now:
            add(0)
        else:
            self.set_timer(0.02, lambda: add(0))

    @staticmethod
    def _shown_slogans(data: CorpusData) -> list[SloganRow]:
        return sorted(data.slogans, key=lambda s: (-len(set(s.articles)), -s.count, s.text))[:MAX_SLOGANS]

    def _fill_metrics(self) -> None:
        table = self.query_one("#corpus-metrics", DataTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        for key, title in self._metric_columns():
            marker = ""
            if key == self.sort_column:
                marker = " ▼" if self.sort_reverse else " ▲"
            table.add_column(title + marker, key=key)
        with_origin = len(self._metric_columns()) > len(METRIC_COLUMNS) - 1

        def cells(r: MetricRow) -> tuple:
            plain = (_cut(r.subject, 30), Text(r.shown_value, justify="right"), r.unit, r.change, r.period, r.article)
            if not with_origin:
                return plain
            if not r.is_suggestion:
                return (*plain, "claim")
            return (*(Text(c, style=SUGGESTED) if isinstance(c, str) else Text(c.plain, style=SUGGESTED, justify="right")
                      for c in plain), Text("suggested", style=SUGGESTED))

        self._add_rows(table, self.metric_rows[:MAX_METRIC_ROWS], now=self._tab_shown("metrics"),
                       make=lambda r: (cells(r), None))
        if self.metric_rows:
            table.cursor_coordinate = table.validate_cursor_coordinate(cursor)
        note = self.query_one("#metrics-note", Static)
        note.display = len(self.metric_rows) > MAX_METRIC_ROWS
        if note.display:
            order = f"sorted by {self.sort_column}" if self.sort_column else "in corpus order"
            note.update(
                f"The first {MAX_METRIC_ROWS:,} of {len(self.metric_rows):,} metrics, {order} "
                "(s sorts all of them; c writes all of them to CSV)."
            )

    def _metric_columns(self) -> list[tuple[str, str]]:
        """(key, title) of the metrics table's columns: the quote goes to the CSV, not the table; with
        suggestions, a last column says claim or suggested."""
        columns = list(METRIC_COLUMNS[:-1])
        if self.data is not None and self.data.with_suggestions:
            columns.append(("origin", "From"))
        return columns

    def _tab_shown(self, tab: str) -> bool:
        return (self.query_one(TabbedContent).active or "articles") == tab

    def _focus_table(self) -> None:
        active = self.query_one(TabbedContent).active or "articles"
        self.query_one(f"#corpus-{active}", DataTable).focus()

    def _set_status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#corpus-status", Static)
        status.update(message)
        status.display = bool(message)
        status.set_class(error, "error")

    # ---- actions --------------------------------------------------------------------------
    def action_close(self) -> None:
        self.workers.cancel_group(self, "corpus-view")  # a running computation stops at the next article
        self.dismiss(None)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_table()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.call_after_refresh(self._focus_table)

    def sort_metrics(self, column: str) -> None:
        """Sort the metrics table by ``column`` (a key of METRIC_COLUMNS); the same column again reverses."""
        if column == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self.metric_rows = sort_metric_rows(self.metric_rows, column, self.sort_reverse)
        self._fill_metrics()

    def action_sort_metrics(self) -> None:
        if self.query_one(TabbedContent).active != "metrics":
            self.action_show_tab("metrics")
        table = self.query_one("#corpus-metrics", DataTable)
        columns = [key for key, _ in self._metric_columns()]
        column = columns[min(table.cursor_column, len(columns) - 1)] if columns else "subject"
        self.sort_metrics(column)

    @on(DataTable.HeaderSelected, "#corpus-metrics")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_metrics(str(event.column_key.value))

    # ---- back to the reader ---------------------------------------------------------------
    @on(DataTable.RowSelected, "#corpus-articles")
    def _article_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        path = str(event.row_key.value)
        row = next((a for a in self.data.articles if a.path == path), None) if self.data is not None else None
        self.open_in_reader(path, suggestions=bool(row is not None and row.suggested_total))

    @on(DataTable.RowSelected, "#corpus-slogans")
    def _slogan_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.data is None:
            return
        slogans = self._shown_slogans(self.data)
        if 0 <= event.cursor_row < len(slogans) and slogans[event.cursor_row].articles:
            slogan = slogans[event.cursor_row]
            self.open_in_reader(slogan.articles[0], suggestions=self.data.with_suggestions and slogan.suggested > 0)

    @on(DataTable.CellSelected, "#corpus-metrics")
    def _metric_chosen(self, event: DataTable.CellSelected) -> None:
        event.stop()
        row = event.coordinate.row
        if 0 <= row < len(self.metric_rows):
            metric = self.metric_rows[row]
            if metric.is_suggestion:
                self.open_in_reader(metric.article, offset=metric.start, suggestions=True)
            else:
                self.open_in_reader(metric.article, claim_id=metric.claim_id)

    def open_in_reader(self, path: str, *, claim_id: str = "", offset: int = -1, suggestions: bool = False) -> None:
        """Close the view and show ``path`` in the app's reader (at the claim ``claim_id``, or at the
        cleaned-text ``offset``, if given); ``suggestions``: with the reader's suggestions shown."""
        show = getattr(self.app, "show_article", None)
        entries = getattr(self.app, "entries", None)
        if show is None or (isinstance(entries, dict) and path not in entries):
            self.notify(f"{path} is not in the reader's list.")
            return
        self.workers.cancel_group(self, "corpus-view")
        self.dismiss(None)
        if suggestions and getattr(self.app, "suggestions_shown", None) is False:
            self.app.suggestions_shown = True  # show_article computes them for the article
        show(path, focus="cleaned")
        pane = getattr(self.app, "cleaned_pane", None)
        if claim_id:
            claim = next((c for c in getattr(self.app, "claims", []) if getattr(c, "id", None) == claim_id), None)
            if claim is not None:
                offset = claim.start
        if offset >= 0 and pane is not None:
            pane.move_to_offset(offset, center=True)

    def action_export_metrics(self) -> None:
        if self.data is None:
            self.notify("The figures are still being computed.")
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        out = self.db_path.parent / "exports" / f"metrics-{stamp}.csv"
        try:
            write_metrics_csv(self.metric_rows, out)
        except OSError as exc:
            self._set_status(f"Cannot write {out}: {exc.strerror or exc}.", error=True)
            return
        self.csv_path = out
        self._set_status(f"{len(self.metric_rows)} metrics written to {out} (y copies the path)")
        self.notify(f"Metrics written to {out}", markup=False)

    def action_copy_path(self) -> None:
        if self.csv_path is None:
            return
        from jingtui.app.clipboard import copy_with_fallback

        where = copy_with_fallback(self.app, str(self.csv_path))
        self.notify(f"Path copied to the {where}.")


def _cut(text: str, width: int) -> str:
    from rich.cells import cell_len, set_cell_size

    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"
