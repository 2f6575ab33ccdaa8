"""jingtui db check / db repair: every problem reported, every readable record salvaged, the damaged files untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jingtui.cli import main
from jingtui.store import ClaimStore
from jingtui.store.errors import StoreError
from jingtui.store.model import make_claim
from jingtui.store.paths import journal_path
from jingtui.store.repair import check_database, repair_database

TEXT = "全市公安机关共破获刑事案件1234起，抓获犯罪嫌疑人567名。"


def _database(path: Path, n: int = 4) -> list[str]:
    """A database whose claims all sit in the journal (no compaction), closed as a crash would leave it."""
    store = ClaimStore.open(path, sync=False)
    ids = [store.add(make_claim("a.md", TEXT, i, i + 3, "metric", text_sha256="x")).id for i in range(n)]
    store._journal.close()
    store._lock.release()
    return ids


def _damage_journal(path: Path, line: int) -> None:
    lines = journal_path(path).read_bytes().splitlines(keepends=True)
    lines[line - 1] = b"garbage\n"
    journal_path(path).write_bytes(b"".join(lines))


def test_a_garbage_journal_line_names_the_repair_command(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    _database(path)
    _damage_journal(path, 3)
    with pytest.raises(StoreError) as info:
        ClaimStore.open(path)
    message = str(info.value)
    assert "line 3" in message and f"jingtui db repair {path} -o" in message
    assert message.count(". ") == 0  # one sentence


def test_check_reports_every_bad_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "annotations.json"
    _database(path, 5)
    _damage_journal(path, 2)
    _damage_journal(path, 5)
    problems = check_database(path)
    assert [(p.where, p.line) for p in problems] == [("journal", 2), ("journal", 5)]
    assert main(["db", "check", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [p["line"] for p in report["problems"]] == [2, 5] and report["ok"] is False


def test_repair_salvages_every_readable_record_and_leaves_the_damaged_files(tmp_path: Path, capsys) -> None:
    path = tmp_path / "annotations.json"
    ids = _database(path, 5)
    _damage_journal(path, 3)  # the second claim's line
    before = path.read_bytes(), journal_path(path).read_bytes()
    new = tmp_path / "repaired.json"
    assert main(["db", "repair", str(path), "-o", str(new)]) == 0
    assert "4 claims" in capsys.readouterr().out
    assert (path.read_bytes(), journal_path(path).read_bytes()) == before
    with ClaimStore.open(new) as store:
        assert {c.id for c in store.claims()} == set(ids) - {ids[1]}
    assert check_database(new) == []
    with pytest.raises(StoreError):
        repair_database(path, new)  # never over an existing file


def test_repair_of_a_snapshot_cut_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    store = ClaimStore.open(path, sync=False)
    for i in range(6):
        store.add(make_claim("a.md", TEXT, i, i + 3, "metric", text_sha256="x"))
    store.close()  # everything in the snapshot
    raw = path.read_bytes()
    cut = raw.index(b'"3":{')  # the snapshot ends in the middle of the third claim
    path.write_bytes(raw[: cut + 20])
    journal_path(path).unlink()
    problems = check_database(path)
    assert problems and problems[0].where == "snapshot" and "not valid JSON" in problems[0].sentence
    result = repair_database(path, tmp_path / "new.json")
    assert result.claims == 2
    with ClaimStore.open(tmp_path / "new.json") as store:
        assert len(store) == 2


def test_a_healthy_database_checks_clean(tmp_path: Path, capsys) -> None:
    path = tmp_path / "annotations.json"
    _database(path, 2)
    assert main(["db", "check", str(path)]) == 0
    assert "no problems (2 claims)" in capsys.readouterr().out


def test_db_without_a_subcommand_says_what_to_do(capsys) -> None:
    assert main(["db"]) == 2
    assert "check" in capsys.readouterr().err
