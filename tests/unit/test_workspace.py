"""The corpus folder as one object (jingtui.workspace): paths, articles, cached cleaning, the database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from jingtui.clean.pipeline import clean_article
from jingtui.errors import UserError
from jingtui.store import make_claim
from jingtui.workspace import (
    Cleaner,
    Workspace,
    check_corpus,
    corpus_paths,
    default_db,
    natural_order,
    open_store,
    read_article,
    readable,
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    return root


def test_check_corpus_refuses_a_missing_folder_and_a_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        check_corpus(tmp_path / "nope")
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="is not a folder"):
        check_corpus(tmp_path / "f.txt")
    assert check_corpus(str(tmp_path)) == tmp_path


def test_paths_are_the_readable_articles_in_natural_order(tmp_path: Path) -> None:
    for name in ("b10.txt", "b2.txt", "a.txt"):
        (tmp_path / name).write_text("标题\n\n正文。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    ws = Workspace(tmp_path)
    assert ws.paths() == corpus_paths(tmp_path)
    assert [p for p in ws.paths() if p != "empty.txt"] == ["a.txt", "b2.txt", "b10.txt"]
    assert "notes.bin" not in ws.paths()
    assert natural_order(["x10.txt", "x9.txt", "x1.txt"]) == ["x1.txt", "x9.txt", "x10.txt"]


def test_a_missing_folder_is_one_sentence_when_listed(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "gone")  # construction touches nothing
    with pytest.raises(UserError, match="does not exist"):
        ws.paths()
    with pytest.raises(UserError, match="does not exist"):
        ws.articles()
    with pytest.raises(UserError):
        ws.check()


def test_default_database_and_an_explicit_one(tmp_path: Path) -> None:
    assert Workspace(tmp_path).db_path == tmp_path / ".jingtui" / "annotations.json" == default_db(tmp_path)
    assert Workspace(tmp_path, tmp_path / "x.json").db_path == tmp_path / "x.json"
    assert Workspace(tmp_path, None).db_path == default_db(tmp_path)


def test_read_and_articles_agree_with_the_corpus_reader(corpus: Path) -> None:
    ws = Workspace(corpus)
    articles = ws.articles()
    assert [a.path for a in articles] == ws.paths()
    first = ws.read(articles[0].path)
    assert first.original == articles[0].original == read_article(corpus, articles[0].path).original
    assert readable(first)
    assert not readable(ws.read("no-such-file.txt"))


def test_clean_goes_through_the_folder_cache_and_matches_the_pipeline(corpus: Path) -> None:
    ws = Workspace(corpus)
    article = ws.read(ws.paths()[0])
    assert ws.cached(article) is None
    assert not list((corpus / ".jingtui" / "cache").glob("??/*.json"))  # only the read article is cached
    clean = ws.clean(article)
    assert clean.text == clean_article(article).text
    assert len(list((corpus / ".jingtui" / "cache").glob("??/*.json"))) == 1
    again = Cleaner(corpus).cached(article)  # a fresh cleaner (a new process) finds it on disk
    assert again is not None and again.sha256 == clean.sha256


def test_clean_works_when_the_cache_cannot_be_written(corpus: Path) -> None:
    (corpus / ".jingtui").write_text("a file where the cache folder should be", encoding="utf-8")
    ws = Workspace(corpus)
    article = ws.read(ws.paths()[1])
    assert ws.clean(article).text == clean_article(article).text
    assert ws.cached(article) is None


def test_open_store_writable_then_read_only(corpus: Path) -> None:
    ws = Workspace(corpus)
    with pytest.raises(UserError, match="no annotation database"):
        ws.open_store(read_only=True)
    rel = ws.paths()[0]
    clean = ws.clean(ws.read(rel))
    with ws.open_store() as store:
        store.add(make_claim(rel, clean.text, 0, 4, "metric", text_sha256=clean.sha256, reviewer="ann"))
    assert ws.db_path.exists()
    with open_store(ws.db_path, read_only=True) as reader:
        assert [c.quote for c in reader.claims()] == [clean.text[0:4]]


def test_the_services_names_are_the_workspaces() -> None:
    from jingtui.app import services

    assert services.Cleaner is Cleaner
    assert services.read_article is read_article
    assert services.default_db is default_db
