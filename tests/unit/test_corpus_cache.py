"""The cache of read articles: what it gives back is what the reader gives, and it never gives a stale one."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, SEEDS
from jingtui.corpus import reader as reader_module
from jingtui.corpus.cache import READER_VERSION, ArticleCache
from jingtui.corpus.discover import discover
from jingtui.corpus.reader import read_article, read_corpus
from jingtui.workspace import Workspace


def _fields(article) -> dict:
    return dataclasses.asdict(article)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    for prefix in ("07_", "20_", "15_", "24_"):  # Big5 without a charset, a bad byte, GBK text, NUL padding
        (page,) = CORPUS.glob(prefix + "*")
        shutil.copy(page, root / page.name)
    return root


def test_a_cached_read_is_the_same_article_as_a_fresh_read(folder: Path, tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path / "cache")
    fresh = read_corpus(folder)
    first = read_corpus(folder, cache)  # reads and stores
    assert len(list((tmp_path / "cache").glob("??/*.json"))) == len([a for a in fresh if a.original])
    second = read_corpus(folder, cache)  # from the cache
    assert [_fields(a) for a in fresh] == [_fields(a) for a in first] == [_fields(a) for a in second]
    assert any(a.format == "html" for a in second) and any(a.encoding == "gb18030" for a in second)


def test_the_cache_is_used_and_not_the_reader(folder: Path, tmp_path: Path, monkeypatch) -> None:
    cache = ArticleCache(tmp_path / "cache")
    rel = discover(folder)[0].rel
    expected = read_article(folder, rel, cache)

    def broken(*_args, **_kwargs):
        raise AssertionError("the reader ran although the article was cached")

    monkeypatch.setattr(reader_module, "_fill", broken)
    assert _fields(read_article(folder, rel, cache)) == _fields(expected)


def test_a_changed_file_is_read_again(folder: Path, tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path / "cache")
    rel = discover(folder)[0].rel
    before = read_article(folder, rel, cache)
    path = folder / rel
    path.write_text(path.read_text(encoding="utf-8") + "\n新加的一段话。\n", encoding="utf-8")
    after = read_article(folder, rel, cache)
    assert after.original.rstrip().endswith("新加的一段话。") and after.original != before.original
    assert after.content_sha256 != before.content_sha256


def test_the_same_bytes_under_another_suffix_are_another_entry(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path / "cache")
    body = "<p>第一段。</p>\n<p>第二段。</p>\n"
    (tmp_path / "a.md").write_text(body, encoding="utf-8")
    (tmp_path / "a.html").write_text(body, encoding="utf-8")
    md, html = read_article(tmp_path, "a.md", cache), read_article(tmp_path, "a.html", cache)
    assert (md.format, html.format) == ("markdown", "html")
    assert read_article(tmp_path, "a.html", cache).original == html.original == "第一段。\n第二段。"


@pytest.mark.parametrize("damage", ["garbage", "other-version", "block-out-of-range", "missing-key"])
def test_a_damaged_or_foreign_entry_is_ignored_and_rebuilt(folder: Path, tmp_path: Path, damage: str) -> None:
    import orjson

    cache = ArticleCache(tmp_path / "cache")
    rel = discover(folder)[0].rel
    expected = read_article(folder, rel)
    read_article(folder, rel, cache)
    (entry,) = (tmp_path / "cache").glob("??/*.json")
    data = orjson.loads(entry.read_bytes())
    if damage == "garbage":
        entry.write_bytes(b"{not json")
    else:
        if damage == "other-version":
            data["version"] = READER_VERSION + "-old"
        elif damage == "block-out-of-range":
            data["blocks"][0][2] = len(data["original"]) + 5
        else:
            del data["meta"]
        entry.write_bytes(orjson.dumps(data))
    assert _fields(read_article(folder, rel, cache)) == _fields(expected)
    assert orjson.loads(entry.read_bytes()).get("version") == READER_VERSION  # rebuilt


def test_a_cache_that_cannot_be_written_is_no_error(folder: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    rel = discover(folder)[0].rel
    article = read_article(folder, rel, ArticleCache(blocked / "cache"))
    assert article.original and not article.problems


def test_bad_files_are_not_cached_and_keep_their_problems(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path / "cache")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    for rel in ("empty.txt", "binary.txt", "missing.txt"):
        first, again = read_article(tmp_path, rel, cache), read_article(tmp_path, rel, cache)
        assert first.problems and first.problems == again.problems


def test_the_workspace_reads_through_the_folder_cache(folder: Path) -> None:
    ws = Workspace(folder)
    rel = ws.paths()[0]
    article = ws.read(rel)
    entries = list((folder / ".jingtui" / "cache" / "articles").glob("??/*.json"))
    assert len(entries) == 1
    assert _fields(Workspace(folder).read(rel)) == _fields(article) == _fields(read_article(folder, rel))


def test_the_reader_version_covers_the_reading_modules_not_discovery() -> None:
    """Editing how a file is read (any module that decodes, parses or finds metadata, or the text rules of
    util/) is a new version; editing discovery is not: a folder of 100,000 articles is not read again for it."""
    from jingtui.corpus import version

    names = {path.name for path in version._READER_SOURCES}
    assert {"reader.py", "decode.py", "formats.py", "html.py", "markdown.py", "metadata.py", "cache.py",
            "model.py", "han.py", "dates.py"} <= names
    assert names.isdisjoint({"discover.py", "__init__.py", "version.py"})
