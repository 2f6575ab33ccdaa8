"""``suggest_claims``: every detector over one text, merged and sorted."""

from __future__ import annotations

from functools import lru_cache

from jingtui.suggest.anecdote import detect_anecdotes
from jingtui.suggest.lexicon import SloganLexicon, load_lexicon
from jingtui.suggest.metric import detect_metrics
from jingtui.suggest.model import Suggestion
from jingtui.suggest.slogan import detect_slogans
from jingtui.util.segment import clause_spans, merge_enumerations, sentence_spans


@lru_cache(maxsize=1)
def default_lexicon() -> SloganLexicon:
    """The shipped lexicon (``jingtui/data/slogans.txt``), read once; it is immutable."""
    return load_lexicon(None)


def suggest_claims(text: str, *, lexicon: SloganLexicon | None = None,
                   labels: tuple[str, ...] = ("metric", "slogan", "anecdote"),
                   repeated: frozenset[str] = frozenset()) -> list[Suggestion]:
    """Rule-based claim suggestions for ``text`` (a CleanText.text), sorted by start.

    ``lexicon`` defaults to the shipped slogan lexicon; pass ``load_lexicon(root)`` to merge a
    corpus's own ``.jingtui/slogans.txt``. Spans are code-point offsets into ``text``; no two
    suggestions have the same label and span. ``repeated``: the single words quoted in several articles
    of the corpus (see ``slogan.quoted_words``).
    """
    if lexicon is None:
        lexicon = default_lexicon()
    found: list[Suggestion] = []
    sentences = sentence_spans(text)
    clauses = clause_spans(text)
    if "metric" in labels:
        found += detect_metrics(text, sentences=sentences, clauses=merge_enumerations(text, clauses))
    if "slogan" in labels:
        found += detect_slogans(text, lexicon, sentences=sentences, clauses=clauses, repeated=repeated)
    if "anecdote" in labels:
        found += detect_anecdotes(text, sentences=sentences)
    unique: dict[tuple[str, int, int], Suggestion] = {}
    for s in found:
        key = (s.label, s.start, s.end)
        if key not in unique or unique[key].score < s.score:
            unique[key] = s
    return sorted(unique.values(), key=lambda s: (s.start, s.end, s.label))
