"""The hot-loop shortcuts of agreement and u-alpha give exactly what the straightforward code gives."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.export.agreement import Tally, _add_label_counts
from jingtui.export.code_counts import covered_cells, matches, merged_spans, merged_together
from jingtui.export.unitizing import _expected_numerator, _Gaps, merged_units

spans = st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70), st.sampled_from("ab")), max_size=10)


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


def _span_tally(a: list[tuple[int, int, str]], b: list[tuple[int, int, str]]) -> Tally:
    """Span counts of one code, the plain way (the reference)."""
    t = Tally(spans_a=len(a), spans_b=len(b))
    if not a or not b:
        return t
    ca, cb = Counter((s, e) for s, e, _l in a), Counter((s, e) for s, e, _l in b)
    t.exact = sum(min(n, cb[span]) for span, n in ca.items())
    t.found_a = sum(1 for s, e, _l in a if any(s < e2 and s2 < e for s2, e2, _l2 in b))
    t.found_b = sum(1 for s, e, _l in b if any(s < e2 and s2 < e for s2, e2, _l2 in a))
    return t


def _binary_matrix(a: list[tuple[int, int, str]], b: list[tuple[int, int, str]], length: int) -> Counter:
    """The characters inside a span of the code by who has one there, character by character (the reference)."""
    inside_a = {i for s, e, _l in a for i in range(max(0, s), min(length, e))}
    inside_b = {i for s, e, _l in b for i in range(max(0, s), min(length, e))}
    matrix: Counter = Counter()
    for cell, n in (((True, True), len(inside_a & inside_b)), ((True, False), len(inside_a - inside_b)),
                    ((False, True), len(inside_b - inside_a))):
        if n:
            matrix[cell] = n
    return matrix


many_spans = st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70), st.sampled_from("ab")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(many_spans, many_spans, st.integers(0, 60))
def test_code_counts_agree_with_span_tally_and_binary_matrix(a, b, length):
    """Labels are not compared: all the spans of one call are one code (a parent's group: its members')."""
    fast = Tally()
    ma, mb = merged_spans(a, length), merged_spans(b, length)
    _add_label_counts(fast, (len(a), len(b), *matches(a, b), *covered_cells(ma, mb)), matrix=True)
    slow = _span_tally(a, b)
    slow.matrix = _binary_matrix(a, b, length)
    assert (fast.spans_a, fast.spans_b, fast.exact, fast.found_a, fast.found_b) == (
        slow.spans_a, slow.spans_b, slow.exact, slow.found_a, slow.found_b)
    assert dict(fast.matrix) == dict(slow.matrix)
    assert ma == _merged_plain([(s, e) for s, e, _l in a], 0, length)


@settings(max_examples=300, deadline=None)
@given(st.lists(many_spans, min_size=1, max_size=5), st.integers(0, 60))
def test_merged_together_is_merging_every_span_at_once(groups, length):
    """A parent's merged units made from its members' merged units are those of all their spans merged."""
    together = merged_together([merged_spans(group, length) for group in groups])
    assert together == merged_spans([span for group in groups for span in group], length)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=10), st.integers(0, 20),
       st.integers(0, 60))
def test_merged_is_clip_then_sort(units, begin, width):
    assert merged_units(units, begin, begin + width) == _merged_plain(units, begin, begin + width)


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


def _overall_plain(a, b, length, rank):
    """Character by character: each reviewer's category is the label of the shortest claim covering it
    (then the label ranked first, then the claim starting later), or none; claims clipped to the text."""
    def category(spans, i):
        clipped = [(max(0, s), min(length, e), label) for s, e, label in spans]
        covering = [(e - s, rank.get(label, len(rank)), -s, label) for s, e, label in clipped if s <= i < e]
        return min(covering)[3] if covering else "none"

    return Counter((category(a, i), category(b, i)) for i in range(length))


@settings(max_examples=300, deadline=None)
@given(many_spans, many_spans, st.integers(0, 60))
def test_overall_matrix_is_the_character_by_character_count(a, b, length):
    from jingtui.export.agreement import _overall_matrix

    rank = {"a": 0, "b": 1}
    assert dict(_overall_matrix(a, b, length, rank)) == dict(_overall_plain(a, b, length, rank))
