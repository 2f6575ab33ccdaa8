"""Cleaning many articles into a corpus's cache with several processes.

Reading and cleaning is pure Python and holds the interpreter lock, so threads do not share it out;
processes do. A command that needs the cleaned text of hundreds of articles nobody has opened on this
machine yet (``jingtui import`` of another reviewer's export, ``export --include-text``) first has
them cleaned by one process per core into ``<corpus>/.jingtui/cache``, then reads them from there.

Worth it only for many articles: a worker costs ~20 ms to fork, ~0.25 s to spawn where forking is
unsafe (other threads running) or unavailable. Nothing here is needed for correctness: a worker that
fails, or a cache that cannot be written, only means the caller cleans those articles itself.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from jingtui.workspace.workspace import Workspace

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

MIN_ARTICLES = 100  # fewer missing articles than this are cleaned in the calling process
MAX_WORKERS = 8
CHUNK = 25  # articles per task: progress after each, and long and short files spread over the workers


def _clean_chunk(root: str, rels: list[str]) -> int:
    """In a worker: read and clean ``rels`` through the corpus's caches; how many were cleaned."""
    workspace = Workspace(Path(root))
    done = 0
    for rel in rels:
        try:
            article = workspace.read(rel)
            if article.original:
                workspace.clean(article)
                done += 1
        except Exception:  # noqa: BLE001 - a worker's edge: one bad article must not lose the chunk's others;
            continue  # the caller cleans it again and meets the problem in its own process
    return done


def _context() -> BaseContext:
    """Fork when it is safe (only this thread running, as in a CLI command), else spawn."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def worker_count(articles: int, workers: int | None = None) -> int:
    """How many processes to use for ``articles`` articles (1: do it in the calling process)."""
    if workers is None:
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if articles < MIN_ARTICLES:
        return 1
    return max(1, min(workers, articles // (MIN_ARTICLES // 2)))


def clean_in_parallel(root: Path, rels: list[str], *, workers: int | None = None,
                      progress: Callable[[int, int], None] | None = None) -> int:
    """Clean ``rels`` (paths relative to ``root``) into the corpus's cache with ``workers`` processes.

    Returns how many articles the workers cleaned (0 when one process would do, or when the pool could
    not be used). ``progress(done, total)`` after each small batch. Never raises for a worker's failure.
    """
    count = worker_count(len(rels), workers)
    if count <= 1:
        return 0
    size = max(1, min(CHUNK, len(rels) // count))
    chunks = [rels[i:i + size] for i in range(0, len(rels), size)]
    done = cleaned = 0
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=_context()) as pool:
            for chunk, n in zip(chunks, pool.map(_clean_chunk, [str(root)] * len(chunks), chunks), strict=True):
                cleaned += n
                done += len(chunk)
                if progress is not None:
                    progress(done, len(rels))
    except (OSError, RuntimeError, ImportError):  # a pool that cannot start or broke (no /dev/shm, no sem_open,
        return 0  # a sandbox, a worker killed: BrokenProcessPool is a RuntimeError): the caller cleans them itself
    return cleaned


def clean_into_cache(root: str, rels: list[str], *, progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> int:
    """Read and clean the articles ``rels`` of ``root`` that the caches do not have, into the caches.

    What the app runs in a child process when it opens a folder with many articles never opened here
    (see :func:`jingtui.workspace.child_process.run_in_child`): the app then reads each from the caches instead
    of cleaning it in a thread that shares the screen's interpreter lock. Returns how many were
    cleaned; nothing is done when the cache cannot be written.
    """
    workspace = Workspace(Path(root))
    if not workspace.cleaner.writable():
        return 0
    missing = workspace.uncleaned(rels, cancelled=cancelled)
    if cancelled is not None and cancelled():
        return 0
    if worker_count(len(missing)) > 1:
        return clean_in_parallel(Path(root), missing, progress=progress)
    for done, rel in enumerate(missing, 1):
        if cancelled is not None and cancelled():
            return done - 1
        workspace.clean(workspace.read(rel))
        if progress is not None:
            progress(done, len(missing))
    return len(missing)


def clean_ahead(workspace: Workspace, rels: list[str], *, workers: int | None = None) -> int:
    """Have ``workspace``'s cleaning cache hold the articles ``rels`` before they are asked for.

    Those missing are cleaned by several processes when there are many of them; otherwise nothing is
    done here and each is cleaned when asked. Returns how many were missing.
    """
    missing = workspace.uncleaned(rels)
    if missing and workspace.cleaner.writable():
        clean_in_parallel(workspace.root, missing, workers=workers)
    return len(missing)
