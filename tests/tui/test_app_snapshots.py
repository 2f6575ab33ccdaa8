"""Snapshot tests of the main screen with article 002 open (Traditional with pinyin on the left, clean
Simplified on the right), at 160x48 and 80x24. Update with ``pytest --snapshot-update`` and look at the
SVGs under ``tests/tui/__snapshots__/``."""

from __future__ import annotations

from jingtui.app.app import JingtuiApp

ARTICLE = "002_a12cabb78c2b9679.txt"


def make_app(seeds_copy, tmp_path) -> JingtuiApp:
    return JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")


async def open_002(pilot) -> None:
    app = pilot.app
    app.workers.cancel_group(app.reader, "load")
    for entry in app.reader.entries.values():  # every row as it will be once loaded, independent of timing
        app.reader.ensure_loaded(entry.path)
    app.reader.article_list.rebuild()
    header = app.reader.header_bar
    header.clock = lambda: header.started
    app.reader.show_article(ARTICLE, focus="cleaned")
    await pilot.pause()
    pane = app.reader.cleaned_pane
    start = pane.text.index("2022年破获刑事案件")
    pane.move_to_offset(start, center=True)
    await pilot.pause()


def test_main_screen_160x48(snap_compare, seeds_copy, tmp_path):
    assert snap_compare(make_app(seeds_copy, tmp_path), terminal_size=(160, 48), run_before=open_002)


def test_main_screen_80x24(snap_compare, seeds_copy, tmp_path):
    assert snap_compare(make_app(seeds_copy, tmp_path), terminal_size=(80, 24), run_before=open_002)


def test_main_screen_with_claims_160x48(snap_compare, seeds_copy, tmp_path):
    async def tag_some(pilot) -> None:
        await open_002(pilot)
        app = pilot.app
        pane = app.reader.cleaned_pane
        text = pane.text
        for quote, label in (("2022年破获刑事案件5209起", 0), ("平安聊城", 1), ("查处治安案件22126起", 0)):
            start = text.index(quote)
            pane.select_offsets(start, start + len(quote))
            app.reader.action_tag(label)
        # an overlapping claim: the whole sentence as an anecdote
        start = text.index("2022年破获刑事案件")
        pane.move_to_offset(start)
        app.reader.cleaned_pane.action_select_sentence()
        app.reader.action_tag(2)
        pane.move_to_offset(start)
        await pilot.pause()

    assert snap_compare(make_app(seeds_copy, tmp_path), terminal_size=(160, 48), run_before=tag_some)
