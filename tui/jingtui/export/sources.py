"""Where export, import and agreement get articles, cleaned texts and the database (the I/O edge).

Small adapters over the corpus reader, the cleaning cache and the claim store, so the rest of the
package deals in plain values.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from jingtui.clean.model import CleanText
from jingtui.corpus.model import Article
from jingtui.errors import UserError

CACHE_FOLDER = (".jingtui", "cache")


def check_corpus(root: Path) -> Path:
    """``root`` if it is an existing folder, else a UserError sentence."""
    root = Path(root)
    if not root.exists():
        raise UserError(f"The folder {root} does not exist.")
    if not root.is_dir():
        raise UserError(f"{root} is not a folder; give the folder that holds the articles.")
    return root


def corpus_paths(root: Path) -> list[str]:
    """Relative paths (``/`` separators) of the readable article files of the corpus, in natural order."""
    from jingtui.corpus.discover import discover

    return [c.rel for c in discover(check_corpus(root)) if c.skip_reason is None]


def natural_order(paths) -> list[str]:
    """Paths sorted as the article list shows them (``file2`` before ``file10``)."""
    from jingtui.corpus.discover import natural_key

    return sorted(paths, key=natural_key)


def read_article(root: Path, rel: str) -> Article:
    """The article at ``rel`` under ``root`` as the corpus reader gives it (never raises for a bad file)."""
    from jingtui.corpus import read_article as corpus_read_article

    return corpus_read_article(Path(root), rel)


def readable(article: Article) -> bool:
    """Whether the reader found text in the article (a missing or unreadable file has none)."""
    return bool(article.original)


class Cleaner:
    """CleanText of articles, through the corpus's on-disk cache (``<corpus>/.jingtui/cache``)."""

    def __init__(self, root: Path) -> None:
        from jingtui.clean.cache import CleanCache

        self._cache = CleanCache(Path(root).joinpath(*CACHE_FOLDER))

    def cached(self, article: Article) -> CleanText | None:
        """The CleanText if the cache has it (cheap), else None; never cleans."""
        return self._cache.load(article)

    def clean(self, article: Article) -> CleanText:
        try:
            return self._cache.get(article)
        except OSError:
            from jingtui.clean.pipeline import clean_article

            return clean_article(article)


def default_db(root: Path) -> Path:
    from jingtui.store.paths import default_db_path

    return default_db_path(Path(root))


@contextlib.contextmanager
def open_store(db_path: Path, *, read_only: bool, create: bool = False) -> Iterator:
    """The claim store at ``db_path`` (closed at the end of the block).

    Export and agreement open it read-only (no lock: the reader may be running); a missing database
    there is one sentence. Import opens it for writing, creating it when needed.
    """
    from jingtui.store.claims import ClaimStore

    db_path = Path(db_path)
    if read_only and not db_path.exists():
        raise UserError(f"There is no annotation database at {db_path}; open the folder with jingtui first or give --db.")
    store = ClaimStore.open(db_path, create=create, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


def claim_docs(store, *, article: str | None = None, reviewer: str | None = None) -> dict[str, list[dict]]:
    """The stored claims as plain dicts grouped by article, each group sorted by start, end, creation.

    The dicts are the store's own documents (``ClaimStore.claim_documents``): read them, never modify
    them. ``ClaimStore.claims()`` builds a fresh :class:`Claim` with deep-copied fields for each claim
    (~1 s for 100,000); an export only reads them.
    """
    grouped: dict[str, list[dict]] = {}
    for doc in store.claim_documents(article, reviewer=reviewer):
        group = grouped.get(doc["article"])
        if group is None:
            group = grouped[doc["article"]] = []
        group.append(doc)
    for group in grouped.values():
        group.sort(key=_claim_order)
    return grouped


def _claim_order(doc: dict) -> tuple:
    return doc["start"], doc["end"], doc.get("created_at", ""), doc.get("id", "")
