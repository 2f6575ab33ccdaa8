"""A review session: the only way the interface changes claims, with undo and redo.

Every method validates first (label in the label set, span inside the text), then changes the store
(durably, see :mod:`jingtui.store.claims`), then records an invertible command in the history.
Undo and redo are unlimited within the session and work across articles.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jingtui.codebook import Codebook
from jingtui.store.codebook_change import CodebookChange, SetVariables
from jingtui.store.errors import ClaimError
from jingtui.store.history import (
    Change,
    Command,
    DeleteClaim,
    EditClaim,
    History,
    RejectSuggestion,
    SetDone,
    TagClaim,
    TagMany,
    short_quote,
)
from jingtui.store.model import Claim, make_claim, utc_now
from jingtui.store.protocol import Store


@dataclass(frozen=True)
class Passage:
    """A span to tag in one article's cleaned text (``text``, whose hash is ``text_sha256``)."""

    article: str
    text: str
    text_sha256: str
    start: int
    end: int
    original_span: tuple[int, int] = (-1, -1)


class AnnotationSession:
    """One reviewer's changes to a store during one run of the program."""

    def __init__(self, store: Store, reviewer: str = "") -> None:
        self.store = store
        self.reviewer = reviewer
        self.started_at = utc_now()
        self._started = time.monotonic()
        self.tagged_count = 0  # claims tagged this session (undo of a tag takes one back)
        self._history = History()
        self.codebook: Codebook | None = None  # when set: labels are its code ids, claims get its version

    def elapsed(self) -> float:
        """Seconds since the session started."""
        return time.monotonic() - self._started

    # ------------------------------------------------------------------ changes

    def tag(self, article: str, text: str, text_sha256: str, start: int, end: int, label: str, *,
            original_span: tuple[int, int] = (-1, -1), origin: str = "manual", fields: dict[str, Any] | None = None,
            note: str = "") -> Claim:
        """Tag ``text[start:end]`` of ``article`` with ``label``; returns the stored claim."""
        self._check_label(label)
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise ClaimError(f"The selection {start}-{end} is not inside the text ({len(text)} characters).")
        if not text[start:end].strip():
            raise ClaimError("The selection holds only blank space; select some text to tag.")
        if any(c.label == label and c.reviewer == self.reviewer for c in self.store.claims_at(article, start, end)):
            raise ClaimError(f"This text is already tagged {label}.")
        claim = make_claim(article, text, start, end, label, text_sha256=text_sha256, original_span=original_span,
                           reviewer=self.reviewer, origin=origin, note=note)
        claim.fields = dict(fields or {})
        if self.codebook is not None:
            claim.codebook_version = self.codebook.version
        command = TagClaim(claim)
        self._history.do(command, self.store)
        self.tagged_count += 1
        return copy.deepcopy(command.claim)  # what the store says it stored (a team store: no second read)

    def tag_many(self, passages: Iterable[Passage], label: str, *, origin: str = "search",
                 fields: dict[str, Any] | None = None, what: str = "") -> tuple[list[Claim], int]:
        """Tag every passage with ``label`` as one undoable change (one write to the store); returns
        the claims made and how many passages were left out (outside their text, blank, given twice,
        or already tagged with ``label`` by this reviewer)."""
        self._check_label(label)
        claims: list[Claim] = []
        seen: set[tuple[str, int, int]] = set()
        skipped = 0
        for p in passages:
            key = (p.article, p.start, p.end)
            if not (0 <= p.start < p.end <= len(p.text)) or not p.text[p.start:p.end].strip() or key in seen \
                    or any(c.label == label and c.reviewer == self.reviewer
                           for c in self.store.claims_at(p.article, p.start, p.end)):
                skipped += 1
                continue
            seen.add(key)
            claim = make_claim(p.article, p.text, p.start, p.end, label, text_sha256=p.text_sha256,
                               original_span=p.original_span, reviewer=self.reviewer, origin=origin)
            claim.fields = dict(fields or {})
            if self.codebook is not None:
                claim.codebook_version = self.codebook.version
            claims.append(claim)
        if claims:
            self._history.do(TagMany(claims, what or f"tag {len(claims)} passages as {label}"), self.store)
            self.tagged_count += len(claims)
        return claims, skipped

    def relabel(self, claim_id: str, label: str) -> Claim:
        """Give a claim another label."""
        self._check_label(label)
        claim = self._claim(claim_id)
        what = f"relabel {short_quote(claim.quote)} {claim.label} → {label}"
        after: dict[str, Any] = {"label": label}
        if self.codebook is not None:
            after["codebook_version"] = self.codebook.version
        return self._edit(claim, after, what)

    def set_note(self, claim_id: str, note: str) -> Claim:
        """Set (or clear, with "") the note of a claim."""
        claim = self._claim(claim_id)
        what = f"note on {short_quote(claim.quote)}" if note else f"clear note on {short_quote(claim.quote)}"
        return self._edit(claim, {"note": note}, what)

    def set_fields(self, claim_id: str, fields: dict[str, Any]) -> Claim:
        """Replace the structured fields of a claim (metric value, canonical slogan, ...)."""
        claim = self._claim(claim_id)
        return self._edit(claim, {"fields": dict(fields)}, f"edit fields of {short_quote(claim.quote)}")

    def delete(self, claim_id: str) -> Claim:
        """Delete a claim; returns it as it was."""
        claim = self._claim(claim_id)
        command = DeleteClaim(claim)
        self._history.do(command, self.store)
        return command.claim

    def reject_suggestion(self, article: str, label: str, start: int, end: int, quote: str) -> None:
        """Reject a suggestion so it is not offered again (undoable)."""
        self._history.do(RejectSuggestion(article, label, start, end, quote), self.store)

    def set_variables(self, article: str, values: dict[str, Any]) -> None:
        """Set the document variables of an article (undoable)."""
        before = dict(self.store.get_state(article).variables)
        self._history.do(SetVariables(article, before, dict(values)), self.store)

    def change_codebook(self, change: CodebookChange) -> Change:
        """Write a change of the codebook file (and recode the claims it moves), undoably."""
        self._history.do(change, self.store)
        return self._change("Done", change)

    def set_done(self, article: str, done: bool) -> None:
        """Mark an article done or not done."""
        before = self.store.get_state(article).done
        self._history.do(SetDone(article, before, bool(done)), self.store)

    # ------------------------------------------------------------------ undo and redo

    def undo(self) -> Change | None:
        """Revert the last change (in any article); None when there is nothing to undo."""
        command = self._history.undo(self.store)
        if command is None:
            return None
        if isinstance(command, TagClaim):
            self.tagged_count -= 1
        elif isinstance(command, TagMany):
            self.tagged_count -= len(command.claims)
        return self._change("Undid", command)

    def redo(self) -> Change | None:
        """Apply again the last undone change; None when there is nothing to redo."""
        command = self._history.redo(self.store)
        if command is None:
            return None
        if isinstance(command, TagClaim):
            self.tagged_count += 1
        elif isinstance(command, TagMany):
            self.tagged_count += len(command.claims)
        return self._change("Redid", command)

    @property
    def can_undo(self) -> bool:
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        return self._history.can_redo

    # ------------------------------------------------------------------ helpers

    def _check_label(self, label: str) -> None:
        if self.codebook is not None:
            if label not in self.codebook:
                raise ClaimError(f"The code {label!r} is not in the codebook.")
            return
        labels = self.store.labels()
        if label not in labels:
            raise ClaimError(f"The label {label!r} is not one of {', '.join(labels)}.")

    def _claim(self, claim_id: str) -> Claim:
        claim = self.store.get(claim_id)
        if claim is None:
            raise ClaimError("That claim no longer exists.")
        return claim

    def _edit(self, claim: Claim, after: dict[str, Any], what: str) -> Claim:
        before = {name: getattr(claim, name) for name in after}
        self._history.do(EditClaim(claim.article, claim.id, before, after, what), self.store)
        return self.store.get(claim.id)  # type: ignore[return-value]

    @staticmethod
    def _change(verb: str, command: Command) -> Change:
        return Change(command.article, f"{verb}: {command.describe()}", command.claim_id)
