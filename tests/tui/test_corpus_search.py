"""Pilot tests of the corpus search screen (ctrl+f): search, tick, widen, code the ticked hits in one
step, undo removes them all, redo brings them back; filters, sorting, a regex that does not compile,
enter opens the article at the hit; and a snapshot of the screen."""

from __future__ import annotations

from pathlib import Path

from jingtui.app.app import JingtuiApp
from jingtui.app.screens.corpus_search import CorpusSearchScreen

SIZE = (160, 48)


async def open_search(app: JingtuiApp, pilot, query: str = "", filters: str = "") -> CorpusSearchScreen:
    await pilot.pause()
    await pilot.press("ctrl+f")
    screen = app.screen
    assert isinstance(screen, CorpusSearchScreen)
    await wait_for(pilot, lambda: screen.searcher.index is not None and not screen.indexing)
    if filters:
        screen.query_one("#search-filters").value = filters
    if query:
        screen.query_one("#search-query").value = query
        screen.query_one("#search-query").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.last_query is not None and screen.last_query.text == query)
    return screen


async def wait_for(pilot, condition, rounds: int = 1000) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the screen never got there")


def status(screen: CorpusSearchScreen) -> str:
    return str(screen.query_one("#search-status").render())


async def test_search_tick_widen_code_in_one_step_undo_redo(seeds_copy: Path, tmp_path: Path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(app, pilot, "兩個維護")  # Traditional: the Simplified text is found
        table = screen.table
        assert table is not None and len(table) == 5
        assert all(h.hit == "两个维护" for h in table)
        assert "5 hits in 4 articles" in status(screen)
        assert "2022-02" in str(screen.query_one("#search-counts-text").render())
        assert screen.hit_list.has_focus
        await pilot.press("space", "space")  # the first two, the cursor moving down
        assert screen.hit_list.ticked == {0, 1}
        await pilot.press("w", "w")  # hit -> clause -> sentence
        assert screen.unit == "sentence"
        assert "sentence▸" in str(screen.query_one("#search-detail").render())
        await pilot.press("a")  # all
        assert screen.hit_list.ticked == set(range(5))
        await pilot.press("2")
        claims = app.store.claims()
        assert len(claims) == 5
        assert {c.label for c in claims} == {"slogan"} and {c.origin for c in claims} == {"search"}
        assert all("两个维护" in c.quote and len(c.quote) > 4 for c in claims)  # widened to the sentence
        assert claims[0].fields["search"]["query"] == "兩個維護"
        assert all(screen.coding.code_at(i) == "slogan" for i in range(5))
        assert "Coded 5 hits" in status(screen)
        await pilot.press("u")
        assert app.store.claims() == []
        assert screen.coding.code_at(0) is None
        await pilot.press("ctrl+r")
        assert len(app.store.claims()) == 5
        # back in the reader, its claims show what was coded here
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.reader
        assert sum(sum(c.values()) for c in app.store.counts().values()) == 5


async def test_rows_name_articles_by_title_and_tab_stays_where_keys_work(seeds_copy: Path, tmp_path: Path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(app, pilot, "两个维护")
        table = screen.table
        assert table is not None
        first = table.hit(0)
        assert first.title and first.title[:4] in str(screen.hit_list.prompt_at(0))
        assert first.path not in str(screen.hit_list.prompt_at(0))
        counts = str(screen.query_one("#search-counts-text").render())
        assert table.most_hit(1)[0][1][:4] in counts
        for _ in range(4):  # tab goes round the query, the filters and the list, never to the counts panel
            await pilot.press("tab")
            assert app.focused is not None and app.focused.id in ("search-query", "search-filters", "search-hits")


async def test_filters_sort_bad_regex_and_enter_opens_the_hit(seeds_copy: Path, tmp_path: Path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(app, pilot, "两个维护", filters="from:2022-02")
        assert screen.table is not None and len(screen.table) == 2
        await pilot.press("s")  # by left context
        assert screen.sort == "left"
        lefts = [h.left[::-1] for h in screen.table]
        assert lefts == sorted(lefts)
        screen.query_one("#search-filters").value = "colour:red"
        screen.query_one("#search-query").focus()
        await pilot.press("enter")
        assert "There is no filter 'colour'" in status(screen)
        screen.query_one("#search-filters").value = ""
        screen.query_one("#search-query").value = "两个("
        screen.regex = True
        await pilot.press("enter")
        assert "does not compile" in status(screen)
        screen.query_one("#search-query").value = "两个维护"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.last_query is not None and screen.last_query.text == "两个维护")
        await wait_for(pilot, lambda: screen.table is not None and len(screen.table) == 5)
        hit = screen.table.hit(3)
        screen.hit_list.highlighted = 3
        screen.hit_list.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.reader
        assert app.reader.current == hit.path
        assert app.reader.cleaned_pane.cursor_offset == hit.start
        await pilot.press("ctrl+f")  # the same screen, as it was left
        assert app.screen is screen and screen.table is not None and len(screen.table) == 5


def test_search_screen_snapshot(seeds_copy: Path, tmp_path: Path, snap_compare):
    async def run_before(pilot) -> None:
        screen = await open_search(pilot.app, pilot, "两个维护")
        assert screen.table is not None
        await pilot.press("space", "w")
        await pilot.pause()

    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_ctrl_f_again_puts_the_focus_in_the_query_with_its_text_selected(seeds_copy: Path, tmp_path: Path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(app, pilot, "两个维护")
        query = screen.query_one("#search-query")
        for leave_on in ("search-hits", "search-filters", "search-query"):
            screen.set_focus(screen.query_one(f"#{leave_on}"))
            query.cursor_position = 2  # the cursor left inside the query
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.reader
            await pilot.press("ctrl+f")
            await pilot.pause()
            assert app.screen is screen and app.focused is query, leave_on
            assert query.selected_text == "两个维护", leave_on
        await pilot.press("问", "题")  # typing starts a new query at once
        assert query.value == "问题"
        await pilot.press("escape", "ctrl+f", "right", "x")  # an arrow keeps the query to edit it
        assert query.value == "问题x"


CODEBOOK = """[[codes]]
id = "metric"
name = "数字"
key = "1"

[[codes]]
id = "prices"
name = "物价"
key = "e"  # the reader's key for a note: it tags nowhere

[[codes]]
id = "wages"
name = "工资"
key = "4"

[[codes]]
id = "ticked"
name = "勾选"
key = "space"  # the reader tags with it; the search ticks with it
"""


async def test_the_hits_take_every_code_key_the_reader_tags_with(seeds_copy: Path, tmp_path: Path):
    (seeds_copy / "codebook.toml").write_text(CODEBOOK, encoding="utf-8")
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(app, pilot, "两个维护")
        shown = screen.active_bindings  # the hits have the focus
        assert shown["1"].binding.description == "数字" and shown["1"].binding.show  # named as in the reader
        assert not shown["2"].binding.show  # no code has 2
        assert "e" not in shown  # the reader's key: not a code key here either
        await pilot.press("space", "space", "4")  # space ticks (the screen's own key), 4 codes
        claims = app.store.claims()
        assert len(claims) == 2 and {c.label for c in claims} == {"wages"}
        assert {c.origin for c in claims} == {"search"}
        await pilot.press("e")
        assert len(app.store.claims()) == 2
        await pilot.press("question_mark")
        await pilot.pause()
        codes = dict(app.screen.sections)["Codes (codebook.toml)"]
        assert ("4", "工资: code the ticked hits with it") in codes
        assert ("1", "数字: code the ticked hits with it") in codes
        assert any(key == "space" and "use c" in said for key, said in codes)
        assert not any(key == "e" and "code the ticked" in said for key, said in codes)


async def test_a_sentence_on_the_status_line_is_shown_whole_in_a_narrow_terminal(seeds_copy: Path, tmp_path: Path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_search(app, pilot, "两个维护")
        screen.query_one("#search-query").value = "两个(维护"
        screen.regex = True
        screen.query_one("#search-query").focus()
        await pilot.press("enter")
        await pilot.pause()
        line = screen.query_one("#search-status")
        shown = " ".join(line.render_line(y).text.strip() for y in range(line.region.height))
        sentence = ("The regular expression '两个(维护' does not compile: missing ), unterminated subpattern "
                    "at position 2.")
        assert sentence in " ".join(shown.split()), shown
        assert "5 hits in 4 articles" in shown  # and the last search's summary


async def test_a_file_removed_meanwhile_leaves_the_hits_when_the_search_comes_back(seeds_copy: Path, tmp_path: Path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(app, pilot, "两个维护")
        assert screen.table is not None and len(screen.table) == 5
        gone = screen.table.path(0)
        await pilot.press("escape")
        (seeds_copy / gone).unlink()
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: not screen.indexing and screen.table is not None
                       and gone not in {screen.table.path(i) for i in range(len(screen.table))})
        assert "3 hits in 3 articles" in status(screen)


async def test_the_code_filter_takes_a_code_name_and_says_when_no_code_has_it(seeds_copy: Path, tmp_path: Path):
    (seeds_copy / "codebook.toml").write_text('[[codes]]\nid = "slogan"\nname = "口号"\nkey = "2"\n',
                                              encoding="utf-8")
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(app, pilot, "两个维护")
        await pilot.press("space", "space", "2")  # the first two hits coded 口号 (id slogan)
        assert len(app.store.claims()) == 2
        for named in ("口号", "slogan"):
            screen.query_one("#search-filters").value = f"code:{named}"
            screen.query_one("#search-query").focus()
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen.last_query is not None and screen.last_query.code == "slogan"
                           and screen.table is not None and len(screen.table) == 2)
        screen.query_one("#search-filters").value = "code:口頭"
        screen.query_one("#search-query").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.table is not None and not len(screen.table))
        assert "No hits. The codebook has no code '口頭'" in status(screen)


async def test_a_narrow_terminal_gives_the_hits_their_context_and_the_counts_come_back_when_wide(seeds_copy: Path,
                                                                                                tmp_path: Path):
    from jingtui.app.widgets.hit_list import context_cells

    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(app, pilot, "两个维护")
        await pilot.pause()
        counts = screen.query_one("#search-counts")
        assert not counts.display  # the counts panel gives way: the rows are what is read here
        assert context_cells(screen.hit_list.size.width) >= 16  # eight Chinese characters each side
        await pilot.resize_terminal(110, 30)
        await pilot.pause()
        assert not counts.display and context_cells(screen.hit_list.size.width) >= 30
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert counts.display and counts.size.width > 0


async def test_sorting_keeps_the_ticked_hits_and_the_one_under_the_cursor(seeds_copy: Path, tmp_path: Path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(app, pilot, "发展")
        table = screen.table
        assert table is not None and len(table) > 6

        def hit_at(i: int) -> tuple[str, int]:
            assert screen.table is not None
            return screen.table.path(i), screen.table.starts[i]

        await pilot.press("space", "down", "space", "down")  # rows 0 and 2 ticked (space moves down too)
        assert screen.hit_list.highlighted == 4
        ticked, current = {hit_at(0), hit_at(2)}, hit_at(4)
        for _ in range(3):  # by left context, by right context, by article again
            await pilot.press("s")
            await pilot.pause()
            assert {hit_at(i) for i in screen.hit_list.ticked} == ticked, screen.sort
            assert screen.hit_list.highlighted is not None and hit_at(screen.hit_list.highlighted) == current
        assert "ticked 2" in status(screen)


async def test_coding_a_hit_whose_file_changed_since_the_search_leaves_it_out(seeds_copy: Path, tmp_path: Path):
    """The file of a hit edited after the search (its new text not cleaned yet): the hit is left out and said,
    never coded at the old offsets; a hit whose cleaned text is no longer cached is coded with its place in
    the original all the same."""
    import shutil

    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(app, pilot, "两个维护")
        table = screen.table
        assert table is not None
        edited = table.path(0)
        others = [i for i in range(len(table)) if table.path(i) != edited]
        target = seeds_copy / edited
        text = target.read_text(encoding="utf-8")
        end_of_front = text.index("---", text.index("---") + 3) + 3
        target.write_text(text[:end_of_front] + "\n\n新加的第一段话在这里。\n" + text[end_of_front:], encoding="utf-8")
        for folder in (seeds_copy / ".jingtui" / "cache").iterdir():  # every cleaned text the cache held
            if folder.is_dir() and folder.name != "articles":
                shutil.rmtree(folder)
        screen.hit_list.ticked = {0, others[0]}
        await pilot.press("1")
        claims = app.store.claims()
        assert [c.article for c in claims] == [table.path(others[0])]
        assert claims[0].original_start >= 0 and claims[0].original_end > claims[0].original_start
        assert "1 left out: their article changed" in status(screen)
