"""Suggest (no Textual): rule-based claim suggestions and structured fields.

Public API: ``suggest_claims(text, lexicon=None) -> list[Suggestion]``, ``Suggestion``,
``SloganLexicon``/``load_lexicon(root)``, ``metric_fields(quote)``, ``slogan_canonical(quote)``,
``fields_for(label, quote)``; sentences and clauses (shared with the reader and search) are in
``jingtui.util.segment``: ``sentence_spans``, ``clause_spans``.
"""

from jingtui.suggest.core import default_lexicon, suggest_claims
from jingtui.suggest.fields import fields_for, metric_fields, slogan_canonical
from jingtui.suggest.lexicon import SloganLexicon, load_lexicon
from jingtui.suggest.model import Suggestion

__all__ = [
    "Suggestion",
    "SloganLexicon",
    "default_lexicon",
    "fields_for",
    "load_lexicon",
    "metric_fields",
    "slogan_canonical",
    "suggest_claims",
]
