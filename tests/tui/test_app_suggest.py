"""Pilot tests of suggestions in the app: show, accept, reject (remembered), relabel on accept, paragraph."""

from __future__ import annotations

from jingtui.app.app import JingtuiApp

SIZE = (160, 48)


async def open_with_suggestions(app: JingtuiApp, pilot) -> None:
    await pilot.pause()
    for _ in range(len(app.reader.order)):
        await pilot.press("s")
        if app.reader.suggestions:
            return
        await pilot.press("s", "right_square_bracket")
    raise AssertionError("no article of the seeds has a suggestion")


async def test_show_accept_and_reject(seeds_copy, tmp_path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await open_with_suggestions(app, pilot)
        pane = app.reader.cleaned_pane
        classes = {cls for spans in pane.decorations.spans.values() for _, _, cls in spans}
        assert "pane--suggestion" in classes
        count = len(app.reader.suggestions)
        first = app.reader.suggestions[0]
        pane.move_to_offset(0)
        await pilot.press("greater_than_sign")
        starts = sorted({s.start for s in app.reader.suggestions if s.start > 0})
        assert pane.cursor_offset == starts[0]
        await pilot.press("greater_than_sign")
        assert pane.cursor_offset == starts[1]
        await pilot.press("less_than_sign")
        assert pane.cursor_offset == starts[0]
        pane.move_to_offset(first.start)
        await pilot.press("a")
        assert [(c.start, c.end, c.label, c.origin) for c in app.reader.claims] == [
            (first.start, first.end, first.label, "suggested")
        ]
        assert len(app.reader.suggestions) < count
        second = app.reader.suggestions[0]
        pane.move_to_offset(second.start)
        await pilot.press("r")
        assert second not in app.reader.suggestions
        rejected = app.store.rejections(app.reader.current)
        assert rejected and rejected[0]["quote"] == second.quote
        # hidden and shown again: the rejected one is not offered again
        await pilot.press("s", "s")
        assert all((s.start, s.end) != (second.start, second.end) for s in app.reader.suggestions)
        # undo forgets the rejection and offers the suggestion again
        await pilot.press("u")
        assert app.store.rejections(app.reader.current) == []
        assert any((s.start, s.end) == (second.start, second.end) for s in app.reader.suggestions)


async def test_accept_under_another_label_and_paragraph(seeds_copy, tmp_path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await open_with_suggestions(app, pilot)
        pane = app.reader.cleaned_pane
        first = app.reader.suggestions[0]
        other = next(i for i, label in enumerate(app.labels) if label != first.label)
        pane.move_to_offset(first.start)
        await pilot.press(str(other + 1))
        assert app.reader.claims[0].label == app.labels[other]
        assert app.reader.claims[0].origin == "suggested"
        rest = app.reader.suggestions[0]
        pane.move_to_offset(rest.start)
        row = pane.index.location(rest.start)[0]
        a, b = pane.index.row_span(row)
        in_paragraph = [s for s in app.reader.suggestions if a <= s.start < b]
        before = len(app.reader.claims)
        await pilot.press("A")
        assert len(app.reader.claims) == before + len(in_paragraph)
