"""Opening a folder of many never-opened articles: a child process cleans them into the caches first."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

from conftest import SEEDS
from jingtui.app.app import JingtuiApp
from jingtui.workspace import child_process, parallel_clean


def _corpus(root: Path, copies: int) -> Path:
    root.mkdir()
    for i in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            (root / f"c{i}_{seed.name}").write_bytes(seed.read_bytes() + f"\n\nNo. {i}\n".encode())
    return root


async def _loaded(app, pilot) -> None:
    for _ in range(2000):
        if all(e.clean is not None or e.error for e in app.reader.entries.values()):
            return
        await pilot.pause(0.01)
    raise AssertionError("the articles were never all cleaned")


async def test_many_new_articles_are_cleaned_by_a_child_process_first(tmp_path, monkeypatch):
    root = _corpus(tmp_path / "corpus", 3)  # 15 articles, over a lowered threshold
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 4)
    calls = []
    real = child_process.run_in_child

    def recording(target, args=(), **kwargs):
        calls.append((target.__name__, len(args[1])))
        return real(target, args, **kwargs)

    monkeypatch.setattr(child_process, "run_in_child", recording)
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        await _loaded(app, pilot)
        assert calls and calls[0][0] == "clean_into_cache" and calls[0][1] >= 14  # all but the one shown first
        cache = root / ".jingtui" / "cache"
        assert len(list(cache.glob("??/*.json"))) == 15  # every cleaned text, from the child or the app
        assert all(e.title for e in app.reader.entries.values())
    assert not multiprocessing.active_children()


async def test_a_few_articles_are_cleaned_in_the_app_alone(tmp_path, monkeypatch):
    root = tmp_path / "corpus"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))

    def refuse(*_args, **_kwargs):
        raise AssertionError("no child process for five articles")

    monkeypatch.setattr(child_process, "run_in_child", refuse)
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        await _loaded(app, pilot)


async def test_a_failing_child_leaves_the_cleaning_to_the_app(tmp_path, monkeypatch):
    root = _corpus(tmp_path / "corpus", 2)
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 4)

    def broken(*_args, **_kwargs):
        raise child_process.ChildUnavailable("No helper process could be started (OSError: sandbox).")

    monkeypatch.setattr(child_process, "run_in_child", broken)
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=(160, 48)) as pilot:
        await _loaded(app, pilot)
        assert not any(e.error for e in app.reader.entries.values())



async def test_reopening_a_folder_whose_articles_are_cached_starts_no_child(tmp_path, monkeypatch):
    root = _corpus(tmp_path / "corpus", 3)
    monkeypatch.setattr(parallel_clean, "MIN_ARTICLES", 4)
    first = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with first.run_test(size=(160, 48)) as pilot:
        await _loaded(first, pilot)

    def refuse(*_args, **_kwargs):
        raise AssertionError("no child process: the caches hold every article")

    monkeypatch.setattr(child_process, "run_in_child", refuse)
    again = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with again.run_test(size=(160, 48)) as pilot:
        await _loaded(again, pilot)
        assert all(e.title for e in again.reader.entries.values())
