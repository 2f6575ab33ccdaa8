"""suggest_claims: all detectors together; order, uniqueness, offsets."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.suggest import SloganLexicon, Suggestion, suggest_claims

TEXT = (
    "擎旗奋进 靠前担当\n"
    "2021年，全市公安机关坚决做到“两个维护”，共破获刑事案件4978起，同比增长30.87%。\n"
    "霍先生来到阳谷县公安局。“我来得匆忙，没有带材料。”\n"
)


def test_every_label_and_sorted_by_start():
    found = suggest_claims(TEXT)
    assert {s.label for s in found} == {"metric", "slogan", "anecdote"}
    assert [s.start for s in found] == sorted(s.start for s in found)
    for s in found:
        assert TEXT[s.start:s.end] == s.quote
        assert 0.0 < s.score <= 1.0
        assert s.reason


def test_no_duplicates_and_no_paragraph_spans():
    found = suggest_claims(TEXT)
    keys = [(s.label, s.start, s.end) for s in found]
    assert len(keys) == len(set(keys))
    for s in found:
        assert "\n" not in s.quote


def test_labels_filter_and_custom_lexicon():
    only = suggest_claims(TEXT, labels=("metric",))
    assert {s.label for s in only} == {"metric"}
    lexicon = SloganLexicon.from_entries(["靠前担当"])
    slogans = [s.quote for s in suggest_claims(TEXT, lexicon=lexicon, labels=("slogan",))]
    assert "靠前担当" in slogans


def test_suggestion_is_frozen_and_serialises():
    s = suggest_claims("破获案件871起。")[0]
    with pytest.raises(FrozenInstanceError):
        s.start = 3  # type: ignore[misc]
    d = s.to_dict()
    assert set(d) == {"label", "start", "end", "quote", "score", "reason", "fields"}
    assert isinstance(s, Suggestion)


def test_empty_and_blank_text():
    assert suggest_claims("") == []
    assert suggest_claims("\n\n  \n") == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("破获案件起人余万%同比上升第一全省“”‘’，。、；\n0123456789两个维护霍先生来到县")),
               max_size=120))
def test_offsets_always_point_into_the_text(text):
    last = (-1, -1)
    for s in suggest_claims(text):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.quote
        assert (s.start, s.end) >= (last[0], -1)
        last = (s.start, s.end)
