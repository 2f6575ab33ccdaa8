"""Corpus search over a workspace, through its search index.

:class:`CorpusSearch` keeps a corpus's :class:`~jingtui.search.text_index.TextIndex` warm between
searches (the app holds one; a command makes one per run). :meth:`CorpusSearch.refresh` brings the
index up to date first: the folder's articles now, each one's file size and modification time and the
reviewer's cleaning overrides (from the store) against what the index was made from; the new and
changed articles are read through the workspace's caches (many of them cleaned ahead on every core).
:meth:`CorpusSearch.search` filters by the index's outlet and date, the store's done marks and claims.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from jingtui.search.index_file import FILE_NAME, Stamp
from jingtui.search.index_scan import ArticleFilter, HitFilter, HitTable, scan
from jingtui.search.kwic import ArticleFacts, Query, SearchResult, Span, compile_query, keeps_article, outlet_matches
from jingtui.search.text_index import Entry, TextIndex, refresh

if TYPE_CHECKING:
    from jingtui.corpus.discover import Candidate
    from jingtui.store.model import Claim
    from jingtui.store.protocol import Store
    from jingtui.workspace.workspace import Workspace

CLEAN_AHEAD_FROM = 100  # fewer new or changed articles than this are cleaned one by one


def index_version() -> str:
    """The code the indexed texts were made by: the cleaning pipeline's and the reader's versions."""
    from jingtui.clean.version import PIPELINE_VERSION
    from jingtui.corpus.version import READER_VERSION

    return f"{PIPELINE_VERSION}/{READER_VERSION}"


def index_path(root: Path) -> Path:
    from jingtui.workspace import CACHE_FOLDER

    return Path(root).joinpath(*CACHE_FOLDER, FILE_NAME)


def cleaning_overrides(store: Store | None) -> dict[str, dict[str, str]]:
    """The reviewer's cleaning overrides of every article that has some."""
    if store is None:
        return {}
    found = {}
    for path in store.articles():
        overrides = store.get_state(path).cleaning_overrides
        if overrides:
            found[path] = dict(overrides)
    return found


def stamps_of(files: Sequence[Candidate], overrides: Mapping[str, Mapping[str, str]]) -> dict[str, Stamp]:
    """Each discovered article's :class:`Stamp` now, from discovery's size and modification time (a
    file discovery could not stat is stat'ed again; one that cannot be: size -1, read again next time)."""
    from jingtui.clean.overrides import as_overrides

    stamps = {}
    for found in files:
        size, mtime = found.size, found.mtime_ns
        if not mtime:
            try:
                st = os.stat(found.path)
                size, mtime = st.st_size, st.st_mtime_ns
            except OSError:
                size, mtime = -1, -1
        given = overrides.get(found.rel)
        fingerprint = as_overrides(given).fingerprint() if given else ""
        stamps[found.rel] = Stamp(size, mtime, fingerprint)
    return stamps


class CorpusSearch:
    """The search index of one workspace, kept in memory between searches."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.index: TextIndex | None = None
        self._cleaning: Callable[[int, int], None] | None = None

    def refresh(self, store: Store | None, *, progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None, clean_ahead: bool = True,
                cleaning: Callable[[int, int], None] | None = None) -> TextIndex:
        """The index brought up to date with the folder and the store's cleaning overrides (see
        :func:`jingtui.search.text_index.refresh`); kept as :attr:`index`. ``progress(done, total)``
        while the new and changed articles are read; ``cleaning(done, total)`` while many of them are
        first cleaned on every core."""
        self._cleaning = cleaning
        from jingtui.corpus.discover import discover
        from jingtui.workspace import check_corpus, readable

        ws = self.workspace
        files = [c for c in discover(check_corpus(ws.root)) if c.skip_reason is None]
        paths = [c.rel for c in files]
        overrides = cleaning_overrides(store)
        stamps = stamps_of(files, overrides)

        def source(rel: str) -> Entry | None:
            article = ws.read(rel)
            if not readable(article) or not article.original.strip():
                return None
            meta = article.meta
            text = ws.clean(article, overrides.get(rel)).text
            return Entry(text, meta.title or "", meta.source or "", meta.date or "")

        self.index = refresh(index_path(ws.root), index_version(), paths, stamps, source, previous=self.index,
                             progress=progress, cancelled=cancelled,
                             prepare=self._clean_ahead if clean_ahead else None)
        return self.index

    def _clean_ahead(self, stale: list[str]) -> None:
        """Many articles to read (a corpus indexed for the first time, or after the cleaning rules
        changed): each is read and cleaned into the caches by one process per core first (those the
        caches hold already cost a look-up there), so this thread then only reads the caches."""
        from jingtui.workspace.parallel_clean import clean_in_parallel

        if len(stale) >= CLEAN_AHEAD_FROM and self.workspace.cleaner.writable():
            clean_in_parallel(self.workspace.root, stale, progress=self._cleaning)

    def search(self, query: Query, store: Store | None = None) -> HitTable:
        """The hits of ``query`` in the index (refreshed first if there is none yet), in the query's order.
        :class:`~jingtui.search.kwic.BadQuery` for a query that cannot be searched for."""
        pattern = compile_query(query)
        index = self.index if self.index is not None else self.refresh(store)
        keep, inside = filters(index, query, store)
        table = scan(index, pattern, query, keep=keep, inside=inside)
        return table if query.sort == "article" else table.sorted_by(query.sort)


def filters(index: TextIndex, query: Query, store: Store | None) -> tuple[ArticleFilter | None, HitFilter | None]:
    """The article and hit filters of ``query`` over ``index`` (outlet, dates, done; code, reviewer)."""
    done = set(store.done_articles()) if store is not None and query.done is not None else set()
    by_article = query.outlet is not None or query.date_from or query.date_to or query.done is not None
    keep: ArticleFilter | None = None
    if by_article:
        # the outlet once per outlet (comparing in Simplified costs a conversion), the rest per article
        wanted = query.outlet
        outlets = {o: outlet_matches(wanted, o) for o in {a.outlet for a in index.articles}} if wanted else {}
        rest = replace(query, outlet=None)
        kept = [(not wanted or outlets[a.outlet]) and keeps_article(rest, ArticleFacts(a.title, a.outlet, a.date,
                                                                                       a.path in done))
                for a in index.articles]
        keep = kept.__getitem__
    if query.code is None and query.reviewer is None:
        return keep, None
    spans: dict[int, list[Span]] = {}
    if store is not None:
        rank = {a.path: r for r, a in enumerate(index.articles)}
        for claim in store.claims(reviewer=query.reviewer, status="active"):
            r = rank.get(claim.article)
            if r is not None and (query.code is None or claim.label == query.code):
                spans.setdefault(r, []).append(Span(claim.start, claim.end, claim.label, claim.reviewer))

    def keep_claimed(r: int) -> bool:
        return r in spans and (keep is None or keep(r))

    def inside(r: int, start: int, end: int) -> bool:
        return any(c.start <= start and end <= c.end for c in spans[r])

    return keep_claimed, inside


def matching_claims(store: Store, query: Query) -> list[Claim]:
    """The active claims (of the query's code and reviewer, when given) whose quote the query matches:
    search by code. :class:`~jingtui.search.kwic.BadQuery` for a query that cannot be searched for."""
    pattern = compile_query(query)
    found = []
    for claim in store.claims(reviewer=query.reviewer, status="active"):
        if (query.code is None or claim.label == query.code) and pattern.search(claim.quote):
            found.append(claim)
    return found


def search_corpus(workspace: Workspace, query: Query) -> SearchResult:
    """The hits of ``query`` in ``workspace``'s articles, as :func:`jingtui.search.kwic.find_hits` gives
    them (the index refreshed first). :class:`~jingtui.search.kwic.BadQuery` before any article is read
    when the query cannot be used."""
    compile_query(query)
    searcher = CorpusSearch(workspace)
    if workspace.has_store():
        with workspace.open_store(read_only=True) as store:
            searcher.refresh(store)
            table = searcher.search(query, store)
    else:
        searcher.refresh(None)
        table = searcher.search(query, None)
    return SearchResult(query, list(table))
