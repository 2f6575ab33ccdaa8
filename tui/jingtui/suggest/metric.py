"""Metric detector: clauses that state a quantity, a change, a ranking or a zero/complete result."""

from __future__ import annotations

from jingtui.suggest.fields import metric_fields
from jingtui.suggest.model import Suggestion
from jingtui.suggest.quantities import (
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
MAX_CLAUSE = 80  # longer clauses are cut back to the part around the evidence


def _evidence(clause: str) -> list[tuple[str, str]]:
    """(kind, raw text) of every piece of metric evidence in one clause."""
    found: list[tuple[str, str]] = []
    for q in find_quantities(clause):
        kind = q.kind
        if kind == "count" and not q.raw[0].isdigit() and q.value < 10:
            kind = "small-count"
        found.append((kind, q.raw))
    for c in find_changes(clause):
        found.append(("change" if c.amount is not None else "comparison", c.raw))
    for r in find_ranks(clause):
        found.append(("rank", r.raw))
    for s, e in find_zero_claims(clause):
        found.append(("zero", clause[s:e]))
    for s, e in find_completions(clause):
        found.append(("complete", clause[s:e]))
    return found


def detect_metrics(text: str) -> list[Suggestion]:
    """One suggestion per clause (cut at ，；： but not 、) that holds metric evidence."""
    suggestions: list[Suggestion] = []
    sentences = sentence_spans(text)
    for start, end in clause_spans(text, enumeration=False):
        clause = text[start:end]
        evidence = _evidence(clause)
        if not evidence:
            continue
        kinds = {k for k, _ in evidence}
        if kinds <= {"complete"} or kinds <= {"duration"} and len(evidence) == 1 and len(clause) > 30:
            pass
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
