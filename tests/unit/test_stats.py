"""Corpus stats: the pure function, CSV, sorting, and ``jingtui stats``."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import assert_readable
from jingtui.store.model import make_claim
from jingtui.suggest import suggest_claims
from jingtui.suggest.fields import fields_for
from jingtui.suggest.stats import ArticleInfo, corpus_stats, metrics_csv, sort_metrics

A = "标题\n全年破获刑事案件871起，同比提升16.13%。坚决做到“两个维护”。\n"
B = "标题\n抓获嫌疑人1.2万人。坚决做到两个维护，增强“四个意识”。\n"


def claim(path, text, quote, label, origin="manual"):
    start = text.index(quote)
    c = make_claim(path, text, start, start + len(quote), label, text_sha256="x", origin=origin)
    c.fields = fields_for(label, quote)
    return c


@pytest.fixture
def stats():
    claims = [
        claim("a.txt", A, "全年破获刑事案件871起", "metric"),
        claim("a.txt", A, "同比提升16.13%", "metric", origin="suggested"),
        claim("a.txt", A, "“两个维护”", "slogan"),
        claim("b.txt", B, "抓获嫌疑人1.2万人", "metric"),
        claim("b.txt", B, "两个维护", "slogan"),
        claim("b.txt", B, "“四个意识”", "slogan"),
    ]
    orphan = claim("b.txt", B, "标题", "anecdote")
    orphan.status = "orphaned"
    infos = [ArticleInfo("a.txt", "A", done=True), ArticleInfo("b.txt", "B"), ArticleInfo("c.txt", "C")]
    return corpus_stats(infos, claims + [orphan])


def test_counts_per_article_and_progress(stats):
    rows = {a.path: a for a in stats.per_article}
    assert rows["a.txt"].counts == {"metric": 2, "slogan": 1, "anecdote": 0}
    assert rows["b.txt"].counts == {"metric": 1, "slogan": 2, "anecdote": 0}  # the orphan is left out
    assert rows["c.txt"].total == 0
    assert rows["a.txt"].suggested == 1
    assert (stats.done, stats.articles) == (1, 3)
    assert stats.progress == pytest.approx(1 / 3)
    assert stats.totals == {"metric": 3, "slogan": 3, "anecdote": 0}


def test_slogans_grouped_by_canonical_form(stats):
    top = stats.slogans[0]
    assert top.canonical == "两个维护"
    assert top.count == 2 and top.articles == ["a.txt", "b.txt"]
    assert [s.canonical for s in stats.slogans] == ["两个维护", "四个意识"]


def test_metrics_table(stats):
    rows = [(m.article, m.subject, m.value, m.unit, m.direction, m.change) for m in stats.metrics]
    assert rows == [
        ("a.txt", "破获刑事案件", 871, "起", "", None),
        ("a.txt", "", None, "", "up", 16.13),
        ("b.txt", "抓获嫌疑人", 12000, "人", "", None),
    ]


def test_metric_rows_follow_current_rules_and_keep_stored_period():
    c = claim("a.txt", "2021年，破获刑事案件871起。", "破获刑事案件871起", "metric")
    c.fields = {"value": 1, "period": "2021年"}  # stale value, a period from the sentence
    (row,) = corpus_stats([ArticleInfo("a.txt")], [c]).metrics
    assert row.value == 871 and row.period == "2021年"
    r = claim("a.txt", "工作走在全省前列。", "工作走在全省前列", "metric")
    assert corpus_stats([ArticleInfo("a.txt")], [r]).metrics[0].ranking == "全省前列"


def test_sort_and_csv(stats):
    by_value = sort_metrics(stats.metrics, "value", reverse=True)
    assert [m.value for m in by_value] == [12000, 871, None]
    with pytest.raises(ValueError):
        sort_metrics(stats.metrics, "nope")
    rows = list(csv.DictReader(io.StringIO(metrics_csv(stats.metrics))))
    assert rows[0]["subject"] == "破获刑事案件" and rows[0]["value"] == "871"
    assert rows[1]["change"] == "16.13" and rows[1]["value"] == ""


def test_suggestions_join_slogans_and_metrics_without_counting_as_claims():
    infos = [ArticleInfo("b.txt", "B")]
    result = corpus_stats(infos, [], suggestions={"b.txt": suggest_claims(B)})
    assert result.totals["slogan"] == 0
    canon = {s.canonical: s for s in result.slogans}
    assert canon["两个维护"].from_suggestions == 1 and canon["两个维护"].from_claims == 0
    assert [m.origin for m in result.metrics] == ["suggestion"]


def test_to_dict_is_json(stats):
    data = json.loads(json.dumps(stats.to_dict(), ensure_ascii=False))
    assert data["progress"] == {"done": 1, "total": 3, "share": 0.3333}
    assert {"per_article", "slogans", "metrics", "labels", "totals"} <= set(data)


def test_stats_command_json_and_csv(tmp_path, capsys, terminal_width):
    from jingtui.cli import main
    from jingtui.store.claims import ClaimStore
    from jingtui.store.paths import default_db_path

    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(A, encoding="utf-8")
    (root / "b.txt").write_text(B, encoding="utf-8")
    store = ClaimStore.open(default_db_path(root))
    try:
        store.add(claim("a.txt", A, "全年破获刑事案件871起", "metric"))
        store.add(claim("b.txt", B, "两个维护", "slogan"))
        store.set_state("a.txt", done=True)
    finally:
        store.close()
    assert main(["stats", str(root), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["progress"]["done"] == 1 and data["progress"]["total"] == 2
    assert data["metrics"][0]["value"] == 871
    assert data["slogans"][0]["canonical"] == "两个维护"
    out_csv = tmp_path / "m.csv"
    assert main(["stats", str(root), "--metrics-csv", str(out_csv), "--suggestions"]) == 0
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert rows[0]["value"] == "871"
    assert any(r["origin"] == "suggestion" for r in rows)
    assert main(["stats", str(root)]) == 0
    out = capsys.readouterr().out
    assert "Most frequent slogans" in out and "两个维护" in out and "871" in out
    assert_readable(out, terminal_width)


def test_stats_command_errors(tmp_path, capsys):
    from jingtui.cli import main

    assert main(["stats", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "c").mkdir()
    assert main(["stats", str(tmp_path / "c"), "--db", str(tmp_path / "none.json")]) == 2
    assert "no annotation database" in capsys.readouterr().err
