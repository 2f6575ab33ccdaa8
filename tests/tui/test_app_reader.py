"""Pilot tests of the reader: list, panes, motions, search, hiding panes, help, empty and bad folders."""

from __future__ import annotations

from pathlib import Path

from jingtui.app.app import JingtuiApp
from jingtui.app.widgets.text_panes import ArticlePane

SIZE = (160, 48)


def make_app(root: Path, tmp_path: Path) -> JingtuiApp:
    return JingtuiApp(root, tmp_path / "db.json", reviewer="tester")


async def test_open_seeds_shows_list_and_first_article(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(app.reader.order) == 5
        assert app.reader.current == app.reader.order[0]
        assert app.focused is app.reader.cleaned_pane
        entry = app.reader.entries[app.reader.current]
        assert app.reader.cleaned_pane.text == entry.clean.text
        assert app.reader.original_pane.text == entry.article.original
        assert app.reader.article_list.options.option_count == 5


async def test_move_through_list_and_open_each_article(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.reader.article_list.options.focus()
        app.reader.article_list.options.highlighted = 0
        for index, path in enumerate(app.reader.order):
            if index:
                await pilot.press("j")
            await pilot.press("enter")
            await pilot.pause()
            assert app.reader.current == path
            assert app.focused is app.reader.cleaned_pane
            entry = app.reader.entries[path]
            assert entry.clean is not None and entry.clean.text
            assert app.reader.cleaned_pane.text == entry.clean.text
            app.reader.article_list.options.focus()
        await pilot.press("k")
        assert app.reader.article_list.options.highlighted == len(app.reader.order) - 2


async def test_brackets_step_articles_and_keep_focus(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.reader.current
        await pilot.press("right_square_bracket")
        assert app.reader.current == app.reader.order[1]
        assert app.focused is app.reader.cleaned_pane
        await pilot.press("left_square_bracket")
        assert app.reader.current == first
        app.reader.article_list.options.focus()
        await pilot.press("right_square_bracket")
        assert app.reader.current == app.reader.order[1]
        assert app.focused is app.reader.article_list.options


async def test_sentence_and_paragraph_motions(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.reader.cleaned_pane
        pane.move_to_offset(0)
        starts = pane.nav.starts
        await pilot.press("right_parenthesis")
        assert pane.cursor_offset == starts[1]
        await pilot.press("right_parenthesis")
        assert pane.cursor_offset == starts[2]
        await pilot.press("left_parenthesis")
        assert pane.cursor_offset == starts[1]
        pane.move_to_offset(0)
        await pilot.press("right_curly_bracket")
        row, col = pane.cursor_location
        assert row >= 1 and col == 0
        await pilot.press("right_curly_bracket")
        assert pane.cursor_location[0] > row
        await pilot.press("left_curly_bracket")
        assert pane.cursor_location == (row, 0)
        # v selects the sentence under the cursor, again extends by one
        pane.move_to_offset(starts[1] + 1)
        await pilot.press("v")
        assert pane.selection_offsets() == pane.nav.spans[1]
        await pilot.press("v")
        assert pane.selection_offsets() == (pane.nav.spans[1][0], pane.nav.spans[2][1])


async def test_search_selects_match_and_n_moves(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.reader.cleaned_pane
        text = pane.text
        term = "公安"
        assert text.count(term) >= 2
        pane.move_to_offset(0)
        await pilot.press("slash")
        assert app.focused.id == "search"
        for ch in term:
            await pilot.press(ch)
        await pilot.press("enter")
        assert app.focused is pane
        first = text.find(term)
        assert pane.selection_offsets() == (first, first + len(term))
        await pilot.press("n")
        second = text.find(term, first + 1)
        assert pane.selection_offsets() == (second, second + len(term))
        await pilot.press("N")
        assert pane.selection_offsets() == (first, first + len(term))


async def test_hide_and_show_panes(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        width = app.reader.cleaned_pane.size.width
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not app.reader.original_pane.display
        assert app.reader.cleaned_pane.size.width > width
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.reader.original_pane.display
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not app.reader.cleaned_pane.display
        assert isinstance(app.focused, ArticlePane) and app.focused is app.reader.original_pane
        await pilot.press("ctrl+l")
        assert app.reader.cleaned_pane.display


async def test_help_screen_lists_every_key(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.screen
        assert screen is not app.default_screen if hasattr(app, "default_screen") else len(app.screen_stack) > 2
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 2


async def test_empty_folder_shows_what_it_looks_for(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    app = make_app(root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.reader.order == []
        message = str(app.reader.query_one("#reader-empty").render())
        for suffix in (".txt", ".md", ".markdown", ".html", ".htm"):
            assert suffix in message


async def test_folder_of_bad_files_lists_them_with_problems(tmp_path):
    root = tmp_path / "bad"
    root.mkdir()
    (root / "blank.txt").write_text("   \n\n", encoding="utf-8")
    (root / "zero.html").write_bytes(b"")
    app = make_app(root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(app.reader.order) == 2
        for path in app.reader.order:
            entry = app.reader.ensure_loaded(path)
            assert entry.flagged
        rows = [str(app.reader.article_list.options.get_option_at_index(i).prompt) for i in range(2)]
        assert all("⚠" in row for row in rows)


async def test_filter_the_list_by_title(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for path in app.reader.order:
            app.reader.ensure_loaded(path)
        rows = app.reader.article_list.options
        rows.focus()
        await pilot.press("slash")
        assert app.focused.id == "list-filter"
        await pilot.press(*"警察节")
        assert rows.row_count == 1
        assert "警察节" in app.reader.entries[rows.highlighted_path].display_title
        await pilot.press("enter")
        assert app.focused is rows
        await pilot.press("enter")
        assert app.reader.current == rows.highlighted_path
        assert app.focused is app.reader.cleaned_pane
        rows.focus()
        await pilot.press("slash", "escape")
        assert rows.row_count == 5
