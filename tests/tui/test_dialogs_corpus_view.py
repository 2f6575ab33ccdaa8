"""CorpusView: tables from corpus figures, sorting, CSV export, errors (a fake loader; the real one when present)."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.app import App
from textual.widgets import DataTable, Static, TabbedContent

from jingtui.app.screens.corpus_view import (
    ArticleRow,
    CorpusData,
    CorpusView,
    MetricRow,
    SloganRow,
    data_from_stats,
    format_change,
    metrics_csv,
    sort_metric_rows,
)
from jingtui.errors import UserError

DATA = CorpusData(
    articles=[
        ArticleRow("a.txt", "公安工作综述", {"metric": 3, "slogan": 1}, done=True),
        ArticleRow("b.txt", "警察节", {"anecdote": 2}, done=False),
    ],
    slogans=[
        SloganRow("两个维护", 3, ["a.txt", "b.txt", "a.txt"]),
        SloganRow("四个意识", 1, ["b.txt"]),
    ],
    metrics=[
        MetricRow("破获刑事案件", 14000, "起", "up 12%", "a.txt", "破获刑事案件1.4万起"),
        MetricRow("抓获犯罪嫌疑人", 5000, "名", "", "b.txt", "抓获犯罪嫌疑人5000余名"),
        MetricRow("电诈案件立案", 62.52, "%", "down 62.52%", "a.txt", "同比下降62.52%"),
        MetricRow("未知", None, "", "", "b.txt", "若干"),
    ],
)


class Host(App):
    def __init__(self) -> None:
        super().__init__()
        self.results: list = []


def cells(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(r)[column]) for r in range(table.row_count)]


async def filled(pilot, view: CorpusView) -> None:
    """Wait until the big tables have all their rows (they are filled a chunk per frame)."""
    for _ in range(500):
        if not view.filling:
            return
        await pilot.pause(0.01)
    raise AssertionError("the tables were never filled")


async def open_view(app, pilot, tmp_path: Path, loader) -> CorpusView:
    view = CorpusView(tmp_path, tmp_path / ".jingtui" / "annotations.json", loader=loader)
    app.push_screen(view, app.results.append)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await filled(pilot, view)
    return view


def test_sort_puts_empty_values_last_both_ways():
    rows = DATA.metrics
    assert [r.value for r in sort_metric_rows(rows, "value")] == [62.52, 5000, 14000, None]
    assert [r.value for r in sort_metric_rows(rows, "value", reverse=True)] == [14000, 5000, 62.52, None]
    assert [r.change for r in sort_metric_rows(rows, "change")][-2:] == ["", ""]


def test_csv_has_header_numbers_and_chinese():
    rows = list(csv.reader(metrics_csv(DATA.metrics).splitlines()))
    assert rows[0] == ["subject", "value", "qualifier", "unit", "change", "period", "article", "quote", "origin"]
    assert rows[1][:4] == ["破获刑事案件", "14000", "", "起"]
    assert rows[3][1] == "62.52"
    assert rows[4][1] == ""


def test_format_change():
    assert format_change("up", 51.46, "%") == "+51.46%"
    assert format_change("down", 3.0, "起") == "-3起"
    assert format_change("down", None, "") == "-"
    assert format_change("", None, "") == ""


def test_value_with_qualifier():
    assert MetricRow("s", 10600, "起", "", "a", qualifier="余").shown_value == "10,600余"
    assert MetricRow("s", 5000, "人", "", "a", qualifier="近").shown_value == "近 5,000"


def test_data_from_corpus_stats():
    from jingtui.suggest.stats import ArticleStats, CorpusStats, SloganStats
    from jingtui.suggest.stats import MetricRow as MetricStats

    stats = CorpusStats(
        labels=["metric", "slogan", "anecdote"],
        per_article=[ArticleStats("a.txt", "T", True, {"metric": 2}, 2)],
        slogans=[SloganStats("两个维护", 2, ["a.txt", "b.txt"], "两个维护")],
        metrics=[
            MetricStats(article="a.txt", subject="破获", value=10600, unit="起", qualifier="", direction="up",
                        change=5, change_unit="%", rank=None, period="", quote="q", origin="manual")
        ],
    )
    data = data_from_stats(stats)
    assert data.articles == [ArticleRow("a.txt", "T", {"metric": 2}, True)]
    assert data.slogans == [SloganRow("两个维护", 2, ["a.txt", "b.txt"])]
    (metric,) = data.metrics
    assert (metric.subject, metric.value, metric.unit, metric.change, metric.article) == (
        "破获",
        10600,
        "起",
        "+5%",
        "a.txt",
    )


async def test_tables_show_articles_slogans_and_metrics(tmp_path):
    app = Host()
    async with app.run_test(size=(120, 30)) as pilot:
        view = await open_view(app, pilot, tmp_path, lambda root, db: DATA)
        summary = str(view.query_one("#corpus-summary", Static).content)
        assert "2 articles" in summary and "6 claims" in summary and "1 of 2 done" in summary
        articles = view.query_one("#corpus-articles", DataTable)
        assert articles.row_count == 2
        assert articles.get_row_at(0)[:6] == ["公安工作综述", "3", "1", "·", "4", "✓"]
        await pilot.press("2")
        await pilot.pause()
        assert view.query_one(TabbedContent).active == "slogans"
        slogans = view.query_one("#corpus-slogans", DataTable)
        assert cells(slogans, 0) == ["两个维护", "四个意识"]
        assert slogans.get_row_at(0)[1:] == ["3", "2", "a.txt, b.txt"]
        await pilot.press("3")
        await pilot.pause()
        metrics = view.query_one("#corpus-metrics", DataTable)
        assert metrics.has_focus
        assert cells(metrics, 1) == ["14,000", "5,000", "62.52", ""]
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
        await open_view(app, pilot, tmp_path, lambda root, db: DATA)
        await pilot.press("q")
        await pilot.pause()
        assert app.results == [None, None] and app.is_running


async def test_sort_by_cursor_column_and_reverse(tmp_path):
    app = Host()
    async with app.run_test(size=(120, 30)) as pilot:
        view = await open_view(app, pilot, tmp_path, lambda root, db: DATA)
        await pilot.press("3", "right", "s")  # the value column
        await pilot.pause()
        metrics = view.query_one("#corpus-metrics", DataTable)
        assert cells(metrics, 1) == ["62.52", "5,000", "14,000", ""]
        await pilot.press("s")
        await pilot.pause()
        assert cells(metrics, 1) == ["14,000", "5,000", "62.52", ""]
        view.sort_metrics("article")
        await pilot.pause()
        assert cells(metrics, 5) == ["a.txt", "a.txt", "b.txt", "b.txt"]


async def test_export_metrics_csv_in_sorted_order(tmp_path, monkeypatch):
    import pyperclip

    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = Host()
    async with app.run_test(size=(120, 30)) as pilot:
        view = await open_view(app, pilot, tmp_path, lambda root, db: DATA)
        view.sort_metrics("value")
        await pilot.press("c")
        await pilot.pause()
        out = view.csv_path
        assert out is not None and out.parent == tmp_path / ".jingtui" / "exports"
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM for spreadsheets
        rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
        assert [r[1] for r in rows[1:]] == ["62.52", "5000", "14000", ""]
        assert str(out) in str(view.query_one("#corpus-status", Static).content)
        await pilot.press("y")  # copies the path
        await pilot.pause()
        assert copied == [str(out)]


async def test_loader_error_is_one_sentence(tmp_path):
    def broken(root, db):
        raise UserError("The folder has no articles.")

    app = Host()
    async with app.run_test(size=(120, 30)) as pilot:
        view = await open_view(app, pilot, tmp_path, broken)
        status = view.query_one("#corpus-status", Static)
        assert str(status.content) == "The folder has no articles."
        assert status.has_class("error")
        await pilot.press("c")  # nothing to export yet: a notice, no crash
        await pilot.pause()
        assert view.csv_path is None


async def test_empty_corpus(tmp_path):
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, tmp_path, lambda root, db: CorpusData())
        assert "0 articles" in str(view.query_one("#corpus-summary", Static).content)
        assert view.query_one("#corpus-metrics", DataTable).row_count == 0


async def test_real_stats_on_the_seeds_with_claims(seeds_copy, tmp_path):
    """The default loader: the seeds, a database with a metric and a slogan claim, read while open."""
    from jingtui.app.screens.corpus_view import load_corpus_data
    from jingtui.store.claims import ClaimStore
    from jingtui.store.model import make_claim

    db = tmp_path / "db.json"
    text = "全年破获刑事案件1.4万起，同比上升12%。坚决做到“两个维护”。"
    store = ClaimStore.open(db)
    try:
        store.add(make_claim("a.txt", text, 0, 19, "metric", text_sha256="x"))
        start = text.index("两个维护")
        store.add(make_claim("a.txt", text, start, start + 4, "slogan", text_sha256="x"))
        store.set_state(sorted(p.name for p in seeds_copy.iterdir() if p.is_file())[0], done=True)
    finally:
        store.close()
    data = load_corpus_data(seeds_copy, db, titles={})
    paths = [row.path for row in data.articles]
    assert len([p for p in paths if p != "a.txt"]) == 5  # the five seeds, plus the article of the claims
    assert data.done == 1
    assert [s.text for s in data.slogans] == ["两个维护"]
    (metric,) = data.metrics
    assert metric.value == 14000 and metric.unit == "起" and metric.article == "a.txt"

    app = Host()
    async with app.run_test(size=(120, 30)) as pilot:
        view = CorpusView(seeds_copy, db)
        app.push_screen(view)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.data is not None and len(view.data.metrics) == 1
        assert view.query_one("#corpus-articles", DataTable).row_count == 6


def test_real_stats_without_a_database(seeds_copy, tmp_path):
    from jingtui.app.screens.corpus_view import load_corpus_data

    data = load_corpus_data(seeds_copy, tmp_path / "missing.json")
    assert len(data.articles) == 5 and data.claims == 0 and data.metrics == []


async def test_many_metrics_show_the_first_rows_and_the_csv_has_all(tmp_path):
    from jingtui.app.screens import corpus_view

    many = CorpusData(
        articles=[ArticleRow("a.txt", "t", {"metric": 1})],
        metrics=[MetricRow(f"s{i}", float(i), "起", "", "a.txt") for i in range(corpus_view.MAX_METRIC_ROWS + 20)],
    )
    app = Host()
    async with app.run_test(size=(120, 30)) as pilot:
        view = await open_view(app, pilot, tmp_path, lambda root, db: many)
        table = view.query_one("#corpus-metrics", DataTable)
        assert table.row_count == corpus_view.MAX_METRIC_ROWS
        assert view.query_one("#corpus-articles", DataTable).row_count == 1
        note = view.query_one("#metrics-note", Static)
        assert note.display and f"of {corpus_view.MAX_METRIC_ROWS + 20:,} metrics" in str(note.content)
        view.sort_metrics("value")
        view.sort_metrics("value")  # descending: the largest values, which were past the cut, come first
        await filled(pilot, view)
        assert str(table.get_row_at(0)[1]) == f"{corpus_view.MAX_METRIC_ROWS + 19:,}"
        await pilot.press("c")
        await pilot.pause()
        rows = view.csv_path.read_text(encoding="utf-8-sig").splitlines()
        assert len(rows) == 1 + corpus_view.MAX_METRIC_ROWS + 20


async def test_a_thousand_articles_are_all_listed(tmp_path):
    big = CorpusData(articles=[ArticleRow(f"a{i:04}.txt", f"标题{i}", {"metric": i % 3}) for i in range(1000)])
    app = Host()
    async with app.run_test(size=(120, 30)) as pilot:
        view = await open_view(app, pilot, tmp_path, lambda root, db: big)
        table = view.query_one("#corpus-articles", DataTable)
        assert table.row_count == 1000
        assert str(table.get_row_at(999)[-1]) == "a0999.txt"


def test_counts_in_the_summary_read_as_english() -> None:
    from jingtui.app.screens.corpus_view import counted  # the summary's counts (util.plural)

    assert [counted(1, "claim"), counted(0, "slogan"), counted(4760, "metric")] == [
        "1 claim", "0 slogans", "4,760 metrics"]
