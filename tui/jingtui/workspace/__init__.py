"""The corpus folder as one object, and the processes that clean it ahead of time.

``workspace.py`` is the folder (articles, caches, database); ``parallel_clean.py`` cleans many articles
into its caches with one process per core; ``child_process.py`` runs such work in a child process the
app can cancel. Nothing here imports Textual or the app.
"""

from jingtui.workspace.workspace import (
    ARTICLE_CACHE_FOLDER,
    CACHE_FOLDER,
    Cleaner,
    Workspace,
    article_cache,
    check_corpus,
    corpus_paths,
    default_db,
    natural_order,
    open_store,
    read_article,
    readable,
)

__all__ = [
    "ARTICLE_CACHE_FOLDER",
    "CACHE_FOLDER",
    "Cleaner",
    "Workspace",
    "article_cache",
    "check_corpus",
    "corpus_paths",
    "default_db",
    "natural_order",
    "open_store",
    "read_article",
    "readable",
]
