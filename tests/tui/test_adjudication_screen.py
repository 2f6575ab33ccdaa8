"""The adjudication screen: every decision key, n/N across articles, undo and redo, back to the reader; a
snapshot; and opening it from the reader with D."""

from __future__ import annotations

from pathlib import Path

from jingtui.adjudicate.decisions import sources_of
from jingtui.app.app import JingtuiApp
from jingtui.app.screens.adjudication import AdjudicationScreen
from jingtui.store.claims import ClaimStore
from jingtui.store.model import make_claim
from jingtui.workspace import Workspace

ARTICLES = ("000_28f175d8c4f347a7.txt", "001_a1e807634b4daa9e.txt")
# (ann's claims, bo's claims) as (start, end, label), on each article's cleaned text: one agreed claim, then
# different spans, different codes, one coded by ann only, one by bo only.
ANN = [(4, 12, "metric"), (20, 30, "slogan"), (40, 46, "metric"), (50, 56, "slogan")]
BO = [(4, 12, "metric"), (22, 30, "slogan"), (40, 46, "anecdote"), (60, 66, "anecdote")]


def coded_corpus(root: Path, db: Path) -> None:
    workspace = Workspace(root)
    with ClaimStore.open(db, sync=False) as store:
        for rel in ARTICLES:
            clean = workspace.clean(workspace.read(rel))
            for who, spans in (("ann", ANN), ("bo", BO)):
                for s, e, label in spans:
                    store.add(make_claim(rel, clean.text, s, e, label, text_sha256=clean.sha256, reviewer=who))


def make_app(seeds_copy: Path, tmp_path: Path) -> JingtuiApp:
    db = tmp_path / "db.json"
    coded_corpus(seeds_copy, db)
    return JingtuiApp(seeds_copy, db, reviewer="chair", adjudicate=(("ann", "bo"), "consensus"))


def consensus(app) -> list[tuple[str, int, int, str]]:
    return sorted((c.article[:3], c.start, c.end, c.label) for c in app.store.claims(reviewer="consensus"))


async def test_keys_settle_undo_redo_and_go_back(seeds_copy: Path, tmp_path: Path) -> None:
    app = make_app(seeds_copy, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        assert screen.article == ARTICLES[0] and [i.start for i in screen.items] == [20, 40, 50, 60]
        assert screen.counts[ARTICLES[0]].left == 4
        await pilot.press("b")  # bo's span 22-30
        await pilot.press("a")  # ann's metric 40-46
        await pilot.press("x")  # neither: 50-56
        await pilot.press("B")  # both: only bo coded 60-66
        assert consensus(app) == [("000", 22, 30, "slogan"), ("000", 40, 46, "metric"), ("000", 60, 66, "anecdote")]
        assert screen.counts[ARTICLES[0]].left == 0
        await pilot.press("A")  # the agreed claim
        assert ("000", 4, 12, "metric") in consensus(app)
        await pilot.press("n")  # the next disagreement left is in the next article
        assert screen.article == ARTICLES[1] and screen.current.start == 20
        await pilot.press("e")
        await pilot.press("ctrl+u", *"slogan 21 30", "enter")
        edited = [c for c in app.store.claims(reviewer="consensus") if c.article == ARTICLES[1]]
        assert [(c.start, c.end, c.label) for c in edited] == [(21, 30, "slogan")]
        assert sources_of(edited[0].fields) and edited[0].origin == "adjudicated"
        await pilot.press("N")  # back to the last one left in the first article: none, so it stays
        await pilot.press("u", "u")  # the edit, then the agreed claims of article 000
        assert screen.article == ARTICLES[0] and ("000", 4, 12, "metric") not in consensus(app)
        await pilot.press("ctrl+r")
        assert ("000", 4, 12, "metric") in consensus(app)
        # the reviewers' claims never changed
        assert sorted((c.start, c.end, c.label) for c in app.store.claims(ARTICLES[0], reviewer="bo")) == sorted(BO)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AdjudicationScreen)


async def test_the_reader_opens_it_with_d(seeds_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    coded_corpus(seeds_copy, db)
    app = JingtuiApp(seeds_copy, db, reviewer="chair")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, AdjudicationScreen) and app.screen.work.reviewers == ("ann", "bo")


async def test_one_reviewer_only_is_one_sentence(seeds_copy: Path, tmp_path: Path) -> None:
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="chair")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        assert not isinstance(app.screen, AdjudicationScreen)
        assert "two or three reviewers" in app.reader.status_message


def test_adjudication_screen_snapshot(snap_compare, seeds_copy: Path, tmp_path: Path) -> None:
    async def settle_one(pilot) -> None:
        app = pilot.app
        app.workers.cancel_group(app, "load")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause(0.3)  # the notification shows
        for toast in list(app.query("Toast")):
            toast.remove()
        await pilot.pause()

    assert snap_compare(make_app(seeds_copy, tmp_path), terminal_size=(160, 48), run_before=settle_one)


async def test_the_corpus_view_counts_the_disagreements_left(seeds_copy: Path, tmp_path: Path) -> None:
    from textual.widgets import DataTable, Static

    from jingtui.app.screens.corpus_view import CorpusView

    db = tmp_path / "db.json"
    coded_corpus(seeds_copy, db)
    app = JingtuiApp(seeds_copy, db, reviewer="chair")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        view = CorpusView(app.root, app.db_path, store=app.store)
        app.push_screen(view)
        for _ in range(200):
            await pilot.pause(0.05)
            if view.data is not None:
                break
        summary = str(view.query_one("#corpus-summary", Static).render())
        assert "8 of 8 disagreements left (ann, bo)" in summary
        table = view.query_one("#corpus-articles", DataTable)
        lefts = {table.get_row(key)[-1]: table.get_cell(key, "left") for key in table.rows}
        assert lefts[ARTICLES[0]] == "4" and lefts[ARTICLES[1]] == "4"


async def test_n_wraps_round_the_corpus(seeds_copy: Path, tmp_path: Path) -> None:
    app = make_app(seeds_copy, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("b")  # the first of article 000; the cursor moves to the next one left
        await pilot.press("N")  # nothing before it here or in an earlier article: wraps to the last one left
        assert screen.article == ARTICLES[1] and screen.current.start == 60
        await pilot.press("n")  # and forward again round the end to article 000
        assert screen.article == ARTICLES[0] and screen.current.start == 40


async def test_the_article_list_shows_the_disagreements_left(seeds_copy: Path, tmp_path: Path) -> None:
    from jingtui.app.widgets.article_list import row_text

    app = make_app(seeds_copy, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("b", "escape")
        await pilot.pause()
        reader = app.screen
        entry = reader.entries[ARTICLES[0]]
        assert entry.disagreements_left == 3 and reader.entries[ARTICLES[1]].disagreements_left == 4
        assert "≠3" in row_text(entry, ("metric", "slogan", "anecdote")).plain
