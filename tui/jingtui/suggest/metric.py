"""Metric detector: clauses that state a quantity, a change, a ranking or a zero/complete result."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import Any

from jingtui.suggest.amounts import date_spans, find_quantities
from jingtui.suggest.fields import fields_from_evidence
from jingtui.suggest.model import Suggestion
from jingtui.suggest.quantities import find_changes, find_completions, find_ranks, find_zero_claims
from jingtui.util.segment import clause_spans, sentence_spans, span_containing

LABEL = "metric"
# How sure each kind of evidence makes us (a clause takes the best, plus a little per extra piece).
SCORES = {
    "change": 0.95,
    "percent": 0.9,
    "money": 0.9,
    "count": 0.8,
    "tenths": 0.8,
    "rank": 0.8,
    "zero": 0.7,
    "comparison": 0.65,
    "complete": 0.55,
    "duration": 0.5,
    "small-count": 0.5,
}


def _evidence(text: str) -> tuple[list[tuple[int, str, str]], list[Any], list[Any], list[Any]]:
    """Every piece of metric evidence in ``text``, one pass per kind.

    Returns ``(items, quantities, changes, ranks)``: ``items`` are ``(offset, kind, raw)`` sorted by
    offset; the other three are the objects found (for the structured fields).
    """
    found: list[tuple[int, str, str]] = []
    masked = date_spans(text)
    quantities = find_quantities(text, masked=masked)
    changes = find_changes(text, masked=masked)
    ranks = find_ranks(text)
    for q in quantities:
        kind = q.kind
        if kind == "count" and not q.raw[0].isdigit() and q.value < 10:
            kind = "small-count"
        found.append((q.start, kind, q.raw))
    for c in changes:
        found.append((c.start, "change" if c.amount is not None else "comparison", c.raw))
    for r in ranks:
        found.append((r.start, "rank", r.raw))
    for s, e in find_zero_claims(text):
        found.append((s, "zero", text[s:e]))
    for s, e in find_completions(text):
        found.append((s, "complete", text[s:e]))
    found.sort()
    return found, quantities, changes, ranks


def _within(items: list[Any], starts: list[int], start: int, end: int, shift: int) -> list[Any]:
    """The items (sorted by ``.start``) that lie inside ``[start, end)``, moved by ``-shift``."""
    lo = bisect_left(starts, start)
    hi = bisect_left(starts, end)
    return [replace(x, start=x.start - shift, end=x.end - shift) for x in items[lo:hi] if x.end <= end]


def detect_metrics(text: str, *, sentences: list[tuple[int, int]] | None = None,
                   clauses: list[tuple[int, int]] | None = None) -> list[Suggestion]:
    """One suggestion per clause (cut at ，；： but not 、) that holds metric evidence.

    ``sentences`` (``sentence_spans(text)``) and ``clauses`` (``clause_spans(text, enumeration=False)``)
    may be passed to save recomputing them.
    """
    if clauses is None:
        clauses = clause_spans(text, enumeration=False)
    starts = [s for s, _ in clauses]
    items, quantities, changes, ranks = _evidence(text)
    by_clause: dict[int, list[tuple[str, str]]] = {}
    for offset, kind, raw in items:
        i = bisect_right(starts, offset) - 1
        if i >= 0 and offset < clauses[i][1]:
            by_clause.setdefault(i, []).append((kind, raw))
    if sentences is None:
        sentences = sentence_spans(text)
    q_starts = [q.start for q in quantities]
    c_starts = [c.start for c in changes]
    r_starts = [r.start for r in ranks]
    suggestions: list[Suggestion] = []
    for i in sorted(by_clause):
        evidence = by_clause[i]
        start, end = clauses[i]
        clause = text[start:end]
        kinds = {k for k, _ in evidence}
        best = max(SCORES[k] for k in kinds)
        score = min(0.99, best + 0.03 * (len(evidence) - 1))
        if kinds <= {"duration", "small-count", "complete"}:
            score = min(score, 0.55)
        reason = "; ".join(f"{k}: {raw}" for k, raw in evidence[:4])
        sentence = span_containing(sentences, start)
        context = text[sentence[0]:sentence[1]] if sentence else clause
        fields = fields_from_evidence(
            clause,
            _within(quantities, q_starts, start, end, start),
            _within(changes, c_starts, start, end, start),
            _within(ranks, r_starts, start, end, start),
            context=context,
        )
        suggestions.append(Suggestion(LABEL, start, end, clause, score, reason, fields))
    return suggestions
