"""The corpus view's "Over time" tab: one chart of a series per month, chosen by the reviewer.

Three kinds of chart (``t`` switches): **codes** (articles per month, claims per month, or the claims of
one code), **query** (``/`` asks for a word, or a regular expression after ``re:``; its hits per month
through the core search; the list keeps the queries counted), **metric** (the values of one metric
subject in one unit: the latest of each month, every value listed under the chart). The list on the
left chooses the code, query or subject (arrows, or ``n`` / ``N`` from anywhere in the tab). Every month
from the first dated one to the last has its column, so a gap in time shows; what has no date is
counted apart and said in the caption.

The figures come from the core (``jingtui.search.month_figures``), loaded in a worker thread when the tab
is first shown; this widget only chooses and draws.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from jingtui.app import keymap
from jingtui.app.widgets.corpus_tables import cut_to_width
from jingtui.app.widgets.month_chart import MonthChart
from jingtui.app.worker_calls import hand_over
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.search.corpus_search import CorpusSearch
    from jingtui.search.month_figures import MonthFigures, QuerySeries
    from jingtui.search.per_month import MonthSeries

ChartKind = Literal["codes", "query", "metric"]
KINDS: tuple[ChartKind, ...] = ("codes", "query", "metric")
ARTICLES, ALL_CLAIMS = "\x00articles", "\x00claims"  # the choices of the codes chart that are not codes
REGEX_PREFIX = "re:"


def _format_value(value: float | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _peak(series: MonthSeries) -> str:
    """``; most in 2022-01 (222)``: the month with the most (the first of equals), or "" when all are zero."""
    if not any(series.values):
        return ""
    top = max(series.values)
    return f"; most in {series.months[series.values.index(top)]} ({top:,})"


class QueryInput(Input):
    """The query field: ``escape`` leaves it for the list (instead of closing the corpus view)."""

    BINDINGS = keymap.bindings("timeline_query")

    def action_leave(self) -> None:
        for pane in self.ancestors:
            if isinstance(pane, TimelinePane):
                pane.query_one("#timeline-choices", OptionList).focus()


class TimelinePane(Vertical):
    """The chart, its choices and caption, for the corpus at ``root`` (database ``db``)."""

    DEFAULT_CSS = """
    TimelinePane {
        height: 1fr;
    }
    TimelinePane #timeline-caption {
        height: auto;
        padding: 0 1;
    }
    TimelinePane #timeline-query {
        display: none;
    }
    TimelinePane #timeline-choices {
        width: 36;
        height: 1fr;
    }
    TimelinePane #timeline-points {
        height: 10;
        display: none;
    }
    """

    BINDINGS = keymap.bindings("timeline")

    def __init__(self, root: Path, db: Path | str | None, codebook_file: Path | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.root, self.db, self.codebook_file = Path(root), db, codebook_file
        self.code_names: dict[str, str] = {}  # the codebook's names of the codes (a code it lacks: its id)
        self.kind: ChartKind = "codes"
        self.figures: MonthFigures | None = None
        self.queries: dict[str, QuerySeries] = {}  # the queries counted, by their text as typed
        self.loading = False
        self.searching = False
        self._choice: dict[ChartKind, str] = {"codes": ALL_CLAIMS, "query": "", "metric": ""}
        self._searcher: CorpusSearch | None = None  # the search index, kept warm between queries
        self._searcher_checked = False  # brought up to date with the folder since the figures were loaded
        self._search_lock = threading.Lock()  # one search at a time (a cancelled worker may still run)

    def compose(self) -> ComposeResult:
        yield Static("Over time: the figures are loaded when this tab is shown.", id="timeline-caption",
                     markup=False)
        yield QueryInput(placeholder="A word or phrase (re: for a regular expression); enter counts its hits per month",
                    id="timeline-query")
        with Horizontal():
            yield OptionList(id="timeline-choices")
            with Vertical():
                yield MonthChart(id="timeline-chart")
                yield DataTable(id="timeline-points", cursor_type="row", zebra_stripes=True)

    # ---- loading ------------------------------------------------------------------------------
    def load(self) -> None:
        """Read the figures over time again (in a worker thread)."""
        self.loading = True
        self._searcher_checked = False  # the next query looks at the folder again, as the figures do
        self._caption("Counting per month…")
        self._load()

    def _workspace(self):
        from jingtui.workspace import Workspace

        return Workspace(self.root, self.db, self.codebook_file)

    @work(thread=True, exclusive=True, group="timeline")
    def _load(self) -> None:
        from jingtui.search.month_figures import corpus_month_figures

        last = 0.0

        def progress(done: int, total: int) -> None:  # the corpus index reading files it has not seen
            nonlocal last
            if time.monotonic() - last >= 0.2 or done == total:
                last = time.monotonic()
                self._hand_over(self._caption, f"Reading the corpus for its dates: {done:,} of "
                                               f"{counted(total, 'file')}…")

        try:
            workspace = self._workspace()
            figures = corpus_month_figures(workspace, progress=progress)
            names = {code.id: code.name for code in workspace.codebook.codes}
        except Exception as exc:  # noqa: BLE001 - edge: a worker; one sentence in the caption, never a traceback
            self._hand_over(self._failed, f"The figures over time could not be computed ({exc}).")
            return
        self._hand_over(self._loaded, figures, names)

    def _hand_over(self, callback, *args) -> None:
        hand_over(self.app, callback, *args)

    def _failed(self, message: str) -> None:
        self.loading = self.searching = False
        self._caption(message)

    def _loaded(self, figures: MonthFigures, names: dict[str, str] | None = None) -> None:
        self.loading = False
        self.figures = figures
        self.code_names = dict(names or {})
        if self._choice["query"]:  # the timeline may have moved: count the query shown again
            self.search(self._choice["query"])
        self._redraw()

    # ---- choosing -----------------------------------------------------------------------------
    def action_switch_chart(self) -> None:
        self.show_kind(KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)])

    def show_kind(self, kind: ChartKind, *, focus_choices: bool = True) -> None:
        self.kind = kind
        query = self.query_one("#timeline-query", Input)
        query.display = kind == "query"
        self._redraw()
        if focus_choices:
            self.focus_choices()

    def action_ask_query(self) -> None:
        if self.kind != "query":  # (the list's focus would come after the field's: focus() waits for the keys)
            self.show_kind("query", focus_choices=False)
        self.screen.set_focus(self.query_one("#timeline-query", Input))  # now: the word typed after / is its

    def action_choose(self, step: int) -> None:
        """The next (``step`` 1) or previous (-1) code or subject."""
        choices = self.query_one("#timeline-choices", OptionList)
        if not choices.option_count:
            return
        current = choices.highlighted if choices.highlighted is not None else -1
        choices.highlighted = (current + step) % choices.option_count

    @on(OptionList.OptionHighlighted, "#timeline-choices")
    def _chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._choice[self.kind] = event.option.id
            self._draw()

    @on(Input.Submitted, "#timeline-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.search(event.value.strip())

    def search(self, text: str) -> None:
        """Count the hits of ``text`` per month (``re:`` first: a regular expression), in a worker."""
        self.searching = True
        self._caption(f"Searching for {text}…")
        self._search(text)

    @work(thread=True, exclusive=True, group="timeline-search")
    def _search(self, text: str) -> None:
        from jingtui.search.kwic import BadQuery
        from jingtui.search.month_figures import query_series

        regex = text.startswith(REGEX_PREFIX)
        words = text[len(REGEX_PREFIX):] if regex else text
        timeline = self.figures.timeline if self.figures is not None else []
        try:
            with self._search_lock:
                if self._searcher is None:
                    from jingtui.search.corpus_search import CorpusSearch

                    self._searcher = CorpusSearch(self._workspace())
                result = query_series(self._searcher.workspace, words, regex=regex, timeline=timeline,
                                      searcher=self._searcher, refresh=not self._searcher_checked)
                self._searcher_checked = True
        except BadQuery as exc:
            self._hand_over(self._failed, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - edge: a worker; one sentence in the caption
            self._hand_over(self._failed, f"The search failed ({exc}).")
            return
        self._hand_over(self._searched, result)

    def _searched(self, result: QuerySeries) -> None:
        self.searching = False
        self.queries[result.text if not result.regex else REGEX_PREFIX + result.text] = result
        self._choice["query"] = result.text if not result.regex else REGEX_PREFIX + result.text
        if self.kind == "query":
            self._redraw()
            self.focus_choices()

    # ---- drawing ------------------------------------------------------------------------------
    def _caption(self, text: str) -> None:
        self.query_one("#timeline-caption", Static).update(text)

    def _redraw(self) -> None:
        """The choices of the chart kind shown, then the chart."""
        choices = self.query_one("#timeline-choices", OptionList)
        choices.clear_options()
        figures = self.figures
        if figures is None:
            self._draw()
            return
        options: list[Option] = []
        if self.kind == "codes":
            counts = figures.counts
            options = [Option(f"articles ({counts.article_series().total:,})", id=ARTICLES),
                       Option(f"all claims ({counts.claim_series().total:,})", id=ALL_CLAIMS),
                       *(Option(f"{cut_to_width(self.code_names.get(code, code), 26)} ({n:,})", id=code)
                         for code, n in counts.codes.items())]
        elif self.kind == "query":
            options = [Option(f"{cut_to_width(text, 26)} ({result.series.total:,})", id=text)
                       for text, result in self.queries.items()]
        elif self.kind == "metric":
            options = [Option(f"{cut_to_width(s.name, 26)} · {s.points:,}", id=f"{s.subject}\x00{s.unit}")
                       for s in figures.subjects]
        choices.add_options(options)
        ids = [o.id for o in options]
        if options:
            wanted = self._choice.get(self.kind, "")
            choices.highlighted = ids.index(wanted) if wanted in ids else 0
            self._choice[self.kind] = ids[choices.highlighted or 0] or ""
        self._draw()

    def _draw(self) -> None:
        chart = self.query_one("#timeline-chart", MonthChart)
        points = self.query_one("#timeline-points", DataTable)
        points.display = False
        figures = self.figures
        if figures is None:
            chart.show([], [])
            if not self.loading:
                self._caption("Over time: no figures yet.")
            return
        timeline = figures.timeline
        span = f"{timeline[0]} to {timeline[-1]}" if timeline else "no dated article"
        if self.kind == "codes":
            choice = self._choice["codes"]
            counts = figures.counts
            if choice == ARTICLES:
                series, what = counts.article_series(), "Articles"
            else:
                series = counts.claim_series(None if choice == ALL_CLAIMS else choice)
                what = "Claims" if choice == ALL_CLAIMS else f"Claims of {self.code_names.get(choice, choice)}"
            chart.show(series.months, series.values, title=f"{what} per {{per}}, {span}")
            undated = counted(counts.articles.get("unknown", 0), "undated article")
            self._caption(f"{what}: {series.total:,} in all, {series.undated:,} of them in the {undated} (not in "
                          f"the chart){_peak(series)}. t: a query's hits, a metric · n/N: next/previous")
        elif self.kind == "query":
            result = self.queries.get(self._choice["query"])
            if result is None:
                chart.show(timeline, [0] * len(timeline), title="Hits per {per}: type a query")
                if not self.searching:
                    self._caption("Hits of a query per month: / then a word or phrase and enter (re: first for "
                                  "a regular expression). t: a metric")
                return
            series = result.series
            chart.show(series.months, series.values, title=f"Hits of {result.text} per {{per}}, {span}")
            self._caption(f"Hits of {result.text}: {series.total:,} in all, {series.undated:,} of them in undated "
                          f"articles (not in the chart){_peak(series)}. / another query · t: a metric")
        else:
            self._draw_metric(chart, points, figures, span)

    def _draw_metric(self, chart: MonthChart, points: DataTable, figures: MonthFigures, span: str) -> None:
        choice = self._choice["metric"]
        if not choice:
            chart.show([], [])
            self._caption("No metric claim has a subject and a number yet (tag figures with the metric code).")
            return
        subject, _, unit = choice.partition("\x00")
        series = figures.metric(subject, unit)
        name = f"{subject} ({unit})" if unit else subject
        chart.show(series.months, series.values, adds=False, title=f"{name} per {{per}}, {span}")
        self._caption(f"{name}: {counted(len(series.points), 'value')} (a month shows its latest article's), "
                      f"{series.undated:,} undated (listed, not in the chart). n/N: next/previous subject · "
                      "t: claims per code")
        points.display = True
        points.clear(columns=True)
        points.add_columns("month", "value", "unit", "period", "article", "quote")
        for p in series.points:
            points.add_row(p.month, _format_value(p.value), p.unit, p.period, p.article, p.quote[:60])

    def focus_choices(self) -> None:
        """Focus the list (of codes, queries or subjects), where the tab's keys act."""
        self.query_one("#timeline-choices", OptionList).focus()
