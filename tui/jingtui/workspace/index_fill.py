"""Keeping a folder's corpus index current: discovery, then the reader's facts, then the cleaned texts'.

:func:`refresh` compares the folder with the index by ``stat()`` alone (no file is read) and applies
the differences. :func:`fill_index` then reads the files whose facts are missing or were made by
another version of the reader (``Stage.READ``) and, when asked, cleans those whose cleaned facts are
missing (``Stage.CLEANED``): one process per core when there are many, writing each batch to the index
as it comes, so a reader of the index (the app's list) sees the rows fill in. Reading and cleaning go
through the folder's caches, so the articles cleaned here open at once later.

:func:`indexed_rows` is what ``jingtui list`` and ``jingtui stats`` read: the rows of a folder with
every file's reader facts present.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from jingtui.index import CleanFacts, CorpusIndex, IndexRow, ReadFacts, Seen, Stage, clean_facts, read_facts
from jingtui.index.diff import Changes
from jingtui.workspace.parallel_clean import MAX_WORKERS, _context
from jingtui.workspace.workspace import Workspace, check_corpus

log = logging.getLogger(__name__)

CHUNK = 40  # articles per task and per write to the index
MIN_PARALLEL = 60  # fewer pending articles than this are done in this process
NICENESS = 10  # the helper process of the app: below the screen's priority

Progress = Callable[[int, int], None]


def seen_files(root: Path, *, ordered: bool = True) -> list[Seen]:
    """Every article file under ``root`` as discovery sees it (no file is read), in natural order unless
    ``ordered`` is false."""
    from jingtui.corpus.discover import discover

    return [Seen(c.rel, c.size, c.mtime_ns, c.skip_reason)
            for c in discover(check_corpus(Path(root)), ordered=ordered)]


def refresh(index: CorpusIndex, root: Path) -> Changes:
    """Apply the folder's files added, changed and removed since the index last looked."""
    return index.apply(seen_files(root, ordered=False))  # the index orders them when files come or go


def reader_version() -> str:
    from jingtui.corpus.version import READER_VERSION

    return READER_VERSION


def cleaner_version() -> str:
    from jingtui.clean.version import PIPELINE_VERSION

    return PIPELINE_VERSION


def _read_chunk(root: str, items: list[tuple[str, int, str | None]]) -> list[tuple[str, ReadFacts]]:
    """In a worker: the reader's facts of ``items`` (path, size, skip reason), through the article cache."""
    from jingtui.corpus.discover import Candidate
    from jingtui.corpus.reader import read_article

    workspace = Workspace(Path(root))
    out = []
    for rel, size, skip in items:
        try:
            article = read_article(workspace.root, Candidate(rel, os.path.join(root, rel), size, skip),
                                   workspace.article_cache)
        except Exception:  # noqa: BLE001 - a worker's edge: the reader never raises for a bad file; a bug in it
            log.exception("reading %s for the index failed", rel)  # must not lose the chunk's other articles
            continue
        out.append((rel, read_facts(article)))
    return out


def _clean_chunk(root: str, paths: list[str]) -> list[tuple[str, CleanFacts]]:
    """In a worker: the cleaned facts of ``paths``, through the folder's caches (which keep the texts)."""
    from jingtui.clean.titles import article_title

    workspace = Workspace(Path(root))
    out = []
    for rel in paths:
        try:
            article = workspace.read(rel)
            if not article.original:
                continue
            clean = workspace.clean(article)
        except Exception:  # noqa: BLE001 - a worker's edge: one article the cleaner fails on must not lose the
            log.exception("cleaning %s for the index failed", rel)  # chunk; the app says so when it is opened
            continue
        out.append((rel, clean_facts(article_title(article, clean) or "", clean)))
    return out


def _run(chunks: list[list[Any]], work: Callable[[str, Any], list[Any]], root: str,
         record: Callable[[list[Any]], None], *, workers: int,
         progress: Progress | None, cancelled: Callable[[], bool] | None) -> int:
    """``work(root, chunk)`` for every chunk, in a pool of ``workers`` processes when it is worth it; each
    answer recorded as it comes. How many items were done."""
    total, done, next_chunk = sum(len(c) for c in chunks), 0, 0

    def finished(chunk: list[Any], answer: list[Any]) -> bool:
        nonlocal done, next_chunk
        record(answer)
        done, next_chunk = done + len(chunk), next_chunk + 1
        if progress is not None:
            progress(done, total)
        return cancelled is not None and cancelled()

    if workers > 1 and total >= MIN_PARALLEL:
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
                for chunk, answer in zip(chunks, pool.map(work, [root] * len(chunks), chunks), strict=True):
                    if finished(chunk, answer):
                        pool.shutdown(wait=False, cancel_futures=True)
                        return done
            return done
        except (OSError, RuntimeError, ImportError) as exc:  # no pool here (a sandbox, no /dev/shm, a worker
            log.info("no worker processes (%s): the index is filled in this process", exc)  # killed)
    for chunk in chunks[next_chunk:]:
        if finished(chunk, work(root, chunk)):
            break
    return done


def _chunks(items: Sequence[Any], size: int = CHUNK) -> list[list[Any]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def fill_index(root: str, clean: bool = True, *, progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None, workers: int | None = None) -> int:
    """Bring the index of ``root`` up to date: discovery, the reader's facts of every file, and (``clean``)
    the cleaned facts of every file with text, into the caches and the index. What the app runs in a
    child process; ``progress(done, total)`` per batch (the reading, then the cleaning). Returns how many
    articles were read or cleaned."""
    with CorpusIndex.open(Path(root)) as index:
        return fill(index, Path(root), clean, progress=progress, cancelled=cancelled, workers=workers)


def fill_index_in_helper(root: str, *, progress: Progress | None = None,
                         cancelled: Callable[[], bool] | None = None) -> int:
    """:func:`fill_index` in the app's helper process, which first lowers its own priority (and so that
    of the workers it starts): the screen it works for gets a core first."""
    with contextlib.suppress(OSError, AttributeError):  # no nice() here: same priority, still correct
        os.nice(NICENESS)
    return fill_index(root, progress=progress, cancelled=cancelled)


def fill(index: CorpusIndex, root: Path, clean: bool = True, *, progress: Progress | None = None,
         cancelled: Callable[[], bool] | None = None, workers: int | None = None) -> int:
    """:func:`fill_index` on an open index."""
    count = workers if workers is not None else min(os.cpu_count() or 1, MAX_WORKERS)
    refresh(index, root)
    version = reader_version()
    pending = index.pending_reads(version)
    done = _run(_chunks(pending), _read_chunk, str(root), lambda facts: index.record_read(facts, version),
                workers=count, progress=progress, cancelled=cancelled)
    if not clean or (cancelled is not None and cancelled()):
        return done
    if not Workspace(root).cleaner.writable():
        return done  # the texts could not be kept: cleaning them all now would be lost work
    version = cleaner_version()
    paths = index.pending(Stage.CLEANED, version)
    return done + _run(_chunks(paths), _clean_chunk, str(root), lambda facts: index.record_clean(facts, version),
                       workers=count, progress=progress, cancelled=cancelled)


def indexed_rows(root: Path, *, progress: Progress | None = None) -> list[IndexRow]:
    """Every file of ``root`` with the reader's facts, in natural order, through the folder's index: the
    files added or changed since it was last filled are read now (in parallel when there are many).
    UserError when the folder is missing."""
    root = check_corpus(Path(root))
    with CorpusIndex.open(root) as index:
        fill(index, root, clean=False, progress=progress)
        return index.rows()
