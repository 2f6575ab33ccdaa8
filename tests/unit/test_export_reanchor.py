"""Export re-anchors claims on the current cleaned text, as the app does, and says what moved or was orphaned."""

from __future__ import annotations

import json
from pathlib import Path

from jingtui.cli import main
from jingtui.store import ClaimStore
from jingtui.store.model import make_claim
from jingtui.workspace import Workspace

FIRST = ("全市公安机关一年来坚持以人民为中心，共破获刑事案件1234起，打掉犯罪团伙一批，社会治安持续向好。\n"
         "各级公安机关抓获犯罪嫌疑人567名，同比上升12.3%，有力震慑了各类违法犯罪活动。\n"
         "群众满意度持续提升，全市上下形成了共建共治共享的良好局面，平安建设取得新成效。\n")


def _annotated(tmp_path: Path) -> tuple[Path, list[str]]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(FIRST, encoding="utf-8")
    workspace = Workspace(folder)
    clean = workspace.clean(workspace.read("a.txt"))
    ids = []
    with ClaimStore.open(workspace.db_path) as store:
        for quote, label in (("抓获犯罪嫌疑人567名", "metric"), ("群众满意度持续提升，全市上下", "slogan")):
            start = clean.text.index(quote)
            ids.append(store.add(make_claim("a.txt", clean.text, start, start + len(quote), label,
                                            text_sha256=clean.sha256)).id)
    return folder, ids


def test_export_moves_and_orphans_claims_of_an_edited_file(tmp_path: Path, capsys) -> None:
    folder, (moved, gone) = _annotated(tmp_path)
    lead = "新的导语一句，说明了本次通报的来由和背景，供读者参考。\n"
    (folder / "a.txt").write_text(lead + FIRST.replace("群众满意度持续提升，", ""), encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["export", str(folder), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 claim moved" in err and "1 claim could not be found" in err and gone in err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["reanchored"] == {"moved": [moved], "orphaned": [gone], "newly_orphaned": [gone]}
    claims = {c["id"]: c for c in data["articles"][0]["claims"]}
    text = Workspace(folder).clean(Workspace(folder).read("a.txt")).text
    assert claims[moved]["status"] == "active"
    assert text[claims[moved]["start"]:claims[moved]["end"]] == "抓获犯罪嫌疑人567名"
    assert claims[gone]["status"] == "orphaned"
    # the same with the text in the file: both ways agree
    with_text = tmp_path / "with_text.json"
    assert main(["export", str(folder), "-o", str(with_text), "--include-text"]) == 0
    again = json.loads(with_text.read_text(encoding="utf-8"))
    assert again["articles"][0]["claims"] == data["articles"][0]["claims"]
    assert again["articles"][0]["text_sha256"] == data["articles"][0]["text_sha256"]


def test_an_unchanged_corpus_exports_quietly(tmp_path: Path, capsys) -> None:
    folder, _ids = _annotated(tmp_path)
    assert main(["export", str(folder), "-o", str(tmp_path / "out.json")]) == 0
    assert "Articles changed" not in capsys.readouterr().err
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["reanchored"] == {"moved": [], "orphaned": [], "newly_orphaned": []}


def test_stats_counts_claims_on_the_current_text_and_the_metrics_csv_has_a_bom(tmp_path: Path, capsys) -> None:
    folder, (_moved, gone) = _annotated(tmp_path)
    (folder / "a.txt").write_text(FIRST.replace("群众满意度持续提升，", ""), encoding="utf-8")
    assert main(["stats", str(folder), "--json"]) == 0
    captured = capsys.readouterr()
    assert "could not be found" in captured.err
    data = json.loads(captured.out)
    assert data["reanchored"]["newly_orphaned"] == [gone]
    csv_path = tmp_path / "metrics.csv"
    assert main(["stats", str(folder), "--metrics-csv", str(csv_path)]) == 0
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_passage_the_reviewer_brought_back_keeps_its_claims(tmp_path: Path, capsys) -> None:
    """Export places claims on the text the reviewer annotated: with the passages brought back."""
    from jingtui.clean.overrides import NO_OVERRIDES, bring_back

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(FIRST + "阅读原文 | 分享 | 在看\n", encoding="utf-8")
    workspace = Workspace(folder)
    article = workspace.read("a.txt")
    plain = workspace.clean(article)
    original = article.original
    removed = next(line for line in plain.lines if "阅读原文" in original[line.original_start:line.original_end])
    assert "阅读原文" not in plain.text
    overrides = bring_back(plain, article.original, NO_OVERRIDES, removed.original_start, removed.original_end)
    clean = workspace.clean(article, overrides.as_dict())
    start = clean.text.index("阅读原文")
    with ClaimStore.open(workspace.db_path) as store:
        kept = store.add(make_claim("a.txt", clean.text, start, start + 4, "slogan", text_sha256=clean.sha256)).id
        store.set_state("a.txt", cleaning_overrides=overrides.as_dict())
    out = tmp_path / "out.json"
    assert main(["export", str(folder), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["reanchored"]["orphaned"] == [] and "Articles changed" not in capsys.readouterr().err
    assert data["articles"][0]["claims"][0]["id"] == kept
