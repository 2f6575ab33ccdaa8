"""Atomic writes (jingtui.util.fileio): all or nothing, no temporary file left, permissions kept."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from jingtui.util.fileio import atomic_file, atomic_write_bytes, atomic_write_text, fsync_folder, write_cache_file


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_bytes_creates_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    assert atomic_write_bytes(target, b"\x00\x01abc") == 5
    assert target.read_bytes() == b"\x00\x01abc"
    assert _names(tmp_path) == ["a.bin"]


def test_write_text_replaces_and_keeps_newlines_and_encoding(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    target.write_text("old", encoding="utf-8")
    atomic_write_text(target, "标题,值\r\n一,2\r\n", encoding="utf-8-sig", newline="")
    assert target.read_bytes() == "\ufeff标题,值\r\n一,2\r\n".encode("utf-8")
    assert _names(tmp_path) == ["t.csv"]


def test_an_error_in_the_block_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("old content", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_file(target) as stream:
        stream.write("half of the new")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old content"
    assert _names(tmp_path) == ["keep.txt"]


def test_an_error_before_any_file_exists_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError), atomic_file(tmp_path / "new.txt", "wb") as stream:
        stream.write(b"x")
        raise ValueError
    assert _names(tmp_path) == []


def test_missing_folder_is_an_oserror_before_the_block(tmp_path: Path) -> None:
    entered = []
    with pytest.raises(OSError), atomic_file(tmp_path / "nope" / "x.txt"):
        entered.append(True)
    assert entered == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_permissions_of_the_replaced_file_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "shared.json"
    target.write_text("{}", encoding="utf-8")
    os.chmod(target, 0o640)
    atomic_write_text(target, '{"a": 1}')
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_file_gets_the_usual_permissions_not_mkstemps(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "new.bin", b"1")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.bin").stat().st_mode) == 0o644


def test_streamed_text_with_explicit_newline(tmp_path: Path) -> None:
    target = tmp_path / "lines.jsonl"
    with atomic_file(target, "w", newline="\n", buffering=1 << 16) as stream:
        for i in range(3):
            stream.write(f'{{"n": {i}}}\n')
    assert target.read_text(encoding="utf-8").splitlines() == ['{"n": 0}', '{"n": 1}', '{"n": 2}']


def test_fsync_folder_is_best_effort(tmp_path: Path) -> None:
    fsync_folder(tmp_path)  # a real folder
    fsync_folder(tmp_path / "missing")  # no error either


def test_write_cache_file_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "ab" / "entry.json"
    target.parent.mkdir()
    write_cache_file(target, b"old")
    write_cache_file(target, "新的内容".encode() * 1000)
    assert target.read_bytes() == "新的内容".encode() * 1000
    assert [p.name for p in target.parent.iterdir()] == ["entry.json"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as a plain open makes it


def test_write_cache_file_into_a_missing_folder_raises_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_cache_file(tmp_path / "missing" / "entry.json", b"data")
    assert list(tmp_path.iterdir()) == []


def test_write_cache_file_from_threads_at_once(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    target = tmp_path / "entry.json"
    payloads = [bytes([65 + i]) * 50_000 for i in range(8)]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda data: write_cache_file(target, data), payloads * 5))
    assert target.read_bytes() in payloads  # one whole payload, never a mixture
    assert [p.name for p in tmp_path.iterdir()] == ["entry.json"]
