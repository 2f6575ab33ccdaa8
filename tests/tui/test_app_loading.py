"""Opening a folder: the list from the corpus index at once, filled in behind the first screen (a helper
process for many articles, a thread for a few), and following files added, changed or removed."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

from conftest import SEEDS
from jingtui.app.app import JingtuiApp
from jingtui.index import CorpusIndex, Stage
from jingtui.workspace import child_process, parallel_clean


def _corpus(root: Path, copies: int) -> Path:
    root.mkdir()
    for i in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            (root / f"c{i}_{seed.name}").write_bytes(seed.read_bytes() + f"\n\nNo. {i}\n".encode())
    return root


async def _until(pilot, condition, what: str, tries: int = 3000) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(what)


def _all_cleaned(app) -> bool:
    return all(e.stage >= Stage.CLEANED or e.clean is not None or e.error for e in app.reader.entries.values())


async def test_many_articles_are_filled_in_the_index_by_a_helper_process(tmp_path, monkeypatch):
    root = _corpus(tmp_path / "corpus", 3)  # 15 articles, over a lowered threshold
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 4)
    calls = []
    real = child_process.run_in_child

    def recording(target, args=(), **kwargs):
        calls.append(target.__name__)
        return real(target, args, **kwargs)

    monkeypatch.setattr(child_process, "run_in_child", recording)
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        await _until(pilot, lambda: _all_cleaned(app) and not app.reader.loader.filling, "never all cleaned")
        assert calls == ["fill_index_in_helper"]
        assert len(list((root / ".jingtui" / "cache").glob("??/*.json"))) == 15  # every cleaned text is kept
        assert all(e.title and e.stage == Stage.CLEANED for e in app.reader.entries.values())
        # only the article shown is held in memory
        assert [p for p, e in app.reader.entries.items() if e.article is not None] == [app.reader.current]
        assert app.reader.article_list.border_subtitle == ""  # the progress bar is gone when all is done
    assert not multiprocessing.active_children()


async def test_the_list_appears_before_anything_is_cleaned(tmp_path, monkeypatch):
    root = _corpus(tmp_path / "corpus", 3)
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 4)
    release = threading.Event()

    def slow(target, args=(), **kwargs):  # a helper that takes its time
        release.wait(20)

    monkeypatch.setattr(child_process, "run_in_child", slow)
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        await _until(pilot, lambda: app.reader.loader.filling, "the helper never started")
        rows = app.reader.article_list.options
        assert rows.option_count == 15 and app.first_frame_at is not None
        assert "read 1/15" in str(app.reader.article_list.border_subtitle)  # the one shown first
        release.set()
        await _until(pilot, lambda: not app.reader.loader.filling, "the helper never ended")


async def test_a_few_articles_are_cleaned_in_the_app_alone_and_indexed(seeds_copy, tmp_path, monkeypatch):
    root = seeds_copy

    def refuse(*_args, **_kwargs):
        raise AssertionError("no child process for five articles")

    monkeypatch.setattr(child_process, "run_in_child", refuse)
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        await _until(pilot, lambda: all(e.clean is not None for e in app.reader.entries.values()), "never cleaned")
        await app.workers.wait_for_complete()
    with CorpusIndex.open(root) as index:
        rows = index.rows()
    assert len(rows) == 5 and all(r.stage == Stage.CLEANED and r.title for r in rows)


async def test_a_failing_helper_leaves_the_filling_to_the_app(tmp_path, monkeypatch):
    root = _corpus(tmp_path / "corpus", 2)
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 4)

    def broken(*_args, **_kwargs):
        raise child_process.ChildUnavailable("No helper process could be started (OSError: sandbox).")

    monkeypatch.setattr(child_process, "run_in_child", broken)
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        await _until(pilot, lambda: _all_cleaned(app) and not app.reader.loader.filling, "never all cleaned")
        assert not any(e.error for e in app.reader.entries.values())


async def test_reopening_an_indexed_folder_reads_nothing_before_the_first_screen(tmp_path, monkeypatch):
    root = _corpus(tmp_path / "corpus", 3)
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 4)
    first = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with first.run_test(size=(160, 48)) as pilot:
        await _until(pilot, lambda: _all_cleaned(first) and not first.reader.loader.filling, "never all cleaned")

    def refuse(*_args, **_kwargs):
        raise AssertionError("no helper process: the index holds every article")

    monkeypatch.setattr(child_process, "run_in_child", refuse)
    again = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with again.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        entries = again.reader.entries
        assert len(entries) == 15 and all(e.title and e.stage == Stage.CLEANED for e in entries.values())
        await again.workers.wait_for_complete()


async def test_a_never_read_first_article_comes_right_after_the_first_frame(seeds_copy, tmp_path, monkeypatch):
    """Reading and cleaning the first article (its parsers and rules imported) waits for the list to be on
    screen when it was never cleaned here; on a reopened folder it is in the first frame."""
    from jingtui.app.screens.reader import ReaderScreen

    at_first_frame: list[str | None] = []
    real = ReaderScreen._first_frame

    def noting(self):
        at_first_frame.append(self.current)
        real(self)

    monkeypatch.setattr(ReaderScreen, "_first_frame", noting)
    for run in ("never opened", "reopened"):
        app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="t")
        async with app.run_test(size=(160, 48)) as pilot:
            await _until(pilot, lambda app=app: app.reader.current is not None, f"{run}: no article shown")
            await pilot.pause()
            first = app.reader.order[0]
            assert app.reader.current == first
            assert app.reader.cleaned_pane.text.strip() and app.focused is app.reader.cleaned_pane
            await _until(pilot, lambda app=app: all(e.clean is not None for e in app.reader.entries.values()),
                         "not cleaned")
            await app.workers.wait_for_complete()
    assert at_first_frame == [None, first]


async def test_files_added_changed_and_removed_while_the_app_runs(seeds_copy, tmp_path):
    root = seeds_copy
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await _until(pilot, lambda: all(e.clean is not None for e in reader.entries.values()), "never cleaned")
        await app.workers.wait_for_complete()
        current = reader.current
        clean = reader.entries[current].clean
        path = root / current
        original = path.read_text(encoding="utf-8")
        paragraphs = [line for line in clean.text.split("\n")[1:] if len(line) > 20 and line[:20] in original]
        quote = paragraphs[-1][:12]
        start = clean.text.index(quote)
        app.session.tag(current, clean.text, clean.sha256, start, start + len(quote), "slogan")
        gone = next(p for p in reader.order if p != current)

        (root / "new_article.txt").write_text("新来的文章标题\n\n这是一篇刚刚放进文件夹的文章。\n", encoding="utf-8")
        (root / gone).unlink()
        at = original.index(paragraphs[-1][:20])  # a paragraph before the claim's: its offsets move
        path.write_text(original[:at] + "新插入的一段文字，放在这段之前。\n\n" + original[at:], encoding="utf-8")

        reader.loader.rescan()
        await _until(pilot, lambda: "new_article.txt" in reader.entries and gone not in reader.entries,
                     "the list never followed the folder")
        rows = reader.article_list.options
        assert gone not in [rows.rows[i].path for i in range(rows.option_count)]
        assert "new_article.txt" in [rows.rows[i].path for i in range(rows.option_count)]
        await _until(pilot, lambda: reader.entries["new_article.txt"].clean is not None, "the new one never cleaned")
        assert reader.entries["new_article.txt"].title == "新来的文章标题"
        assert reader.current == current  # the article shown was read again, its claim still placed
        await _until(pilot, lambda: reader.entries[current].clean is not None
                     and reader.entries[current].clean.sha256 != clean.sha256, "the changed article never read again")
        claims = app.store.claims(article=current)
        assert len(claims) == 1 and claims[0].status == "active" and claims[0].quote == quote
        assert claims[0].start > start and claims[0].text_sha256 == reader.entries[current].clean.sha256


async def test_o_orders_the_list_by_date_title_outlet_and_back(seeds_copy, tmp_path):
    root = seeds_copy
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await _until(pilot, lambda: all(e.clean is not None for e in reader.entries.values()), "never cleaned")
        listing = reader.article_list
        listing.options.focus()
        shown = lambda: [listing.options.rows[i] for i in range(listing.options.option_count)]  # noqa: E731
        await pilot.press("o")
        dates = [e.when for e in shown()]
        assert listing.border_title == "Articles by date"
        dated = [d for d in dates if d]
        assert dated == sorted(dated, reverse=True) and dates[:len(dated)] == dated  # newest first, undated last
        await pilot.press("o")
        titles = [e.display_title.casefold() for e in shown()]
        assert titles == sorted(titles)
        await pilot.press("o", "o")
        assert [e.path for e in shown()] == reader.order and listing.border_title == "Articles"


async def test_a_large_folder_shows_its_first_files_while_the_rest_are_found(tmp_path, monkeypatch):
    """The first frame of a large folder waits for its first files only; the rest come into the list as they
    are found, and reading and cleaning behind the screen start when every file is known."""
    import importlib

    from jingtui.app import articles

    discover_module = importlib.import_module("jingtui.corpus.discover")  # the package's ``discover`` is the function

    root = _corpus(tmp_path / "corpus", 30)  # 150 files
    monkeypatch.setattr(articles, "FIRST_ROWS", 20)
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 4)
    gate = threading.Event()
    real_walk = discover_module.walk_in_order

    def slow_walk(folder, **kwargs):  # a folder whose later files take long to find
        for n, candidate in enumerate(real_walk(folder, **kwargs)):
            if n == 40:
                gate.wait(20)
            yield candidate

    monkeypatch.setattr(discover_module, "walk_in_order", slow_walk)
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        await _until(pilot, lambda: app.first_frame_at is not None, "no first frame")
        loader, listing = app.reader.loader, app.reader.article_list
        assert loader.listing and listing.options.option_count == 20
        assert "finding articles… 20" in str(listing.border_subtitle)
        await pilot.pause(0.5)  # the time after which the first frame asks for the filling
        assert not loader.filling and loader.listing
        app.on_app_focus()  # the terminal got the focus back: no rescan until the list is complete
        assert not loader._scanning
        gate.set()
        await _until(pilot, lambda: not loader.listing, "discovery never ended")
        assert listing.options.option_count == 150 and app.reader.order == sorted(app.reader.order, key=natural)
        await _until(pilot, lambda: _all_cleaned(app) and not loader.filling, "never all cleaned")
        assert "finding" not in str(listing.border_subtitle)


def natural(path: str) -> str:
    from jingtui.corpus.discover import natural_key

    return natural_key(path)


async def test_a_reopened_large_folder_lists_its_first_rows_at_once_then_the_rest(tmp_path, monkeypatch):
    """From the index: the first rows before the first frame, the rest read behind it; the article last read
    (further down than the first rows) is opened when the list is complete, with its marks from the store."""
    from jingtui.app import articles

    root = _corpus(tmp_path / "corpus", 6)  # 30 files
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 4)
    first = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with first.run_test(size=(160, 48)) as pilot:
        await _until(pilot, lambda: _all_cleaned(first) and not first.reader.loader.filling, "never all cleaned")
        marked, last = first.reader.order[20], first.reader.order[24]
        first.reader.show_article(marked)
        first.reader.action_toggle_done()
        first.reader.show_article(last)
        await pilot.pause()
        assert first.reader.entries[marked].done

    monkeypatch.setattr(articles, "FIRST_ROWS", 10)
    gate = threading.Event()
    real_rows = CorpusIndex.list_rows

    def slow_rows(self, since=-1, *, offset=0, limit=None):
        if offset:  # the rest of the rows, read behind the first screen
            gate.wait(20)
        return real_rows(self, since, offset=offset, limit=limit)

    monkeypatch.setattr(CorpusIndex, "list_rows", slow_rows)
    again = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with again.run_test(size=(160, 48)) as pilot:
        await _until(pilot, lambda: again.first_frame_at is not None, "no first frame")
        reader = again.reader
        assert reader.article_list.options.option_count == 10 and reader.loader.listing
        await pilot.pause()
        assert "finding" not in str(reader.article_list.border_subtitle)  # the index's rows: nothing to find
        assert reader.current is None  # the article last read is not among the first rows
        gate.set()
        await _until(pilot, lambda: not reader.loader.listing and reader.current is not None, "never complete")
        assert reader.article_list.options.option_count == 30 and reader.current == last
        assert reader.entries[marked].done and reader.entries[marked].title  # the store's marks of the later rows
        await again.workers.wait_for_complete()


def test_the_progress_in_the_lists_border_moves_with_the_first_articles_of_a_large_folder():
    from jingtui.app.loading import progress_amount, progress_bar

    assert progress_amount(15, 150) == "15/150"
    assert progress_amount(760, 100_000) == "0.7%" and progress_amount(0, 100_000) == "0.0%"
    assert progress_amount(9_990, 100_000) == "9.9%" and progress_amount(10_000, 100_000) == "10%"
    assert progress_amount(100_000, 100_000) == "100%"
    assert progress_bar(50_000, 100_000) == "▰▰▰▰▰▱▱▱▱▱"


async def test_a_file_added_while_the_helper_fills_is_read_when_it_ends(tmp_path, monkeypatch):
    """The helper takes its list of files to read when it starts: one added meanwhile (the list shows it at
    the next rescan) is read by a second run once the first ends, and the progress bar goes away."""
    from jingtui.workspace.index_fill import fill_index

    root = _corpus(tmp_path / "corpus", 3)
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 4)
    release, listed = threading.Event(), threading.Event()
    runs: list[int] = []

    def gated(target, args=(), **kwargs):  # the first run fills the folder as it was, then takes its time
        runs.append(1)
        fill_index(str(root), workers=1)
        if len(runs) == 1:
            listed.set()
            release.wait(20)

    monkeypatch.setattr(child_process, "run_in_child", gated)
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        loader = app.reader.loader
        await _until(pilot, lambda: loader.filling and listed.is_set(), "the helper never started")
        (root / "zz_added.txt").write_text("后来的文章\n\n这是一篇后来放进文件夹的文章。\n", encoding="utf-8")
        loader.rescan()
        await _until(pilot, lambda: "zz_added.txt" in app.reader.entries, "the list never showed the new file")
        release.set()
        await _until(pilot, lambda: not loader.filling and len(runs) == 2, "no second run for the new file")
        await _until(pilot, lambda: _all_cleaned(app), "the new file never read and cleaned")
        assert app.reader.entries["zz_added.txt"].title == "后来的文章"
        assert "read" not in str(app.reader.article_list.border_subtitle)
