"""Claims as rows of the ``claims`` table and back (column names differ only for the two offsets)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg.types.json import Jsonb

from jingtui.store.documents import CLAIM_FIELDS
from jingtui.store.model import Claim

# claim field -> column (``end`` is an SQL keyword)
COLUMN_OF = {name: name for name in CLAIM_FIELDS} | {"start": "start_offset", "end": "end_offset"}
FIELD_OF = {column: name for name, column in COLUMN_OF.items()}
COLUMNS = tuple(COLUMN_OF[name] for name in CLAIM_FIELDS)
SELECT_LIST = ", ".join(COLUMNS) + ", version"  # fixed names, never user input


def select_list(table: str) -> str:
    """:data:`SELECT_LIST` with every column qualified by ``table`` (a fixed alias, never user input)."""
    return ", ".join(f"{table}.{column}" for column in (*COLUMNS, "version"))


ORDER = "ORDER BY article, start_offset, end_offset, created_at, id"


def claim_values(claim: Claim) -> tuple[Any, ...]:
    """The values of a claim in :data:`COLUMNS` order, ready to bind."""
    return tuple(Jsonb(claim.fields or {}) if name == "fields" else getattr(claim, name) for name in CLAIM_FIELDS)


def doc_values(doc: dict[str, Any]) -> tuple[Any, ...]:
    """The values of a stored claim document (a dict with the claim's fields) in :data:`COLUMNS` order."""
    return tuple(Jsonb(doc.get("fields") or {}) if name == "fields" else doc.get(name, "") if name == "codebook_version"
                 else doc[name] for name in CLAIM_FIELDS)


def row_doc(row: Sequence[Any]) -> dict[str, Any]:
    """The claim document (as the TinyDB store keeps it) of a row selected with :data:`SELECT_LIST`."""
    doc = dict(zip(CLAIM_FIELDS, row, strict=False))  # the row may carry columns after the claim's
    if doc["fields"] is None:
        doc["fields"] = {}
    return doc


def row_claim(row: Sequence[Any]) -> Claim:
    """A :class:`Claim` of a row selected with :data:`SELECT_LIST`."""
    claim = object.__new__(Claim)
    claim.__dict__.update(row_doc(row))
    return claim


def row_version(row: Sequence[Any]) -> int:
    return int(row[len(COLUMNS)])


def change_value(name: str, value: Any) -> Any:
    """A claim field's new value, ready to bind."""
    return Jsonb(value or {}) if name == "fields" else value
