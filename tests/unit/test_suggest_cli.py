"""``jingtui suggest DIR``: JSON rows, the table, errors."""

from __future__ import annotations

import json

from conftest import assert_readable
from jingtui.cli import main


def write(root, name, text):
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def test_json_rows(tmp_path, capsys):
    write(tmp_path / "c", "a.txt", "标题\n全年破获刑事案件871起，同比提升16.13%，坚决做到“两个维护”。\n")
    assert main(["suggest", str(tmp_path / "c"), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows, "expected suggestions"
    for row in rows:
        assert set(row) == {"path", "label", "start", "end", "quote", "score", "reason", "fields"}
        assert row["path"] == "a.txt"
    labels = {r["label"] for r in rows}
    assert {"metric", "slogan"} <= labels
    metric = next(r for r in rows if r["label"] == "metric")
    assert metric["fields"]["value"] == 871


def test_label_filter_and_min_score(tmp_path, capsys):
    write(tmp_path / "c", "a.txt", "标题\n全年破获刑事案件871起，坚决做到“两个维护”。\n")
    assert main(["suggest", str(tmp_path / "c"), "--json", "--label", "slogan", "--min-score", "0.5"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["label"] == "slogan" and r["score"] >= 0.5 for r in rows)


def test_table_output(tmp_path, capsys, terminal_width):
    write(tmp_path / "c", "a.txt", "标题\n全年破获刑事案件871起。\n")
    assert main(["suggest", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "871" in out and "metric" in out and "1 suggestion in 1 article" in out
    assert_readable(out, terminal_width, cut_values=True)


def test_missing_folder_is_one_sentence(tmp_path, capsys):
    assert main(["suggest", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_corpus_lexicon_is_used(tmp_path, capsys):
    root = tmp_path / "c"
    write(root, "a.txt", "标题\n我们要建设六个新聊城。\n")
    (root / ".jingtui").mkdir()
    (root / ".jingtui" / "slogans.txt").write_text("六个新聊城\n", encoding="utf-8")
    assert main(["suggest", str(root), "--json", "--label", "slogan"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["quote"] for r in rows] == ["六个新聊城"]
