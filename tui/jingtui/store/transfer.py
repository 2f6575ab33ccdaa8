"""``jingtui db copy``: every claim, article state, setting and rejected suggestion from one store to
another (TinyDB file <-> team database), with counts and a checksum of each side.

A TinyDB file is one reviewer's: its article states, settings and rejections are that reviewer's (the
label set is the team's). The team database keeps them per reviewer; the rows of reviewers other than
the file's own travel in the file's ``team_rows`` setting, so a copy there and back loses nothing.

The checksum is order-free (the sum of the SHA-256 of each row's canonical JSON, modulo 2**256), so
it is computed while streaming and equal on both sides exactly when the same rows are there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from jingtui.util.plural import counted as count_of

TEAM_ROWS_KEY = "team_rows"
TEAM_SETTINGS = frozenset({"labels", "codebook"})
MODULUS = 1 << 256


@dataclass
class Rows:
    """Everything but the claims: ``(reviewer, article, state dict)``, ``(reviewer, key, value)``,
    ``(reviewer, rejection dict)``; reviewer ``''`` for the team's settings."""

    states: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    settings: list[tuple[str, str, Any]] = field(default_factory=list)
    rejections: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class Tally:
    """Counts and checksum of what one side holds."""

    claims: int = 0
    states: int = 0
    settings: int = 0
    rejections: int = 0
    digest: int = 0

    def add(self, kind: str, value: Any) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        data = orjson.dumps([kind, value], option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
        self.digest = (self.digest + int.from_bytes(hashlib.sha256(data).digest(), "big")) % MODULUS

    @property
    def checksum(self) -> str:
        return f"{self.digest:064x}"[:16]

    def summary(self) -> str:
        return (f"{count_of(self.claims, 'claim')}, {count_of(self.states, 'article state')}, "
                f"{count_of(self.settings, 'setting')}, {count_of(self.rejections, 'rejected suggestion')} "
                f"(checksum {self.checksum})")

    def same(self, other: Tally) -> bool:
        return (self.claims, self.states, self.settings, self.rejections, self.digest) == (
            other.claims, other.states, other.settings, other.rejections, other.digest)


def tally(claims: Iterable[dict[str, Any]], rows: Rows) -> Tally:
    result = Tally()
    for doc in claims:
        result.add("claims", doc)
    for state in rows.states:
        result.add("states", state)
    for setting in rows.settings:
        result.add("settings", setting)
    for rejection in rows.rejections:
        result.add("rejections", rejection)
    return result


def counted(claims: Iterable[dict[str, Any]], into: Tally) -> Iterator[dict[str, Any]]:
    """``claims`` passed through (with every field of a claim, defaults filled in), each counted into ``into``."""
    from jingtui.store.documents import CLAIM_KEYS, claim_to_doc, doc_to_claim

    for doc in claims:
        if doc.keys() != CLAIM_KEYS:
            doc = claim_to_doc(doc_to_claim(doc))
        into.add("claims", doc)
        yield doc


# ---------------------------------------------------------------------- the TinyDB side


def tinydb_rows(store: Any, reviewer: str) -> Rows:
    """The rows of a TinyDB store (a :class:`~jingtui.store.claims.ClaimStore`), as ``reviewer``'s."""
    from jingtui.store.indexes import ARTICLES, META, REJECTIONS

    tables = store._db.tables  # the store's own module family: a dump needs every table as it is
    rows = Rows()
    for doc in tables.get(ARTICLES, {}).values():
        rows.states.append((reviewer, doc["article"], _state(doc)))
    for doc in tables.get(META, {}).values():
        if doc["key"] == TEAM_ROWS_KEY:
            extra = doc["value"] or {}
            rows.states += [tuple(item) for item in extra.get("states", [])]
            rows.settings += [tuple(item) for item in extra.get("settings", [])]
            rows.rejections += [tuple(item) for item in extra.get("rejections", [])]
        else:
            rows.settings.append(("" if doc["key"] in TEAM_SETTINGS else reviewer, doc["key"], doc["value"]))
    for doc in tables.get(REJECTIONS, {}).values():
        rows.rejections.append((reviewer, _rejection(doc)))
    return rows


def load_tinydb(store: Any, claims: Iterable[dict[str, Any]], rows: Rows, reviewer: str) -> None:
    """Write claims and rows into a TinyDB store; rows of other reviewers go into ``team_rows``."""
    from jingtui.store.documents import doc_to_claim

    store.put_many(doc_to_claim(doc) for doc in claims)
    extra: dict[str, list[Any]] = {"states": [], "settings": [], "rejections": []}
    for who, article, state in rows.states:
        if who == reviewer:
            store.set_state(article, **state)
        else:
            extra["states"].append([who, article, state])
    for who, key, value in rows.settings:
        if who in ("", reviewer) and key != TEAM_ROWS_KEY:
            store.set_meta(key, value)
        else:
            extra["settings"].append([who, key, value])
    for who, doc in rows.rejections:
        if who == reviewer:
            store.reject_suggestion(doc["article"], doc["label"], doc["start"], doc["end"], doc["quote"])
            _restore_created_at(store, doc)
        else:
            extra["rejections"].append([who, doc])
    if any(extra.values()):
        store.set_meta(TEAM_ROWS_KEY, extra)


def _restore_created_at(store: Any, doc: dict[str, Any]) -> None:
    """A rejection copied keeps its date (the store stamps a new one)."""
    from jingtui.store.indexes import REJECTIONS

    for doc_id in store._db.indexes.rejection_docs.get(doc["article"], ()):
        stored = store._db.tables[REJECTIONS][doc_id]
        same_span = (stored["label"], stored["start"], stored["end"]) == (doc["label"], doc["start"], doc["end"])
        if same_span and stored.get("created_at") != doc["created_at"]:
            store._db.commit([(REJECTIONS, doc_id, {**stored, "created_at": doc["created_at"]})])


def _state(doc: dict[str, Any]) -> dict[str, Any]:
    return {"done": bool(doc.get("done", False)), "position": int(doc.get("position", 0)),
            "seconds": float(doc.get("seconds", 0.0)), "updated_at": str(doc.get("updated_at", "")),
            "cleaning_overrides": dict(doc.get("cleaning_overrides") or {}),
            "variables": dict(doc.get("variables") or {})}


def _rejection(doc: dict[str, Any]) -> dict[str, Any]:
    return {name: doc[name] for name in ("article", "label", "start", "end", "quote", "created_at")}


def file_reviewer(claims: Iterable[dict[str, Any]]) -> str | None:
    """The one reviewer named by a file's claims, or None when there are several or none."""
    names = {doc.get("reviewer", "") for doc in claims}
    return names.pop() if len(names) == 1 else None
