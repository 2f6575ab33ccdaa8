"""Measures of extraction quality (used by tests and benchmarks)."""

from __future__ import annotations

import itertools
from collections import Counter


def _bigrams(text: str) -> Counter[str]:
    chars = [ch for ch in text if not ch.isspace()]
    return Counter(a + b for a, b in itertools.pairwise(chars))


def bigram_f1(candidate: str, reference: str) -> float:
    """Character-bigram F1 of ``candidate`` against ``reference``, whitespace ignored (multisets)."""
    cand, ref = _bigrams(candidate), _bigrams(reference)
    if not cand and not ref:
        return 1.0
    if not cand or not ref:
        return 0.0
    overlap = sum((cand & ref).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(cand.values())
    recall = overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)
