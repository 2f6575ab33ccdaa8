"""A corpus folder and what belongs to it: its article files, their cleaned texts, its database.

The one door the app's services, export, import, agreement, ``suggest`` and ``stats`` go through to
reach the corpus reader and its cache of read articles (``<corpus>/.jingtui/cache/articles``), the
cleaning cache (``<corpus>/.jingtui/cache``) and the claim store, so each
of them deals in plain values::

    # db: a path or postgresql:// URL; None: JINGTUI_DB or <root>/.jingtui/annotations.json
    ws = Workspace(check_corpus(root), db)
    for rel in ws.paths():
        clean = ws.clean(ws.read(rel))
    with ws.open_store(read_only=True) as store:
        ...

The module-level functions are the same steps for callers that hold only a folder. Nothing here
imports Textual or the app; the heavy modules are imported when first used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from jingtui.clean.model import CleanText
from jingtui.clean.overrides import Overrides
from jingtui.codebook.model import Codebook
from jingtui.corpus.model import Article
from jingtui.errors import UserError

if TYPE_CHECKING:
    from jingtui.corpus.cache import ArticleCache
    from jingtui.store.location import Location
    from jingtui.store.protocol import Store

# a reviewer's cleaning overrides, as an Overrides or its dict form
OverridesLike: TypeAlias = Overrides | Mapping[str, str] | None
CACHE_FOLDER = (".jingtui", "cache")
ARTICLE_CACHE_FOLDER = CACHE_FOLDER + ("articles",)  # beside the cleaned texts (``ab/…json``)


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


def natural_order(paths: Iterable[str]) -> list[str]:
    """Paths sorted as the article list shows them (``file2`` before ``file10``)."""
    from jingtui.corpus.discover import natural_key

    return sorted(paths, key=natural_key)


def article_cache(root: Path) -> ArticleCache:
    """The corpus's cache of read articles (``<root>/.jingtui/cache/articles``; nothing made until used)."""
    from jingtui.corpus.cache import ArticleCache

    return ArticleCache(Path(root).joinpath(*ARTICLE_CACHE_FOLDER))


def read_article(root: Path, rel: str) -> Article:
    """The article at ``rel`` under ``root`` as the corpus reader gives it, through the corpus's cache of
    read articles (never raises for a bad file)."""
    from jingtui.corpus import read_article as corpus_read_article

    return corpus_read_article(Path(root), rel, article_cache(root))


def readable(article: Article) -> bool:
    """Whether the reader found text in the article (a missing or unreadable file has none)."""
    return bool(article.original)


def default_db(root: Path) -> Path:
    """The corpus's own database: ``<root>/.jingtui/annotations.json``."""
    from jingtui.store.paths import default_db_path

    return default_db_path(Path(root))


def open_store(db: Location | str, *, read_only: bool = False, create: bool = True, reviewer: str | None = None,
               local_dir: Path | None = None) -> Store:
    """The claim store at ``db`` (a path or a ``postgresql://`` URL; use it in a ``with`` block to close it).

    Read-only (export, agreement: no lock, the reader may be running) a missing database file is one
    sentence; otherwise the store's own StoreError says what is wrong with a database we must not use.
    """
    from jingtui.store.factory import missing_database, store_exists
    from jingtui.store.factory import open_store as open_any_store

    if read_only and not store_exists(db):
        raise missing_database(db)
    return open_any_store(db, create=create, read_only=read_only, reviewer=reviewer, local_dir=local_dir)


class Cleaner:
    """CleanText of articles through the corpus's on-disk cache (``<corpus>/.jingtui/cache``).

    Cleaning never fails for want of a cache: an entry that cannot be read or written is cleaned in
    memory instead. Holds no mutable state of its own, so worker threads may share one.
    """

    def __init__(self, root: Path) -> None:
        from jingtui.clean.cache import CleanCache

        self._cache = CleanCache(Path(root).joinpath(*CACHE_FOLDER))

    def cached(self, article: Article, overrides: OverridesLike = None) -> CleanText | None:
        """The CleanText if the cache has it (cheap), else None; never cleans."""
        from jingtui.clean.overrides import as_overrides

        return self._cache.load(article, as_overrides(overrides))

    def has(self, article: Article) -> bool:
        """Whether the cache has an entry for ``article`` (a file test; the entry is not read)."""
        try:
            return self._cache.path_for(article).is_file()
        except OSError:
            return False

    def writable(self) -> bool:
        """Whether entries can be stored (the cache folder exists or can be made, and is writable)."""
        import os

        try:
            self._cache.directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(self._cache.directory, os.W_OK)

    def clean(self, article: Article, overrides: OverridesLike = None) -> CleanText:
        """The CleanText of ``article`` with the reviewer's cleaning ``overrides`` (see
        ``clean/overrides.py``): from the cache, or cleaned now (and stored when possible)."""
        try:
            return self._cache.get(article, overrides)
        except OSError:
            from jingtui.clean.pipeline import clean_article

            return clean_article(article, overrides)


class Workspace:
    """A corpus folder (``root``) with its database (``db_path``, default ``<root>/.jingtui/annotations.json``).

    Construction touches nothing on disk; :meth:`check` refuses a missing folder with one sentence.
    """

    def __init__(self, root: Path, db: Path | str | None = None, codebook_file: Path | str | None = None) -> None:
        from jingtui.store.location import resolve_location

        self.root = Path(root)
        self.db = resolve_location(db, self.root)  # a Path (TinyDB file) or a postgresql:// URL
        self.codebook_file = Path(codebook_file) if codebook_file else None  # --codebook FILE
        self._cleaner: Cleaner | None = None
        self._article_cache: ArticleCache | None = None
        self._codebook: Codebook | None = None

    def __repr__(self) -> str:
        from jingtui.store.location import redact

        return f"Workspace({str(self.root)!r}, db={redact(self.db)!r})"

    @property
    def db_path(self) -> Path:
        """The database file; for a team database, the corpus's own file name (never opened for it)."""
        return self.db if isinstance(self.db, Path) else default_db(self.root)

    @property
    def local_dir(self) -> Path:
        """Where the corpus keeps its local files (``<root>/.jingtui``): the team store's kept changes."""
        from jingtui.store.paths import DB_FOLDER

        return self.root / DB_FOLDER

    def has_store(self) -> bool:
        """Whether there is a database to read (a team database is taken to exist)."""
        from jingtui.store.factory import store_exists

        return store_exists(self.db)

    def check(self) -> Workspace:
        """This workspace if its folder exists, else a UserError sentence."""
        check_corpus(self.root)
        return self

    def paths(self) -> list[str]:
        """The readable article files, relative to the root, in natural order (UserError for no folder)."""
        return corpus_paths(self.root)

    def articles(self) -> list[Article]:
        """Every article of the folder in natural order, problem files included (UserError for no folder)."""
        from jingtui.corpus import read_corpus

        return read_corpus(check_corpus(self.root), self.article_cache)

    def read(self, rel: str) -> Article:
        """The article at ``rel``, through the cache of read articles (never raises for a bad or missing
        file: see :func:`readable`)."""
        from jingtui.corpus import read_article as corpus_read_article

        return corpus_read_article(self.root, rel, self.article_cache)

    @property
    def article_cache(self) -> ArticleCache:
        """The cache of read articles of this folder (made on first use)."""
        if self._article_cache is None:
            self._article_cache = article_cache(self.root)
        return self._article_cache

    @property
    def cleaner(self) -> Cleaner:
        """The cleaning cache of this folder (made on first use)."""
        if self._cleaner is None:
            self._cleaner = Cleaner(self.root)
        return self._cleaner

    def clean(self, article: Article, overrides: OverridesLike = None) -> CleanText:
        """The CleanText of ``article`` with the reviewer's cleaning ``overrides``, through the folder's cache."""
        return self.cleaner.clean(article, overrides)

    def cached(self, article: Article, overrides: OverridesLike = None) -> CleanText | None:
        """The CleanText of ``article`` if the cache already has it, else None."""
        return self.cleaner.cached(article, overrides)

    def cached_file(self, rel: str, overrides: OverridesLike = None) -> CleanText | None:
        """The CleanText of the file ``rel`` as its bytes are now, if the cache holds it: only the bytes
        are read and hashed (no decoding, no parsing, nothing cleaned). Coding a thousand search hits in
        a thousand articles needs the cleaned texts, not the articles."""
        import hashlib
        import os

        from jingtui.corpus.reader import format_of

        try:
            data = (self.root / rel).read_bytes()
        except OSError:
            return None
        digest = hashlib.sha256(data).hexdigest()
        probe = Article(path=rel, format=format_of(rel), size=len(data), content_sha256=digest)
        clean = self.cleaner.cached(probe, overrides)
        if clean is None:  # the reader may have read it as another kind (front matter in a .txt)
            kind = self.article_cache.kind(digest, os.path.splitext(rel)[1])
            if kind is not None and kind != probe.format:
                probe.format = kind
                clean = self.cleaner.cached(probe, overrides)
        return clean

    def uncleaned(self, rels: Iterable[str], *, cancelled: Callable[[], bool] | None = None) -> list[str]:
        """Those of ``rels`` with text whose cleaned text the cache does not hold (each article is read,
        through the cache of read articles); ``cancelled()`` true stops early with what was found."""
        missing = []
        for rel in rels:
            if cancelled is not None and cancelled():
                break
            article = self.read(rel)
            if readable(article) and not self.cleaner.has(article):
                missing.append(rel)
        return missing

    @property
    def codebook(self) -> Codebook:
        """The corpus's codebook (``--codebook FILE``, ``DIR/codebook.toml`` or the default), read once;
        :class:`~jingtui.codebook.CodebookError` (one sentence with file and line) when it is bad."""
        if self._codebook is None:
            from jingtui.codebook import load_codebook

            self._codebook = load_codebook(self.root, self.codebook_file)
        return self._codebook

    def codebook_source(self) -> Path | None:
        """The codebook file this corpus uses, or None when it has none (the default codebook)."""
        from jingtui.codebook import codebook_path

        return codebook_path(self.root, self.codebook_file)

    def open_store(self, *, read_only: bool = False, create: bool = True, reviewer: str | None = None) -> Store:
        """The claim store at :attr:`db` (see :func:`open_store`)."""
        return open_store(self.db, read_only=read_only, create=create, reviewer=reviewer, local_dir=self.local_dir)
