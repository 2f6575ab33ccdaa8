"""Re-anchoring claims when an article's cleaned text changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.store import ClaimStore, make_claim
from jingtui.store.anchor import find_fuzzy, reanchor, reanchor_article

TEXT = (
    "今年以来，全市公安机关共破获刑事案件1234起，抓获犯罪嫌疑人567名。\n"
    "坚持以人民为中心的发展思想，让群众少跑腿、数据多跑路。\n"
    "村民老张说，现在办事不用出村，日子越过越好。\n"
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def claim_on(quote: str, text: str = TEXT, label: str = "metric", nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return make_claim("a.md", text, start, start + len(quote), label, text_sha256=sha(text), original_span=(1, 2))


def test_same_text_is_unchanged() -> None:
    claim = claim_on("破获刑事案件1234起")
    assert reanchor(claim, TEXT, sha(TEXT)) is claim


def test_insertion_before_moves_the_claim() -> None:
    claim = claim_on("让群众少跑腿、数据多跑路")
    new = "【本报讯】" + TEXT
    placed = reanchor(claim, new, sha(new), to_original=lambda s, e: (s + 100, e + 100))
    assert placed.status == "active" and placed.start == claim.start + 5
    assert new[placed.start : placed.end] == placed.quote == claim.quote
    assert placed.text_sha256 == sha(new) and placed.prefix == new[max(0, placed.start - 32) : placed.start]
    assert (placed.original_start, placed.original_end) == (placed.start + 100, placed.end + 100)
    assert placed.id == claim.id and placed.label == claim.label


def test_context_picks_the_right_occurrence() -> None:
    text = "数据多跑路。第一段说群众少跑腿。\n第二段也说群众少跑腿，效果明显。"
    claim = claim_on("群众少跑腿", text, nth=1)
    new = "开头加一句话。" + text.replace("第一段", "第一部分")
    placed = reanchor(claim, new, sha(new))
    assert placed.start == new.index("群众少跑腿", new.index("第二段"))


def test_nearest_occurrence_without_context() -> None:
    text = "甲。群众少跑腿。乙。群众少跑腿。丙。群众少跑腿。"
    claim = claim_on("群众少跑腿", text, nth=2)
    claim.prefix = claim.suffix = ""
    new = "。" + text
    assert reanchor(claim, new, sha(new)).start == claim.start + 1


def test_edit_inside_the_quote_is_found_fuzzily() -> None:
    claim = claim_on("全市公安机关共破获刑事案件1234起")
    new = "前言。" + TEXT.replace("1234", "1235")
    placed = reanchor(claim, new, sha(new))
    assert placed.status == "active"
    assert placed.quote == "全市公安机关共破获刑事案件1235起" == new[placed.start : placed.end]


def test_deleted_quote_is_orphaned_and_kept() -> None:
    claim = claim_on("村民老张说，现在办事不用出村")
    new = TEXT.replace("村民老张说，现在办事不用出村，日子越过越好。\n", "")
    placed = reanchor(claim, new, sha(new))
    assert placed.status == "orphaned"
    assert (placed.start, placed.end, placed.quote, placed.text_sha256) == (
        claim.start, claim.end, claim.quote, claim.text_sha256)


def test_orphan_comes_back_when_the_text_returns() -> None:
    claim = claim_on("数据多跑路")
    claim.status = "orphaned"
    claim.text_sha256 = "old"
    placed = reanchor(claim, TEXT, sha(TEXT))
    assert placed.status == "active" and TEXT[placed.start : placed.end] == "数据多跑路"


def test_fuzzy_needs_similarity() -> None:
    assert find_fuzzy("全市公安机关共破获刑事案件", "完全无关的一段文字内容而已。") is None
    assert find_fuzzy("", TEXT) is None


def test_reanchor_article_saves_and_reports(tmp_path: Path) -> None:
    claims = [claim_on("破获刑事案件1234起"), claim_on("让群众少跑腿"), claim_on("村民老张说", label="anecdote")]
    new = "导语。" + TEXT.replace("村民老张说，", "")
    with ClaimStore.open(tmp_path / "annotations.json") as store:
        store.add_many(claims)
        report = reanchor_article(store, "a.md", new, sha(new))
        assert (report.moved, report.unchanged, report.orphaned) == (2, 0, 1)
        assert report.orphaned_ids == [claims[2].id]
        for claim in store.claims("a.md", status="active"):
            assert new[claim.start : claim.end] == claim.quote and claim.text_sha256 == sha(new)
        assert store.counts() == {"a.md": {"metric": 2}}  # the orphan is not counted
        again = reanchor_article(store, "a.md", new, sha(new))
        assert (again.moved, again.unchanged, again.orphaned) == (0, 2, 1)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_placed_claims_always_match_their_text(data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(TEXT) - 2))
    end = data.draw(st.integers(start + 1, min(len(TEXT), start + 30)))
    claim = make_claim("a.md", TEXT, start, end, "metric", text_sha256=sha(TEXT))
    cut = data.draw(st.integers(0, len(TEXT)))
    removed = data.draw(st.integers(0, 5))
    inserted = data.draw(st.text(alphabet="新增文字，。abc\n", max_size=6))
    new = TEXT[:cut] + inserted + TEXT[cut + removed :]
    placed = reanchor(claim, new, sha(new))
    if placed.status == "active":
        assert new[placed.start : placed.end] == placed.quote and 0 <= placed.start < placed.end <= len(new)
    else:
        assert placed == claim.__class__(**{**claim.to_dict(), "status": "orphaned"})


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_one_changed_character_is_found_in_place(data: st.DataObject) -> None:
    size = data.draw(st.integers(10, 30))
    start = data.draw(st.integers(0, len(TEXT) - size))
    quote = TEXT[start : start + size]
    if TEXT.count(quote) != 1 or "\n" in quote.strip() or quote != quote.strip():
        return
    claim = make_claim("a.md", TEXT, start, start + size, "metric", text_sha256=sha(TEXT))
    at = start + data.draw(st.integers(0, size - 1))
    new = "新的导语。" + TEXT[:at] + "Ｘ" + TEXT[at + 1 :]
    placed = reanchor(claim, new, sha(new))
    assert placed.status == "active"
    assert (placed.start, placed.end) == (start + 5, start + 5 + size)
