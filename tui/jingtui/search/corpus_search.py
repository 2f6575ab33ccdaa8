"""Corpus search over a workspace: every readable article's cleaned text (through the cleaning cache,
with the reviewer's cleaning overrides), its date, outlet and done state, and its active claims for
the code and reviewer filters (the database opened read-only; none when there is no database)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jingtui.search.kwic import ArticleFacts, Query, SearchResult, Span, compile_query, find_hits, keeps_article

if TYPE_CHECKING:
    from jingtui.store.protocol import Store
    from jingtui.workspace.workspace import Workspace


def _articles(workspace: Workspace, store: Store | None, query: Query) -> Iterator[tuple[str, str, ArticleFacts]]:
    from jingtui.workspace import readable

    wants_claims = query.code is not None or query.reviewer is not None
    for rel in workspace.paths():
        article = workspace.read(rel)
        if not readable(article) or not article.original.strip():
            continue
        meta = article.meta
        done = False
        overrides = None
        spans: tuple[Span, ...] = ()
        if store is not None:
            state = store.get_state(rel)
            done = state.done
            overrides = state.cleaning_overrides or None
        facts = ArticleFacts(meta.title or "", meta.source or "", meta.date or "", done)
        if not keeps_article(query, facts):
            yield rel, "", facts  # keeps the corpus order without cleaning an article the filters leave out
            continue
        if store is not None and wants_claims:
            spans = tuple(Span(c.start, c.end, c.label, c.reviewer)
                          for c in store.claims(rel, reviewer=query.reviewer, status="active"))
            if not spans:
                yield rel, "", facts
                continue
        text = workspace.clean(article, overrides).text
        yield rel, text, ArticleFacts(facts.title, facts.outlet, facts.date, done, spans)


def search_corpus(workspace: Workspace, query: Query) -> SearchResult:
    """The hits of ``query`` in ``workspace``'s articles (see :func:`jingtui.search.kwic.find_hits`).
    :class:`~jingtui.search.kwic.BadQuery` before any article is read when the query cannot be used."""
    compile_query(query)
    if workspace.has_store():
        with workspace.open_store(read_only=True) as store:
            return find_hits(_articles(workspace, store, query), query)
    return find_hits(_articles(workspace, None, query), query)
