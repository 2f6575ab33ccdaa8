"""Discovery and reading: order, skips, and bad input that never crashes or stops the folder."""

from __future__ import annotations

import builtins
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, SEEDS
from jingtui.corpus import Article, discover, read_article, read_corpus
from jingtui.corpus.discover import Candidate, natural_key
from jingtui.errors import UserError


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


GOOD = "标题在这里\n\n正文第一段，有一句话。\n".encode()


# -- discovery -----------------------------------------------------------------------------------


def test_natural_order_extensions_and_hidden(tmp_path: Path) -> None:
    for name in ["file10.txt", "file2.txt", "File1.md", "a.html", "b.HTM", "c.markdown", "notes.pdf",
                 "image.jpg", ".hidden.txt", "README.md", "SOURCES.md"]:
        _write(tmp_path / name, GOOD)
    _write(tmp_path / ".git" / "x.txt", GOOD)
    _write(tmp_path / "sub10" / "x.txt", GOOD)
    _write(tmp_path / "sub9" / "x.txt", GOOD)
    rels = [c.rel for c in discover(tmp_path) if c.skip_reason is None]
    assert rels == ["a.html", "b.HTM", "c.markdown", "File1.md", "file2.txt", "file10.txt", "sub9/x.txt", "sub10/x.txt"]


def test_the_folders_documentation_is_listed_as_skipped_other_capitals_are_articles(tmp_path: Path) -> None:
    for name in ["README.md", "SOURCES.md", "LICENSE.txt", "CCTV.md", "NPC_2022.txt", "readme-notes.md"]:
        _write(tmp_path / name, GOOD)
    found = {c.rel: c.skip_reason for c in discover(tmp_path)}
    assert found["CCTV.md"] is None and found["NPC_2022.txt"] is None and found["readme-notes.md"] is None
    for doc in ("README.md", "SOURCES.md", "LICENSE.txt"):
        assert "documentation" in (found[doc] or "")
    articles = {a.path: a for a in read_corpus(tmp_path)}
    assert articles["CCTV.md"].ok and not articles["README.md"].ok
    assert "documentation" in articles["README.md"].problems[0]


def test_natural_key_orders_numbers_by_value() -> None:
    names = ["a/b10.txt", "a/b2.txt", "a10/x.txt", "a2/x.txt", "a/b2a.txt"]
    assert sorted(names, key=natural_key) == ["a/b2.txt", "a/b2a.txt", "a/b10.txt", "a2/x.txt", "a10/x.txt"]


def test_missing_root_and_file_root_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        discover(tmp_path / "nope")
    with pytest.raises(UserError, match="not a folder"):
        discover(_write(tmp_path / "a.txt", GOOD))
    with pytest.raises(UserError):
        read_corpus(tmp_path / "nope")


def test_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    _write(tmp_path / "sub" / "a.txt", GOOD)
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.symlink("self.txt", tmp_path / "self.txt")  # a link to itself
    os.symlink("gone.txt", tmp_path / "dangling.txt")
    candidates = {c.rel: c for c in discover(tmp_path)}
    assert candidates["sub/a.txt"].skip_reason is None
    assert "loop" in candidates["sub/loop/"].skip_reason
    assert "loops" in candidates["self.txt"].skip_reason
    assert "does not exist" in candidates["dangling.txt"].skip_reason
    articles = {a.path: a for a in read_corpus(tmp_path)}
    assert articles["sub/a.txt"].ok
    assert not articles["sub/loop/"].ok and "loop" in articles["sub/loop/"].problems[0]


def test_file_over_20_mb_is_skipped_with_a_reason(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: cheap to make
    _write(tmp_path / "small.txt", GOOD)
    candidates = discover(tmp_path)
    assert [c.rel for c in candidates] == ["big.txt", "small.txt"]
    assert "20 MB" in candidates[0].skip_reason
    article = read_article(tmp_path, candidates[0])
    assert article.problems == [candidates[0].skip_reason]
    assert article.original == ""


# -- bad input -----------------------------------------------------------------------------------


def test_empty_and_blank_files(tmp_path: Path) -> None:
    _write(tmp_path / "empty.txt", b"")
    _write(tmp_path / "blank.md", " \n\t\n\u3000\n")
    articles = {a.path: a for a in read_corpus(tmp_path)}
    assert articles["empty.txt"].problems == ["The file is empty."]
    assert articles["blank.md"].problems == ["The file contains only blank space."]
    assert not articles["empty.txt"].ok and not articles["blank.md"].ok


def test_binary_file_named_txt(tmp_path: Path) -> None:
    _write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 50)
    _write(tmp_path / "real.txt", GOOD)
    articles = read_corpus(tmp_path)
    assert [a.path for a in articles] == ["photo.txt", "real.txt"]
    assert "binary" in articles[0].problems[0]
    assert articles[0].encoding is None and articles[0].original == ""
    assert articles[1].ok


def test_undecodable_bytes_are_a_problem_but_the_text_loads(tmp_path: Path) -> None:
    data = (SEEDS / "003_648d2e280cedd72f.txt").read_text(encoding="utf-8").encode("gb18030")
    _write(tmp_path / "bad.txt", data[:500] + b"\xff\x80" + data[500:])
    article = read_corpus(tmp_path)[0]
    assert article.encoding == "gb18030"
    assert article.meta.title == "步履铿锵上台阶 响鼓重锤创一流"
    assert len(article.problems) == 1 and "\ufffd" in article.problems[0]


def test_vanished_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "gone.txt", GOOD)
    candidate = discover(tmp_path)[0]
    path.unlink()
    article = read_article(tmp_path, candidate)
    assert article.problems == ["The file no longer exists, so it could not be read."]
    assert article.path == "gone.txt"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "locked.txt", GOOD)
    _write(tmp_path / "open.txt", GOOD)
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    articles = {a.path: a for a in read_corpus(tmp_path)}
    assert articles["locked.txt"].problems == ["The file could not be read: permission denied."]
    assert articles["open.txt"].ok


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(tmp_path: Path) -> None:
    path = _write(tmp_path / "locked.txt", GOOD)
    path.chmod(0)
    try:
        article = read_corpus(tmp_path)[0]
    finally:
        path.chmod(0o644)
    assert "permission denied" in article.problems[0]


def test_three_megabyte_file(tmp_path: Path) -> None:
    paragraph = "这是一个很长的段落，用来测试大文件。" * 20 + "\n"
    data = paragraph.encode("utf-8") * (3 * 1024 * 1024 // len(paragraph.encode("utf-8")) + 1)
    _write(tmp_path / "huge.txt", data)
    article = read_corpus(tmp_path)[0]
    assert article.size >= 3 * 1024 * 1024
    assert len(article.problems) == 1 and "large" in article.problems[0]
    assert 0 < len(article.original) <= 1_000_000
    assert article.blocks


def test_a_reader_bug_is_a_problem_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "a.txt", GOOD)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("jingtui.corpus.formats.parse_text", broken)  # looked up when a file is parsed
    article = read_corpus(tmp_path)[0]
    assert article.problems and "RuntimeError" in article.problems[0]


def test_escape_codes_and_markup_are_data(tmp_path: Path) -> None:
    _write(tmp_path / "evil.txt", "标题[bold]红[/bold]\x1b[2J\x07\n\n正文第一段，内容。\n")
    article = read_corpus(tmp_path)[0]
    assert "\x1b" not in article.original and "\x07" not in article.original
    assert "[bold]红[/bold]" in article.original
    assert article.problems and "control" in article.problems[0]


# -- articles ------------------------------------------------------------------------------------


def test_article_fields(tmp_path: Path) -> None:
    shutil.copy(SEEDS / "004_d1b1d04612286dde.txt", tmp_path / "a.txt")
    article = read_article(tmp_path, "a.txt")
    data = (tmp_path / "a.txt").read_bytes()
    assert isinstance(article, Article)
    assert article.content_sha256 == hashlib.sha256(data).hexdigest()
    assert article.size == len(data)
    assert article.format == "text" and article.encoding == "utf-8"
    assert article.ok


def test_read_corpus_of_the_seeds() -> None:
    articles = read_corpus(SEEDS)
    assert [a.path[:3] for a in articles] == ["000", "001", "002", "003", "004"]
    assert all(a.ok for a in articles)


def test_candidate_objects_are_accepted(tmp_path: Path) -> None:
    _write(tmp_path / "x.md", "# 标题在这里\n\n正文。")
    article = read_article(tmp_path, Candidate("x.md", tmp_path / "x.md", 10))
    assert article.meta.title == "标题在这里"


def test_corpus_has_24_articles() -> None:
    articles = read_corpus(CORPUS)
    assert len([a for a in articles if a.ok]) == 24
    assert [a.path for a in articles if not a.ok] == ["SOURCES.md"]  # listed as the folder's documentation


def test_unreadable_sub_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "locked" / "a.txt", GOOD)
    _write(tmp_path / "b.txt", GOOD)
    real_scandir = os.scandir

    def guarded(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    candidates = discover(tmp_path)
    assert [c.rel for c in candidates] == ["b.txt", "locked/"]
    assert "could not be read" in candidates[1].skip_reason


_PIECES = st.sampled_from([
    b"<p>", b"</p>", b"<br>", b"<h1>", b"</h1>", b"<div class='a'>", b"</div>", b"<img alt='x'>", b"<!--", b"-->",
    b"---\n", b"title: x\n", b": :\n", b"\n", b"\r\n", b"\x00", b"\x1b[1m", b"\xff", b"\xa3|", b"# ",
    b"![a](b.jpg)", b"[t](u)", b"&nbsp;", b"&#27;", b"<text id='u' title='t'>", b"<script>", b"</script>",
    "标题正文，内容。".encode(), "標題".encode("big5"), "国家".encode("gb18030"), "甲".encode("utf-16-le"),
    b"\xfe\xff", b"\xef\xbb\xbf", b"2022\xe5\xb9\xb41\xe6\x9c\x881\xe6\x97\xa5",
])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, max_size=40).map(b"".join), st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_any_bytes_read_without_internal_error(tmp_path: Path, data: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    article = read_article(tmp_path, name)
    assert not any("could not be read as an article" in p for p in article.problems), article.problems
    lines = article.original.split("\n")
    assert len(article.blocks) == sum(1 for ln in lines if ln.strip(" \t\u3000"))
    for block in article.blocks:
        assert "\n" not in article.original[block.start : block.end]
