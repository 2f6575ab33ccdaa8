"""Metric detector: clauses that state a quantity, a change, a ranking or a zero/complete result."""

from __future__ import annotations

from bisect import bisect_right

from jingtui.suggest.fields import metric_fields
from jingtui.suggest.model import Suggestion
from jingtui.suggest.quantities import (
    date_spans,
    find_changes,
    find_completions,
    find_quantities,
    find_ranks,
    find_zero_claims,
)
from jingtui.suggest.segment import clause_spans, sentence_spans, span_containing

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


def _evidence(text: str) -> list[tuple[int, str, str]]:
    """(offset, kind, raw text) of every piece of metric evidence in ``text``, one pass per kind."""
    found: list[tuple[int, str, str]] = []
    masked = date_spans(text)
    for q in find_quantities(text, masked=masked):
        kind = q.kind
        if kind == "count" and not q.raw[0].isdigit() and q.value < 10:
            kind = "small-count"
        found.append((q.start, kind, q.raw))
    for c in find_changes(text, masked=masked):
        found.append((c.start, "change" if c.amount is not None else "comparison", c.raw))
    for r in find_ranks(text):
        found.append((r.start, "rank", r.raw))
    for s, e in find_zero_claims(text):
        found.append((s, "zero", text[s:e]))
    for s, e in find_completions(text):
        found.append((s, "complete", text[s:e]))
    found.sort()
    return found


def detect_metrics(text: str, *, sentences: list[tuple[int, int]] | None = None,
                   clauses: list[tuple[int, int]] | None = None) -> list[Suggestion]:
    """One suggestion per clause (cut at ，；： but not 、) that holds metric evidence.

    ``sentences`` (``sentence_spans(text)``) and ``clauses`` (``clause_spans(text, enumeration=False)``)
    may be passed to save recomputing them.
    """
    if clauses is None:
        clauses = clause_spans(text, enumeration=False)
    starts = [s for s, _ in clauses]
    by_clause: dict[int, list[tuple[str, str]]] = {}
    for offset, kind, raw in _evidence(text):
        i = bisect_right(starts, offset) - 1
        if i >= 0 and offset < clauses[i][1]:
            by_clause.setdefault(i, []).append((kind, raw))
    if sentences is None:
        sentences = sentence_spans(text)
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
        suggestions.append(
            Suggestion(LABEL, start, end, clause, score, reason, metric_fields(clause, context=context))
        )
    return suggestions
