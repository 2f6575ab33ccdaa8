"""The claims an export, an import and the agreement read: :func:`claim_docs`, the stored claims as plain
dicts, and :class:`ClaimsByArticle`, a team store's claims read one article at a time. The corpus
folder, its cleaning cache and its database are :mod:`jingtui.workspace`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jingtui.store.protocol import Store, TeamStore


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


class ClaimsByArticle(Mapping[str, list[dict[str, Any]]]):
    """The claims of an export, read one article at a time (from a store that counts them first, the team
    store): an export of a million claims holds one article's claims, not all of them. Each article's
    claims are read when it is written, and re-anchored then (see ``export.run.article_records``).

    ``tally``: ``{article: {label: n}}`` of the selection; ``labels`` (a set) leaves the others out.
    """

    def __init__(self, store: TeamStore, tally: dict[str, dict[str, int]], *, reviewer: str | None = None,
                 labels: set[str] | None = None) -> None:
        self._store = store
        self._reviewer = reviewer
        self._labels = labels
        self._counts = {a: sum(n for label, n in by_label.items() if labels is None or label in labels)
                        for a, by_label in tally.items()}
        self._counts = {a: n for a, n in self._counts.items() if n}

    def restricted(self, articles: Iterable[str]) -> ClaimsByArticle:
        """The same, for ``articles`` only (those with no claims give an empty list)."""
        other = ClaimsByArticle(self._store, {}, reviewer=self._reviewer, labels=self._labels)
        other._counts = {a: self._counts.get(a, 0) for a in articles}
        return other

    def annotated(self, articles: Iterable[str]) -> list[str]:
        """Those of ``articles`` with claims (no claim is read)."""
        return [a for a in articles if self._counts.get(a)]

    @property
    def total(self) -> int:
        return sum(self._counts.values())

    def __getitem__(self, article: str) -> list[dict[str, Any]]:
        if article not in self._counts:
            raise KeyError(article)
        if not self._counts[article]:
            return []
        if self._store.closed:  # a caller that closed the store before writing
            from jingtui.store.factory import open_store

            reopened = open_store(self._store.url, read_only=True).team
            assert reopened is not None  # the same URL: a team store again
            self._store = reopened
        docs = [d for d in self._store.claim_documents(article, reviewer=self._reviewer)
                if self._labels is None or d["label"] in self._labels]
        docs.sort(key=_claim_order)
        return docs

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)
