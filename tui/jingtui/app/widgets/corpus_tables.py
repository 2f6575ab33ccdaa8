"""The corpus view's three tables, each a DataTable that fills itself a chunk per frame.

:class:`ChunkedTable` adds rows ``ROWS_PER_FRAME`` at a time (a DataTable measures every cell it gets, so a
big corpus added at once would freeze the screen); :class:`ArticlesTable` shows claims per code per article
(with the suggested ones, the disagreements left and the done mark), :class:`SlogansTable` the most frequent
slogans and :class:`MetricsTable` the metric claims with the sort marker in the header. The rows come from
``jingtui.suggest.corpus_figures``; these widgets only turn them into cells.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from jingtui.suggest.corpus_figures import (
    MAX_METRIC_ROWS,
    MAX_SLOGANS,
    METRIC_COLUMNS,
    ArticleRow,
    CorpusData,
    MetricRow,
    SloganRow,
)
from jingtui.util.plural import counted

ROWS_PER_FRAME = 100  # rows added to a table at a time (about 35 ms of work here)
SUGGESTED = Style(dim=True, italic=True)  # how suggestions look in the tables (claims: plain)


def cut_to_width(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` terminal cells with an ellipsis when longer."""
    from rich.cells import cell_len, set_cell_size

    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


class ChunkedTable(DataTable):
    """A DataTable whose rows are added a chunk of ``ROWS_PER_FRAME`` per frame; ``filling`` is True until
    the last chunk is in. Filling again drops the chunks of an earlier fill not added yet."""

    DEFAULT_CSS = """
    ChunkedTable {
        height: 1fr;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.filling = False
        self._generation = 0

    def add_rows_in_chunks(self, rows: Sequence[Any], *, now: bool = True,
                           make: Callable[[Any], tuple[tuple, str | None]] | None = None) -> None:
        """Add ``rows`` (cells, key) a chunk at a time, one chunk per frame. ``now=False`` starts with the
        next frame (for tables in tabs not shown yet). With ``make``, ``rows`` are the items and
        ``make(item)`` their (cells, key), made a chunk at a time too."""
        self._generation += 1
        generation = self._generation

        def add(start: int) -> None:
            if self._generation != generation:  # the table was refilled meanwhile
                return
            for row in rows[start : start + ROWS_PER_FRAME]:
                cells, key = make(row) if make is not None else row
                self.add_row(*cells, key=key)
            if start + ROWS_PER_FRAME < len(rows):
                self.set_timer(0.01, lambda: add(start + ROWS_PER_FRAME))
            else:
                self.filling = False

        self.filling = True
        if now:
            add(0)
        else:
            self.set_timer(0.02, lambda: add(0))


class ArticlesTable(ChunkedTable):
    """Claims per code per article: ``n`` claims (``+m`` suggested), total, disagreements left, done, file."""

    def fill(self, data: CorpusData, labels: list[str], adjudication: Mapping[str, Any] | None) -> None:
        """``adjudication``: the adjudication's counts per article (``left``, ``disagreements``), or None."""
        self.clear(columns=True)
        self.add_column("Article", key="title")
        for label in labels:
            self.add_column(label, key=f"label-{label}")
        self.add_column("total", key="total")
        if data.with_suggestions:
            self.add_column("suggested", key="suggested")
        if adjudication is not None:
            self.add_column("left", key="left")  # disagreements left to adjudicate
        self.add_column("done", key="done")
        self.add_column("file", key="path")

        def count(row: ArticleRow, label: str) -> str | Text:
            claims = str(row.counts.get(label, 0) or "·")
            if not data.with_suggestions or not row.suggested.get(label):
                return claims
            return Text.assemble(claims, (f" +{row.suggested[label]}", SUGGESTED))

        def left(path: str) -> str:
            counts = adjudication.get(path) if adjudication is not None else None
            if counts is None or not counts.disagreements:
                return "·"
            return str(counts.left) if counts.left else "✓"

        def cells(row: ArticleRow) -> tuple[tuple, str]:
            return (
                (
                    cut_to_width(row.title, 40),
                    *(count(row, label) for label in labels),
                    str(row.total),
                    *((Text(str(row.suggested_total or "·"), style=SUGGESTED),) if data.with_suggestions else ()),
                    *((left(row.path),) if adjudication is not None else ()),
                    "✓" if row.done else "",
                    row.path,
                ),
                row.path,
            )

        self.add_rows_in_chunks(list(data.articles), make=cells)


class SlogansTable(ChunkedTable):
    """The slogans shown (most articles first): text, times (claimed, suggested), articles, where."""

    def fill(self, data: CorpusData, slogans: list[SloganRow], *, now: bool) -> None:
        self.clear(columns=True)
        if data.with_suggestions:
            self.add_columns("Slogan", "times", "suggested", "articles", "in")
        else:
            self.add_columns("Slogan", "times", "articles", "in")
        rows: list[tuple[tuple[str | Text, ...], None]] = []
        for row in slogans:
            where = sorted(set(row.articles))
            shown = ", ".join(where[:3]) + (f" +{len(where) - 3}" if len(where) > 3 else "")
            if not data.with_suggestions:
                rows.append(((cut_to_width(row.text, 40), str(row.count), str(len(where)), shown), None))
                continue
            style = SUGGESTED if not row.claimed else ""  # only suggested so far
            rows.append((
                (Text(cut_to_width(row.text, 40), style=style), str(row.claimed or "·"),
                 Text(str(row.suggested or "·"), style=SUGGESTED), str(len(where)), shown),
                None,
            ))
        self.add_rows_in_chunks(rows, now=now)


def shown_slogans(data: CorpusData) -> list[SloganRow]:
    """The slogans the table shows: found in the most articles first, then the most frequent."""
    return sorted(data.slogans, key=lambda s: (-len(set(s.articles)), -s.count, s.text))[:MAX_SLOGANS]


def metrics_note(total: int, sort_column: str | None) -> str:
    """What the line above the metrics table says when it shows only the first ``MAX_METRIC_ROWS``."""
    if total <= MAX_METRIC_ROWS:
        return ""
    order = f"sorted by {sort_column}" if sort_column else "in corpus order"
    return (f"The first {MAX_METRIC_ROWS:,} of {counted(total, 'metric')}, {order} "
            "(s sorts all of them; c writes all of them to CSV).")


def metric_columns(with_suggestions: bool) -> list[tuple[str, str]]:
    """(key, title) of the metrics table's columns: the quote goes to the CSV, not the table; with
    suggestions, a last column says claim or suggested."""
    columns = list(METRIC_COLUMNS[:-1])
    if with_suggestions:
        columns.append(("origin", "From"))
    return columns


class MetricsTable(ChunkedTable):
    """The first ``MAX_METRIC_ROWS`` metrics: subject, value, unit, change, period, article (and origin);
    the sorted column's header marked ▲ (▼ reversed). The cursor stays where it was."""

    def fill(self, rows: list[MetricRow], columns: list[tuple[str, str]], sort_column: str | None,
             sort_reverse: bool, *, now: bool) -> None:
        cursor = self.cursor_coordinate
        self.clear(columns=True)
        for key, title in columns:
            marker = ""
            if key == sort_column:
                marker = " ▼" if sort_reverse else " ▲"
            self.add_column(title + marker, key=key)
        with_origin = len(columns) > len(METRIC_COLUMNS) - 1

        def cells(r: MetricRow) -> tuple:
            plain = (cut_to_width(r.subject, 30), Text(r.shown_value, justify="right"), r.unit, r.change, r.period,
                     r.article)
            if not with_origin:
                return plain
            if not r.is_suggestion:
                return (*plain, "claim")
            return (
                *(
                    Text(c, style=SUGGESTED) if isinstance(c, str) else Text(c.plain, style=SUGGESTED, justify="right")
                    for c in plain
                ),
                Text("suggested", style=SUGGESTED),
            )

        self.add_rows_in_chunks(rows[:MAX_METRIC_ROWS], now=now, make=lambda r: (cells(r), None))
        if rows:
            self.cursor_coordinate = self.validate_cursor_coordinate(cursor)


class VariablesTable(ChunkedTable):
    """One row per value of each document variable: variable, value, articles, claims, claims per code."""

    def fill(self, values: Mapping[str, list[Any]], titles: Mapping[str, str], *, now: bool = True,
             code_names: Mapping[str, str] | None = None) -> None:
        """``values``: ``{variable id: [ValueCount]}``; ``titles``: the variables' names; ``code_names``: the
        codes' names in the codebook (a code it lacks goes by its id)."""
        names = code_names or {}
        self.clear(columns=True)
        self.add_columns("Variable", "value", "articles", "claims", "per code")
        rows = []
        for var, counts in values.items():
            for i, v in enumerate(counts):
                per = ", ".join(f"{names.get(code, code)} {n}"
                                for code, n in sorted(v.per_code.items(), key=lambda kv: (-kv[1], kv[0])))
                rows.append(((titles.get(var, var) if i == 0 else "", cut_to_width(v.value, 30), str(v.articles),
                              str(v.claims or "·"), per), None))
        self.add_rows_in_chunks(rows, now=now)
