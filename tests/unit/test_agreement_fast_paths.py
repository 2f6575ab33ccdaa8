"""The hot-loop shortcuts of agreement and u-alpha give exactly what the straightforward code gives."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.export.agreement import Tally, _add_label_counts, _binary_matrix, _label_counts, _span_tally, _union
from jingtui.export.unitizing import _expected_numerator, _Gaps, _merged

spans = st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70), st.sampled_from("ab")), max_size=10)


def _union_plain(items: list[tuple[int, int, str]], length: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted((max(0, s), min(length, e)) for s, e, _label in items):
        if s >= e:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _merged_plain(units: list[tuple[int, int]], begin: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted((max(begin, s), min(end, e)) for s, e in units):
        if s >= e:
            continue
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


@settings(max_examples=300, deadline=None)
@given(spans, spans, st.integers(0, 60))
def test_label_counts_agree_with_span_tally_and_binary_matrix(a, b, length):
    fast = Tally()
    _add_label_counts(fast, _label_counts(a, b, length), matrix=True)
    slow = _span_tally(a, b)
    slow.matrix = _binary_matrix(a, b, length)
    assert (fast.spans_a, fast.spans_b, fast.exact, fast.found_a, fast.found_b) == (
        slow.spans_a, slow.spans_b, slow.exact, slow.found_a, slow.found_b)
    assert dict(fast.matrix) == dict(slow.matrix)
    assert _union(a, length) == _union_plain(a, length)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=10), st.integers(0, 20),
       st.integers(0, 60))
def test_merged_is_clip_then_sort(units, begin, width):
    assert _merged(units, begin, begin + width) == _merged_plain(units, begin, begin + width)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 30), max_size=8), st.lists(st.integers(1, 40), max_size=8))
def test_expected_numerator_small_path_matches_sorted_gaps(lengths, gaps):
    n = len(lengths)
    sorted_gaps = _Gaps(gaps)
    expected = 0
    for length, times in Counter(lengths).items():
        count, summed = sorted_gaps.at_least(length)
        placements = summed - (length - 1) * count
        expected += times * ((n - 1) * (2 * length ** 3 - 3 * length ** 2 + length) + 3 * length ** 2 * placements)
    assert _expected_numerator(lengths, gaps) == expected
