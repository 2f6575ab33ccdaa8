"""A decision on an item as one undoable change of the consensus reviewer's claims.

A decision adds the consensus claims it makes (copies of the chosen reviewer's claims, or an edited claim),
removes the consensus claims an earlier decision on the same item made, and keeps the "neither" record of
the article (the source claims whose item was settled with no claim). The reviewers' own claims are never
touched. Each consensus claim has origin ``adjudicated`` and names its sources in its fields::

    fields["adjudication"] = {"sources": [claim ids of the item], "decision": "A" | "B" | "both" | "edit" | ...}

:class:`Decision` follows :class:`jingtui.store.history.Command`, so :class:`~jingtui.store.history.History`
undoes and redoes it like any other change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from jingtui.adjudicate.disagreements import ADJUDICATION_KEY
from jingtui.store.model import Claim, new_claim_id, utc_now
from jingtui.store.protocol import Store

ADJUDICATED = "adjudicated"  # the origin of a consensus claim


def neither_key(consensus: str, article: str) -> str:
    """The store setting that lists an article's source claims settled with no consensus claim."""
    return f"adjudication.neither\x1f{consensus}\x1f{article}"


def sources_of(claim_fields: dict[str, Any] | None) -> list[str]:
    """The source claim ids a consensus claim names (none for a claim made otherwise)."""
    record = (claim_fields or {}).get(ADJUDICATION_KEY)
    if isinstance(record, dict) and isinstance(record.get("sources"), list):
        return [str(s) for s in record["sources"]]
    return []


def consensus_copy(source: Claim, consensus: str, sources: Iterable[str], decision: str) -> Claim:
    """A consensus claim that copies ``source`` (span, label, context, note, fields) under a new id."""
    now = utc_now()
    fields = {k: v for k, v in (source.fields or {}).items() if k != ADJUDICATION_KEY}
    fields[ADJUDICATION_KEY] = {"sources": sorted(set(sources)), "decision": decision}
    return replace(source, id=new_claim_id(), reviewer=consensus, origin=ADJUDICATED, status="active",
                   fields=fields, created_at=now, updated_at=now)


@dataclass
class Decision:
    """Consensus claims added and removed, and the article's "neither" record before and after."""

    article: str
    consensus: str
    add: list[Claim]
    remove: list[Claim]
    neither_before: list[str]
    neither_after: list[str]
    what: str
    claim_id: str | None = field(default=None)

    def apply(self, store: Store) -> None:
        for claim in self.remove:
            store.delete(claim.id)
        for claim in self.add:
            store.add(claim)
        if self.neither_before != self.neither_after:
            store.set_meta(neither_key(self.consensus, self.article), self.neither_after)
        self.claim_id = self.add[0].id if self.add else None

    def revert(self, store: Store) -> None:
        for claim in self.add:
            store.delete(claim.id)
        for claim in self.remove:
            store.add(claim)
        if self.neither_before != self.neither_after:
            store.set_meta(neither_key(self.consensus, self.article), self.neither_before)
        self.claim_id = self.remove[0].id if self.remove else None

    def describe(self) -> str:
        return self.what
