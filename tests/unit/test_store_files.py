"""The database files: refusals (corrupt, foreign, newer, unwritable) and journal replay."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import tinydb

from jingtui.store import ClaimStore, StoreError, make_claim
from jingtui.store.paths import journal_path, lock_path

TEXT = "全市公安机关共破获刑事案件1234起，抓获犯罪嫌疑人567名。"


def claim(start: int = 0, end: int = 20):
    return make_claim("a.md", TEXT, start, end, "metric", text_sha256="sha")


def refused(path: Path, content: bytes, kind: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    before = sorted(os.listdir(path.parent))
    with pytest.raises(StoreError) as info:
        ClaimStore.open(path)
    assert info.value.kind == kind
    assert path.read_bytes() == content  # byte for byte
    assert sorted(os.listdir(path.parent)) == before  # no lock, journal or temp file left beside it
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    return message


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01garbage\xff", b"not json at all", b'{"claims": {"1": {"id": "x", "article": "a.md"', b"{\n\n  ]"],
    ids=["binary", "text", "truncated", "bad-line-3"],
)
def test_corrupt_files_are_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    message = refused(tmp_path / "annotations.json", content, "corrupt")
    assert "left untouched" in message and "--db" in message


def test_corrupt_message_names_the_line(tmp_path: Path) -> None:
    message = refused(tmp_path / "annotations.json", b"{\n\n  ]", "corrupt")
    assert "is not valid JSON (line 3)" in message


@pytest.mark.parametrize(
    "data",
    [{"foo": 1}, [1, 2, 3], {"_default": {"1": {"name": "another app"}}}, "just a string",
     {"_jingtui": {"1": {"format": "something-else", "version": 1}}}],
    ids=["object", "list", "other-tinydb", "string", "other-marker"],
)
def test_foreign_files_are_refused_and_untouched(tmp_path: Path, data: object) -> None:
    message = refused(tmp_path / "annotations.json", json.dumps(data).encode(), "foreign")
    assert "not a jingtui annotation database" in message and "--db" in message


def test_another_apps_tinydb_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    other = tinydb.TinyDB(path)
    other.insert({"name": "another app"})
    other.close()
    refused(path, path.read_bytes(), "foreign")


def test_newer_format_is_refused(tmp_path: Path) -> None:
    data = {"_jingtui": {"1": {"format": "jingtui-annotations", "version": 99, "generation": "g"}}}
    message = refused(tmp_path / "annotations.json", json.dumps(data).encode(), "version")
    assert "newer jingtui" in message and "99" in message


def test_malformed_claim_is_refused(tmp_path: Path) -> None:
    data = {"_jingtui": {"1": {"format": "jingtui-annotations", "version": 1, "generation": "g"}},
            "claims": {"1": {"id": "x", "article": "a.md", "label": "metric", "start": "0", "end": 2, "quote": "ab"}}}
    refused(tmp_path / "annotations.json", json.dumps(data).encode(), "corrupt")


def test_empty_file_and_empty_tinydb_are_new_databases(tmp_path: Path) -> None:
    for content in (b"", b"{}"):
        path = tmp_path / f"db{len(content)}.json"
        path.write_bytes(content)
        with ClaimStore.open(path) as store:
            store.add(claim())
        with ClaimStore.open(path) as store:
            assert len(store) == 1


def test_folder_in_place_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "annotations.json").mkdir()
    with pytest.raises(StoreError) as info:
        ClaimStore.open(tmp_path / "annotations.json")
    assert info.value.kind == "foreign"


def test_unwritable_folder_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", deny)
    with pytest.raises(StoreError) as info:
        ClaimStore.open(tmp_path / "corpus" / ".jingtui" / "annotations.json")
    assert info.value.kind == "unwritable"
    assert "--db" in str(info.value) and "permission denied" in str(info.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_folder_for_real(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    corpus.chmod(0o555)
    try:
        with pytest.raises(StoreError) as info:
            ClaimStore.open(corpus / ".jingtui" / "annotations.json")
        assert info.value.kind == "unwritable" and "--db" in str(info.value)
    finally:
        corpus.chmod(0o755)


def test_unwritable_existing_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "annotations.json"
    real_open = os.open

    def deny_lock(file, *args, **kwargs):
        if str(file).endswith(".lock"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny_lock)
    with pytest.raises(StoreError) as info:
        ClaimStore.open(path)
    assert info.value.kind == "unwritable" and "--db" in str(info.value)


def test_a_torn_last_journal_line_is_ignored_and_cut(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    store = ClaimStore.open(path)
    kept = store.add(claim())
    store._journal.close()  # simulate a crash: no compaction, lock dropped with the fd
    store._lock.release()
    with journal_path(path).open("ab") as journal:
        journal.write(b'{"t": "claims", "k": "2", "d": {"id": "torn", "art')
    with ClaimStore.open(path) as store:
        assert [c.id for c in store.claims()] == [kept.id]
        later = store.add(claim(2, 6))
    with ClaimStore.open(path) as store:
        assert {c.id for c in store.claims()} == {kept.id, later.id}


def test_an_unfinished_batch_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    store = ClaimStore.open(path)
    store.add(claim())
    store._journal.close()
    store._lock.release()
    lines = journal_path(path).read_bytes().splitlines(keepends=True)
    one = lines[-1]
    with journal_path(path).open("ab") as journal:
        journal.write(b'{"batch": 3}\n' + one.replace(b'"k":"1"', b'"k":"7"'))  # 1 of 3 lines made it
    with ClaimStore.open(path) as store:
        assert len(store) == 1


def test_a_damaged_middle_journal_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    store = ClaimStore.open(path)
    store.add(claim())
    store.add(claim(2, 6))
    store._journal.close()
    store._lock.release()
    lines = journal_path(path).read_bytes().splitlines(keepends=True)
    lines[1] = b"garbage\n"
    journal_path(path).write_bytes(b"".join(lines))
    snapshot, journal = path.read_bytes(), journal_path(path).read_bytes()
    with pytest.raises(StoreError) as info:
        ClaimStore.open(path)
    assert info.value.kind == "corrupt" and "journal" in str(info.value) and "line 2" in str(info.value)
    assert path.read_bytes() == snapshot and journal_path(path).read_bytes() == journal


def test_a_stale_journal_is_not_replayed_twice(tmp_path: Path) -> None:
    """A crash after the new snapshot but before the journal reset: the old journal is discarded."""
    path = tmp_path / "annotations.json"
    store = ClaimStore.open(path)
    first = store.add(claim())
    old_journal = journal_path(path).read_bytes()
    store.delete(first.id)
    store.close()  # snapshot without the claim, fresh journal
    journal_path(path).write_bytes(old_journal)  # as if the reset had not happened
    with ClaimStore.open(path) as store:
        assert len(store) == 0


def test_lock_file_names_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    with ClaimStore.open(path):
        assert lock_path(path).read_text().strip() == str(os.getpid())


def test_a_full_disk_refuses_the_change_and_keeps_the_store_usable(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from jingtui.store import journal as journal_module

    path = tmp_path / "annotations.json"
    with ClaimStore.open(path) as store:
        kept = store.add(claim())
        real_write = os.write

        def full(fd, data):
            real_write(fd, bytes(data)[:10])  # a partial line, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(journal_module.os, "write", full)
        with pytest.raises(StoreError) as info:
            store.add(claim(2, 6))
        assert info.value.kind == "unwritable" and "No space left" in str(info.value)
        assert len(store) == 1
        monkeypatch.setattr(journal_module.os, "write", real_write)
        later = store.add(claim(3, 8))
    with ClaimStore.open(path) as store:
        assert {c.id for c in store.claims()} == {kept.id, later.id}


def test_a_malformed_journal_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    store = ClaimStore.open(path)
    store.add(claim())
    store._journal.close()
    store._lock.release()
    with journal_path(path).open("ab") as journal:
        journal.write(b'{"t": "claims", "k": "5", "d": {"id": 5}}\n')
    with pytest.raises(StoreError) as info:
        ClaimStore.open(path)
    assert info.value.kind == "corrupt" and "journal" in str(info.value)


def test_a_reader_skips_a_journal_of_another_generation(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    with ClaimStore.open(path) as store:
        store.add(claim())
    journal_path(path).write_bytes(b'{"generation": "other"}\n{"t": "claims", "k": "9", "d": {}}\n')
    with ClaimStore.open(path, read_only=True) as reader:
        assert len(reader) == 1


def test_temp_files_of_a_killed_compaction_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    ClaimStore.open(path).close()
    stale = tmp_path / "annotations.json.tmp-99999"
    stale.write_bytes(b'{"half": ')
    other = tmp_path / "notes.json.tmp-1"
    other.write_bytes(b"keep")
    with ClaimStore.open(path):
        assert not stale.exists() and other.exists()


def test_read_only_open_of_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "corpus" / ".jingtui" / "annotations.json"
    with ClaimStore.open(path, read_only=True) as reader:
        assert len(reader) == 0 and reader.claims() == [] and reader.read_only
    assert not (tmp_path / "corpus").exists()


def test_a_failed_compaction_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jingtui.store import snapshot

    path = tmp_path / "annotations.json"
    with ClaimStore.open(path) as store:
        first = store.add(claim())
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(snapshot.os, "replace", broken_replace)
    store = ClaimStore.open(path)
    second = store.add(claim(2, 6))
    store.close()  # the new snapshot cannot be put in place: the journal keeps the change
    assert isinstance(store.last_compaction_error, OSError)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.tmp-*"))
    monkeypatch.undo()
    with ClaimStore.open(path) as store:
        assert {c.id for c in store.claims()} == {first.id, second.id}


def test_an_interrupted_append_leaves_no_half_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jingtui.store import journal as journal_module

    path = tmp_path / "annotations.json"
    with ClaimStore.open(path) as store:
        kept = store.add(claim())
        real_write = os.write

        def interrupted(fd, data):
            real_write(fd, bytes(data)[:25])
            raise KeyboardInterrupt

        monkeypatch.setattr(journal_module.os, "write", interrupted)
        with pytest.raises(KeyboardInterrupt):
            store.add(claim(2, 6))
        monkeypatch.setattr(journal_module.os, "write", real_write)
        later = store.add(claim(3, 8))
        store._journal.close()  # crash: no compaction, the journal must replay cleanly
        store._lock.release()
        store._closed = True
    with ClaimStore.open(path) as store:
        assert {c.id for c in store.claims()} == {kept.id, later.id}


def test_files_written_by_the_json_module_still_open(tmp_path: Path) -> None:
    """Snapshots and journals of earlier versions (json.dumps, spaces after , and :) read the same."""
    path = tmp_path / "annotations.json"
    with ClaimStore.open(path) as store:
        first = store.add(claim())
    store = ClaimStore.open(path)
    second = store.add(claim(2, 6))
    store.close(compact=False)  # the second claim only in the journal
    spaced = lambda line: json.dumps(json.loads(line), ensure_ascii=False).encode() if line else line  # noqa: E731
    path.write_bytes(spaced(path.read_bytes()))
    journal_path(path).write_bytes(b"\n".join(map(spaced, journal_path(path).read_bytes().split(b"\n"))))
    assert b'"k": "' in journal_path(path).read_bytes() and b'", "' in path.read_bytes()
    with ClaimStore.open(path) as store:
        assert store.get(first.id) == first and store.get(second.id) == second
