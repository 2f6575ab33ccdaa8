"""The corpus index: kept equal to the folder by stat() comparisons, filled by the reader and cleaner,
never trusting a file of another version or a damaged one."""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jingtui.corpus.reader import read_article
from jingtui.index import CorpusIndex, Seen, Stage, compare, index_path, read_facts
from jingtui.index.corpus_index import FORMAT
from jingtui.workspace.index_fill import fill, fill_index, indexed_rows, refresh, seen_files

ARTICLE = "---\ntitle: 标题{n}\n---\n\n正文第{n}段。这是一篇测试文章。\n"
PAGE = "<html><body><h1>标题{n}</h1><p>正文第{n}段。这是一篇测试文章。</p></body></html>"


def write(folder: Path, name: str, n: int) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((PAGE if name.endswith(".html") else ARTICLE).format(n=n), encoding="utf-8")


def test_compare_finds_added_changed_removed() -> None:
    old = {"a.txt": Seen("a.txt", 1, 1), "b.txt": Seen("b.txt", 2, 2), "c.txt": Seen("c.txt", 3, 3)}
    changes = compare(old, [Seen("a.txt", 1, 1), Seen("b.txt", 2, 5), Seen("d.txt", 4, 4)])
    assert (changes.added, changes.changed, changes.removed) == (["d.txt"], ["b.txt"], ["c.txt"])
    assert changes.sentence() == "1 added, 1 changed, 1 removed"
    assert not compare(old, list(old.values()))


NAMES = st.sampled_from(["a.txt", "b.md", "sub/c.txt", "sub/d10.txt", "sub/d2.txt", "e.html"])
STEPS = st.lists(st.tuples(st.sampled_from(["write", "remove"]), NAMES, st.integers(0, 3)), max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS, every=st.integers(1, 4))
def test_any_sequence_of_changes_ends_equal_to_a_fresh_scan(steps: list[tuple[str, str, int]], every: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with CorpusIndex.open(root) as index:
            for i, (what, name, n) in enumerate(steps):
                path = root / name
                if what == "write":
                    write(root, name, n + 10 * i)  # new bytes each time
                    os.utime(path, ns=(i + 1, 10**9 * (i + 1)))  # a time of its own, however fast the steps
                elif path.exists():
                    path.unlink()
                if i % every == 0:
                    refresh(index, root)
            if steps and steps[0][0] == "write":
                fill(index, root, clean=False, workers=1)
            refresh(index, root)
            fresh = seen_files(root)
            assert index.listing() == {s.path: s for s in fresh}
            assert index.paths() == [s.path for s in fresh]  # natural order
            fill(index, root, clean=False, workers=1)
            for row in index.rows():  # the facts are those of the file as it is now
                assert row.stage >= Stage.READ
                assert row.read == read_facts(read_article(root, row.path))


def test_changed_file_is_read_again_and_unchanged_bytes_keep_their_cleaning(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", 1)
    write(tmp_path, "b.txt", 2)
    fill_index(str(tmp_path), workers=1)
    with CorpusIndex.open(tmp_path) as index:
        assert [r.stage for r in index.rows()] == [Stage.CLEANED, Stage.CLEANED]
        seq = index.seq
    write(tmp_path, "a.txt", 3)  # new bytes
    os.utime(tmp_path / "b.txt", ns=(1, 10**9))  # touched only
    (tmp_path / "c.txt").write_text("新文章\n\n正文。\n", encoding="utf-8")
    with CorpusIndex.open(tmp_path) as index:
        changes = refresh(index, tmp_path)
        assert (changes.added, sorted(changes.changed)) == (["c.txt"], ["a.txt", "b.txt"])
        assert index.row("a.txt").stage == Stage.FOUND and index.row("a.txt").title == "标题1"  # shown until read
        fill(index, tmp_path, clean=False, workers=1)
        assert index.row("a.txt").title == "标题3" and index.row("a.txt").stage == Stage.READ
        assert index.row("b.txt").stage == Stage.CLEANED  # same content hash: its cleaned facts still hold
        (tmp_path / "c.txt").unlink()
        refresh(index, tmp_path)
        now, rows, gone = index.changes_since(seq)
        assert now > seq and gone == ["c.txt"] and {r.path for r in rows} == {"a.txt", "b.txt"}


def test_cleaned_facts_give_the_simplified_title_and_warnings(tmp_path: Path) -> None:
    text = "臺灣經濟發展報告\n\n這是一篇繁體文章，討論經濟發展與國際貿易的關係。\n"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    fill_index(str(tmp_path), workers=1)
    with CorpusIndex.open(tmp_path) as index:
        row = index.row("t.txt")
    assert row is not None and row.clean is not None
    assert row.title == "台湾经济发展报告" and row.clean.script == "traditional"
    assert row.read is not None and row.read.title == "臺灣經濟發展報告"


def _rebuilt(tmp_path: Path, damage) -> None:
    write(tmp_path, "a.txt", 1)
    fill_index(str(tmp_path), clean=False, workers=1)
    damage(index_path(tmp_path))
    logger = logging.getLogger("jingtui.index.corpus_index")
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    was_disabled, logger.disabled = logger.disabled, False  # another test may have configured logging
    try:
        rows = indexed_rows(tmp_path)
    finally:
        logger.removeHandler(handler)
        logger.disabled = was_disabled
    assert [r.title for r in rows] == ["标题1"]
    warnings = [r for r in records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "built again" in warnings[0].getMessage()
    assert warnings[0].exc_info is None  # one line, never a traceback
    with CorpusIndex.open(tmp_path) as index:  # and the new file is trusted from then on
        assert len(index) == 1


def test_damaged_index_is_rebuilt(tmp_path: Path) -> None:
    _rebuilt(tmp_path, lambda path: path.write_bytes(b"not a database at all" * 100))


def test_index_of_an_older_format_is_rebuilt(tmp_path: Path) -> None:
    def older(path: Path) -> None:
        with sqlite3.connect(path) as db:
            db.execute(f"PRAGMA user_version = {FORMAT - 1}")
    _rebuilt(tmp_path, older)


def test_sqlite_file_of_another_program_is_rebuilt(tmp_path: Path) -> None:
    def foreign(path: Path) -> None:
        for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            name.unlink(missing_ok=True)
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE articles (x)")
    _rebuilt(tmp_path, foreign)


def test_unwritable_location_keeps_the_index_in_memory(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", 1)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with CorpusIndex.open(tmp_path, blocker / "index.sqlite3") as index:  # a folder that cannot be made
        assert index.location is None
        refresh(index, tmp_path)
        assert index.paths() == ["a.txt"]


def test_list_and_stats_read_the_index_and_follow_the_folder(tmp_path: Path, capsys) -> None:
    import json

    from jingtui.cli import main

    write(tmp_path, "a.txt", 1)
    write(tmp_path, "b.txt", 2)
    assert main(["list", str(tmp_path), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert [(r["path"], r["title"], r["ok"]) for r in first] == [("a.txt", "标题1", True), ("b.txt", "标题2", True)]
    assert index_path(tmp_path).is_file()
    write(tmp_path, "a.txt", 7)
    (tmp_path / "b.txt").unlink()
    write(tmp_path, "c2.txt", 3)
    write(tmp_path, "c10.txt", 4)
    assert main(["list", str(tmp_path), "--json"]) == 0
    assert [(r["path"], r["title"]) for r in json.loads(capsys.readouterr().out)] == [
        ("a.txt", "标题7"), ("c2.txt", "标题3"), ("c10.txt", "标题4")]
    assert main(["stats", str(tmp_path), "--by", "month", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles_per_month"] == {"unknown": 3}


def test_list_with_a_damaged_index_says_one_line(tmp_path: Path, capsys) -> None:
    import json

    from jingtui.cli import main

    write(tmp_path, "a.txt", 1)
    index_path(tmp_path).parent.mkdir(parents=True)
    index_path(tmp_path).write_bytes(os.urandom(5000))
    assert main(["list", str(tmp_path), "--json"]) == 0
    captured = capsys.readouterr()
    assert [r["title"] for r in json.loads(captured.out)] == ["标题1"]
    assert "Traceback" not in captured.err  # the one line goes to the log (stderr without a handler)


def _token_key(rel: str) -> tuple[tuple[object, ...], ...]:
    """The natural order spelled out: folder by folder, digit runs by value, text case-folded."""
    import re

    return tuple(tuple(int(t) if i % 2 else t.casefold() for i, t in enumerate(re.split(r"(\d+)", part)))
                 for part in rel.split("/"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab-._ 1289/中", min_size=1, max_size=8), min_size=2, max_size=8, unique=True))
def test_natural_key_is_the_natural_order(names: list[str]) -> None:
    from jingtui.corpus.discover import natural_key

    assert sorted(names, key=natural_key) == sorted(names, key=_token_key)


_NAME = st.text(alphabet="aAbB 1029-._中", min_size=1, max_size=5).filter(lambda n: not n.startswith("."))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_NAME, min_size=1, max_size=3), min_size=1, max_size=12))
def test_the_walk_in_order_is_the_natural_order_of_whole_paths(parts: list[list[str]]) -> None:
    """Sorting each folder's names while walking gives the order of sorting every path (what the index keeps
    and the list shows), case variants and digit runs included; the batches the app lists from add up to it."""
    from jingtui.app.articles import discover_entries_in_batches
    from jingtui.corpus.discover import discover, natural_key

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        made: set[str] = set()
        for names in parts:
            rel = "/".join(names[:-1] + [names[-1] + ".txt"])
            target = root / rel
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("正文", encoding="utf-8")
            except OSError:  # a file where a folder of that name was wanted, or the reverse
                continue
            made.add(rel)
        found = [c.rel for c in discover(root)]
        assert sorted(found) == sorted(made)
        assert found == sorted(found, key=natural_key)
        batches = list(discover_entries_in_batches(root, first=3, every=0))
        assert [e.path for batch in batches for e in batch] == found
        assert len(batches[0]) == min(3, len(found))


def test_list_rows_say_what_the_list_shows(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", 1)
    (tmp_path / "blank.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# about this folder\n", encoding="utf-8")
    with CorpusIndex.open(tmp_path) as index:
        refresh(index, tmp_path)
        before = {r.path: r for r in index.list_rows()}
        assert before["a.txt"].stage == Stage.FOUND and before["a.txt"].title == ""
        assert "documentation" in before["README.md"].problem and before["README.md"].skip
        seq = index.seq
        fill(index, tmp_path, workers=1)
        rows = {r.path: r for r in index.list_rows()}
        assert rows["a.txt"].title == "标题1" and rows["a.txt"].problem == "" and rows["a.txt"].stage == Stage.CLEANED
        assert rows["blank.txt"].problem  # the reader's sentence, or no text
        changed = index.list_rows(since=seq)
        assert {r.path for r in changed} >= {"a.txt", "blank.txt"} and all(r.stage > 0 for r in changed)


def test_two_lookers_adding_the_same_new_file_both_succeed(tmp_path: Path) -> None:
    """The app's rescan and its helper process both bring the index in line with the folder: when both saw
    a new file before either wrote it, the second's insert must not fail (it failed the helper's whole run
    with a UNIQUE constraint error, leaving the folder's articles unread)."""
    write(tmp_path, "a.txt", 1)
    with CorpusIndex.open(tmp_path) as first:
        refresh(first, tmp_path)
        write(tmp_path, "b.txt", 2)
        with CorpusIndex.open(tmp_path) as second:
            stale = second.listing()  # what the second looker saw before the first wrote
            refresh(first, tmp_path)
            second.listing = lambda: stale  # type: ignore[method-assign]
            changes = refresh(second, tmp_path)
            assert changes.added == ["b.txt"]
        assert first.paths() == ["a.txt", "b.txt"] and len(first) == 2
