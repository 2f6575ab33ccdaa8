"""The corpus view with suggestions (g): computed in a child process with a progress bar, shown apart
from claims, keys answered while it runs, cancelled by g again or by closing (the child ended); enter on
a suggested metric."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.widgets import DataTable, ProgressBar, Static, TabbedContent

from jingtui.app.screens import corpus_view
from jingtui.app.screens.corpus_view import CorpusView

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"
COPIES = 60  # of the five seeds: 300 articles, a couple of seconds of suggesting here


class Host(App):
    pass


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("big")
    for i in range(COPIES):
        for seed in sorted(p for p in SEEDS.iterdir() if p.is_file() and not p.name.startswith(".")):
            shutil.copyfile(seed, root / f"c{i:02}_{seed.name}")
    return root


def helper_processes() -> list:
    """The child processes still running (the suggestions are computed in one)."""
    import multiprocessing

    return multiprocessing.active_children()


async def settle(app, pilot, view: CorpusView) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    for _ in range(500):
        if not view.filling:
            return
        await pilot.pause(0.01)
    raise AssertionError("the tables were never filled")


async def until_suggesting(pilot, view: CorpusView) -> None:
    """Wait until the worker has suggested in at least one article."""
    for _ in range(1000):
        if view.suggest_progress[0] > 0:
            return
        await pilot.pause(0.01)
    raise AssertionError("the suggesting never started")


def send(app, key: str) -> None:
    """Send ``key`` as the terminal would, without Pilot's wait for an idle process (which, with a
    worker thread busy, waits a second per key)."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


async def until(pilot, condition, what: str) -> None:
    for _ in range(1000):
        if condition():
            return
        await pilot.pause(0.005)
    raise AssertionError(f"never: {what}")


def column_labels(table: DataTable) -> list[str]:
    return [str(c.label) for c in table.columns.values()]


def status(view: CorpusView) -> str:
    return str(view.query_one("#corpus-status", Static).content)


async def test_g_includes_the_suggestions_of_the_seeds_and_again_leaves_them_out(seeds_copy, tmp_path):
    app = Host()
    async with app.run_test(size=(140, 36)) as pilot:
        view = CorpusView(seeds_copy, tmp_path / "db.json")
        app.push_screen(view)
        await settle(app, pilot, view)
        articles = view.query_one("#corpus-articles", DataTable)
        assert "suggested" not in column_labels(articles) and view.data.claims == 0
        await pilot.press("g")
        await settle(app, pilot, view)
        data = view.data
        assert data.with_suggestions and data.suggestions > 0 and data.claims == 0, status(view)
        assert "suggested" in column_labels(articles)
        col = column_labels(articles).index("suggested")
        shown = [str(articles.get_row_at(r)[col]) for r in range(articles.row_count)]
        assert shown == [str(a.suggested_total or "·") for a in data.articles]
        metric_col = column_labels(articles).index("metric")
        first = next(r for r, a in enumerate(data.articles) if a.suggested.get("metric"))
        assert str(articles.get_row_at(first)[metric_col]) == f"· +{data.articles[first].suggested['metric']}"
        assert f"{data.suggestions:,} suggestions from {data.suggested_articles} of 5 articles" in status(view)
        summary = str(view.query_one("#corpus-summary", Static).content)
        assert f"{data.suggestions:,} suggestions" in summary
        # slogans: the suggested occurrences in their own column (no claims yet: none counted as claims)
        slogans = view.query_one("#corpus-slogans", DataTable)
        assert column_labels(slogans) == ["Slogan", "times", "suggested", "articles", "in"]
        assert slogans.row_count > 0
        assert all(str(slogans.get_row_at(r)[1]) == "·" for r in range(slogans.row_count))
        # metrics: every row is a suggestion, marked so in the last column
        await pilot.press("3")
        metrics = view.query_one("#corpus-metrics", DataTable)
        assert column_labels(metrics)[-1] == "From" and metrics.row_count > 0
        assert {str(metrics.get_row_at(r)[-1]) for r in range(metrics.row_count)} == {"suggested"}
        assert view.query_one("#corpus-suggest-row").display is False
        await pilot.press("g")  # leaves them out again, at once (nothing to compute)
        await pilot.pause()
        assert not view.data.with_suggestions and not view.suggesting
        assert metrics.row_count == 0 and "From" not in column_labels(metrics)
        assert "suggested" not in column_labels(articles)
        await pilot.press("g")  # and back, from what was computed
        await pilot.pause()
        assert view.data.with_suggestions and not view.suggesting and metrics.row_count > 0


async def test_claimed_and_rejected_suggestions_are_not_counted(seeds_copy, tmp_path):
    from jingtui.store.claims import ClaimStore
    from jingtui.store.model import make_claim

    db = tmp_path / "db.json"
    found = corpus_view.load_suggestions(seeds_copy, db)
    path = next(p for p, items in found.items() if len([s for s in items if s.label == "metric"]) >= 2)
    first, second = [s for s in found[path] if s.label == "metric"][:2]
    text = (seeds_copy / path).read_text(encoding="utf-8")  # only the quote and offsets matter here
    store = ClaimStore.open(db)
    try:
        store.add(make_claim(path, text, first.start, first.end, "metric", text_sha256="x"))
        store.reject_suggestion(path, second.label, second.start, second.end, second.quote)
    finally:
        store.close()
    app = Host()
    async with app.run_test(size=(140, 36)) as pilot:
        view = CorpusView(seeds_copy, db)
        app.push_screen(view)
        await settle(app, pilot, view)
        await pilot.press("g")
        await settle(app, pilot, view)
        row = next(a for a in view.data.articles if a.path == path)
        metric_quotes = [s.quote for s in found[path] if s.label == "metric"]
        assert row.suggested["metric"] <= len(metric_quotes) - 2
        assert row.counts["metric"] == 1  # the claim, counted as a claim
        assert all(m.start != second.start for m in view.metric_rows if m.article == path and m.is_suggestion)


async def test_progress_bar_and_keys_while_the_worker_runs(big_corpus):
    app = Host()
    async with app.run_test(size=(140, 36)) as pilot:
        view = CorpusView(big_corpus, big_corpus / ".jingtui" / "annotations.json")
        app.push_screen(view)
        await settle(app, pilot, view)
        assert view.query_one("#corpus-articles", DataTable).row_count == COPIES * 5
        send(app, "g")
        await until_suggesting(pilot, view)
        bar = view.query_one("#corpus-suggest-progress", ProgressBar)
        assert view.query_one("#corpus-suggest-row").display
        assert bar.total == COPIES * 5 and 0 < bar.progress < COPIES * 5
        assert "Suggesting" in status(view)
        tabs = view.query_one(TabbedContent)
        answered_while_suggesting = []
        for key, tab in (("2", "slogans"), ("3", "metrics"), ("1", "articles")):
            send(app, key)  # the view answers while the worker runs
            await until(pilot, lambda tab=tab: tabs.active == tab, f"the {tab} tab shown")
            answered_while_suggesting.append(view.suggesting)
        # Each key was answered before the results came in (not "before the child's last article": on a
        # loaded machine the child may finish its count while the view waits for its answer).
        assert answered_while_suggesting == [True, True, True]
        await settle(app, pilot, view)
        assert not view.suggesting and view.query_one("#corpus-suggest-row").display is False
        assert view.data.with_suggestions and view.data.suggested_articles == COPIES * 5
        assert not helper_processes()


async def test_g_again_cancels_the_computation(big_corpus):
    app = Host()
    async with app.run_test(size=(140, 36)) as pilot:
        view = CorpusView(big_corpus, big_corpus / ".jingtui" / "annotations.json")
        app.push_screen(view)
        await settle(app, pilot, view)
        send(app, "g")
        await until_suggesting(pilot, view)
        send(app, "g")
        await until(pilot, lambda: not view.suggesting, "the computation cancelled")
        assert not view.suggesting and view.query_one("#corpus-suggest-row").display is False
        assert status(view) == "Suggesting cancelled."
        await until(pilot, lambda: not helper_processes(), "the helper process ended")
        await settle(app, pilot, view)
        assert not view.data.with_suggestions  # nothing arrived after the cancellation
        assert "suggested" not in column_labels(view.query_one("#corpus-articles", DataTable))


async def test_closing_the_view_cancels_the_computation(big_corpus):
    app = Host()
    async with app.run_test(size=(140, 36)) as pilot:
        view = CorpusView(big_corpus, big_corpus / ".jingtui" / "annotations.json")
        app.push_screen(view)
        await settle(app, pilot, view)
        send(app, "g")
        await until_suggesting(pilot, view)
        send(app, "escape")
        await until(pilot, lambda: app.screen is not view, "the view closed")
        await until(pilot, lambda: not helper_processes(), "the helper process ended")


async def test_enter_on_a_suggested_metric_opens_the_reader_there(seeds_copy, tmp_path):
    from jingtui.app.app import JingtuiApp

    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert not app.reader.suggestions_shown
        await pilot.press("ctrl+g")
        view = app.screen
        assert isinstance(view, CorpusView)
        await settle(app, pilot, view)
        await pilot.press("g")
        await settle(app, pilot, view)
        await pilot.press("3")
        index = next(i for i, m in enumerate(view.metric_rows)
                     if m.is_suggestion and m.article != app.reader.current and m.start > 0)
        metric = view.metric_rows[index]
        view.query_one("#corpus-metrics", DataTable).move_cursor(row=index, column=0)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not view
        assert app.reader.current == metric.article and app.reader.suggestions_shown
        assert app.reader.cleaned_pane.cursor_offset == metric.start
        here = app.reader.annotator.suggestion_at(metric.start)
        assert here is not None and here.label == "metric" and here.quote == metric.quote


async def test_without_child_processes_the_suggestions_are_computed_in_the_worker(seeds_copy, tmp_path, monkeypatch):
    from jingtui.workspace.child_process import ChildUnavailable

    def unavailable(*args, **kwargs):
        raise ChildUnavailable("No helper process could be started (OSError: sandbox).")

    monkeypatch.setattr(corpus_view, "run_in_child", unavailable)
    app = Host()
    async with app.run_test(size=(140, 36)) as pilot:
        view = CorpusView(seeds_copy, tmp_path / "db.json")
        app.push_screen(view)
        await settle(app, pilot, view)
        await pilot.press("g")
        await settle(app, pilot, view)
        assert view.data.with_suggestions and view.data.suggestions > 0
