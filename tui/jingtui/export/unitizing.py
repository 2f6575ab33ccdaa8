"""Krippendorff's alpha for unitizing (u-alpha), the agreement measure made for span coding (pure).

Source: Krippendorff (1995), "On the reliability of unitizing continuous data", *Sociological
Methodology* 25: 47-76, and *Content Analysis*, 2nd ed. (2004), section 12.4 (3rd ed. 2013, chapter
12), whose formulas this module follows, category by category:

* A **continuum** of length ``L`` (here: an article's cleaned text, one position per character) is cut by
  each of ``m`` coders into *sections*: the units the coder marked with category ``c`` and the gaps
  between them (everything else, including units of other categories).
* **Observed disagreement** ``uDo_c = 2 * sum over coder pairs of sum over overlapping sections g, h of
  d(g, h) / (m (m - 1) L^2)``, where two overlapping units differ by ``(b_g - b_h)^2 + (e_g - e_h)^2``
  (b: beginning, e: end), a unit lying wholly inside the other coder's gap by its length squared, and
  everything else (gap against gap, a unit only partly inside a gap) by 0. A unit overlaps no unit of the
  other coder exactly when it lies inside one of the other coder's gaps.
* **Expected disagreement** ``uDe_c = (2 / L) * sum over units u of c [ (N_c - 1) (2 l^3 - 3 l^2 + l) / 3
  + l^2 * sum over gaps g with l_g >= l of (l_g - l + 1) ] / [ m L (m L - 1) - sum over units l (l - 1) ]``,
  with ``N_c`` the number of units of ``c`` of all coders and the gaps those of every coder: the
  disagreement if every unit were put down by chance in any place it fits.
* ``u-alpha_c = 1 - uDo_c / uDe_c``; over all categories ``u-alpha = 1 - sum uDo_c / sum uDe_c``. Both are
  None when undefined (no unit at all).

What this module decides where the book does not:

* A coder's overlapping units of one category are merged into their union first (u-alpha assumes they do
  not overlap); units that only touch stay two units.
* **Several texts**: each is its own continuum. Observed disagreement is summed over them; the expected
  disagreement uses all units and the gaps of every text (a unit cannot fit across two texts), with ``L``
  the total length. For one text it is exactly the book's formula.

Sums are kept in exact integers; the cost is O(n log n) in the number of units (gaps are sorted once and
the sum over fitting gaps is a prefix sum), so a corpus of 100,000 claims is measured in a fraction of a
second.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, combinations

Unit = tuple[int, int, str]  # start, end (exclusive), category


@dataclass(frozen=True)
class Continuum:
    """One text: its extent ``[begin, end)`` and each coder's units (start, end, category) in it."""

    begin: int
    end: int
    coders: tuple[tuple[Unit, ...], ...]

    @property
    def length(self) -> int:
        return self.end - self.begin


@dataclass(frozen=True)
class CategoryFigures:
    """u-alpha of one category with its observed and expected disagreement."""

    observed: float
    expected: float
    alpha: float | None
    units: int


@dataclass(frozen=True)
class UnitizingReport:
    alpha: float | None
    by_category: Mapping[str, CategoryFigures]
    by_text: tuple[float | None, ...] = ()  # u-alpha of each text alone (with ``per_text=True``)


def merged_units(units: Sequence[tuple[int, int]], begin: int, end: int) -> list[tuple[int, int]]:
    """Units clipped to the continuum, sorted, overlapping ones merged (touching ones kept apart)."""
    out: list[tuple[int, int]] = []
    # Sorting before clipping gives the same result: clipping keeps the starts in order, and units that
    # share a clipped start are merged whatever their order.
    for s, e in sorted(units):
        if s < begin:
            s = begin
        if e > end:
            e = end
        if s >= e:
            continue
        if out and s < out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _gaps(units: Sequence[tuple[int, int]], begin: int, end: int) -> list[int]:
    """The lengths (> 0) of the stretches between a coder's sorted, non-overlapping units."""
    gaps = []
    pos = begin
    for s, e in units:
        if s > pos:
            gaps.append(s - pos)
        pos = e
    if end > pos:
        gaps.append(end - pos)
    return gaps


def _pair_disagreement(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """Sum of d(g, h) over the overlapping sections of two coders (sorted, non-overlapping units)."""
    total = 0
    if not a or not b:  # every unit lies in the other coder's gap (most codes of most texts: one coder's)
        for s, e in a or b:
            total += (e - s) * (e - s)
        return total
    hit_b = [False] * len(b)
    nb = len(b)
    j0 = 0
    for sa, ea in a:
        while j0 < nb and b[j0][1] <= sa:
            j0 += 1
        j = j0
        hit = False
        while j < nb and b[j][0] < ea:
            sb, eb = b[j]
            total += (sa - sb) ** 2 + (ea - eb) ** 2
            hit = hit_b[j] = True
            j += 1
        if not hit:
            total += (ea - sa) ** 2
    for (s, e), hit in zip(b, hit_b, strict=True):
        if not hit:
            total += (e - s) ** 2
    return total


class _Gaps:
    """A sorted multiset of gap lengths with suffix sums: how many gaps, and their total, of at least ``l``."""

    def __init__(self, gaps: Sequence[int]) -> None:
        self.sorted = sorted(gaps)
        self.suffix = list(accumulate(reversed(self.sorted), initial=0))[::-1]  # suffix[k] = sum(sorted[k:])

    def at_least(self, length: int) -> tuple[int, int]:
        k = bisect_left(self.sorted, length)
        return len(self.sorted) - k, self.suffix[k]


def _expected_numerator(lengths: Sequence[int], gaps: Sequence[int], *, base: _Gaps | None = None,
                        removed: Sequence[int] = ()) -> int:
    """``3 * sum over units [ (N - 1)(2l^3 - 3l^2 + l)/3 + l^2 * sum over gaps >= l of (l_g - l + 1) ]``.

    The gaps are ``gaps``, plus ``base`` less ``removed`` when given (the whole-text gaps shared by every
    category, kept sorted once, less those of the texts where this category has units)."""
    if base is None and len(gaps) <= 8:  # a text or two: counting directly is cheaper than sorting
        n = len(lengths)
        total = 0
        for length in lengths:  # a few units: each on its own (the same integer sum as grouping equal lengths)
            placements = 0
            for g in gaps:
                if g >= length:
                    placements += g - length + 1
            total += (n - 1) * (2 * length ** 3 - 3 * length ** 2 + length) + 3 * length ** 2 * placements
        return total
    parts = [(_Gaps(gaps), 1)]
    if base is not None:
        parts += [(base, 1), (_Gaps(removed), -1)]
    n = len(lengths)
    total = 0
    for length, times in Counter(lengths).items():  # units of the same length place alike: once each
        fitting = gap_sum = 0
        for part, sign in parts:
            count, summed = part.at_least(length)
            fitting += sign * count
            gap_sum += sign * summed
        placements = gap_sum - (length - 1) * fitting  # sum of (l_g - l + 1) over gaps with l_g >= l
        total += times * ((n - 1) * (2 * length ** 3 - 3 * length ** 2 + length) + 3 * length ** 2 * placements)
    return total


def _figures(observed: int, lengths: list[int], gaps: list[int], m: int, big_l: int, *,
             base: _Gaps | None = None, removed: Sequence[int] = ()) -> tuple[float, float]:
    """(observed, expected) disagreement of one category over a total length ``big_l``."""
    do = 2 * observed / (m * (m - 1) * big_l * big_l)
    denominator = m * big_l * (m * big_l - 1) - sum(n * (n - 1) for n in lengths)
    numerator = _expected_numerator(lengths, gaps, base=base, removed=removed)
    de = 2 * numerator / (3 * big_l * denominator) if denominator > 0 else 0.0
    return do, de


Coded = dict[int, list[list[tuple[int, int]]]]  # one category: text index -> each coder's units (start, end)


def _category(bounds: Sequence[tuple[int, int]], units_by_text: Coded, coders: int, total_length: int, base: _Gaps,
              per_text: list[list[float]] | None = None, *, premerged: bool = False) -> CategoryFigures:
    """The figures of one category; ``units_by_text`` maps a text's index to each coder's units of it (``bounds``:
    each text's begin and end), ``base`` holds every text's whole length once per coder (the gaps of a text where
    the category has no unit). ``per_text`` (a [observed, expected] pair per text) also gets the figures of each
    text taken alone. ``premerged``: the units are merged already (clipped, sorted, overlaps joined)."""
    observed = 0
    lengths: list[int] = []
    gaps: list[int] = []
    removed: list[int] = []  # the whole-text gaps of the texts with units, taken out of ``base``
    for n, per_coder in units_by_text.items():
        begin, end = bounds[n]
        if end > begin:
            removed.extend([end - begin] * coders)
        units = per_coder if premerged else [merged_units(mine, begin, end) for mine in per_coder]
        text_lengths: list[int] = []
        text_gaps: list[int] = []
        for mine in units:  # the units' lengths and the gaps between them (what ``_gaps`` gives), in one pass
            pos = begin
            for s, e in mine:
                text_lengths.append(e - s)
                if s > pos:
                    text_gaps.append(s - pos)
                pos = e
            if end > pos:
                text_gaps.append(end - pos)
        if len(units) == 2:
            text_observed = _pair_disagreement(units[0], units[1])
        else:
            text_observed = sum(_pair_disagreement(x, y) for x, y in combinations(units, 2))
        observed += text_observed
        lengths += text_lengths
        gaps += text_gaps
        if per_text is not None and end > begin:
            do_n, de_n = _figures(text_observed, text_lengths, text_gaps, coders, end - begin)
            per_text[n][0] += do_n
            per_text[n][1] += de_n
    do, de = _figures(observed, lengths, gaps, coders, total_length, base=base, removed=removed)
    alpha = 1 - do / de if lengths and de > 0 else None
    return CategoryFigures(observed=do, expected=de, alpha=alpha, units=len(lengths))


def unitizing_alpha(continua: Sequence[Continuum], categories: Sequence[str] = (), *,
                    per_text: bool = False) -> UnitizingReport:
    """u-alpha over one or more texts coded by the same two or more coders.

    ``categories`` fixes the order of the result (categories found in the units are appended). With
    ``per_text``, ``by_text`` also holds each text's u-alpha taken alone (what a call with that text only
    gives), computed in the same pass. Raises ValueError with fewer than two coders or coders missing
    from a continuum.
    """
    if not continua:
        return UnitizingReport(alpha=None, by_category={})
    m = len(continua[0].coders)
    if m < 2 or any(len(c.coders) != m for c in continua):
        raise ValueError("u-alpha needs the same two or more coders in every text")
    found = dict.fromkeys(categories)
    # Index the units by category once: each category then costs what its own units cost, plus one
    # whole-text gap per coder for every text where it has none.
    index: dict[str, Coded] = {}
    for n, c in enumerate(continua):
        for k, coder in enumerate(c.coders):
            for s, e, cat in coder:
                texts = index.get(cat)
                if texts is None:
                    texts = index[cat] = {}
                    found.setdefault(cat)
                lists = texts.get(n)
                if lists is None:
                    lists = texts[n] = [[] for _ in range(m)]
                lists[k].append((s, e))
    return indexed_alpha([(c.begin, c.end) for c in continua], index, m, list(found), per_text=per_text)


def indexed_alpha(bounds: Sequence[tuple[int, int]], index: Mapping[str, Coded], coders: int,
                  categories: Sequence[str], *, per_text: bool = False, premerged: bool = False) -> UnitizingReport:
    """:func:`unitizing_alpha` of units indexed already: ``index`` maps a category to its texts (by their
    index in ``bounds``, each text's begin and end) and each coder's units there; ``categories`` lists every
    category of the result in order. ``premerged``: the index holds each coder's units merged already
    (clipped to the text, sorted, overlapping ones joined, as :func:`merged_units` makes them)."""
    if not bounds:
        return UnitizingReport(alpha=None, by_category={})
    total_length = sum(end - begin for begin, end in bounds)
    if total_length <= 0:
        return UnitizingReport(alpha=None, by_category={cat: CategoryFigures(0.0, 0.0, None, 0) for cat in categories},
                               by_text=(None,) * len(bounds) if per_text else ())
    sums = [[0.0, 0.0] for _ in bounds] if per_text else None
    base = _Gaps([end - begin for begin, end in bounds if end > begin] * coders)
    figures = {cat: _category(bounds, index.get(cat, {}), coders, total_length, base, sums, premerged=premerged)
               for cat in categories}
    do = sum(f.observed for f in figures.values())
    de = sum(f.expected for f in figures.values())
    alpha = 1 - do / de if de > 0 else None
    by_text = tuple(1 - o / e if e > 0 else None for o, e in sums) if sums is not None else ()
    return UnitizingReport(alpha=alpha, by_category=figures, by_text=by_text)
