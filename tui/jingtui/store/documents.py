"""Claims and article states as the stores keep them: a :class:`Claim` to its stored document and back,
and the checks a claim passes before it is stored.

Both stores (the TinyDB file and the team store) write and read claims through these functions, so a
document has the same keys whichever store made it.
"""

from __future__ import annotations

import copy
from dataclasses import fields as dataclass_fields
from operator import attrgetter
from typing import Any

import orjson

from jingtui.store.model import ArticleState, Claim

CLAIM_FIELDS = tuple(f.name for f in dataclass_fields(Claim))
CLAIM_KEYS = frozenset(CLAIM_FIELDS)
LEGACY_CLAIM_KEYS = CLAIM_KEYS - {"codebook_version"}  # documents written before codebooks existed
CLAIM_ORDER = attrgetter("article", "start", "end", "created_at", "id")  # how claims() sorts
STATE_FIELDS = tuple(f.name for f in dataclass_fields(ArticleState))
STATUSES = ("active", "orphaned")  # a claim's status


def claim_to_doc(claim: Claim) -> dict[str, Any]:
    """The stored document of a claim (a copy; nested ``fields`` copied too)."""
    state = claim.__dict__
    if state.keys() == CLAIM_KEYS:  # noqa: SIM108 - a plain Claim: copy its attributes in one go
        doc = state.copy()  # (3x the comprehension)
    else:
        doc = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    doc["fields"] = as_json(claim.fields) if claim.fields else {}
    return doc


def as_json(value: Any) -> Any:
    """A copy of ``value`` as it will read back from disk (tuples become lists, keys strings); TypeError if not JSON."""
    return orjson.loads(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS))


def doc_to_claim(doc: dict[str, Any]) -> Claim:
    """A fresh :class:`Claim` from a stored document (unknown keys ignored, missing ones defaulted)."""
    keys = doc.keys()
    if keys in (CLAIM_KEYS, LEGACY_CLAIM_KEYS):  # as the store writes them: 4x faster than Claim(**...)
        claim = object.__new__(Claim)
        claim.__dict__.update(doc)
        if "codebook_version" not in doc:
            claim.codebook_version = ""
        if not claim.updated_at:
            claim.updated_at = claim.created_at
    else:
        claim = Claim(**{name: doc[name] for name in CLAIM_FIELDS if name in doc})
    claim.fields = copy.deepcopy(claim.fields) if claim.fields else {}
    return claim


def check_claim(claim: Claim) -> None:
    """Raise ValueError unless the claim is well formed (span, quote length, status)."""
    if not isinstance(claim, Claim):
        raise TypeError(f"expected a Claim, got {type(claim).__name__}")
    if not (isinstance(claim.start, int) and isinstance(claim.end, int) and 0 <= claim.start < claim.end):
        raise ValueError(f"claim span {claim.start!r}-{claim.end!r} is not a valid span")
    if not isinstance(claim.quote, str) or len(claim.quote) != claim.end - claim.start:
        raise ValueError(f"claim quote has {len(claim.quote)} characters for a span of {claim.end - claim.start}")
    if not claim.label or not isinstance(claim.label, str):
        raise ValueError("claim label is empty")
    if not claim.article or not isinstance(claim.article, str):
        raise ValueError("claim article is empty")
    if claim.status not in STATUSES:
        raise ValueError(f"claim status {claim.status!r} is not one of {', '.join(STATUSES)}")
    if not isinstance(claim.fields, dict):
        raise ValueError("claim fields must be a dict")


# claim id -> doc id, article -> doc ids, article -> label -> active count
