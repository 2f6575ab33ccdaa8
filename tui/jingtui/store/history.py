"""Undoable changes: small command objects that know how to apply and revert themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from jingtui.store.errors import ClaimError
from jingtui.store.model import Claim
from jingtui.store.protocol import Store

QUOTE_CHARS = 16


def short_quote(quote: str, limit: int = QUOTE_CHARS) -> str:
    """The quote on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


@dataclass(frozen=True)
class Change:
    """What undo or redo did, for the status line."""

    article: str
    description: str  # e.g. "Undid: tag metric 破获刑事案件…"
    claim_id: str | None = None


class Command(Protocol):
    @property
    def article(self) -> str: ...

    @property
    def claim_id(self) -> str | None: ...

    def apply(self, store: Store) -> None: ...

    def revert(self, store: Store) -> None: ...

    def describe(self) -> str: ...


@dataclass
class _WholeClaim:
    """A command on one whole claim, which names the article and the claim id."""

    claim: Claim
    verb: ClassVar[str] = ""

    @property
    def article(self) -> str:
        return self.claim.article

    @property
    def claim_id(self) -> str | None:
        return self.claim.id

    def describe(self) -> str:
        return f"{self.verb} {self.claim.label} {short_quote(self.claim.quote)}"


@dataclass
class TagClaim(_WholeClaim):
    """A new claim: apply adds it, revert deletes it (the same id comes back on redo)."""

    verb: ClassVar[str] = "tag"

    def apply(self, store: Store) -> None:
        self.claim = store.add(self.claim)

    def revert(self, store: Store) -> None:
        self.claim = store.delete(self.claim.id)


@dataclass
class DeleteClaim(_WholeClaim):
    """A deleted claim: revert puts it back exactly as it was."""

    verb: ClassVar[str] = "delete"

    def apply(self, store: Store) -> None:
        self.claim = store.delete(self.claim.id)

    def revert(self, store: Store) -> None:
        self.claim = store.add(self.claim)


@dataclass
class EditClaim:
    """Changed fields of a claim (label, note, ...): ``before`` and ``after`` values."""

    article: str
    claim_id: str
    before: dict[str, Any]
    after: dict[str, Any]
    what: str  # e.g. "relabel 破获… as metric"

    def apply(self, store: Store) -> None:
        store.update(self.claim_id, **self.after)

    def revert(self, store: Store) -> None:
        store.update(self.claim_id, **self.before)

    def describe(self) -> str:
        return self.what


@dataclass
class SetDone:
    """An article marked done or not done."""

    article: str
    before: bool
    after: bool
    claim_id: str | None = field(default=None)

    def apply(self, store: Store) -> None:
        store.set_state(self.article, done=self.after)

    def revert(self, store: Store) -> None:
        store.set_state(self.article, done=self.before)

    def describe(self) -> str:
        return f"mark {self.article} {'done' if self.after else 'not done'}"


@dataclass
class RejectSuggestion:
    """A rejected suggestion (so it is not offered again); revert forgets the rejection."""

    article: str
    label: str
    start: int
    end: int
    quote: str
    claim_id: str | None = field(default=None)

    def apply(self, store: Store) -> None:
        store.reject_suggestion(self.article, self.label, self.start, self.end, self.quote)

    def revert(self, store: Store) -> None:
        store.unreject_suggestion(self.article, self.label, self.start, self.end)

    def describe(self) -> str:
        return f"reject suggestion {self.label} {short_quote(self.quote)}"


@dataclass
class TagMany:
    """Many new claims as one change (every ticked hit of a corpus search): apply stores them in one
    write, revert removes them in one write, and undo or redo takes or brings them all back."""

    claims: list[Claim]
    what: str  # e.g. "code 200 hits of 两个维护 as slogan"
    claim_id: str | None = field(default=None)

    @property
    def article(self) -> str:
        return self.claims[0].article if self.claims else ""

    def apply(self, store: Store) -> None:
        store.add_many(self.claims)

    def revert(self, store: Store) -> None:
        remove_many(store, [c.id for c in self.claims])

    def describe(self) -> str:
        return self.what


def remove_many(store: Store, claim_ids: list[str]) -> None:
    """Delete claims in one write where the store can (the TinyDB file), else one by one."""
    delete_many = getattr(store, "delete_many", None)
    if delete_many is not None:
        delete_many(claim_ids)
        return
    for claim_id in claim_ids:
        store.delete(claim_id)


class History:
    """Unlimited undo and redo stacks; a new change clears the redo stack."""

    def __init__(self) -> None:
        self._undo: list[Command] = []
        self._redo: list[Command] = []

    def do(self, command: Command, store: Store) -> None:
        command.apply(store)
        self._undo.append(command)
        self._redo.clear()

    def undo(self, store: Store) -> Command | None:
        if not self._undo:
            return None
        command = self._undo.pop()
        try:
            command.revert(store)
        except (KeyError, ValueError) as exc:  # the claim was changed elsewhere (import, re-anchoring)
            raise ClaimError(f"Cannot undo {command.describe()}: the claim changed outside this session.") from exc
        self._redo.append(command)
        return command

    def redo(self, store: Store) -> Command | None:
        if not self._redo:
            return None
        command = self._redo.pop()
        try:
            command.apply(store)
        except (KeyError, ValueError) as exc:
            raise ClaimError(f"Cannot redo {command.describe()}: the claim changed outside this session.") from exc
        self._undo.append(command)
        return command

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)
