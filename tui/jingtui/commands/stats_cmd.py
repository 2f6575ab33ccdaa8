"""``jingtui stats DIR [--json] [--db PATH]``: claims per label per article, progress, frequent
slogans and a table of metric claims across the corpus; ``--by month``: articles and claims per month."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jingtui.commands.db_option import DB_HELP
from jingtui.commands.tables import Column, TextTable, print_table
from jingtui.errors import UserError
from jingtui.search.kwic import UNKNOWN_MONTH
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from rich.console import Console

    from jingtui.search.month_figures import MonthFigures, QuerySeries
    from jingtui.search.per_month import MetricSeries, MonthCounts
    from jingtui.suggest.stats import CorpusStats
    from jingtui.workspace import Workspace


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the folder of articles")
    parser.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    parser.add_argument("--json", action="store_true", help="print everything as one JSON document")
    parser.add_argument("--suggestions", action="store_true",
                        help="also count slogans and metrics found by the suggestion rules (not yet claims; "
                             "rejected ones left out)")
    parser.add_argument("--metrics-csv", metavar="FILE", help="write the metrics table to FILE as CSV")
    parser.add_argument("--sort", metavar="COLUMN", default="",
                        help="sort the metrics table by a column (value, change, subject, article, ...)")
    parser.add_argument("--codebook", metavar="FILE", help="the codebook (default DIR/codebook.toml)")
    parser.add_argument("--top", type=int, default=20, metavar="N", help="how many slogans to show (default 20)")
    parser.add_argument("--by", choices=("month",),
                        help="month: articles per month and active claims per month per code (YYYY-MM of the "
                             "article's date, unknown without one), instead of the other figures")
    parser.add_argument("--query", metavar="TEXT",
                        help="with --by month: also the hits of TEXT per month (as jingtui search finds them)")
    parser.add_argument("--regex", action="store_true", help="with --query: TEXT is a regular expression")
    parser.add_argument("--subject", metavar="TEXT",
                        help="with --by month: also the values of the metric claims about TEXT per month "
                             "(the subject field as written; --unit picks the unit, default its commonest)")
    parser.add_argument("--unit", metavar="UNIT", help="with --subject: the unit of the values")


def collect(root: Path, db: Path | str | None, with_suggestions: bool = False,
            codebook: Path | None = None) -> CorpusStats:
    """The CorpusStats of ``root`` with the claims of its database (read-only; none when missing), with
    figures per code and per value of the codebook's document variables."""
    from jingtui.suggest.code_stats import by_variable, code_counts
    from jingtui.suggest.stats import ArticleInfo, corpus_stats
    from jingtui.workspace import Workspace, check_corpus
    from jingtui.workspace.index_fill import indexed_rows

    workspace = Workspace(check_corpus(root), db, codebook)
    book = workspace.codebook
    # from the folder's index (files added or changed since it was filled are read now; no cleaning needed)
    infos = [ArticleInfo(r.path, (r.read.title if r.read is not None else None) or r.path)
             for r in indexed_rows(workspace.root)]
    claims = []
    reanchoring = None
    variables: dict[str, dict[str, Any]] = {}
    if workspace.has_store():
        with workspace.open_store(read_only=True) as store:
            claims = store.claims()
            states = {i.path: store.get_state(i.path) for i in infos}
            infos = [ArticleInfo(i.path, i.title, states[i.path].done) for i in infos]
            variables = {path: state.variables for path, state in states.items() if state.variables}
        from jingtui.workspace.current_claims import reanchored_claims

        overrides = {path: dict(state.cleaning_overrides or {}) for path, state in states.items()}
        # on the current texts (with the reviewer's cleaning overrides), as the app places them
        claims, reanchoring = reanchored_claims(workspace, claims, overrides)
        if reanchoring.sentence():
            print(reanchoring.sentence().replace("exported as orphaned", "counted as orphaned"), file=sys.stderr)
    elif db:
        raise UserError(f"There is no annotation database at {workspace.db}.")
    suggestions = None
    if with_suggestions:
        from jingtui.suggest.corpus import corpus_suggestions

        found = corpus_suggestions(workspace)  # leaves out what the reviewer rejected or claimed
        suggestions = {path: suggested for path, (_text, suggested) in found.items()}
    stats = corpus_stats(infos, claims, suggestions=suggestions, codebook=book)
    if reanchoring is not None:
        stats.reanchored = reanchoring.as_json()
    codes = code_counts(book, claims)
    if book.source is not None or any(not c.known for c in codes):  # the default codebook: as before
        stats.codes = codes
    stats.variables = by_variable(book, variables, claims, [i.path for i in infos])
    return stats


def _number(v: object) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) else str(v)


def _print(stats: CorpusStats, top: int) -> None:
    from rich.console import Console

    console = Console()
    console.print(f"[b]Progress[/b]: {stats.done} of {counted(stats.articles, 'article')} done "
                  f"({stats.progress:.0%}); claims: " + ", ".join(f"{k} {v}" for k, v in stats.totals.items()))
    _print_codes(console, stats)
    shown = [label for label in stats.labels if stats.totals.get(label)] if len(stats.labels) > 8 else stats.labels
    table = TextTable("Claims per article" + (" (codes with claims)" if shown is not stats.labels else ""),
                      (Column("article"), *(Column(label, justify="right", wrap=False) for label in shown),
                       Column("done", wrap=False)))
    for a in stats.per_article:
        table.add_row(a.path, *(str(a.counts.get(label, 0)) for label in shown), "✓" if a.done else "")
    print_table(console, table)
    table = TextTable("Most frequent slogans", (Column("slogan"), Column("times", justify="right", wrap=False),
                                                Column("articles")))
    for s in stats.slogans[:top]:
        table.add_row(s.canonical, str(s.count), ", ".join(s.articles))
    print_table(console, table)
    table = TextTable("Metric claims", tuple(
        Column(name, justify="right" if name in ("value", "change") else "left")
        for name in ("article", "subject", "value", "unit", "change", "ranking", "period")))
    for m in stats.metrics:
        change = ""
        if m.direction:
            sign = {"up": "+", "down": "-"}.get(m.direction, "±")
            change = sign + (_number(m.change) + m.change_unit if m.change is not None else "")
        table.add_row(m.article, m.subject, (m.qualifier + " " if m.qualifier in ("近", "超", "约", "逾") else "")
                      + _number(m.value) + (m.qualifier if m.qualifier in ("余", "多", "以上") else ""),
                      m.unit, change, m.ranking, m.period)
    print_table(console, table)


def _print_codes(console: Console, stats: CorpusStats) -> None:
    """Claims per code (the tree, with the claims of the codes below each one) and per variable value."""
    if stats.codes:
        table = TextTable("Claims per code", (Column("code"), Column("claims", justify="right", wrap=False),
                                              Column("with codes below", justify="right", wrap=False),
                                              Column("articles", justify="right", wrap=False)))
        for c in stats.codes:
            name = "  " * c.depth + c.path.rsplit("/", 1)[-1] + ("" if c.known else " (unknown code)")
            table.add_row(name, str(c.claims), str(c.rolled_up), str(c.articles))
        print_table(console, table)
    for var, values in stats.variables.items():
        table = TextTable(f"Variable {var}", (Column("value"), Column("articles", justify="right", wrap=False),
                                              Column("claims", justify="right", wrap=False), Column("per code")))
        for v in values:
            per = ", ".join(f"{code} {n}" for code, n in sorted(v.per_code.items(), key=lambda kv: -kv[1])[:6])
            table.add_row(v.value, str(v.articles), str(v.claims), per)
        print_table(console, table)


def by_month(root: Path, db: Path | str | None) -> MonthCounts:
    """Articles per month and active claims per month per code of ``root`` (claims read-only)."""
    return month_figures(root, db)[1].counts


def month_figures(root: Path, db: Path | str | None, codebook: Path | None = None) -> tuple[Workspace, MonthFigures]:
    """The workspace of ``root`` and its figures over time (claims read-only)."""
    from jingtui.search.month_figures import corpus_month_figures
    from jingtui.workspace import Workspace, check_corpus

    workspace = Workspace(check_corpus(root), db, codebook)
    if db and not workspace.has_store():
        raise UserError(f"There is no annotation database at {workspace.db_path}.")
    return workspace, corpus_month_figures(workspace)


def months_json(args: argparse.Namespace) -> tuple[dict[str, Any], MonthFigures, QuerySeries | None,
                                                   MetricSeries | None]:
    """``stats --by month``: the counts' JSON (see :meth:`MonthCounts.to_dict`) with ``metric_subjects``,
    and ``query`` / ``metric`` when ``--query`` / ``--subject`` ask for them."""
    from jingtui.search.kwic import BadQuery
    from jingtui.search.month_figures import query_series

    workspace, figures = month_figures(Path(args.folder), args.db, Path(args.codebook) if args.codebook else None)
    data = figures.counts.to_dict()
    subjects = figures.subjects
    data["metric_subjects"] = [s.to_dict() for s in subjects]
    query = metric = None
    if args.query is not None:
        try:
            query = query_series(workspace, args.query.strip(), regex=args.regex, timeline=figures.timeline)
        except BadQuery as exc:
            raise UserError(str(exc)) from None
        data["query"] = query.to_dict()
    if args.subject is not None:
        subject = " ".join(args.subject.split())
        units = [s.unit for s in subjects if s.subject == subject]
        if not units:
            known = ", ".join(s.subject for s in subjects[:5])
            raise UserError(f"No metric claim has the subject {subject!r}" + (f"; some that do: {known}." if known
                                                                                 else "; there are no metric values."))
        unit = args.unit if args.unit is not None else units[0]
        if unit not in units:
            raise UserError(f"The metric {subject!r} has no values in {unit!r}; its units: {', '.join(units)}.")
        metric = figures.metric(subject, unit)
        data["metric"] = metric.to_dict()
    return data, figures, query, metric


def _print_months(counts: MonthCounts, query: QuerySeries | None = None, metric: MetricSeries | None = None) -> None:
    """One row per month of the timeline (empty months included), the undated last."""
    from rich.console import Console

    codes = list(counts.codes)
    columns = [Column("month", wrap=False), Column("articles", justify="right", wrap=False),
               *(Column(code, justify="right", wrap=False) for code in codes)]
    if query is not None:
        columns.append(Column(f"hits of {query.text}", justify="right", wrap=False))
    if metric is not None:
        columns.append(Column(metric.subject + (f" ({metric.unit})" if metric.unit else ""), justify="right",
                              wrap=False))
    table = TextTable("Articles and claims per month", tuple(columns))
    hits = dict(zip(query.series.months, query.series.values, strict=True)) if query is not None else {}
    values = dict(zip(metric.months, metric.values, strict=True)) if metric is not None else {}
    months = sorted({*counts.timeline, *hits}) + ([UNKNOWN_MONTH] if UNKNOWN_MONTH in counts.months or (
        query is not None and query.series.undated) else [])
    def row(month: str) -> list[str]:
        per = counts.claims.get(month, {})
        cells = [month, str(counts.articles.get(month, 0)), *(str(per.get(code, 0)) for code in codes)]
        if query is not None:
            cells.append(str(query.series.undated if month == UNKNOWN_MONTH else hits.get(month, 0)))
        if metric is not None:
            cells.append(_number(values.get(month)))
        return cells

    rows = [row(month) for month in months]
    empty = ["0"] * (len(columns) - 1)
    if metric is not None:
        empty[-1] = ""
    i = 0
    while i < len(rows):  # a run of three or more empty months: one row that says so (the gap still shows)
        j = i
        while j < len(rows) and rows[j][1:] == empty and rows[j][0] != UNKNOWN_MONTH:
            j += 1
        if j - i >= 3:
            table.add_row(f"{rows[i][0]}…{rows[j - 1][0]} ({j - i} months)", *empty)
            i = j
            continue
        table.add_row(*rows[i])
        i += 1
    print_table(Console(), table)


def run(args: argparse.Namespace) -> int:
    from jingtui.suggest.stats import metrics_csv, sort_metrics
    from jingtui.util.fileio import atomic_write_text

    if getattr(args, "by", None) == "month":
        data, figures, query, metric = months_json(args)
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            _print_months(figures.counts, query, metric)
        return 0
    if args.query is not None or args.subject is not None:
        raise UserError("--query and --subject go with --by month.")
    stats = collect(Path(args.folder), args.db, args.suggestions, Path(args.codebook) if args.codebook else None)
    if args.sort:
        try:
            stats.metrics = sort_metrics(stats.metrics, args.sort, reverse=args.sort in ("value", "change"))
        except ValueError:
            raise UserError(f"There is no metrics column {args.sort!r}; try value, change, subject or "
                            "article.") from None
    if args.metrics_csv:
        try:
            # UTF-8 with a BOM, so that spreadsheet programs show the Chinese
            atomic_write_text(Path(args.metrics_csv), metrics_csv(stats.metrics), encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise UserError(f"Cannot write {args.metrics_csv}: {exc.strerror or exc}.") from None
    if args.json:
        print(json.dumps(stats.to_dict(), ensure_ascii=False, indent=1))
    elif not args.metrics_csv:
        _print(stats, args.top)
    return 0
