"""`jingtui clean FILE [--json]`."""

from __future__ import annotations

import json

from conftest import CORPUS, SEEDS
from jingtui.cli import main


def test_prints_cleaned_text(capsys):
    path = next(SEEDS.glob("002_*"))
    assert main(["clean", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("致敬警察节丨矢志不渝做党和人民的忠诚卫士")
    assert "守护着这座城市" in out
    assert "(píng)" not in out and "版权所有" not in out


def test_json_fields(capsys):
    path = next(SEEDS.glob("002_*"))
    assert main(["clean", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("title", "source", "author", "date", "encoding", "script", "text", "paragraphs", "removed",
                "warnings"):
        assert key in data, key
    assert data["script"] == "traditional"
    assert data["title"].startswith("致敬警察节")
    text = data["text"]
    for para in data["paragraphs"]:
        assert {"start", "end", "original_start", "original_end"} <= set(para)
        assert "\n" not in text[para["start"] : para["end"]]
    assert {r["class"] for r in data["removed"]} >= {"chrome", "byline", "caption", "image"}
    assert all(r["original_end"] > r["original_start"] for r in data["removed"])
    pinyin = [r for r in data["removed"] if r["class"] == "pinyin"]
    assert len(pinyin) > 400
    original = path.read_text(encoding="utf-8")
    assert all(original[r["original_start"]] == "(" and original[r["original_end"] - 1] == ")" for r in pinyin)
    assert data["warnings"] and all({"start", "end", "kind", "message"} <= set(w) for w in data["warnings"])


def test_json_of_a_real_page_has_its_date(capsys):
    path = next(CORPUS.glob("21_*"))
    assert main(["clean", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["date"] == "2022-02-13"
    assert data["encoding"]


def test_missing_file_is_one_sentence(capsys, tmp_path):
    code = main(["clean", str(tmp_path / "nope.txt")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "does not exist" in err
    assert "Traceback" not in err


def test_folder_is_refused(capsys, tmp_path):
    assert main(["clean", str(tmp_path)]) == 2
    assert "not a file" in capsys.readouterr().err


def test_empty_file(capsys, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert main(["clean", str(path)]) == 0
    assert capsys.readouterr().out == ""
