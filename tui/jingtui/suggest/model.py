"""A proposed claim: what a detector found, where, how sure it is and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Suggestion:
    """A span of the cleaned text that a detector proposes as a claim.

    ``start``/``end`` are code-point offsets into the text the detector saw; ``quote`` is
    ``text[start:end]``; ``score`` is in [0, 1]; ``reason`` is one line for the reviewer; ``fields``
    are the structured fields (see ``jingtui.suggest.fields``).
    """

    label: str
    start: int
    end: int
    quote: str
    score: float
    reason: str
    fields: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "score": round(self.score, 3),
            "reason": self.reason,
            "fields": dict(self.fields),
        }
