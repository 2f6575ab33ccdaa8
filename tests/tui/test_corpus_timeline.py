"""The corpus view's "Over time" tab (a chart per month: claims per code, a query's hits, a metric
subject's values; keys t, n/N, /) and its "Variables" tab, on a small dated corpus with a gap in time
and an undated article. The numbers shown are the core's (jingtui.search.month_figures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, OptionList, Static

from jingtui.app.screens.corpus_view import CorpusView
from jingtui.app.widgets.month_chart import MonthChart
from jingtui.app.widgets.timeline_pane import TimelinePane
from jingtui.search.month_figures import corpus_month_figures, query_series
from jingtui.workspace import Workspace

CODEBOOK = """
[[codes]]
id = "metric"
name = "数字"
key = "1"
suggested_by = "metric"

[[codes]]
id = "slogan"
name = "口号"
key = "2"

[[variables]]
id = "genre"
name = "体裁"
type = "choice"
choices = ["消息", "评论"]
"""

ARTICLES = {  # name: (date, body)
    "a.md": ("2021-01-05", "公安机关全年破获案件1200起。坚持以人民为中心。"),
    "b.md": ("2021-02-10", "公安机关破获案件1500起。"),
    "c.md": ("2021-06-01", "坚持以人民为中心，公安工作再上台阶。"),
    "d.md": (None, "公安局长说，坚持以人民为中心。"),
}


def claim(ws: Workspace, store, rel: str, word: str, label: str, fields: dict | None = None) -> None:
    from jingtui.store.model import make_claim

    text = ws.clean(ws.read(rel)).text
    start = text.index(word)
    made = make_claim(rel, text, start, start + len(word), label, text_sha256="x")
    made.fields = dict(fields or {})
    store.add(made)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "codebook.toml").write_text(CODEBOOK, encoding="utf-8")
    for name, (date, body) in ARTICLES.items():
        front = f"date: {date}\n" if date else ""
        (root / name).write_text(f"---\ntitle: {name}\n{front}---\n\n{body}\n", encoding="utf-8")
    ws = Workspace(root)
    with ws.open_store() as store:
        claim(ws, store, "a.md", "破获案件1200起", "metric", {"subject": "破获案件", "value": 1200, "unit": "起"})
        claim(ws, store, "b.md", "破获案件1500起", "metric", {"subject": "破获案件", "value": 1500, "unit": "起"})
        for rel in ("a.md", "c.md", "d.md"):
            claim(ws, store, rel, "以人民为中心", "slogan")
        store.set_state("a.md", variables={"genre": "消息"})
        store.set_state("c.md", variables={"genre": "评论"})
    return root


class Host(App):
    pass


async def until(pilot, condition, what: str) -> None:
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never: {what}")


async def opened_view(app: App, pilot, corpus: Path, *, figures: bool = True, **options) -> CorpusView:
    """The corpus view of ``corpus`` pushed on ``app``, once its figures are in (``figures``) or at once."""
    view = CorpusView(corpus, corpus / ".jingtui" / "annotations.json", **options)
    app.push_screen(view)
    if figures:
        await until(pilot, lambda: view.data is not None, "the figures")
    else:
        await pilot.pause()
    return view


def chart_of(view: CorpusView) -> MonthChart:
    return view.query_one("#timeline-chart", MonthChart)


async def test_the_chart_switches_between_codes_a_query_and_a_metric(corpus: Path) -> None:
    figures = corpus_month_figures(Workspace(corpus))
    app = Host()
    async with app.run_test(size=(160, 48)) as pilot:
        view = await opened_view(app, pilot, corpus)
        pane = view.query_one(TimelinePane)
        assert pane.figures is None  # loaded only when the tab is first shown
        await pilot.press("4")
        await until(pilot, lambda: pane.figures is not None, "the figures over time")
        await pilot.pause()
        chart = chart_of(view)
        # all claims per month, every month from January to June (the empty ones as zero)
        assert chart.months == ("2021-01", "2021-02", "2021-03", "2021-04", "2021-05", "2021-06")
        assert chart.values == (2, 1, 0, 0, 0, 1)
        caption = str(view.query_one("#timeline-caption", Static).content)
        assert "1 of them in the 1 undated article" in caption and "most in 2021-01 (2)" in caption
        await pilot.press("n")  # the next choice: metric
        assert chart.values == figures.counts.claim_series("metric").values == (1, 1, 0, 0, 0, 0)
        await pilot.press("N", "N")  # back past "all claims" to the articles
        assert chart.values == (1, 1, 0, 0, 0, 1)

        await pilot.press("t")  # a query's hits
        assert pane.kind == "query" and isinstance(app.focused, OptionList)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        for key in "公安":
            await pilot.press(key)
        await pilot.press("enter")
        await until(pilot, lambda: "公安" in pane.queries, "the query's hits")
        await pilot.pause()
        expected = query_series(Workspace(corpus), "公安", timeline=figures.timeline).series
        assert chart.values == expected.values == (1, 1, 0, 0, 0, 1) and expected.undated == 1
        assert "4 in all, 1 of them in undated" in str(view.query_one("#timeline-caption", Static).content)
        await pilot.press("slash")
        await pilot.press("escape")  # leaves the field, not the view
        assert app.screen is view and isinstance(app.focused, OptionList)

        await pilot.press("t")  # a metric subject's values
        assert pane.kind == "metric"
        assert chart.values == (1200, 1500, None, None, None, None) and not chart.adds
        points = view.query_one("#timeline-points", DataTable)
        assert points.display and points.row_count == 2
        await pilot.press("t")
        assert pane.kind == "codes"


async def test_the_variables_tab_counts_articles_and_claims_per_value(corpus: Path) -> None:
    app = Host()
    async with app.run_test(size=(160, 48)) as pilot:
        view = await opened_view(app, pilot, corpus)
        await pilot.press("5")
        table = view.query_one("#corpus-variables", DataTable)
        await until(pilot, lambda: table.row_count == 3 and not view.filling, "the variables table")
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        assert rows == [["体裁", "消息", "1", "2", "数字 1, 口号 1"],  # the codes by their names in the codebook
                        ["", "评论", "1", "1", "口号 1"],
                        ["", "(not set)", "2", "2", "数字 1, 口号 1"]]


def test_the_corpus_view_keys_leave_the_codebook_keys_to_the_reader() -> None:
    """A code with key 4 or 5 is still tagged with it in the reader: only keys active in the reader count
    as taken (the corpus view's tabs 4 and 5 and the chart's keys do not)."""
    from jingtui.app import keymap
    from jingtui.app.code_keys import READER_SCOPES as reader

    assert {"reader", "text", "app"} <= reader and not {"corpus", "timeline", "timeline_query"} & reader
    assert keymap.BY_ID["corpus.timeline"].keys == "4" and keymap.BY_ID["corpus.variables"].keys == "5"


async def test_no_dates_no_metrics_and_a_bad_regex_are_said_in_one_sentence(tmp_path: Path) -> None:
    root = tmp_path / "undated"
    root.mkdir()
    (root / "a.txt").write_text("公安机关今天发布通报。\n", encoding="utf-8")
    app = Host()
    async with app.run_test(size=(120, 36)) as pilot:
        view = CorpusView(root, root / ".jingtui" / "annotations.json")
        app.push_screen(view)
        await until(pilot, lambda: view.data is not None, "the figures")
        await pilot.press("4")
        pane = view.query_one(TimelinePane)
        await until(pilot, lambda: pane.figures is not None, "the figures over time")
        await pilot.pause()
        assert chart_of(view).months == () and "No dated month." in str(chart_of(view).render())
        caption = view.query_one("#timeline-caption", Static)
        assert "1 undated article" in str(caption.content)
        await pilot.press("t", "slash", *"re:(", "enter")
        await until(pilot, lambda: not pane.searching, "the search")
        await pilot.pause()
        assert "does not compile" in str(caption.content) and "Traceback" not in str(caption.content)
        assert isinstance(app.focused, Input)  # to correct it
        await pilot.press("escape", "t")
        assert "No metric claim has a subject and a number" in str(caption.content)
        assert app.screen is view


class ChartHost(App):
    def compose(self):
        yield MonthChart()


async def test_a_title_that_wraps_leaves_the_axis_and_years_on_screen() -> None:
    """In a narrow terminal the chart's title takes two lines: the bars give way, the years stay."""
    months = [f"{y}-{m:02d}" for y in range(2005, 2024) for m in range(1, 13)]
    values = [float(i % 7) for i in range(len(months))]
    app = ChartHost()
    async with app.run_test(size=(44, 14)) as pilot:
        chart = app.query_one(MonthChart)
        chart.show(months, values, title="Hits of 两个维护 per {per}, 2005-01 to 2023-12")
        await pilot.pause()
        rows = [chart.render_line(y).text for y in range(chart.content_region.height)]
        assert rows[0].startswith("Hits of") and "2023-12" in rows[1]  # the title, wrapped
        assert rows[-2].lstrip().startswith("0▕") and "2005" in rows[-1]  # the axis and the years


async def test_slash_from_another_chart_while_the_figures_are_counted_takes_the_query(corpus: Path,
                                                                                     monkeypatch) -> None:
    """``/`` from the codes chart (not the query chart) puts the focus in the query field at once, so the word
    typed after it is the query, also while the tab is still counting its figures (found in a terminal on
    100,000 articles: the list's focus came after the field's and took the word)."""
    import threading

    from jingtui.search import month_figures

    gate = threading.Event()
    real = month_figures.corpus_month_figures

    def slow(*args, **kwargs):
        gate.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(month_figures, "corpus_month_figures", slow)
    app = Host()
    async with app.run_test(size=(160, 48)) as pilot:
        view = await opened_view(app, pilot, corpus)
        await pilot.press("4")
        pane = view.query_one(TimelinePane)
        await until(pilot, lambda: pane.loading and pane.kind == "codes", "the tab counting")
        await pilot.press("slash", "公", "安", "enter")
        assert pane.kind == "query" and view.query_one("#timeline-query", Input).value == "公安"
        gate.set()
        await until(pilot, lambda: pane.figures is not None and "公安" in pane.queries and not pane.searching,
                    "the query counted")
        await pilot.pause()
        assert chart_of(view).values == (1, 1, 0, 0, 0, 1)
        assert "Hits of 公安: 4 in all" in str(view.query_one("#timeline-caption", Static).content)


async def test_a_query_typed_while_the_view_still_computes_its_figures_keeps_its_focus(corpus: Path) -> None:
    """``4``, ``/`` and a word typed at once on opening the view: the tab's deferred focus and the figures
    arriving later leave the focus in the query field (found in a terminal on 100,000 articles, where the
    figures take seconds: the word went to the list of codes)."""
    import threading

    from jingtui.suggest.corpus_figures import load_corpus_data

    gate = threading.Event()

    def slow_figures(root, db_path, **options):
        gate.wait(20)
        return load_corpus_data(root, db_path, **options)

    app = Host()
    async with app.run_test(size=(160, 48)) as pilot:
        view = await opened_view(app, pilot, corpus, loader=slow_figures, figures=False)
        await pilot.press("4", "slash", "公", "安")
        await pilot.pause()
        field = view.query_one("#timeline-query", Input)
        assert app.focused is field and field.value == "公安"
        gate.set()
        await until(pilot, lambda: view.data is not None, "the figures")
        await pilot.pause()
        assert app.focused is field  # the figures came: the field keeps the focus
        await pilot.press("enter")
        pane = view.query_one(TimelinePane)
        await until(pilot, lambda: "公安" in pane.queries and not pane.searching, "the query counted")


async def test_the_queries_of_one_set_of_figures_look_at_the_folder_once(corpus: Path, monkeypatch) -> None:
    """Bringing the search index up to date with the folder takes seconds over 100,000 articles: the chart
    does it for its first query, again after its figures are counted again (``r``), not for every query."""
    from jingtui.search.corpus_search import CorpusSearch

    checks: list[int] = []
    real = CorpusSearch.refresh

    def counting(self, *args, **kwargs):
        checks.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(CorpusSearch, "refresh", counting)
    app = Host()
    async with app.run_test(size=(160, 48)) as pilot:
        view = await opened_view(app, pilot, corpus)
        await pilot.press("4")
        pane = view.query_one(TimelinePane)
        await until(pilot, lambda: pane.figures is not None, "the figures over time")
        for word in ("公安", "人民", "案件"):
            await pilot.press("slash", *word, "enter")
            await until(pilot, lambda word=word: word in pane.queries and not pane.searching, word)
        assert len(checks) == 1 and pane.queries["人民"].series.total == 3
        await pilot.press("r")  # everything counted again, the query shown included: the folder looked at again
        await until(pilot, lambda: pane.figures is not None and not pane.loading and not pane.searching, "again")
        await until(pilot, lambda: len(checks) == 2, "the index checked again")


def test_the_axis_reads_any_value_in_a_few_cells_without_exponents() -> None:
    from jingtui.app.widgets.month_chart import format_axis

    cases = {0: "0", 7: "7", 2.5: "2.5", 999: "999", 1_234: "1,234", 9_999: "9,999", 12_345: "12.3k",
             999_999: "1M", 1_500_000: "1.5M", 24_679_000_000: "24.7G", 3.2e13: "32T", 999_600: "1M",
             0.125: "0.125", 5e18: "5e+18"}
    assert {v: format_axis(v) for v in cases} == cases


async def test_the_codebook_given_with_codebook_file_names_the_codes_and_gives_the_variables(corpus: Path,
                                                                                            tmp_path: Path) -> None:
    """``jingtui open DIR --codebook FILE``: the chart's codes go by their names in that codebook (数字, not
    metric) and the Variables tab counts its variables, though the folder has no codebook.toml."""
    book = tmp_path / "elsewhere.toml"
    (corpus / "codebook.toml").rename(book)
    app = Host()
    async with app.run_test(size=(160, 48)) as pilot:
        view = await opened_view(app, pilot, corpus, codebook_file=book)
        await pilot.press("4")
        pane = view.query_one(TimelinePane)
        await until(pilot, lambda: pane.figures is not None, "the figures over time")
        await pilot.pause()
        choices = view.query_one("#timeline-choices", OptionList)
        shown = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert shown[2:] == ["数字 (2)", "口号 (3)"]
        await pilot.press("n")  # from "all claims" to 数字
        assert "Claims of 数字 per month" in str(chart_of(view).render())
        await pilot.press("t", "t")  # the metric codes are the given codebook's: the subject's values
        assert pane.kind == "metric" and chart_of(view).values == (1200, 1500, None, None, None, None)
        await pilot.press("5")
        table = view.query_one("#corpus-variables", DataTable)
        await until(pilot, lambda: table.row_count == 3 and not view.filling, "the variables table")
        assert [str(c) for c in table.get_row_at(0)] == ["体裁", "消息", "1", "2", "数字 1, 口号 1"]
