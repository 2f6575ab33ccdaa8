"""A selection in the original maps to the cleaned text, and says what the cleaner removed from it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.clean.model import CleanText, LineClass, OffsetMap
from jingtui.clean.original_selection import map_original_selection

# original: a byline the cleaner removed, then a body line kept (with its pinyin dropped)
ORIGINAL = "本报记者 张三\n但是转念一想(xiǎng)，事情没那么简单。\n"
BODY = "但是转念一想，事情没那么简单。"


def _clean() -> CleanText:
    body_start = ORIGINAL.index("但是")
    pinyin = ORIGINAL.index("(xiǎng)")
    starts, ends = [], []
    for i, _ch in enumerate(BODY):
        o = body_start + i if body_start + i < pinyin else body_start + i + len("(xiǎng)")
        starts.append(o)
        ends.append(o + 1)
    lines = [LineClass(0, ORIGINAL.index("\n"), "byline"), LineClass(body_start, len(ORIGINAL) - 1, "body")]
    return CleanText(BODY, OffsetMap(starts, ends), lines=lines)


def test_a_selection_of_kept_text_maps_exactly():
    clean = _clean()
    a = ORIGINAL.index("但是")
    result = map_original_selection(clean, a, a + 6, ORIGINAL)
    assert result.cleaned == (0, 6) and BODY[0:6] == "但是转念一想" and result.sentence() == ""


def test_removed_text_inside_the_selection_is_named():
    clean = _clean()
    a = ORIGINAL.index("但是")
    b = ORIGINAL.index("事情") + 2
    result = map_original_selection(clean, a, b, ORIGINAL)
    assert BODY[result.cleaned[0]:result.cleaned[1]] == "但是转念一想，事情"
    assert [ORIGINAL[x:y] for x, y in result.removed] == ["(xiǎng)"]
    assert "Part of the selection" in result.sentence()


def test_a_selection_only_of_removed_text_tags_nothing():
    clean = _clean()
    result = map_original_selection(clean, 0, ORIGINAL.index("\n"), ORIGINAL)
    assert result.cleaned is None and result.kinds == ("byline",)
    assert "a byline" in result.sentence() and "nothing was tagged" in result.sentence()


@settings(max_examples=100, deadline=None)
@given(st.integers(0, len(ORIGINAL)), st.integers(0, len(ORIGINAL)))
def test_every_cleaned_character_of_the_result_came_from_the_selection(a, b):
    clean = _clean()
    a, b = min(a, b), max(a, b)
    result = map_original_selection(clean, a, b, ORIGINAL)
    if result.cleaned is not None:
        s, e = result.cleaned
        assert all(clean.to_original.starts[i] < b and clean.to_original.ends[i] > a for i in (s, e - 1))
    sources = {clean.to_original.starts[i] for i in range(len(BODY))}
    for o in range(a, b):
        if not ORIGINAL[o].isspace():  # every visible character is kept or reported as removed
            assert o in sources or any(x <= o < y for x, y in result.removed)
