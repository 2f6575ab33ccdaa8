"""Chinese line-breaking rules: no line starts with 。or ，, none ends with “ or （, and lines keep their width."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.util.linebreak import MAX_SHIFT, adjust_breaks, forbidden


def _plain(text: str, width: int) -> list[int]:
    """A plain wrapper for full-width text: a break every ``width // 2`` characters."""
    per = max(1, width // 2)
    return list(range(per, len(text), per))


def _lines(text: str, breaks: list[int]) -> list[str]:
    edges = [0, *breaks, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(edges)]


def test_a_comma_at_the_start_of_a_line_takes_the_character_before_with_it():
    text = "国内生产总值增长五点二，经济发展稳中向好。"
    plain = _plain(text, 22)  # 11 characters a line: the comma would start line 2
    assert text[plain[0]] == "，"
    lines = _lines(text, adjust_breaks(text, plain, lambda rest: _plain(rest, 22)))
    assert lines[1].startswith("二，") and all(len(x) <= 11 for x in lines)


def test_an_opening_quotation_mark_never_ends_a_line():
    text = "坚持以人民为中心，做到“两个维护”。"
    assert text[11] == "“"
    assert adjust_breaks(text, [12], lambda rest: _plain(rest, 24)) == [11]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="国家经济发展，。、“”（）：；！？", min_size=1, max_size=80),
       st.integers(min_value=6, max_value=30))
def test_no_line_starts_with_closing_punctuation_unless_nothing_else_fits(text, width):
    breaks = adjust_breaks(text, _plain(text, width), lambda rest: _plain(rest, width))
    assert breaks == sorted(set(breaks)) and all(0 < b < len(text) for b in breaks)
    for line in _lines(text, breaks):
        assert len(line) <= max(1, width // 2)
    for previous, b in zip([0, *breaks], breaks, strict=False):
        if forbidden(text, b):  # kept only where no allowed place is within MAX_SHIFT characters before it
            assert all(forbidden(text, p) for p in range(max(previous + 1, b - MAX_SHIFT), b))
