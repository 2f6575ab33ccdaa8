"""``jingtui list DIR [--json]``: exit codes, the JSON records and a table that never renders markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_corpus_metadata import CORPUS_EXPECTED

from conftest import CORPUS, SEEDS, assert_readable
from jingtui.cli import main


def test_list_json_of_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", str(CORPUS), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 25
    skipped = [r for r in records if r["path"] == "SOURCES.md"]
    assert len(skipped) == 1 and "documentation" in skipped[0]["problems"][0]
    for record in records:
        if record is skipped[0]:
            continue
        for key in ("path", "title", "source", "author", "date", "encoding", "chars", "problems", "ok"):
            assert key in record
        assert record["ok"] is True and record["problems"] == []
        assert (record["encoding"], record["title"]) == CORPUS_EXPECTED[record["path"][:2]]
        assert record["chars"] > 0


def test_list_json_is_not_ascii_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", str(SEEDS), "--json"]) == 0
    out = capsys.readouterr().out
    assert "擎旗奋进 靠前担当" in out


def test_list_json_includes_problem_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("标题在这里\n\n正文第一段。\n", encoding="utf-8")
    assert main(["list", str(tmp_path), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["path"], r["ok"]) for r in records] == [("empty.txt", False), ("good.txt", True)]
    assert records[0]["problems"] == ["The file is empty."]
    assert records[0]["encoding"] is None and records[0]["chars"] == 0


def test_list_table_of_the_corpus_at_any_width(capsys: pytest.CaptureFixture[str], terminal_width: int) -> None:
    assert main(["list", str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert_readable(out, terminal_width)
    assert "25 files, 24 ok, 1 with problems" in out
    for name in ("title", "encoding", "chars"):  # "path" heads the table only when it is a table
        assert name in out
    lines = out.splitlines()
    for path in sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".html", ".md", ".txt"))[:5]:
        assert any(path in line or line.strip("│ ").startswith(path[:8]) for line in lines), path


def test_list_table_shows_markup_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        terminal_width: int) -> None:
    (tmp_path / "a.md").write_text("# [bold red]标题[/bold red]甲乙\n\n正文。\n", encoding="utf-8")
    assert main(["list", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "[bold red]标题" in out
    assert_readable(out, terminal_width)
    assert "1 file, 1 ok" in out


@pytest.mark.parametrize("target", ["missing-folder", "a-file.txt"])
def test_list_exit_2_with_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str) -> None:
    (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
    assert main(["list", str(tmp_path / target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("jingtui: ") and lines[0].endswith(".")


def test_file_names_with_undecodable_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    name = os.fsdecode(b"bad-\xff-name.txt")
    try:
        (tmp_path / name).write_text("标题在这里\n\n正文。\n", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses such names")
    assert main(["list", str(tmp_path), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records[0]["path"] == "bad-\\xff-name.txt" and records[0]["ok"]
    assert main(["list", str(tmp_path)]) == 0
    assert "bad-\\xff-name.txt" in capsys.readouterr().out
