"""Disagreements in reading order, decisions into the consensus (undoable), counts and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jingtui.adjudicate.decisions import ADJUDICATED, sources_of
from jingtui.adjudicate.disagreements import (
    Coded,
    article_items,
    coded_from_doc,
    count_documents,
    counts_of,
    plain_agreements,
)
from jingtui.adjudicate.workbench import Adjudication, check_reviewers
from jingtui.errors import UserError
from jingtui.store.claims import ClaimStore
from jingtui.store.model import make_claim

TEXT = "甲乙丙丁戊己庚辛壬癸" * 10  # 100 characters
SHA = "sha"


def coded(cid: str, who: str, label: str, start: int, end: int, fields=()) -> Coded:
    return Coded(cid, who, label, start, end, TEXT[start:end], tuple(fields))


def test_items_in_reading_order_with_their_kinds() -> None:
    claims = [
        coded("a1", "A", "metric", 0, 5), coded("b1", "B", "metric", 0, 5),  # agreed
        coded("a2", "A", "slogan", 10, 20),  # B has nothing: missing
        coded("a3", "A", "metric", 30, 35), coded("b3", "B", "anecdote", 30, 35),  # different codes
        coded("a4", "A", "metric", 40, 50), coded("b4", "B", "metric", 42, 50),  # different spans
        coded("a5", "A", "metric", 60, 65, [("value", "1")]), coded("b5", "B", "metric", 60, 65, [("value", "2")]),
        coded("b6", "B", "slogan", 70, 80),  # A has nothing
    ]
    items = article_items("x", ("A", "B"), reversed(claims))
    assert [(i.start, i.kinds) for i in items] == [
        (0, ()), (10, ("missing",)), (30, ("code",)), (40, ("span",)), (60, ("fields",)), (70, ("missing",)),
    ]
    assert items[0].agreed and not items[1].agreed
    assert [c.id for c in items[3].versions[0]] == ["a4"] and [c.id for c in items[3].versions[1]] == ["b4"]
    assert items[5].versions[0] == () and items[5].describe() == "one coded, the other not"


def test_overlap_chains_make_one_disagreement_and_three_reviewers() -> None:
    claims = [coded("a", "A", "metric", 0, 10), coded("b", "B", "metric", 8, 20),
              coded("c", "C", "slogan", 19, 25),
              coded("a2", "A", "metric", 30, 40), coded("b2", "B", "metric", 30, 40),
              coded("c2", "C", "metric", 30, 40)]
    items = article_items("x", ("A", "B", "C"), claims)
    assert len(items) == 2
    first, second = items
    assert (first.start, first.end) == (0, 25) and set(first.kinds) == {"code", "span"}
    assert second.agreed and len(second.versions) == 3
    # an exact pair of two out of three reviewers is still a disagreement (C has none there)
    two = article_items("x", ("A", "B", "C"), claims[3:5])
    assert two[0].kinds == ("missing",)


@pytest.fixture()
def store(tmp_path: Path):
    s = ClaimStore.open(tmp_path / "db.json", sync=False)
    def add(who: str, label: str, start: int, end: int, article: str = "x.md", **fields) -> str:
        claim = make_claim(article, TEXT, start, end, label, text_sha256=SHA, reviewer=who)
        claim.fields = dict(fields)
        return s.add(claim).id
    s.put = add  # type: ignore[attr-defined]
    yield s
    s.close()


def test_decisions_fill_the_consensus_and_undo(store) -> None:
    a1 = store.put("A", "metric", 0, 5)
    store.put("B", "metric", 0, 5)
    store.put("A", "slogan", 10, 20)
    store.put("A", "metric", 40, 50)
    b4 = store.put("B", "metric", 42, 50)
    store.put("B", "slogan", 70, 80)
    store.put("B", "metric", 0, 4, article="y.md")
    before = {c.id: c.to_dict() for c in store.claims()}
    work = Adjudication(store, ("A", "B"))
    items = work.items("x.md")
    assert work.counts("x.md").to_dict() == {"disagreements": 3, "settled": 0, "left": 3, "agreed": 1, "accepted": 0}

    work.accept_agreed(["x.md"])
    (agreed,) = work.consensus_claims("x.md")
    assert agreed.origin == ADJUDICATED and agreed.reviewer == "consensus" and a1 in sources_of(agreed.fields)
    work.decide(items[1], 0)  # A's slogan
    work.decide(items[2], 1)  # B's span
    work.decide(items[3], "neither")
    assert work.counts("x.md").left == 0
    spans = sorted((c.label, c.start, c.end) for c in work.consensus_claims("x.md"))
    assert spans == [("metric", 0, 5), ("metric", 42, 50), ("slogan", 10, 20)]
    assert b4 in sources_of(next(c for c in work.consensus_claims("x.md") if c.start == 42).fields)

    # changing one's mind replaces the earlier decision on the item
    work.decide(items[2], "both")
    assert sorted((c.start, c.end) for c in work.consensus_claims("x.md") if c.label == "metric") == [
        (0, 5), (40, 50), (42, 50)]
    work.undo()
    assert sorted((c.start, c.end) for c in work.consensus_claims("x.md") if c.label == "metric") == [(0, 5), (42, 50)]
    for _ in range(4):
        work.undo()
    assert work.consensus_claims("x.md") == [] and work.counts("x.md").left == 3
    work.redo()
    work.redo()
    assert len(work.consensus_claims("x.md")) == 2
    # the reviewers' own claims never changed
    assert {c.id: c.to_dict() for c in store.claims() if c.reviewer != "consensus"} == before
    counts = work.corpus_counts()
    assert counts["x.md"].settled == 1 and counts["y.md"].left == 1

    work.decide_edited(items[2], "metric", 41, 50, TEXT, SHA)
    edited = next(c for c in work.consensus_claims("x.md") if c.start == 41)
    assert edited.quote == TEXT[41:50] and sources_of(edited.fields) == sorted(items[2].claim_ids)


def test_bad_input_one_sentence_each(store) -> None:
    store.put("A", "metric", 0, 5)
    store.put("B", "metric", 0, 5)
    with pytest.raises(UserError, match="no claims by reviewer 'C'"):
        check_reviewers(store, ("A", "C"), "consensus")
    with pytest.raises(UserError, match="two or three reviewers"):
        check_reviewers(store, ("A",), "consensus")
    with pytest.raises(UserError, match="one of the reviewers"):
        check_reviewers(store, ("A", "B"), "A")
    check_reviewers(store, ("A", "B"), "consensus")
    store.put("consensus", "metric", 0, 5)
    with pytest.raises(UserError, match="1 claim made by hand.*--force"):
        check_reviewers(store, ("A", "B"), "consensus")
    check_reviewers(store, ("A", "B"), "consensus", force=True)
    assert Adjudication(store, ("A", "B")).items("nothing.md") == []


claim_strategy = st.tuples(st.sampled_from("ABC"), st.sampled_from(["metric", "slogan"]), st.integers(0, 30),
                           st.integers(1, 8), st.sampled_from([{}, {"value": 1}, {"value": 2}]))


@settings(max_examples=80, deadline=None)
@given(st.lists(claim_strategy, max_size=14), st.sets(st.integers(0, 13), max_size=4),
       st.sampled_from([("A", "B"), ("A", "B", "C")]))
# a reviewer's duplicate of an agreed claim: one agreed item, no disagreement (hypothesis found it)
@example([("A", "metric", 0, 1, {}), ("A", "metric", 0, 1, {}), ("B", "metric", 0, 1, {})], set(), ("A", "B"))
def test_the_fast_count_agrees_with_the_items(raw, decided_at, reviewers) -> None:
    docs = [{"id": f"c{i}", "reviewer": who, "label": label, "start": s, "end": s + n, "quote": "", "fields": f}
            for i, (who, label, s, n, f) in enumerate(raw)]
    decided = {f"c{i}" for i in decided_at}
    items = article_items("x", reviewers, [coded_from_doc(d) for d in docs if d["reviewer"] in reviewers])
    assert count_documents(docs, reviewers, decided) == counts_of(items, decided)


@settings(max_examples=50, deadline=None)
@given(st.lists(claim_strategy, max_size=14), st.sampled_from([("A", "B"), ("A", "B", "C")]))
# a reviewer's duplicate of an agreed claim: no disagreement (it was listed as one without the agreed items)
@example([("A", "metric", 0, 1, {}), ("A", "metric", 0, 1, {}), ("B", "metric", 0, 1, {})], ("A", "B"))
def test_the_disagreements_alone_are_the_items_less_the_agreed(raw, reviewers) -> None:
    docs = [{"id": f"c{i}", "reviewer": who, "label": label, "start": s, "end": s + n, "quote": "", "fields": f}
            for i, (who, label, s, n, f) in enumerate(raw)]
    everything = article_items("x", reviewers, [coded_from_doc(d) for d in docs if d["reviewer"] in reviewers])
    alone = article_items("x", reviewers, [coded_from_doc(d) for d in plain_agreements(docs, reviewers)], agreed=False)
    assert alone == [i for i in everything if not i.agreed]
