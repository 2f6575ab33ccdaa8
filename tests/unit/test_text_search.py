"""Text search finds a Traditional query in Simplified text and the other way round, at the right offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.clean.text_search import find_all, fold

TEXT = "国内生产总值增长5.2%，经济发展稳中向好。\n经济总量再上新台阶。"


def test_a_traditional_query_finds_the_simplified_text():
    assert find_all(TEXT, "經濟") == [TEXT.index("经济"), TEXT.rindex("经济")]
    assert find_all(TEXT, "经济") == find_all(TEXT, "經濟")


def test_a_simplified_query_finds_the_traditional_text():
    traditional = "國內生產總值增長，經濟發展穩中向好。"
    assert find_all(traditional, "经济发展") == [traditional.index("經濟發展")]


def test_case_and_nothing_found():
    assert find_all("GDP增长", "gdp") == [0]
    assert find_all(TEXT, "不在这里") == [] and find_all(TEXT, "") == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="經濟经济發展发展国內内 \nAb", max_size=40))
def test_folding_keeps_offsets(text):
    assert len(fold(text)) == len(text)
    for start in find_all(text, "经济"):
        assert fold(text[start:start + 2]) == "经济"
