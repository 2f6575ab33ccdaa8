"""The corpus view: the whole folder at a glance, one tab each (keys in ``app/keymap.py``, scope ``corpus``).

1 claims per code per article with the done mark and progress; 2 the most frequent slogans with their
articles; 3 the metric claims (subject, value, unit, change, article), sorted by any column (``s``, or a
click on a header) and written as CSV (``c``: UTF-8 with BOM to ``<folder of the database>/exports/``;
``y`` copies the path); 4 the figures over time (``TimelinePane``); 5 articles and claims per value of each
document variable (``VariablesPane``). ``enter`` opens the row's article in the reader (a metric: at its
claim or suggestion); ``g`` includes the suggestions not settled yet (computed in a child process with a
progress bar, shown dim; again: left out, a running computation cancelled); ``r`` recomputes;
``escape``/``q`` closes (cancelling what runs). Figures from ``jingtui.suggest.corpus_figures`` (a worker;
tables filled a chunk per frame); tabs 4 and 5 load their own when first shown.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, LoadingIndicator, ProgressBar, Static, TabbedContent, TabPane

from jingtui.app import keymap, services
from jingtui.app.widgets.corpus_tables import (
    ArticlesTable,
    ChunkedTable,
    MetricsTable,
    SlogansTable,
    metric_columns,
    metrics_note,
    shown_slogans,
)
from jingtui.app.widgets.timeline_pane import TimelinePane
from jingtui.app.widgets.variables_pane import VariablesPane
from jingtui.errors import UserError
from jingtui.store.protocol import Store
from jingtui.suggest.corpus_figures import (  # noqa: F401 - the view's names, as before the split
    DEFAULT_LABELS,
    MAX_METRIC_ROWS,
    MAX_SLOGANS,
    METRIC_COLUMNS,
    PREFIX_QUALIFIERS,
    ArticleRow,
    CorpusData,
    MetricRow,
    SloganRow,
    data_from_stats,
    figures_with_suggestions,
    format_change,
    format_number,
    load_corpus_data,
    load_suggestions,
    metrics_csv,
    sort_metric_rows,
    write_metrics_csv,
)
from jingtui.util.plural import counted
from jingtui.workspace.child_process import ChildUnavailable, run_in_child

PROGRESS_EVERY = 0.05  # seconds between two progress reports of the suggesting worker


@dataclass(frozen=True)
class ReaderRequest:
    """What the view closes with when the reviewer chooses a row: the article to show in the reader, at
    the claim ``claim_id`` or at the cleaned-text ``offset`` (-1: neither), with its suggestions shown."""

    path: str
    claim_id: str = ""
    offset: int = -1
    suggestions: bool = False


class CorpusView(Screen[ReaderRequest | None]):
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

    BINDINGS = keymap.bindings("corpus")

    def __init__(
        self,
        root: Path,
        db_path: Path | str,
        *,
        loader: Callable[..., CorpusData] | None = None,
        titles: Mapping[str, str] | None = None,
        store: Store | None = None, codebook_file: Path | None = None,
    ) -> None:
        """``titles``: the reader's articles by path, Simplified titles so far ("" where not yet; None: not
        opened from a reader, a row only closes); ``store``: the app's, for the disagreements left (or None)."""
        super().__init__()
        self.root, self.store, self.codebook_file = Path(root), store, codebook_file  # --codebook FILE, or None
        self.db_path = services.parse_location(db_path)  # a file, or a team database's URL
        self.titles = dict(titles) if titles is not None else None
        self.loader = loader  # None: the real figures (with suggestions: computed in a child process)
        self.data: CorpusData | None = None
        self.metric_rows: list[MetricRow] = []
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.csv_path: Path | None = None
        self.with_suggestions = False  # g: include the suggestions not settled yet
        self.suggesting = False  # a worker is computing the suggestions
        self.suggest_progress: tuple[int, int] = (0, 0)  # articles done, total
        self._plain: CorpusData | None = None  # the figures from claims alone
        self._suggested: CorpusData | None = None  # the figures with the suggestions included
        self.adjudication = None  # (reviewers, {article: Counts}) when the database holds an adjudication

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
                yield ArticlesTable(id="corpus-articles", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Slogans", id="slogans"):
                yield SlogansTable(id="corpus-slogans", cursor_type="row", zebra_stripes=True)
            with TabPane("3 Metrics", id="metrics"):
                yield Static("", id="metrics-note", markup=False)
                yield MetricsTable(id="corpus-metrics", cursor_type="cell", zebra_stripes=True)
            with TabPane("4 Over time", id="timeline"):
                yield TimelinePane(self.root, self.db_path, self.codebook_file, id="corpus-timeline")
            with TabPane("5 Variables", id="variables"):
                yield VariablesPane(self.root, self.db_path, self.codebook_file, id="corpus-variables-pane")
        yield Footer()

    @property
    def filling(self) -> set[str | None]:
        """The ids of the tables still being filled (a chunk per frame)."""
        return {table.id for table in self.query(ChunkedTable) if table.filling}

    def on_mount(self) -> None:
        self.query_one("#corpus-progress-row").display = False
        self.query_one("#corpus-suggest-row").display = False
        self.action_reload()

    # ---- loading --------------------------------------------------------------------------
    def action_reload(self) -> None:
        self._plain = self._suggested = None
        for pane in self._own_loaders():
            if pane.figures is not None or pane.loading:  # loaded once: again
                pane.load()
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
        """The Simplified titles the reader has already worked out (its article list), by path."""
        return {path: title for path, title in (self.titles or {}).items() if title}

    def _figures(self, titles: dict[str, str], suggestions: dict[str, list] | None) -> CorpusData:
        options: dict[str, Any] = {} if suggestions is None else {"suggestions": suggestions}
        if self.loader is None:
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
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(callback, *args)

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
            if with_suggestions and not worker.is_cancelled and self.loader is None:
                # In a child process: a thread here would share the interpreter lock with the screen
                # (0.2-0.5 s stalls and three times the time on 1,000 articles; jingtui.workspace.child_process).
                try:
                    data = run_in_child(figures_with_suggestions, (self.root, self.db_path, titles),
                                        progress=progress, cancelled=lambda: worker.is_cancelled)
                except ChildUnavailable:  # no child process here: slower, in this thread
                    data = figures_with_suggestions(self.root, self.db_path, titles, progress=progress,
                                                    cancelled=lambda: worker.is_cancelled)
                    data = None if worker.is_cancelled else data
                if data is not None:
                    hand_over(self._show, data)
            elif with_suggestions and not worker.is_cancelled:  # a loader of the caller's: in this thread
                suggestions = load_suggestions(self.root, self.db_path, progress=progress,
                                               cancelled=lambda: worker.is_cancelled)
                if not worker.is_cancelled:
                    # (Pausing the garbage collector here and while suggesting was tried: Textual's own
                    # garbage piles up meanwhile and the one collection afterwards stalled the screen
                    # for 1.3 s on 1,000 articles; see tests/bench/bench_corpus_view_suggestions.py.)
                    hand_over(self._show, self._figures(titles, suggestions))
        except UserError as exc:
            hand_over(self._failed, str(exc))
        except Exception as exc:  # noqa: BLE001 - edge: a worker; shown as one sentence, never a traceback
            hand_over(self._failed, f"The figures could not be computed ({type(exc).__name__}: {exc}).")

    def _own_loaders(self) -> tuple[TimelinePane, VariablesPane]:
        """The tabs that load their own figures, the first time they are shown."""
        return self.query_one(TimelinePane), self.query_one(VariablesPane)

    def _suggest_progress(self, done: int, total: int) -> None:
        if not self.is_attached or not self.suggesting:
            return
        self.suggest_progress = (done, total)
        self.query_one("#corpus-suggest-row").display = True
        if not total:
            label = "Suggesting "
        elif done < total:
            label = f"Suggesting {done:,} of {counted(total, 'article')} "
        else:
            label = f"Suggested in {counted(total, 'article')}; counting "  # corpus_stats over them comes next
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
        parts = [f"Corpus {self.root}", counted(total, "article"), counted(data.claims, "claim"),
                 f"{data.done:,} of {total:,} done", counted(len(data.slogans), "slogan"),
                 counted(len(data.metrics), "metric")]
        if data.with_suggestions:
            parts.append(counted(data.suggestions, "suggestion"))
        self.adjudication = self._adjudication()
        if self.adjudication is not None:
            reviewers, counts = self.adjudication
            left = sum(c.left for c in counts.values())
            parts.append(f"{left:,} of {sum(c.disagreements for c in counts.values()):,} disagreements left "
                         f"({', '.join(reviewers)})")
        self.query_one("#corpus-summary", Static).update(" · ".join(parts))
        bar = self.query_one("#corpus-progress", ProgressBar)
        self.query_one("#corpus-progress-row").display = total > 0
        bar.update(total=max(total, 1), progress=data.done)
        if data.with_suggestions:
            self._set_status(
                f"{counted(data.suggestions, 'suggestion')} from {data.suggested_articles:,} "
                f"of {counted(total, 'article')}, "
                "shown dim and marked suggested (g leaves them out)."
            )
        elif self.suggesting:
            self._set_status("Suggesting in every article… (g cancels)")
        else:
            self._set_status("")
        self.query_one("#corpus-articles", ArticlesTable).fill(
            data, labels, self.adjudication[1] if self.adjudication is not None else None)
        self.query_one("#corpus-slogans", SlogansTable).fill(data, shown_slogans(data),
                                                              now=self._tab_shown("slogans"))
        self.metric_rows = list(data.metrics)
        if self.sort_column:
            self.metric_rows = sort_metric_rows(self.metric_rows, self.sort_column, self.sort_reverse)
        self._fill_metrics()
        self._focus_table()

    def _adjudication(self):
        """The reviewers and per-article counts of the adjudication in the database, or None (see
        :func:`jingtui.app.adjudicating.progress`)."""
        from jingtui.app.adjudicating import progress

        try:
            return progress(self.store)
        except (OSError, ValueError, KeyError) as exc:  # a store that changed under us: the view goes on
            self._set_status(f"Disagreements not counted: {exc}")
            return None

    def _fill_metrics(self) -> None:
        columns = metric_columns(self.data is not None and self.data.with_suggestions)
        self.query_one("#corpus-metrics", MetricsTable).fill(
            self.metric_rows, columns, self.sort_column, self.sort_reverse, now=self._tab_shown("metrics"))
        note = self.query_one("#metrics-note", Static)
        note.update(metrics_note(len(self.metric_rows), self.sort_column))
        note.display = len(self.metric_rows) > MAX_METRIC_ROWS

    def _tab_shown(self, tab: str) -> bool:
        return (self.query_one(TabbedContent).active or "articles") == tab

    def _focus_table(self) -> None:
        active = self.query_one(TabbedContent).active or "articles"
        if self.focused is not None and any(node.id == active for node in self.focused.ancestors_with_self):
            return  # in that tab already (a word typed after / while the figures came, say): it stays
        if active == "timeline":
            return self.query_one(TimelinePane).focus_choices()
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
        for pane in self._own_loaders():
            if pane.parent is event.pane and pane.figures is None and not pane.loading:
                pane.load()  # the first time its tab is shown
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
        columns = [key for key, _ in metric_columns(self.data is not None and self.data.with_suggestions)]
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
        slogans = shown_slogans(self.data)
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
        if self.titles is None or path not in self.titles:
            self.notify(f"{path} is not in the reader's list.")
            return
        self.workers.cancel_group(self, "corpus-view")
        self.dismiss(ReaderRequest(path, claim_id, offset, suggestions))

    def action_export_metrics(self) -> None:
        if self.data is None:
            self.notify("The figures are still being computed.")
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        out = services.exports_folder(self.root, self.db_path) / f"metrics-{stamp}.csv"
        try:
            write_metrics_csv(self.metric_rows, out)
        except OSError as exc:
            self._set_status(f"Cannot write {out}: {exc.strerror or exc}.", error=True)
            return
        self.csv_path = out
        self._set_status(f"{counted(len(self.metric_rows), 'metric')} written to {out} (y copies the path)")
        self.notify(f"Metrics written to {out}", markup=False)

    def action_copy_path(self) -> None:
        if self.csv_path is None:
            return
        from jingtui.app.clipboard import copy_with_fallback

        where = copy_with_fallback(self.app, str(self.csv_path))
        self.notify(f"Path copied to the {where}.")

