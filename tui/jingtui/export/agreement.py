"""Agreement between two reviewers who annotated the same texts (pure).

What is measured, per label, overall, and per article:

* **Cohen's kappa, character level.** Every character of an article's cleaned text is one item. *Per
  label*, the item is "inside a claim with this label" or not (two categories), so one reviewer's
  overlapping claims need no resolution. *Overall*, each character gets one category: the label of the
  reviewer's claim that covers it, or ``none``. When several claims of one reviewer cover a character,
  the **shortest** claim wins (the most specific reading); equal lengths go to the label listed first in
  the label set, then to the claim that starts later. ``kappa = (po - pe) / (1 - pe)``.
* **Krippendorff's alpha, character level, nominal.** The same items and categories as kappa, with two
  coders and no missing values: ``alpha = 1 - (n - 1) * sum(o[c,k], c != k) / sum(n_c * n_k, c != k)``
  over the coincidence matrix ``o`` (n = 2 x characters). This is *not* the unitizing alpha (u-alpha) of
  Krippendorff (1995); it is what you get by treating characters as units.
* **Span F1.** Exact: a claim of one reviewer matches a claim of the other with the same label, start
  and end (one to one); ``F1 = 2 m / (|A| + |B|)``. Overlap: a claim counts as found when the other
  reviewer has a claim with the same label sharing at least one character; precision is the share of
  B's claims found in A, recall the share of A's found in B, F1 their harmonic mean.
* **Krippendorff's alpha for unitizing (u-alpha).** The measure made for span coding: each article is a
  continuum, each reviewer's claims of a label are units; disagreement is weighed by how far the units'
  ends lie apart, against the disagreement of units put down by chance. Per label, overall (all labels)
  and per article. See :mod:`jingtui.export.unitizing`.

Which characters count: the texts of the articles where at least one of the two reviewers has a claim
(a text neither annotated says nothing about their disagreement and would only inflate agreement on
``none``). Orphaned claims are left out. Figures that are undefined (kappa when both reviewers put every
character in the same category, F1 with no claims at all) are ``None``, printed as ``n/a``.

Counts are gathered by sweeping the claim boundaries of each article (segments between consecutive
boundaries have one category per reviewer), so the cost grows with the number of claims, not of
characters.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jingtui.export.code_counts import covered_cells, matches, merged_spans, merged_together
from jingtui.export.unitizing import Coded, UnitizingReport, indexed_alpha

NONE = "none"  # the category of a character no claim covers

METHOD = {
    "kappa": "Cohen's kappa over characters (overall: one category per character, the shortest covering claim "
             "wins; per label: inside a claim with the label or not)",
    "alpha": "Krippendorff's alpha, nominal, with characters as units (not the unitizing u-alpha)",
    "f1_exact": "span F1, same label, start and end",
    "f1_overlap": "span F1, same label, at least one shared character",
    "u_alpha": "Krippendorff's alpha for unitizing (1995; Content Analysis 2004, 12.4): claims as units on each "
               "article's text, per label; overall 1 - sum of observed / sum of expected disagreement",
    "texts": "articles where at least one reviewer has an active claim",
}


@dataclass(frozen=True)
class Span:
    """One claim as agreement sees it."""

    article: str
    label: str
    start: int
    end: int


@dataclass
class Tally:
    """Additive counts from which the figures are computed (so articles and labels can be pooled)."""

    matrix: Counter[tuple[Any, Any]] = field(default_factory=Counter)  # (category of A, category of B) -> characters
    spans_a: int = 0
    spans_b: int = 0
    exact: int = 0  # one-to-one exact matches
    found_a: int = 0  # claims of A overlapped by a claim of B with the same label
    found_b: int = 0  # claims of B overlapped by a claim of A with the same label

    def add(self, other: Tally) -> None:
        self.matrix.update(other.matrix)
        self.spans_a += other.spans_a
        self.spans_b += other.spans_b
        self.exact += other.exact
        self.found_a += other.found_a
        self.found_b += other.found_b

    @property
    def characters(self) -> int:
        return sum(self.matrix.values())


@dataclass
class Scores:
    """The figures of one slice (overall, one label, or one article)."""

    kappa: float | None
    alpha: float | None
    f1_exact: float | None
    f1_overlap: float | None
    observed: float | None  # share of characters in the same category
    characters: int
    claims_a: int
    claims_b: int
    exact_matches: int
    u_alpha: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "u_alpha": self.u_alpha,
            "kappa": self.kappa, "alpha": self.alpha, "f1_exact": self.f1_exact, "f1_overlap": self.f1_overlap,
            "observed_agreement": self.observed, "characters": self.characters, "claims_a": self.claims_a,
            "claims_b": self.claims_b, "exact_matches": self.exact_matches,
        }


@dataclass
class AgreementReport:
    reviewers: tuple[str, str]
    labels: list[str]
    articles: list[str]
    overall: Scores
    by_label: dict[str, Scores]
    by_article: dict[str, Scores]
    unitizing: UnitizingReport | None = None
    by_parent: dict[str, Scores] = field(default_factory=dict)  # codes rolled up with their descendants

    def to_dict(self) -> dict[str, Any]:
        u = self.unitizing
        return {
            "u_alpha": None if u is None else {
                "alpha": u.alpha,
                "by_label": {label: {"alpha": f.alpha, "observed_disagreement": f.observed,
                                     "expected_disagreement": f.expected, "units": f.units}
                             for label, f in u.by_category.items()},
            },
            "reviewers": list(self.reviewers),
            "labels": list(self.labels),
            "articles": len(self.articles),
            "method": dict(METHOD),
            "overall": self.overall.to_dict(),
            "by_label": {label: s.to_dict() for label, s in self.by_label.items()},
            "by_article": {article: s.to_dict() for article, s in self.by_article.items()},
            "by_parent": {code: s.to_dict() for code, s in self.by_parent.items()},
        }


# ------------------------------------------------------------------------------------- coefficients


def cohen_kappa(matrix: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa of a confusion matrix ``{(a, b): count}``; None when undefined (pe == 1 or empty)."""
    total = sum(matrix.values())
    if total == 0:
        return None
    rows: Counter[str] = Counter()
    cols: Counter[str] = Counter()
    agree = 0
    for (a, b), count in matrix.items():
        rows[a] += count
        cols[b] += count
        if a == b:
            agree += count
    po = agree / total
    pe = sum(rows[c] * cols[c] for c in rows) / (total * total)
    if pe >= 1.0:
        return None
    return (po - pe) / (1 - pe)


def krippendorff_alpha_nominal(matrix: Mapping[tuple[str, str], int]) -> float | None:
    """Nominal alpha for two coders, every unit coded by both, from ``{(a, b): count}``; None if undefined."""
    units = sum(matrix.values())
    if units == 0:
        return None
    n = 2 * units  # pairable values
    marginals: Counter[str] = Counter()
    disagree = 0
    for (a, b), count in matrix.items():
        marginals[a] += count
        marginals[b] += count
        if a != b:
            disagree += 2 * count  # o[a,b] and o[b,a]
    expected = n * n - sum(v * v for v in marginals.values())  # sum over c != k of n_c * n_k
    if expected == 0:
        return None
    return 1.0 - (n - 1) * disagree / expected


def _f1_exact(t: Tally) -> float | None:
    if t.spans_a + t.spans_b == 0:
        return None
    return 2 * t.exact / (t.spans_a + t.spans_b)


def _f1_overlap(t: Tally) -> float | None:
    if t.spans_a + t.spans_b == 0:
        return None
    precision = t.found_b / t.spans_b if t.spans_b else 0.0
    recall = t.found_a / t.spans_a if t.spans_a else 0.0
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def scores_of(t: Tally, u_alpha: float | None = None) -> Scores:
    total = t.characters
    observed = (sum(c for (a, b), c in t.matrix.items() if a == b) / total) if total else None
    return Scores(
        kappa=cohen_kappa(t.matrix), alpha=krippendorff_alpha_nominal(t.matrix), f1_exact=_f1_exact(t),
        f1_overlap=_f1_overlap(t), observed=observed, characters=total, claims_a=t.spans_a, claims_b=t.spans_b,
        exact_matches=t.exact, u_alpha=u_alpha,
    )


# ------------------------------------------------------------------------------------------ counting


def _resolve(active: list[tuple[int, int, str]], rank: Mapping[str, int]) -> str:
    """The overall category of a character covered by ``active`` claims (start, end, label)."""
    if not active:
        return NONE
    if len(active) == 1:
        return active[0][2]
    best = min(active, key=lambda s: (s[1] - s[0], rank.get(s[2], len(rank)), -s[0]))
    return best[2]


def _overall_matrix(a: Sequence[tuple[int, int, str]], b: Sequence[tuple[int, int, str]], length: int,
                    rank: Mapping[str, int]) -> Counter[tuple[str, str]]:
    """The overall matrix of one text: one category per character and reviewer; spans clipped to ``[0, length)``."""
    bounds = {0, length}
    events: dict[int, list[tuple[int, tuple[int, int, str], bool]]] = {}
    for who, spans in ((0, a), (1, b)):
        for s, e, label in spans:
            s, e = max(0, s), min(length, e)
            if s >= e:
                continue
            bounds.add(s)
            bounds.add(e)
            events.setdefault(s, []).append((who, (s, e, label), True))
            events.setdefault(e, []).append((who, (s, e, label), False))
    overall: Counter[tuple[str, str]] = Counter()
    active: tuple[list[Any], list[Any]] = ([], [])
    points = sorted(bounds)
    for left, right in itertools.pairwise(points):
        for who, span, starts in events.get(left, ()):
            if starts:
                active[who].append(span)
            else:
                active[who].remove(span)
        width = right - left
        if width > 0:
            overall[(_resolve(active[0], rank), _resolve(active[1], rank))] += width
    return overall


def _by_label(spans: Sequence[tuple[int, int, str]]) -> dict[str, list[tuple[int, int, str]]]:
    grouped: dict[str, list[tuple[int, int, str]]] = {}
    for span in spans:
        grouped.setdefault(span[2], []).append(span)
    return grouped


def _fill_outside(tallies: Mapping[str, Tally], characters: int) -> None:
    """The (False, False) cell of each binary matrix: the characters no claim of the label covers."""
    for tally in tallies.values():
        inside = sum(n for cell, n in tally.matrix.items() if cell != (False, False))
        if characters - inside > 0:
            tally.matrix[(False, False)] = characters - inside


def _add_label_counts(tally: Tally, counts: tuple[int, int, int, int, int, int, int, int], *,
                      matrix: bool) -> None:
    """Add the counts of one code in one text to a tally: spans of A and B, exact matches, found in A and in B,
    then the characters covered by both, by A only and by B only (those binary cells only when ``matrix``;
    zero cells are not stored)."""
    tally.spans_a += counts[0]
    tally.spans_b += counts[1]
    tally.exact += counts[2]
    tally.found_a += counts[3]
    tally.found_b += counts[4]
    if matrix:
        cells = tally.matrix
        if counts[5]:
            cells[(True, True)] += counts[5]
        if counts[6]:
            cells[(True, False)] += counts[6]
        if counts[7]:
            cells[(False, True)] += counts[7]


def agreement(spans_a: Iterable[Span], spans_b: Iterable[Span], lengths: Mapping[str, int], *,
              labels: Sequence[str] = (), reviewers: tuple[str, str] = ("A", "B"),
              articles: Iterable[str] | None = None,
              groups: Mapping[str, frozenset[str]] | None = None) -> AgreementReport:
    """Agreement between reviewer A's and reviewer B's spans over the same texts.

    ``lengths`` gives each article's cleaned-text length in characters. ``articles`` defaults to the
    articles where either reviewer has a span; spans of other articles are ignored. ``labels`` fixes the
    label order (ties in overlap resolution, table order); labels found in the spans are appended.
    ``groups`` rolls codes up: ``{parent: the parent and its descendants}``; each parent gets the figures
    of its group's claims taken as one code (``by_parent``). Raises ValueError when an article to compare
    has no known length.
    """
    spans_a, spans_b = list(spans_a), list(spans_b)
    by_article: dict[str, tuple[list[Any], list[Any]]] = {}
    for who, spans in ((0, spans_a), (1, spans_b)):
        for span in spans:
            by_article.setdefault(span.article, ([], []))[who].append((span.start, span.end, span.label))
    chosen = sorted(by_article) if articles is None else sorted(set(articles))
    missing = [a for a in chosen if a not in lengths]
    if missing:
        raise ValueError(f"no text length for {missing[0]}")
    known = dict.fromkeys(labels)
    for article in chosen:
        for side in by_article.get(article, ([], [])):
            for _s, _e, label in side:
                if label not in known:
                    known[label] = None
    label_list = list(known)
    rank = {label: i for i, label in enumerate(label_list)}

    overall = Tally()
    per_label = {label: Tally() for label in label_list}
    article_tallies: list[Tally] = []
    units: dict[str, Coded] = {}  # u-alpha's units: label -> article's index -> each reviewer's, merged
    present: list[list[tuple[str, list[Any], list[Any]]]] = []  # per article: each label's spans of A and B
    for n, article in enumerate(chosen):
        a, b = by_article.get(article, ([], []))
        length = lengths[article]
        article_tally = Tally(matrix=_overall_matrix(a, b, length, rank))
        grouped_a, grouped_b = _by_label(a), _by_label(b)
        codes = []
        for label in grouped_a.keys() | grouped_b.keys():
            in_a, in_b = grouped_a.get(label, []), grouped_b.get(label, [])
            ma, mb = merged_spans(in_a, length), merged_spans(in_b, length)
            counts = (len(in_a), len(in_b), *matches(in_a, in_b), *covered_cells(ma, mb))
            _add_label_counts(article_tally, counts, matrix=False)
            _add_label_counts(per_label[label], counts, matrix=True)
            units.setdefault(label, {})[n] = [ma, mb]
            codes.append((label, in_a, in_b))
        present.append(codes)
        overall.add(article_tally)
        article_tallies.append(article_tally)
    _fill_outside(per_label, sum(lengths[article] for article in chosen))
    bounds = [(0, lengths[article]) for article in chosen]  # each article a continuum of its own
    unitized = indexed_alpha(bounds, units, 2, label_list, per_text=True, premerged=True)  # and each article alone
    by_text = unitized.by_text or [None] * len(chosen)  # one continuum per chosen article
    per_article = {article: scores_of(tally, u_alpha)
                   for article, tally, u_alpha in zip(chosen, article_tallies, by_text, strict=True)}
    return AgreementReport(
        reviewers=reviewers,
        labels=label_list,
        articles=chosen,
        overall=scores_of(overall, unitized.alpha),
        by_label={label: scores_of(t, unitized.by_category[label].alpha if label in unitized.by_category else None)
                  for label, t in per_label.items()},
        by_article=per_article,
        unitizing=unitized,
        by_parent=_rolled_up(groups or {}, present, units, bounds),
    )


def _rolled_up(groups: Mapping[str, frozenset[str]], present: list[list[tuple[str, list[Any], list[Any]]]],
               units: Mapping[str, Coded], bounds: list[tuple[int, int]]) -> dict[str, Scores]:
    """The figures of each parent with the claims of its group taken as one code, all parents in one pass:
    every claim counts once for each group it belongs to (as the parent's code). ``present``: per article,
    each label's spans of A and B; ``units``: each label's merged spans per article and reviewer. A parent's
    merged spans are its members' merged together, in the articles where one of them has a claim."""
    if not groups:
        return {}
    parents_of: dict[str, list[str]] = {}
    for parent, members in groups.items():
        for member in members:
            parents_of.setdefault(member, []).append(parent)
    tallies = {parent: Tally() for parent in groups}
    rolled: dict[str, Coded] = {parent: {} for parent in groups}
    for n, codes in enumerate(present):
        gathered: dict[str, tuple[list[Any], list[Any], list[Any], list[Any]]] = {}  # spans and merged parts
        for label, in_a, in_b in codes:
            parents = parents_of.get(label)
            if not parents:
                continue
            ma, mb = units[label][n]
            for parent in parents:
                got = gathered.get(parent)
                if got is None:
                    got = gathered[parent] = ([], [], [], [])
                got[0].extend(in_a)
                got[1].extend(in_b)
                if ma:
                    got[2].append(ma)
                if mb:
                    got[3].append(mb)
        for parent, (in_a, in_b, parts_a, parts_b) in gathered.items():
            ma, mb = merged_together(parts_a), merged_together(parts_b)
            counts = (len(in_a), len(in_b), *matches(in_a, in_b), *covered_cells(ma, mb))
            _add_label_counts(tallies[parent], counts, matrix=True)
            rolled[parent][n] = [ma, mb]
    _fill_outside(tallies, sum(end - begin for begin, end in bounds))
    unitized = indexed_alpha(bounds, rolled, 2, list(groups), premerged=True)
    return {parent: scores_of(t, unitized.by_category[parent].alpha if parent in unitized.by_category else None)
            for parent, t in tallies.items()}
