"""corpus_suggestions: every article through the cleaning cache, settled suggestions left out, progress
and cancellation; unreviewed (the reader's filter) on its own; the commands that use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingtui.errors import UserError
from jingtui.store.claims import ClaimStore
from jingtui.store.model import make_claim
from jingtui.suggest.corpus import corpus_suggestions, unreviewed
from jingtui.suggest.model import Suggestion
from jingtui.workspace import Workspace

A = "标题甲\n全年破获刑事案件871起，同比提升16.13%，坚决做到“两个维护”。\n"
B = "标题乙\n今年抓获犯罪嫌疑人5000余名，增强“四个意识”。\n"


def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text(A, encoding="utf-8")
    (root / "b.txt").write_text(B, encoding="utf-8")
    (root / "empty.txt").write_text("\n", encoding="utf-8")
    return root


def quotes(result, path: str, label: str | None = None) -> list[str]:
    return [s.quote.strip("“”") for s in result[path][1] if label is None or s.label == label]


def test_every_article_with_text_in_corpus_order(tmp_path):
    root = corpus(tmp_path)
    result = corpus_suggestions(root)
    assert list(result) == ["a.txt", "b.txt"]  # the empty file has nothing to suggest in
    text, found = result["a.txt"]
    assert "破获刑事案件871起" in text
    assert all(text[s.start:s.end] == s.quote for s in found)
    assert "两个维护" in quotes(result, "a.txt", "slogan")
    assert any(s.label == "metric" and s.fields.get("value") == 871 for s in found)
    assert (root / ".jingtui" / "cache").is_dir()  # cleaned through the corpus's cache


def test_labels_and_min_score(tmp_path):
    root = corpus(tmp_path)
    result = corpus_suggestions(Workspace(root), labels=["slogan"], min_score=0.5)
    found = [s for _, items in result.values() for s in items]
    assert found and all(s.label == "slogan" and s.score >= 0.5 for s in found)


def test_rejected_and_claimed_suggestions_are_left_out(tmp_path):
    root = corpus(tmp_path)
    before = corpus_suggestions(root)
    text_a, found_a = before["a.txt"]
    slogan = next(s for s in found_a if s.quote.strip("“”") == "两个维护")
    metric = next(s for s in found_a if s.label == "metric")
    text_b, found_b = before["b.txt"]
    other = next(s for s in found_b if s.quote.strip("“”") == "四个意识")
    store = ClaimStore.open(Workspace(root).db_path)
    try:
        store.reject_suggestion("a.txt", slogan.label, slogan.start, slogan.end, slogan.quote)
        # tagged by the reviewer under another label: still settled
        store.add(make_claim("b.txt", text_b, other.start, other.end, "anecdote", text_sha256="x"))
    finally:
        store.close()
    after = corpus_suggestions(root)
    assert "两个维护" not in quotes(after, "a.txt")
    assert metric.quote in quotes(after, "a.txt", "metric")  # the rest of the article is still offered
    assert "四个意识" not in quotes(after, "b.txt")
    everything = corpus_suggestions(root, reviewed=False)  # the rules' own output, for measuring them
    assert "两个维护" in quotes(everything, "a.txt") and "四个意识" in quotes(everything, "b.txt")


def test_an_open_store_is_used_and_left_open(tmp_path):
    root = corpus(tmp_path)
    db = tmp_path / "elsewhere.json"
    _, found = corpus_suggestions(root)["a.txt"]
    slogan = next(s for s in found if s.quote.strip("“”") == "两个维护")
    store = ClaimStore.open(db)
    try:
        store.reject_suggestion("a.txt", slogan.label, slogan.start, slogan.end, slogan.quote)
        result = corpus_suggestions(root, store=store)
        assert "两个维护" not in quotes(result, "a.txt")
        assert store.rejections("a.txt")  # still open
    finally:
        store.close()
    # the workspace's own database (here: the one given to it) is opened when no store is passed
    assert "两个维护" not in quotes(corpus_suggestions(Workspace(root, db)), "a.txt")
    assert "两个维护" in quotes(corpus_suggestions(root), "a.txt")  # the corpus's default database has none


def test_progress_is_reported_before_and_after_each_article(tmp_path):
    root = corpus(tmp_path)
    calls: list[tuple[int, int]] = []
    corpus_suggestions(root, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_cancelled_stops_between_articles(tmp_path):
    root = corpus(tmp_path)
    calls: list[int] = []
    result = corpus_suggestions(root, progress=lambda done, total: calls.append(done),
                                cancelled=lambda: len(calls) >= 2)
    assert list(result) == ["a.txt"] and calls == [0, 1]
    assert corpus_suggestions(root, cancelled=lambda: True) == {}


def test_paths_restrict_the_work(tmp_path):
    root = corpus(tmp_path)
    assert list(corpus_suggestions(root, paths=["b.txt"])) == ["b.txt"]


def test_missing_folder_is_one_sentence(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        corpus_suggestions(tmp_path / "nope")


def test_unreviewed_matches_spans_and_quotes():
    def s(start, end, quote, label="slogan"):
        return Suggestion(label, start, end, quote, 0.9, "r")

    class C:
        def __init__(self, start, end, status="active"):
            self.start, self.end, self.status = start, end, status

    found = [s(0, 4, "两个维护"), s(10, 14, "两个维护"), s(20, 24, "四个意识"), s(30, 34, "五大工程", "metric"),
             s(40, 44, "六个新城")]
    claims = [C(30, 34), C(40, 44, status="orphaned")]  # an orphaned claim settles nothing
    rejections = [{"label": "slogan", "start": 0, "end": 4, "quote": "两个维护"}]
    kept = unreviewed(found, claims, rejections)
    # a rejected quote is not offered again anywhere in the article
    assert [x.quote for x in kept] == ["四个意识", "六个新城"]
    assert unreviewed(found, [], []) == found


def test_suggest_command_keeps_everything_and_stats_leaves_out_rejections(tmp_path):
    from jingtui.commands.stats_cmd import collect
    from jingtui.commands.suggest_cmd import suggestions_for

    root = corpus(tmp_path)
    _, found = suggestions_for(root)["a.txt"]
    slogan = next(s for s in found if s.quote.strip("“”") == "两个维护")
    store = ClaimStore.open(Workspace(root).db_path)
    try:
        store.reject_suggestion("a.txt", slogan.label, slogan.start, slogan.end, slogan.quote)
    finally:
        store.close()
    assert "两个维护" in quotes(suggestions_for(root), "a.txt")
    assert "两个维护" not in quotes(suggestions_for(root, reviewed=True), "a.txt")
    stats = collect(root, None, with_suggestions=True)
    canonical = [s.canonical for s in stats.slogans]
    assert "两个维护" not in canonical and "四个意识" in canonical
