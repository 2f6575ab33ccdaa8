"""Suggest (no Textual): rule-based claim suggestions and structured fields.

Public API: ``suggest_claims(text, lexicon=None) -> list[Suggestion]``, ``Suggestion``,
``SloganLexicon``/``load_lexicon(root)``, ``metric_fields(quote)``, ``slogan_canonical(quote)``,
``fields_for(label, quote)``; sentences and clauses (shared with the reader and search) are in
``jingtui.util.segment``: ``sentence_spans``, ``clause_spans``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jingtui.suggest.core import default_lexicon, suggest_claims
    from jingtui.suggest.fields import fields_for, metric_fields, slogan_canonical
    from jingtui.suggest.lexicon import SloganLexicon, load_lexicon
    from jingtui.suggest.model import Suggestion

# The detectors take a while to import (patterns, tables): the package gives its names on first use, so
# importing ``jingtui.suggest.model`` for a type costs nothing (the app's first screen needs none of them).
_WHERE = {"default_lexicon": "core", "suggest_claims": "core", "fields_for": "fields", "metric_fields": "fields",
          "slogan_canonical": "fields", "SloganLexicon": "lexicon", "load_lexicon": "lexicon", "Suggestion": "model"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"jingtui.suggest.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'jingtui.suggest' has no attribute {name!r}")

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
