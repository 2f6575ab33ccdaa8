"""Figures per month: the continuous timeline (empty months present as zero), series whose sums over
the months plus the undated equal the totals, a metric subject's values, the chart's drawing, and
``jingtui stats --by month --json`` (the old keys kept, the new ones added)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jingtui.search.month_figures import metric_points
from jingtui.search.per_month import (
    MetricPoint,
    metric_series,
    metric_subjects,
    month_counts,
    month_range,
    series_of,
)

months = st.tuples(st.integers(1990, 2030), st.integers(1, 12)).map(lambda ym: f"{ym[0]:04}-{ym[1]:02}")
dates = st.one_of(st.none(), st.just(""), st.just("not a date"),
                  st.tuples(months, st.integers(1, 28)).map(lambda md: f"{md[0]}-{md[1]:02}"))
corpora = st.dictionaries(st.text("abcdef", min_size=1, max_size=4), dates, max_size=30)
codes = st.sampled_from(["metric", "slogan", "anecdote", "经济/物价"])


def following(month: str) -> str:
    year, m = int(month[:4]), int(month[5:])
    return f"{year + (m == 12):04}-{m % 12 + 1:02}"


@given(months, months)
def test_month_range_is_every_month_once_in_order(a, b):
    first, last = min(a, b), max(a, b)
    got = month_range(first, last)
    assert got[0] == first and got[-1] == last
    assert all(following(x) == y for x, y in zip(got, got[1:], strict=False))
    assert month_range(last, first) == ([] if first != last else [first])


@given(corpora, st.data())
def test_sums_over_the_months_and_the_undated_are_the_totals(dated, data):
    paths = sorted(dated)
    claims = data.draw(st.lists(st.tuples(st.sampled_from(paths) if paths else st.just("elsewhere"), codes),
                                max_size=40))
    counts = month_counts(dated, claims)
    timeline = counts.timeline
    # continuous: every month between the first and the last dated one, the empty ones as zero
    dated_months = sorted(m for m in counts.months if m != "unknown")
    assert timeline == (month_range(dated_months[0], dated_months[-1]) if dated_months else [])
    articles = counts.article_series()
    assert sum(articles.values) + articles.undated == articles.total == len(dated)
    assert all(v == 0 for m, v in zip(articles.months, articles.values, strict=True) if m not in counts.articles)
    every = counts.claim_series()
    assert every.total == len(claims) == sum(counts.codes.values())
    for code, n in counts.codes.items():
        one = counts.claim_series(code)
        assert one.months == every.months and one.total == n
    assert [sum(column) for column in zip(*(counts.claim_series(c).values for c in counts.codes), strict=True)] \
        == (list(every.values) if counts.codes else [])
    data_json = counts.to_dict()
    assert sum(data_json["series"]["claims"]) + data_json["undated"]["claims"] == data_json["totals"]["claims"]
    assert len(data_json["series"]["articles"]) == len(data_json["timeline"])


def test_a_gap_in_time_is_a_run_of_zero_months():
    counts = month_counts({"a": "2021-11-05", "b": "2022-02-01", "c": None}, [("a", "slogan"), ("b", "slogan"),
                                                                              ("c", "metric")])
    assert counts.timeline == ["2021-11", "2021-12", "2022-01", "2022-02"]
    assert counts.claim_series("slogan").values == (1, 0, 0, 1)
    assert counts.claim_series("metric").values == (0, 0, 0, 0) and counts.claim_series("metric").undated == 1
    assert series_of({"2021-12": 2, "unknown": 3}).to_dict() == {"months": ["2021-12"], "values": [2],
                                                                 "undated": 3, "total": 5}
    with pytest.raises(ValueError):
        series_of({"2030-01": 1}, ["2021-12"])


def test_a_metric_series_takes_the_latest_value_of_a_month_and_keeps_every_point():
    def point(article, date, subject, value, unit="起"):
        return MetricPoint(article, date[:7] if date else "unknown", subject, value, unit, date=date)

    points = [point("a", "2021-01-05", "破获案件", 10), point("b", "2021-01-20", "破获案件", 12),
              point("c", "2021-03-01", "破获案件", 15), point("d", "", "破获案件", 9),
              point("e", "2021-02-01", "破获案件", 3, "%"), point("f", "2021-02-01", "其他", 1)]
    assert [(s.subject, s.unit, s.points) for s in metric_subjects(points)] == [
        ("破获案件", "起", 4), ("其他", "起", 1), ("破获案件", "%", 1)]
    series = metric_series(points, "破获案件", "起", month_range("2021-01", "2021-03"))
    assert series.values == (12, None, 15)  # no value in February is None, not zero
    assert [p.article for p in series.points] == ["a", "b", "c", "d"] and series.undated == 1


def test_metric_points_come_from_the_stored_fields():
    def claim(article, label, fields, status="active"):
        return SimpleNamespace(article=article, label=label, fields=fields, status=status, quote="q")

    claims = [claim("a", "metric", {"subject": " 破获 案件", "value": 14000, "unit": "起"}),
              claim("a", "metric", {"subject": "x", "value": "not a number"}),
              claim("a", "metric", {"value": 3}),
              claim("b", "slogan", {"subject": "x", "value": 1}),
              claim("b", "price", {"subject": "物价", "value": "2.5", "unit": "%", "period": "全年"}),
              claim("b", "price", {"subject": "物价", "value": 1}, status="orphaned")]
    got = metric_points({"a": "2020-05-01", "b": None}, claims, ["metric", "price"])
    assert [(p.subject, p.value, p.month, p.period) for p in got] == [
        ("破获 案件", 14000.0, "2020-05", ""), ("物价", 2.5, "unknown", "全年")]


def test_the_chart_has_a_column_per_month_and_groups_what_does_not_fit():
    from jingtui.app.widgets.month_chart import chart_lines

    months = month_range("2021-11", "2022-02")
    lines, group = chart_lines(months, [4, 0, 0, 2], width=40, height=4)
    assert group == "month"
    bars, axis, years = [line.plain for line in lines[:4]], lines[4].plain, lines[5].plain
    assert bars[0].startswith("4▕") and "█" in bars[0]
    assert axis.count("·") == 2  # the two empty months, visible under no bar
    assert years.split() == ["2021", "2022"] and years.index("2022") == lines[0].plain.index("▕") + 1 + 2 * 3
    long = month_range("2000-01", "2019-12")
    lines, group = chart_lines(long, [1] * len(long), width=60, height=3)
    assert group == "year" and all(len(line.plain) <= 60 for line in lines)
    lines, group = chart_lines(months, [None, 5.5, None, 1.0], width=40, height=3, add=False)
    assert lines[-2].plain.count("─") >= 2 and "·" not in lines[-2].plain


def _claim(root, word, label, fields=None):
    from jingtui.store.model import make_claim
    from jingtui.workspace import Workspace

    ws = Workspace(root)
    for rel in ws.paths():
        text = ws.clean(ws.read(rel)).text
        if word in text:
            start = text.index(word)
            claim = make_claim(rel, text, start, start + len(word), label, text_sha256="x")
            claim.fields = dict(fields or {})
            with ws.open_store() as store:
                store.add(claim)
            return rel
    raise AssertionError(f"no seed holds {word}")


def test_stats_by_month_json_keeps_its_keys_and_adds_series_query_and_metric(seeds_copy, capsys):
    from jingtui.cli import main

    _claim(seeds_copy, "发展", "slogan")
    _claim(seeds_copy, "公安", "metric", {"subject": "破获案件", "value": 12, "unit": "起"})
    assert main(["stats", str(seeds_copy), "--by", "month", "--json", "--query", "公安", "--subject", "破获案件"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:5] == ["by", "months", "articles_per_month", "claims_per_month", "claims_per_code"]
    assert {"timeline", "series", "undated", "totals", "metric_subjects", "query", "metric"} <= set(data)
    assert data["totals"] == {"articles": 5, "claims": 2}
    assert len(data["series"]["claims"]) == len(data["timeline"]) == len(data["series"]["per_code"]["slogan"])
    query = data["query"]
    assert query["total"] == sum(query["values"]) + query["undated"] == sum(query["per_month"].values()) > 0
    assert main(["search", str(seeds_copy), "公安", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == query["total"]  # the numbers of the core search
    assert data["metric_subjects"] == [{"subject": "破获案件", "unit": "起", "points": 1}]
    assert data["metric"]["unit"] == "起" and [p["value"] for p in data["metric"]["points"]] == [12.0]


def test_stats_by_month_says_what_is_wrong_in_one_sentence(seeds_copy, capsys):
    from jingtui.cli import main

    assert main(["stats", str(seeds_copy), "--by", "month", "--subject", "nothing"]) == 2
    assert main(["stats", str(seeds_copy), "--by", "month", "--query", "(", "--regex"]) == 2
    assert main(["stats", str(seeds_copy), "--query", "公安"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 3 and "Traceback" not in err
    assert "no metric values" in err and "does not compile" in err and "--by month" in err


def test_stats_by_month_table_shows_a_run_of_empty_months_as_one_row(tmp_path, capsys, terminal_width):
    from jingtui.cli import main

    for name, date in (("a.md", "2020-01-10"), ("b.md", "2020-09-02"), ("c.md", "2020-10-02")):
        (tmp_path / name).write_text(f"---\ntitle: t\ndate: {date}\n---\n\n公安机关今天发布。\n", encoding="utf-8")
    assert main(["stats", str(tmp_path), "--by", "month", "--query", "公安"]) == 0
    out = capsys.readouterr().out
    assert "2020-02…2020-08 (7 months)" in " ".join(out.split()) or "(7 months)" in out
