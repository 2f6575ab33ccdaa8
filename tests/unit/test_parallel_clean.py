"""Cleaning ahead with several processes: the cache ends up as one process would have filled it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from jingtui.clean.pipeline import clean_article
from jingtui.corpus.reader import read_article
from jingtui.workspace import Workspace, parallel_clean
from jingtui.workspace.parallel_clean import clean_ahead, clean_in_parallel, worker_count


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ten articles (the seeds twice, the second time in a sub-folder) and a low threshold."""
    root = tmp_path / "corpus"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    shutil.copytree(SEEDS, root / "again", ignore=shutil.ignore_patterns(".jingtui"))
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 4)
    return root


def test_worker_count_keeps_small_jobs_in_one_process() -> None:
    assert worker_count(10, 8) == 1  # under MIN_ARTICLES
    assert worker_count(100, 8) == 2
    assert worker_count(1000, 2) == 2
    assert worker_count(1000, 1) == 1


def test_workers_fill_the_cache_with_what_one_process_would_make(corpus: Path) -> None:
    ws = Workspace(corpus)
    rels = ws.paths()
    assert len(rels) == 10
    assert clean_in_parallel(corpus, rels, workers=2) == 10
    fresh = Workspace(corpus)  # nothing in memory: only what the workers left on disk
    for rel in rels:
        article = read_article(corpus, rel)
        cached = fresh.cached(article)
        assert cached is not None, rel
        expected = clean_article(article)
        assert (cached.text, cached.script, cached.sha256) == (expected.text, expected.script, expected.sha256)
        assert list(cached.paragraphs) == list(expected.paragraphs)
    assert not list(corpus.rglob("*.tmp"))


def test_clean_ahead_cleans_only_what_is_missing(corpus: Path) -> None:
    ws = Workspace(corpus)
    rels = ws.paths()
    ws.clean(ws.read(rels[0]))  # and so its copy in again/: the cache is keyed by content
    assert clean_ahead(ws, rels, workers=2) == 8
    assert all(ws.cached(ws.read(rel)) is not None for rel in rels)
    assert clean_ahead(ws, rels, workers=2) == 0


def test_clean_ahead_without_a_writable_cache_leaves_the_work_to_the_caller(corpus: Path, monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("no pool should start when nothing can be stored")

    monkeypatch.setattr(parallel_clean, "ProcessPoolExecutor", refuse)
    (corpus / ".jingtui").mkdir()
    (corpus / ".jingtui" / "cache").write_text("a file where the cache folder should be", encoding="utf-8")
    ws = Workspace(corpus)
    assert clean_ahead(ws, ws.paths(), workers=2) == 10
    assert ws.clean(ws.read(ws.paths()[0])).text  # still cleaned, in memory


def test_a_pool_that_cannot_start_is_no_error(corpus: Path, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise OSError("no semaphores here")

    monkeypatch.setattr(parallel_clean, "ProcessPoolExecutor", broken)
    assert clean_in_parallel(corpus, Workspace(corpus).paths(), workers=2) == 0


def test_clean_into_cache_reports_progress_and_stops_when_cancelled(corpus: Path, monkeypatch) -> None:
    from jingtui.workspace.parallel_clean import clean_into_cache

    rels = Workspace(corpus).paths()
    assert clean_into_cache(str(corpus), rels[:3], cancelled=lambda: True) == 0
    reports = []
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 1000)  # one process: progress after every article
    assert clean_into_cache(str(corpus), rels, progress=lambda d, t: reports.append((d, t))) == 10
    assert reports == [(n, 10) for n in range(1, 11)]
    assert clean_into_cache(str(corpus), rels) == 0  # all there now
