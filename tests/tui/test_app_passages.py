"""Pilot tests of b: a passage the rules removed is brought back into the cleaned text from the
original pane, the choice is kept with the article (it survives reopening), and b sends it out again."""

from __future__ import annotations

from pathlib import Path

from jingtui.app.app import JingtuiApp
from jingtui.store.claims import ClaimStore

SIZE = (160, 48)
PROSE = ["第一段正文，讲述了事情的起因，记者进行了深入的调查采访，获得了大量第一手材料。" * 2,
         "第二段正文，讲述了事情的经过，当事人接受采访时表示，将继续配合有关部门的工作。" * 2]
PAGE = ("<html><body><div id='side'>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</div>"
        "<div id='content'><h1>标题在这里</h1><p>只有一句正文，很短很短，其余都不在这里。</p></div></body></html>")


def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.html").write_text(PAGE, encoding="utf-8")
    return root


async def test_b_brings_a_removed_passage_back_and_sends_it_out(tmp_path):
    root, db = corpus(tmp_path), tmp_path / "db.json"
    app = JingtuiApp(root, db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.reader
        assert PROSE[0] not in reader.cleaned_pane.text
        assert any(w.kind == "removed-prose" for w in reader.current_clean().warnings)
        original = reader.original_pane
        original.focus()
        original.move_to_offset(original.text.index(PROSE[0]) + 3)
        await pilot.press("b")
        assert PROSE[0] in reader.cleaned_pane.text and PROSE[1] not in reader.cleaned_pane.text
        assert "Brought back" in reader.status_message
        assert app.focused is original
        await pilot.press("b")
        assert PROSE[0] not in reader.cleaned_pane.text
        await pilot.press("b")
        assert PROSE[0] in reader.cleaned_pane.text
    with ClaimStore.open(db, read_only=True) as store:
        assert len(store.get_state("a.html").cleaning_overrides) == 1
    again = JingtuiApp(root, db, reviewer="tester")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert PROSE[0] in again.reader.cleaned_pane.text  # remembered with the article


async def test_a_selection_in_the_original_brings_back_every_removed_passage_it_touches(tmp_path):
    app = JingtuiApp(corpus(tmp_path), tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.reader
        original = reader.original_pane
        original.focus()
        start = original.text.index(PROSE[0])
        original.select_offsets(start, original.text.index(PROSE[1]) + 5)
        await pilot.press("b")
        assert all(p in reader.cleaned_pane.text for p in PROSE)
        assert reader.bring_back_passages(start, start + 2) is False  # back already: nothing changes
