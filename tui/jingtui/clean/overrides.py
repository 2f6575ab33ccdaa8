"""The reviewer's cleaning overrides: passages brought back into the cleaned text, or sent out of it.

A passage is one block of the original, named by a stable key: its span in the original and a hash
of its text (``"120-188-3f9a0c2b1d7e"``), so a key keeps naming the same passage when the rules
change, and names nothing (is ignored) when the file's text changes under it.

``Overrides`` maps keys to a decision, ``keep`` (in the cleaned text whatever the rules say) or
``drop`` (out of it). A decision is stored only when it differs from what the rules decide, so
bringing a passage back and sending it out again gives back the very same overrides, and the same
cleaned text, as before (``bring_back`` then ``send_out`` is the identity).

All pure: the pipeline applies overrides (``clean_article(article, overrides)``), the app and the
store keep them per article (``ArticleState.cleaning_overrides``: the ``as_dict`` form).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from jingtui.clean.model import KEPT_CLASSES, CleanText, LineClass

Decision = Literal["keep", "drop"]
DECISIONS: tuple[Decision, ...] = ("keep", "drop")
# Rules recorded on a line whose class the reviewer decided.
RULE_KEPT = "reviewer-kept"
RULE_DROPPED = "reviewer-removed"


def block_key(original: str, start: int, end: int) -> str:
    """The stable key of the block ``original[start:end]``: its span and a hash of its text."""
    digest = hashlib.sha1(original[start:end].encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{start}-{end}-{digest}"


@dataclass(frozen=True)
class Overrides:
    """Decisions of one article, as sorted ``(key, decision)`` pairs (hashable, comparable)."""

    decisions: tuple[tuple[str, Decision], ...] = ()

    @classmethod
    def from_dict(cls, mapping: Mapping[str, str] | None) -> Overrides:
        """From the stored form; unknown decisions and non-string keys are ignored."""
        if not mapping or not isinstance(mapping, Mapping):
            return cls()
        pairs: list[tuple[str, Decision]] = []
        for key, value in mapping.items():
            if isinstance(key, str) and value in ("keep", "drop"):
                pairs.append((key, "keep" if value == "keep" else "drop"))
        return cls(tuple(sorted(pairs)))

    def as_dict(self) -> dict[str, str]:
        return dict(self.decisions)

    def get(self, key: str) -> Decision | None:
        for k, decision in self.decisions:
            if k == key:
                return decision
        return None

    def with_decision(self, key: str, decision: Decision | None) -> Overrides:
        """These overrides with ``key`` decided (``None``: back to what the rules decide)."""
        pairs = [(k, d) for k, d in self.decisions if k != key]
        if decision is not None:
            pairs.append((key, decision))
        return Overrides(tuple(sorted(pairs)))

    def fingerprint(self) -> str:
        """A short hash of the decisions ("" when there are none): part of the cleaning cache key."""
        if not self.decisions:
            return ""
        joined = "\n".join(f"{k}\t{d}" for k, d in self.decisions)
        return hashlib.sha256(joined.encode()).hexdigest()[:16]

    def __bool__(self) -> bool:
        return bool(self.decisions)

    def __len__(self) -> int:
        return len(self.decisions)


NO_OVERRIDES = Overrides()
OverridesLike = Overrides | Mapping[str, str] | None  # what the functions that take overrides accept


def as_overrides(value: OverridesLike) -> Overrides:
    """Overrides from either form (None: none)."""
    if isinstance(value, Overrides):
        return value
    return Overrides.from_dict(value)


def passages_at(clean: CleanText, start: int, end: int | None = None) -> list[LineClass]:
    """The blocks of the original that overlap ``[start, end)`` (or contain ``start``), in order."""
    if end is None or end <= start:
        return [ln for ln in clean.lines if ln.original_start <= start < ln.original_end]
    return [ln for ln in clean.lines if ln.original_start < end and start < ln.original_end]


def is_removed(line: LineClass) -> bool:
    return line.kind not in KEPT_CLASSES and line.kind != "image"


def bring_back(clean: CleanText, original: str, overrides: Overrides, start: int, end: int | None = None) -> Overrides:
    """``overrides`` with every removed passage at original ``[start, end)`` brought back into the text."""
    for line in passages_at(clean, start, end):
        if not is_removed(line):
            continue
        key = block_key(original, line.original_start, line.original_end)
        overrides = overrides.with_decision(key, None if line.rule == RULE_DROPPED else "keep")
    return overrides


def send_out(clean: CleanText, original: str, overrides: Overrides, start: int, end: int | None = None) -> Overrides:
    """``overrides`` with every kept passage at original ``[start, end)`` sent out of the text."""
    for line in passages_at(clean, start, end):
        if line.kind not in KEPT_CLASSES:
            continue
        key = block_key(original, line.original_start, line.original_end)
        overrides = overrides.with_decision(key, None if line.rule == RULE_KEPT else "drop")
    return overrides


def toggle_passage(clean: CleanText, original: str, overrides: Overrides, offset: int) -> tuple[Overrides, str]:
    """The passage at original ``offset`` brought back if it was removed, else sent out; returns the
    new overrides and what happened (``"kept"``, ``"removed"``, or ``""`` when nothing is there:
    an image, or a blank line between blocks)."""
    found = [ln for ln in passages_at(clean, offset) if ln.kind != "image"]
    if not found:
        return overrides, ""
    line = found[0]
    if is_removed(line):
        return bring_back(clean, original, overrides, line.original_start, line.original_end), "kept"
    return send_out(clean, original, overrides, line.original_start, line.original_end), "removed"


__all__ = ["DECISIONS", "NO_OVERRIDES", "RULE_DROPPED", "RULE_KEPT", "Decision", "Overrides", "OverridesLike",
           "as_overrides",
           "block_key", "bring_back", "is_removed", "passages_at", "send_out", "toggle_passage"]
