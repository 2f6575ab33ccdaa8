"""Pilot tests of annotating: tag by selection, sentence and search; relabel, delete, note, undo/redo,
restart, copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingtui.app.app import JingtuiApp

SIZE = (160, 48)


def make_app(root: Path, db: Path) -> JingtuiApp:
    return JingtuiApp(root, db, reviewer="tester")


def body_sentence(app: JingtuiApp, nth: int = 3) -> tuple[int, int]:
    """A sentence of the body (past the title), long enough to tag."""
    spans = [s for s in app.reader.cleaned_pane.nav.spans if s[1] - s[0] >= 6]
    return spans[min(nth, len(spans) - 1)]


async def test_tag_selection_by_shift_arrows(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.reader.cleaned_pane
        start, _ = body_sentence(app)
        pane.move_to_offset(start)
        for _ in range(4):
            await pilot.press("shift+right")
        await pilot.press("1")
        assert len(app.reader.claims) == 1
        claim = app.reader.claims[0]
        assert (claim.start, claim.end, claim.label) == (start, start + 4, "metric")
        assert claim.quote == pane.text[start : start + 4]
        assert claim.original_start >= 0
        assert app.reader.entries[app.reader.current].counts == {"metric": 1}
        assert app.reader.claims_panel.option_count == 1


async def test_tag_sentence_under_cursor_and_relabel_and_delete(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.reader.cleaned_pane
        start, end = body_sentence(app)
        pane.move_to_offset(start + 2)
        await pilot.press("2")
        assert [(c.start, c.end, c.label) for c in app.reader.claims] == [(start, end, "slogan")]
        pane.move_to_offset(start + 1)
        await pilot.press("3")
        assert [(c.label) for c in app.reader.claims] == ["anecdote"]
        await pilot.press("x")
        assert app.reader.claims == []
        await pilot.press("u")
        assert [(c.label) for c in app.reader.claims] == ["anecdote"]
        await pilot.press("delete")
        assert app.reader.claims == []


async def test_tag_search_match(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.reader.cleaned_pane
        term = "公安"
        await pilot.press("slash", *term, "enter")
        await pilot.press("shift+right")
        await pilot.press("3")
        first = pane.text.find(term)
        assert [(c.start, c.end, c.label) for c in app.reader.claims] == [(first, first + 3, "anecdote")]


async def test_v_selects_sentences_and_overlap_is_allowed(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.reader.cleaned_pane
        start, end = body_sentence(app)
        pane.move_to_offset(start)
        await pilot.press("v", "v", "1")
        assert app.reader.claims[0].start == start and app.reader.claims[0].end > end
        pane.move_to_offset(start)
        await pilot.press("v")
        await pilot.press("2")
        assert sorted(c.label for c in app.reader.claims) == ["metric", "slogan"]
        # the overlapping claim is painted on a second layer
        row = pane.index.location(start)[0]
        classes = {cls for _, _, cls in pane.decorations.spans[row]}
        assert "claim--metric" in classes and "claim2--slogan" in classes


async def test_note_on_claim(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.reader.cleaned_pane
        start, _ = body_sentence(app)
        pane.move_to_offset(start)
        await pilot.press("1", "e")
        await pilot.pause()
        assert len(app.screen_stack) == 3
        await pilot.press(*"ok 1", "enter")
        await pilot.pause()
        assert len(app.screen_stack) == 2
        assert app.reader.claims[0].note == "ok 1"


async def test_undo_redo_across_articles(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.reader.current
        start, _ = body_sentence(app)
        app.reader.cleaned_pane.move_to_offset(start)
        await pilot.press("1")
        await pilot.press("right_square_bracket")
        assert app.reader.current != first and app.reader.claims == []
        await pilot.press("u")
        assert app.reader.current == first
        assert app.reader.claims == []
        await pilot.press("right_square_bracket")
        await pilot.press("ctrl+r")
        assert app.reader.current == first
        assert [c.label for c in app.reader.claims] == ["metric"]
        await pilot.press("ctrl+z")
        assert app.reader.claims == []
        await pilot.press("ctrl+y")
        assert len(app.reader.claims) == 1


async def test_done_toggle(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        assert app.reader.entries[app.reader.current].done
        await pilot.press("u")
        await pilot.pause()
        assert not app.reader.entries[app.reader.current].done


async def test_claims_and_position_survive_restart(seeds_copy, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seeds_copy, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "right_square_bracket")
        article = app.reader.current
        spans = [s for s in app.reader.cleaned_pane.nav.spans if s[1] - s[0] >= 6][2:5]
        for i, (start, _) in enumerate(spans):
            app.reader.cleaned_pane.move_to_offset(start)
            await pilot.press(str(i + 1))
        position = app.reader.cleaned_pane.cursor_offset
        await pilot.press("q")
    again = make_app(seeds_copy, db)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.reader.current == article
        assert [(c.start, c.end) for c in again.reader.claims] == spans
        assert again.reader.cleaned_pane.cursor_offset == position
        assert again.reader.entries[article].counts == {"metric": 1, "slogan": 1, "anecdote": 1}


class FakeClipboard:
    def __init__(self, fail: bool) -> None:
        self.fail = fail
        self.copied: list[str] = []

    def copy(self, text: str) -> None:
        if self.fail:
            raise RuntimeError("no clipboard here")
        self.copied.append(text)


@pytest.mark.parametrize("fail", [False, True])
async def test_copy_with_and_without_clipboard(seeds_copy, tmp_path, monkeypatch, fail):
    import sys

    fake = FakeClipboard(fail)
    monkeypatch.setitem(sys.modules, "pyperclip", fake)
    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start, end = body_sentence(app)
        app.reader.cleaned_pane.move_to_offset(start)
        await pilot.press("1", "y")
        quote = app.reader.claims[0].quote
        if fail:
            assert fake.copied == []
            assert quote in app.clipboard
        else:
            assert quote in fake.copied[0] and "metric" in fake.copied[0]
            assert app.reader.current in fake.copied[0]
        assert ("terminal clipboard" if fail else "system clipboard") in app.reader.status_message


async def test_claims_reanchored_when_the_text_changed(seeds_copy, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seeds_copy, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")  # 001: plain text, no front matter
        article = app.reader.current
        start, end = body_sentence(app)
        quote = app.reader.cleaned_pane.text[start:end]
        app.reader.cleaned_pane.move_to_offset(start)
        await pilot.press("1")
        assert app.reader.claims[0].start == start
        await pilot.press("q")
    # the article gains a sentence inside its text: the offsets after it move
    path = seeds_copy / article
    text = path.read_text(encoding="utf-8")
    sentence_start = text.index(quote[:8])
    path.write_text(text[:sentence_start] + "这是新增的一句话。" + text[sentence_start:], encoding="utf-8")
    again = make_app(seeds_copy, db)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.reader.current == article
        claim = again.reader.claims[0]
        assert claim.status == "active"
        assert claim.start != start
        assert again.reader.cleaned_pane.text[claim.start : claim.end] == quote


async def test_jump_between_claims_and_choose_in_panel(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.reader.cleaned_pane
        spans = [s for s in pane.nav.spans if s[1] - s[0] >= 6][2:5]
        for start, _ in spans:
            pane.move_to_offset(start)
            await pilot.press("1")
        pane.move_to_offset(0)
        await pilot.press("greater_than_sign")
        assert pane.cursor_offset == spans[0][0]
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert pane.cursor_offset == spans[2][0]
        await pilot.press("less_than_sign")
        assert pane.cursor_offset == spans[1][0]
        # choosing a row of the claims panel moves the cursor to that claim
        panel = app.reader.claims_panel
        panel.focus()
        await pilot.press("home", "enter")
        assert app.focused is pane
        assert pane.cursor_offset == spans[0][0]


async def test_claim_keys_in_the_claims_panel(seeds_copy, tmp_path):
    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.reader.cleaned_pane
        spans = [s for s in pane.nav.spans if s[1] - s[0] >= 6][2:4]
        for start, _ in spans:
            pane.move_to_offset(start)
            await pilot.press("1")
        pane.select_offsets(0, 3)  # a selection in the text must not be tagged from the panel
        app.reader.claims_panel.focus()
        await pilot.press("end", "3")
        assert [c.label for c in app.reader.claims] == ["metric", "anecdote"]
        await pilot.press("home", "x")
        assert [c.label for c in app.reader.claims] == ["anecdote"]
        assert app.focused is app.reader.claims_panel


async def test_claims_filtered_by_reviewer(seeds_copy, tmp_path):
    from jingtui.store.claims import ClaimStore
    from jingtui.store.model import make_claim

    first = make_app(seeds_copy, tmp_path / "db.json")
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        path, text, sha = first.reader.current, first.reader.cleaned_pane.text, first.reader.current_clean().sha256
    with ClaimStore.open(tmp_path / "db.json") as store:
        for reviewer, label, (start, end) in (("ana", "metric", (0, 5)), ("bo", "slogan", (6, 12))):
            store.add(make_claim(path, text, start, end, label, text_sha256=sha, reviewer=reviewer))
    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.reader.current == path
        assert sorted(c.reviewer for c in app.reader.claims) == ["ana", "bo"]
        await pilot.press("R")
        assert [c.reviewer for c in app.reader.claims] == ["ana"]
        await pilot.press("R")
        assert [c.reviewer for c in app.reader.claims] == ["bo"]
        await pilot.press("R")  # the app's own reviewer: none of these
        assert app.reader.claims == [] and app.reader.reviewer_filter == app.reviewer
        await pilot.press("R")
        assert app.reader.reviewer_filter is None and len(app.reader.claims) == 2


async def test_a_loader_batch_arriving_after_the_rows_are_gone_is_ignored(seeds_copy, tmp_path):
    """The background loader's batches reach the list from its thread; one that arrives while the app
    closes (the rows already removed) must not fail the worker (it did, now and then, under load)."""
    from jingtui.app.widgets.article_list import ArticleRows

    app = make_app(seeds_copy, tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        entry = app.reader.entries[app.reader.current]
        app.reader.article_list.refresh_entry(entry)  # rows present: redrawn
        await app.reader.article_list.query_one(ArticleRows).remove()
        app.reader.article_list.refresh_entry(entry)  # rows gone: nothing to redraw, no NoMatches
        assert not app.reader.article_list.query(ArticleRows)
