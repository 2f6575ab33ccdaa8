"""An export re-anchors each article's claims as it writes them (one article's claims held at a time), and
its report of what moved or was orphaned still says everything, after the articles."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from jingtui.export.run import Selection, export_to
from jingtui.store.factory import open_store
from jingtui.store.model import make_claim
from jingtui.workspace import Workspace, current_claims
from jingtui.workspace.current_claims import Reanchoring, reanchor_docs

BODY = ("全市公安机关一年来坚持以人民为中心，共破获刑事案件{n}起，打掉犯罪团伙一批，社会治安持续向好。\n"
        "各级公安机关抓获犯罪嫌疑人{n}名，同比上升12.3%，有力震慑了各类违法犯罪活动。\n"
        "群众满意度持续提升，全市上下形成了共建共治共享的良好局面，平安建设取得新成效。\n")
LEAD = "新的导语一句，说明了本次通报的来由和背景，供读者参考。\n"
ARTICLES = 4


def _corpus(tmp_path: Path, db: str | None) -> tuple[Path, dict[str, list[str]], list[str]]:
    """Four articles with two claims each, then every file edited: one claim of each moves, one is gone.
    Returns the folder, the moved and orphaned ids, and the articles in order."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    paths = [f"a{n}.txt" for n in range(ARTICLES)]
    for n, path in enumerate(paths):
        (folder / path).write_text(BODY.format(n=100 + n), encoding="utf-8")
    workspace = Workspace(folder, db)
    ids: dict[str, list[str]] = {"moved": [], "orphaned": []}
    with workspace.open_store() as store:
        for n, path in enumerate(paths):
            clean = workspace.clean(workspace.read(path))
            for quote, kind in ((f"抓获犯罪嫌疑人{100 + n}名", "moved"), ("群众满意度持续提升，全市上下", "orphaned")):
                start = clean.text.index(quote)
                made = make_claim(path, clean.text, start, start + len(quote), "metric", text_sha256=clean.sha256,
                                  reviewer="ann")
                store.add(made)
                ids[kind].append(made.id)
    for n, path in enumerate(paths):
        (folder / path).write_text(LEAD + BODY.format(n=100 + n).replace("群众满意度持续提升，", ""), encoding="utf-8")
    return folder, ids, paths


class Recording(io.StringIO):
    """stdout that notes each write among the re-anchorings."""

    def __init__(self, events: list[tuple[str, str]]) -> None:
        super().__init__()
        self.events = events

    def write(self, text: str) -> int:
        self.events.append(("write", text))
        return super().write(text)


def _export_recorded(folder: Path, db: str | None, monkeypatch: pytest.MonkeyPatch,
                     fmt: str = "json") -> tuple[list[tuple[str, str]], str, Reanchoring | None]:
    events: list[tuple[str, str]] = []

    def recorded(docs, clean, report):
        events.append(("reanchor", docs[0]["article"]))
        return reanchor_docs(docs, clean, report)

    monkeypatch.setattr(current_claims, "reanchor_docs", recorded)
    out = Recording(events)
    result = export_to(folder, db, None, fmt=fmt, selection=Selection(), stdout=out)
    return events, out.getvalue(), result.reanchoring


def _check_streamed(events: list[tuple[str, str]], paths: list[str]) -> None:
    """Article k's claims are re-anchored only after article k-1's were written."""
    placed = [name for kind, name in events if kind == "reanchor"]
    assert placed == paths  # each article once, in the export's order
    for k in range(1, len(paths)):
        at = events.index(("reanchor", paths[k]))
        written = "".join(text for kind, text in events[:at] if kind == "write")
        assert f'"{paths[k - 1]}"' in written and f'"{paths[k]}"' not in written


def _check_report(text: str, ids: dict[str, list[str]], paths: list[str]) -> None:
    data = json.loads(text)
    assert list(data)[-1] == "reanchored"  # known once every article is written
    assert data["reanchored"] == {"moved": ids["moved"], "orphaned": ids["orphaned"],
                                  "newly_orphaned": ids["orphaned"]}
    assert [a["path"] for a in data["articles"]] == paths
    for article in data["articles"]:
        status = {c["id"]: c["status"] for c in article["claims"]}
        assert sorted(status.values()) == ["active", "orphaned"]


def test_a_file_store_export_places_each_articles_claims_as_it_writes_them(tmp_path, monkeypatch) -> None:
    folder, ids, paths = _corpus(tmp_path, None)
    events, text, report = _export_recorded(folder, None, monkeypatch)
    _check_streamed(events, paths)
    _check_report(text, ids, paths)
    assert report is not None and report.moved == ids["moved"]


def test_a_team_store_export_places_each_articles_claims_as_it_writes_them(pg_db, tmp_path, monkeypatch) -> None:
    cluster, name = pg_db
    url = cluster.url(name, "ann")
    folder, ids, paths = _corpus(tmp_path, url)
    events, text, _report = _export_recorded(folder, url, monkeypatch)
    _check_streamed(events, paths)
    _check_report(text, ids, paths)
    lines, _text, report = _export_recorded(folder, url, monkeypatch, fmt="jsonl")  # no report in the file:
    _check_streamed(lines, paths)  # the result carries it (stderr's sentence)
    assert report is not None and report.orphaned == ids["orphaned"]


def test_claims_alike_are_placed_once_and_each_reported(tmp_path) -> None:
    """The same passage coded by several reviewers: one search in the text, every claim placed and listed."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY.format(n=7), encoding="utf-8")
    workspace = Workspace(folder)
    clean = workspace.clean(workspace.read("a.txt"))
    quote = "抓获犯罪嫌疑人7名"
    start = clean.text.index(quote)
    claims = [make_claim("a.txt", clean.text, start, start + len(quote), "metric", text_sha256=clean.sha256,
                         reviewer=who) for who in ("ann", "bo", "carol")]
    (folder / "a.txt").write_text(LEAD + BODY.format(n=7), encoding="utf-8")
    with open_store(workspace.db_path) as store:
        for claim in claims:
            store.add(claim)
        docs = list(store.claim_documents("a.txt"))
    new = workspace.clean(workspace.read("a.txt"))
    report = Reanchoring()
    placed = reanchor_docs(docs, new, report)
    assert report.moved == [d["id"] for d in docs] and not report.orphaned
    assert {(d["start"], d["end"], d["text_sha256"]) for d in placed} == {(new.text.index(quote),
                                                                           new.text.index(quote) + len(quote),
                                                                           new.sha256)}
    assert [d["reviewer"] for d in placed] == [d["reviewer"] for d in docs]
    assert all(d["quote"] == quote and d["original_start"] >= 0 for d in placed)
