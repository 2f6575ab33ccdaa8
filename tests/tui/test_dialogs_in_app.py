"""The dialogs as the real app opens them: ctrl+e exports, ctrl+g shows the corpus view, ? shows help."""

from __future__ import annotations

import json

from textual.widgets import DataTable

from jingtui.app.app import JingtuiApp
from jingtui.app.screens.corpus_view import CorpusView
from jingtui.app.screens.export import ExportDialog
from jingtui.app.screens.help import HelpScreen

SIZE = (160, 48)


async def tag_two(pilot, app) -> None:
    pane = app.reader.cleaned_pane
    spans = [s for s in pane.nav.spans if s[1] - s[0] >= 6]
    for (start, _), key in zip(spans[2:4], ("1", "2"), strict=True):
        pane.move_to_offset(start + 1)
        await pilot.press(key)
    assert len(app.reader.claims) == 2


async def test_export_from_the_app_while_the_database_is_open(seeds_copy, tmp_path):
    db = tmp_path / "db.json"
    app = JingtuiApp(seeds_copy, db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await tag_two(pilot, app)
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        out = dialog.result_path
        assert out is not None and out.parent == tmp_path / "exports"
        document = json.loads(out.read_text(encoding="utf-8"))
        labels = sorted(c["label"] for a in document["articles"] for c in a["claims"])
        assert labels == ["metric", "slogan"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)


async def test_corpus_view_and_help_from_the_app(seeds_copy, tmp_path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await tag_two(pilot, app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, CorpusView)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.data is not None
        assert view.data.claims == 2
        assert view.query_one("#corpus-articles", DataTable).row_count == 5
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CorpusView)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running  # q closed the help, not the app


async def test_enter_on_a_metric_opens_its_article_at_the_claim(seeds_copy, tmp_path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await tag_two(pilot, app)
        metric = next(c for c in app.reader.claims if c.label == "metric")
        first = app.reader.current
        await pilot.press("right_square_bracket")  # another article
        await pilot.pause()
        assert app.reader.current != first
        await pilot.press("ctrl+g")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, CorpusView) and len(view.metric_rows) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CorpusView)
        assert app.reader.current == first
        assert app.reader.cleaned_pane.cursor_offset == metric.start
