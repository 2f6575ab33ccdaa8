"""Where export, import and agreement get articles, cleaned texts and the database (the I/O edge).

The corpus folder, its cleaning cache and its database are :mod:`jingtui.workspace`'s (re-exported
here under their old names); what is export's own is :func:`claim_docs`, the stored claims as plain
dicts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jingtui.workspace import (  # noqa: F401 - re-exported: callers and tests import them from here
    CACHE_FOLDER,
    Cleaner,
    check_corpus,
    corpus_paths,
    default_db,
    natural_order,
    open_store,
    read_article,
    readable,
)

if TYPE_CHECKING:
    from jingtui.store.protocol import Store


def claim_docs(store: Store, *, article: str | None = None,
               reviewer: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The stored claims as plain dicts grouped by article, each group sorted by start, end, creation.

    The dicts are the store's own documents (``ClaimStore.claim_documents``): read them, never modify
    them. ``ClaimStore.claims()`` builds a fresh :class:`Claim` with deep-copied fields for each claim
    (~0.6 s for 100,000); an export only reads them.
    """
    grouped: dict[str, list[dict[str, Any]]] = {}
    for doc in store.claim_documents(article, reviewer=reviewer):
        group = grouped.get(doc["article"])
        if group is None:
            group = grouped[doc["article"]] = []
        group.append(doc)
    for group in grouped.values():
        group.sort(key=_claim_order)
    return grouped


def _claim_order(doc: dict[str, Any]) -> tuple[Any, ...]:
    return doc["start"], doc["end"], doc.get("created_at", ""), doc.get("id", "")
