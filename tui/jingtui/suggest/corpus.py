"""Suggestions for a whole corpus, and which suggestions the reviewer has already dealt with.

``corpus_suggestions(workspace_or_root)`` cleans every article through the corpus's cleaning cache,
runs :func:`~jingtui.suggest.core.suggest_claims` with the corpus's lexicon and leaves out what the
reviewer has settled (:func:`unreviewed`): the reader, ``jingtui suggest``, ``jingtui stats
--suggestions`` and the app's corpus view share it. It reports progress and can be stopped between two
articles, so the app can run it in a worker thread over a thousand articles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jingtui.suggest.model import Suggestion

if TYPE_CHECKING:
    from jingtui.store.model import Claim
    from jingtui.store.protocol import Store
    from jingtui.suggest.lexicon import SloganLexicon
    from jingtui.workspace.workspace import Workspace

ALL_LABELS = ("metric", "slogan", "anecdote")


def unreviewed(found: Iterable[Suggestion], claims: Iterable[Claim],
               rejections: Iterable[Mapping[str, Any]]) -> list[Suggestion]:
    """The suggestions of ``found`` the reviewer has not settled yet, in their order.

    Left out: a suggestion whose span an active claim of the article already covers exactly (whatever
    its label: the reviewer tagged it); one whose quote was rejected anywhere in the article, or whose
    span and quote were rejected. ``claims`` are the article's claims (objects with ``start``, ``end``
    and ``status``), ``rejections`` its rejection records (``start``, ``end``, ``quote``), as the store
    gives them.
    """
    rejected = {(r.get("start"), r.get("end"), r.get("quote")) for r in rejections}
    rejected_quotes = {quote for _, _, quote in rejected if quote}
    claimed = {(c.start, c.end) for c in claims if c.status == "active"}
    return [
        s for s in found
        if (s.start, s.end) not in claimed and s.quote not in rejected_quotes
        and (s.start, s.end, s.quote) not in rejected
    ]


def repeated_quoted_words(texts: Iterable[str], articles: int = 2) -> frozenset[str]:
    """The single words quoted (“…”) in at least ``articles`` of ``texts``: set phrases of this corpus."""
    from collections import Counter

    from jingtui.suggest.slogan import quoted_words

    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(quoted_words(text))
    return frozenset(word for word, n in counts.items() if n >= articles)


def corpus_suggestions(
    workspace_or_root: Workspace | Path | str,
    *,
    labels: Iterable[str] | None = None,
    min_score: float = 0.0,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    store: Store | None = None,
    reviewed: bool = True,
    paths: Iterable[str] | None = None,
    lexicon: SloganLexicon | None = None,
    as_codes: bool = True,
) -> dict[str, tuple[str, list[Suggestion]]]:
    """``{path: (cleaned text, [Suggestion])}`` for every article with text, in corpus order.

    ``workspace_or_root``: a :class:`~jingtui.workspace.Workspace` or a corpus folder (UserError for a
    missing one). Articles are cleaned through the corpus's cleaning cache and read through its cache
    of read articles. ``labels``: the labels to suggest (default all); ``min_score``: suggestions
    scored lower are left out. ``lexicon`` defaults to the shipped lexicon merged with the corpus's
    ``.jingtui/slogans.txt``. ``labels`` may name detectors or codes; with ``as_codes`` (the default) each
    suggestion's label is the code its detector suggests in the workspace's codebook (see
    :mod:`jingtui.suggest.codes`), otherwise the detector's name (for measuring the rules).

    ``reviewed=True`` (the default) leaves out what the reviewer settled (:func:`unreviewed`), read
    from ``store`` (an open ClaimStore) or, without one, from the workspace's database opened
    read-only when it exists (no lock: the reader may be running). ``reviewed=False`` keeps every
    suggestion of the rules (for measuring them).

    ``progress(done, total)`` is called once before the first article (``done`` 0) and after each;
    when ``cancelled()`` turns true the work stops before the next article and the articles finished
    so far are returned. ``paths`` restricts the work to those articles (default: all of them).
    """
    from jingtui.suggest.codes import as_codes as to_codes
    from jingtui.suggest.codes import detectors_for
    from jingtui.suggest.core import suggest_claims
    from jingtui.suggest.lexicon import load_lexicon
    from jingtui.workspace import Workspace, check_corpus, readable

    if isinstance(workspace_or_root, Workspace):
        workspace = workspace_or_root.check()
    else:
        workspace = Workspace(check_corpus(Path(workspace_or_root)))
    book = workspace.codebook if as_codes else None
    if book is not None:
        wanted = detectors_for(book, labels)
    else:
        wanted = tuple(dict.fromkeys(labels)) if labels else ALL_LABELS
    rels = list(paths) if paths is not None else workspace.paths()
    total = len(rels)
    if progress is not None:
        progress(0, total)
    if cancelled is not None and cancelled():
        return {}
    if lexicon is None:
        lexicon = load_lexicon(workspace.root)
    opened = None
    if reviewed and store is None and workspace.has_store():
        store = opened = workspace.open_store(read_only=True)
    result: dict[str, tuple[str, list[Suggestion]]] = {}
    texts: dict[str, str] = {}
    try:
        for rel in rels:  # every text first: a single quoted word counts when other articles quote it too
            if cancelled is not None and cancelled():
                return {}
            article = workspace.read(rel)
            if readable(article) and article.original.strip():
                texts[rel] = workspace.clean(article).text
        repeated = repeated_quoted_words(texts.values())
        for done, rel in enumerate(rels, 1):
            if cancelled is not None and cancelled():
                break
            if rel in texts:
                text = texts[rel]
                found = [s for s in suggest_claims(text, lexicon=lexicon, labels=wanted, repeated=repeated)
                         if s.score >= min_score]
                if book is not None:
                    found = to_codes(found, book)
                if reviewed and store is not None and found:
                    found = unreviewed(found, store.claims(rel, status="active"), store.rejections(rel))
                result[rel] = (text, found)
            if progress is not None:
                progress(done, total)
    finally:
        if opened is not None:
            opened.close()
    return result
