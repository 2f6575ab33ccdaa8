"""The corpus view's figures take the articles' titles from the folder's corpus index: opening the view on a
folder of 100,000 indexed articles reads none of them (reading each one's title took minutes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from jingtui.suggest.corpus_figures import load_corpus_data
from jingtui.workspace.index_fill import fill_index


def test_titles_come_from_the_index_simplified_and_no_article_is_read(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    fill_index(str(root), workers=1)  # read and cleaned once, as the app's helper does

    def refuse(*_args, **_kwargs):
        raise AssertionError("an article was read for the corpus view's figures")

    monkeypatch.setattr("jingtui.corpus.reader.read_article", refuse)
    data = load_corpus_data(root, root / ".jingtui" / "annotations.json")
    titles = {row.path: row.title for row in data.articles}
    assert sorted(titles) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert titles["002_a12cabb78c2b9679.txt"].startswith("致敬警察节")  # the Simplified title, as the list shows it
    given = load_corpus_data(root, root / ".jingtui" / "annotations.json", titles={"002_a12cabb78c2b9679.txt": "甲"})
    assert {row.path: row.title for row in given.articles}["002_a12cabb78c2b9679.txt"] == "甲"


def test_a_never_indexed_folder_is_read_once_and_a_missing_one_is_one_sentence(tmp_path: Path) -> None:
    from jingtui.errors import UserError

    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    data = load_corpus_data(root, root / ".jingtui" / "annotations.json")
    assert len(data.articles) == 5 and all(row.title for row in data.articles)
    with pytest.raises(UserError):
        load_corpus_data(tmp_path / "gone", tmp_path / "db.json")
