"""What agreement counts of one code in one text, as plain integers (pure; the hot loop of
:func:`jingtui.export.agreement.agreement`, run once per code and text and once per parent and text).

Spans are ``(start, end, label)`` tuples of the two reviewers; within one call every span counts as the
same code (a parent's group: its members' spans taken as the parent's), so labels are never compared.

* :func:`merged_spans`: a reviewer's spans clipped to the text, sorted, overlapping ones joined (touching
  ones kept apart): the units of u-alpha (:mod:`jingtui.export.unitizing`), and the characters covered.
* :func:`merged_together`: the merged spans of several codes taken as one (a parent's, from its members').
* :func:`covered_cells`: characters covered by both reviewers, by A only, by B only (the binary matrix
  of the code, from the merged spans: joining touching stretches would change no count).
* :func:`matches`: exact matches one to one (same start and end) and the spans of each reviewer that
  share a character with one of the other's (``s < e2 and s2 < e``, as written, for any integers).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate

from jingtui.export.unitizing import merged_units

Stretches = list[tuple[int, int]]


def merged_spans(spans: Sequence[tuple[int, int, str]], length: int) -> Stretches:
    """The spans clipped to ``[0, length)``, sorted, overlapping ones joined (``unitizing.merged_units`` of their
    starts and ends)."""
    return merged_units([(s, e) for s, e, _label in spans], 0, length)


def merged_together(parts: Sequence[Stretches]) -> Stretches:
    """The merged spans of several codes taken as one, from each code's merged spans: the same as merging all
    their spans at once, since merging joins exactly the spans that share a character."""
    if len(parts) == 1:
        return list(parts[0])  # a copy: the caller's lists stay its own
    units = [unit for part in parts for unit in part]
    return merged_units(units, 0, max(e for _s, e in units)) if units else []


def covered(x: Stretches) -> int:
    """Characters in sorted, disjoint stretches."""
    total = 0
    for s, e in x:
        total += e - s
    return total


def common(x: Stretches, y: Stretches) -> int:
    """Characters in both of two lists of sorted, disjoint stretches."""
    total = i = j = 0
    while i < len(x) and j < len(y):
        s, e = max(x[i][0], y[j][0]), min(x[i][1], y[j][1])
        if s < e:
            total += e - s
        if x[i][1] < y[j][1]:
            i += 1
        else:
            j += 1
    return total


def covered_cells(ma: Stretches, mb: Stretches) -> tuple[int, int, int]:
    """(characters covered by both, by A only, by B only) from the reviewers' merged spans."""
    both = common(ma, mb) if ma and mb else 0
    return both, covered(ma) - both, covered(mb) - both


def matches(a: Sequence[tuple[int, int, str]], b: Sequence[tuple[int, int, str]]) -> tuple[int, int, int]:
    """(exact matches one to one, spans of A sharing a character with a span of B, spans of B sharing one
    with a span of A)."""
    if not a or not b:  # one reviewer has none: nothing matches
        return 0, 0, 0
    left: dict[tuple[int, int], int] = {}
    for s, e, _label in b:
        left[s, e] = left.get((s, e), 0) + 1
    exact = 0
    for s, e, _label in a:  # one to one: sum over spans of min(count in A, count in B)
        n = left.get((s, e), 0)
        if n:
            left[s, e] = n - 1
            exact += 1
    if len(a) * len(b) <= 64:  # a few spans: each pair
        found_a = sum(1 for s, e, _l in a if any(s < e2 and s2 < e for s2, e2, _l2 in b))
        found_b = sum(1 for s, e, _l in b if any(s < e2 and s2 < e for s2, e2, _l2 in a))
        return exact, found_a, found_b
    return exact, _found(a, b), _found(b, a)


def _found(a: Sequence[tuple[int, int, str]], b: Sequence[tuple[int, int, str]]) -> int:
    """How many spans ``(s, e)`` of ``a`` have a span ``(s2, e2)`` in ``b`` with ``s < e2 and s2 < e``: among the
    spans of ``b`` starting before ``e`` (sorted by start), the largest end must pass ``s``."""
    ordered = sorted((s2, e2) for s2, e2, _label in b)
    starts = [s2 for s2, _e2 in ordered]
    reach = list(accumulate((e2 for _s2, e2 in ordered), max))  # reach[k]: largest end of the first k + 1
    found = 0
    for s, e, _label in a:
        k = bisect_left(starts, e)  # the spans of b with s2 < e
        if k and reach[k - 1] > s:
            found += 1
    return found
