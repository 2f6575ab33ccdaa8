"""Pilot tests of issue 13's flows: every claim key acts on the focused pane; a selection in the original
maps through the offset map (and says what the cleaner removed); enter never accepts a suggestion; a
suggestion's reason and score in the status line; a Traditional query finds the Simplified text."""

from __future__ import annotations

from pathlib import Path

from jingtui.app.app import JingtuiApp

SIZE = (160, 48)

FEATURE = """---
title: 一个年轻人的选择
source: 某某公众号
date: 2023-03-01
---

点击上方蓝字关注我们

小王毕业后的第三年，在一家龙头公司里坐“火箭”，两年升了三级，带着一支二十多人的团队，年薪翻了一番。

身边的朋友都羡慕他，觉得他前途无量，父母也为他感到骄傲，逢人便说儿子有出息。

但是转念一想，他又觉得这样的日子少了点什么，每天加班到深夜，周末也很少休息，和家人见面的时间越来越少。

如今，合作社已经带动周边三百多户农民增收，去年销售额突破一千二百万元，比上年增长百分之四十。

阅读原文 | 分享 | 在看
"""


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "feature.md").write_text(FEATURE, encoding="utf-8")
    return root


async def _search(pilot, term: str) -> None:
    await pilot.press("slash", *term, "enter")
    await pilot.pause()


async def test_tagging_from_the_original_pane_tags_its_own_selection(tmp_path):
    app = JingtuiApp(_corpus(tmp_path), tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.reader
        await _search(pilot, "在一家龙头公司")  # the cleaned pane's cursor is on the first sentence
        await pilot.press("shift+tab")
        assert app.focused is reader.original_pane
        await _search(pilot, "但是转念一想")
        await pilot.press("v", "1")
        await pilot.pause()
        assert [c.quote[:6] for c in reader.claims] == ["但是转念一想"]
        claim = reader.claims[0]
        # relabel and delete from the original pane act on the claim under its cursor, not the other pane's
        reader.cleaned_pane.move_to_offset(reader.cleaned_pane.text.index("在一家龙头公司"))
        here = reader.original_pane.text.index("转念")
        reader.original_pane.select_offsets(here, here)  # the cursor on the claim, no selection
        assert app.focused is reader.original_pane
        await pilot.press("3")
        assert [(c.id, c.label) for c in reader.claims] == [(claim.id, "anecdote")]
        await pilot.press("3")
        assert reader.status_message == "Already anecdote."
        await pilot.press("x")
        assert reader.claims == []


async def test_text_the_cleaner_removed_is_never_tagged_as_something_else(tmp_path):
    app = JingtuiApp(_corpus(tmp_path), tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.reader
        original = reader.original_pane
        await pilot.press("shift+tab")
        assert app.focused is original
        start = original.text.index("点击上方蓝字")
        original.select_offsets(start + 2, start + 2)
        await pilot.press("1")
        assert reader.claims == [] and "removed" in reader.status_message
        original.select_offsets(start, start + 10)  # only removed text selected
        await pilot.press("1")
        assert reader.claims == [] and "nothing was tagged" in reader.status_message
        assert "Press b to bring the passage back" in reader.status_message  # the key that brings it back
        # removed text and kept text together: the kept part is tagged, and the sentence says so
        end = original.text.index("在一家")
        original.select_offsets(start, end + 7)
        await pilot.press("2")
        assert [c.quote for c in reader.claims] == [reader.cleaned_pane.text[
            reader.cleaned_pane.text.index("小王"):reader.cleaned_pane.text.index("在一家") + 7]]
        assert "Part of the selection is text the cleaner removed" in reader.status_message


async def test_enter_never_accepts_a_suggestion_and_the_status_line_gives_its_reason(tmp_path):
    app = JingtuiApp(_corpus(tmp_path), tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.reader
        await pilot.press("s")
        await pilot.pause()
        assert reader.suggestions
        first = reader.suggestions[0]
        reader.cleaned_pane.move_to_offset(first.start)
        await pilot.pause()
        assert f"{first.score:.2f}" in reader.status_message and first.reason[:10] in reader.status_message
        await pilot.press("enter", "enter")
        assert reader.claims == []
        await pilot.press("a")
        assert [(c.start, c.end, c.origin) for c in reader.claims] == [(first.start, first.end, "suggested")]


async def test_a_traditional_query_finds_the_simplified_text(tmp_path):
    app = JingtuiApp(_corpus(tmp_path), tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _search(pilot, "龍頭公司")
        pane = app.reader.cleaned_pane
        start, end = pane.selection_offsets()
        assert pane.text[start:end] == "龙头公司"


async def test_the_all_reviewers_view_says_whose_claim_is_whose(tmp_path):
    from jingtui.app.widgets.claims_panel import reviewer_tags
    from jingtui.store.claims import ClaimStore
    from jingtui.store.model import make_claim

    assert reviewer_tags(["ana", "anton", "王"]) == {"ana": "ana", "anton": "ant", "王": "王"}
    root = _corpus(tmp_path)
    first = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        path, text, sha = first.reader.current, first.reader.cleaned_pane.text, first.reader.current_clean().sha256
    with ClaimStore.open(tmp_path / "db.json") as store:
        for reviewer, label, (start, end) in (("ana", "metric", (9, 14)), ("王", "slogan", (15, 20))):
            store.add(make_claim(path, text, start, end, label, text_sha256=sha, reviewer=reviewer))
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.reader.claims_panel
        rows = [panel.prompt_at(i).plain for i in range(len(panel.claims))]
        assert rows[0].split()[1] == "a" and rows[1].split()[1] == "王"
        await pilot.press("R")  # one reviewer's claims only: no tags needed
        assert panel.prompt_at(0).plain.split()[1] == "metric"


async def test_no_wrapped_line_starts_with_closing_punctuation_and_a_resize_narrows_the_list(seeds_copy, tmp_path):
    from jingtui.util.linebreak import NO_LINE_START

    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.reader
        wide_list = reader.query_one("#list").size.width

        def line_starts() -> list[str]:
            found = []
            for pane in (reader.cleaned_pane, reader.original_pane):
                wrapped = pane.wrapped_document
                for index, line in enumerate(wrapped.document.lines):
                    found += [line[b] for b in wrapped._wrap_offsets[index]]
            return found

        starts = line_starts()
        assert starts and not [ch for ch in starts if ch in NO_LINE_START]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert reader.query_one("#list").size.width < wide_list
        assert reader.cleaned_pane.size.width >= 24  # the text panes keep a readable width
        starts = line_starts()
        assert starts and not [ch for ch in starts if ch in NO_LINE_START]
