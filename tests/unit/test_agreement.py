"""Agreement figures against hand computations, overlap resolution, and ``jingtui agree``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS, assert_readable
from jingtui.cli import main
from jingtui.errors import UserError
from jingtui.export import export_to
from jingtui.export.agreement import Span, agreement, cohen_kappa, krippendorff_alpha_nominal
from jingtui.export.compare import from_files, from_store
from jingtui.store.claims import ClaimStore
from jingtui.store.model import make_claim
from jingtui.workspace import Cleaner, read_article

LABELS = ["metric", "slogan", "anecdote"]

# The small example, one article of 10 characters (M = metric, S = slogan, . = none):
#
#   position  0 1 2 3 4 5 6 7 8 9
#   A         M M M M . . S S . .     A: metric [0,4), slogan [6,8)
#   B         M M M . . . S S S S     B: metric [0,3), slogan [6,8), slogan [8,10)
A = [Span("a", "metric", 0, 4), Span("a", "slogan", 6, 8)]
B = [Span("a", "metric", 0, 3), Span("a", "slogan", 6, 8), Span("a", "slogan", 8, 10)]


def close(x, y) -> bool:
    return x is not None and abs(x - y) < 1e-12


def test_overall_figures_match_the_hand_computation() -> None:
    r = agreement(A, B, {"a": 10}, labels=LABELS)
    s = r.overall
    # Confusion (A, B): (M,M)=3, (M,.)=1, (.,.)=2, (S,S)=2, (.,S)=2; N = 10.
    # po = (3 + 2 + 2) / 10 = 0.7
    # A's margins: M 4, . 4, S 2; B's: M 3, . 3, S 4
    # pe = (4*3 + 4*3 + 2*4) / 100 = 0.32
    # kappa = (0.7 - 0.32) / (1 - 0.32) = 0.38 / 0.68 = 19/34
    assert close(s.observed, 0.7)
    assert close(s.kappa, 19 / 34)
    # alpha: n = 20 values; n_M = 7, n_. = 7, n_S = 6; sum n_c^2 = 49 + 49 + 36 = 134
    # sum over c != k of n_c n_k = 400 - 134 = 266; disagreeing pairs o[c,k], c != k: 2 * (1 + 2) = 6
    # alpha = 1 - (n - 1) * 6 / 266 = 1 - 114/266 = 1 - 3/7 = 4/7
    assert close(s.alpha, 4 / 7)
    # exact: only slogan [6,8) matches: F1 = 2*1 / (2 + 3) = 0.4
    assert close(s.f1_exact, 0.4)
    # overlap: A's 2 claims are both touched by B (recall 1); B's slogan [8,10) touches no A slogan
    # (8 < 8 is false), so precision = 2/3; F1 = 2 * (2/3) * 1 / (2/3 + 1) = 0.8
    assert close(s.f1_overlap, 0.8)
    assert (s.characters, s.claims_a, s.claims_b, s.exact_matches) == (10, 2, 3, 1)


def test_per_label_figures_match_the_hand_computation() -> None:
    r = agreement(A, B, {"a": 10}, labels=LABELS)
    metric, slogan, anecdote = r.by_label["metric"], r.by_label["slogan"], r.by_label["anecdote"]
    # metric, binary per character: (T,T)=3, (T,F)=1, (F,F)=6; po = 0.9
    # A: T 4, F 6; B: T 3, F 7; pe = (12 + 42)/100 = 0.54; kappa = 0.36/0.46 = 18/23
    assert close(metric.kappa, 18 / 23)
    # alpha: n_T = 7, n_F = 13, 400 - 49 - 169 = 182; disagreeing 2; 1 - 19*2/182 = 72/91
    assert close(metric.alpha, 72 / 91)
    # spans: [0,4) vs [0,3): no exact match (F1 0), overlap both ways (F1 1)
    assert close(metric.f1_exact, 0.0) and close(metric.f1_overlap, 1.0)
    # slogan: (T,T)=2, (F,T)=2, (F,F)=6; po = 0.8; A: T 2, F 8; B: T 4, F 6
    # pe = (8 + 48)/100 = 0.56; kappa = 0.24/0.44 = 6/11
    assert close(slogan.kappa, 6 / 11)
    # alpha: n_T = 6, n_F = 14; 400 - 36 - 196 = 168; disagreeing 4; 1 - 19*4/168 = 23/42
    assert close(slogan.alpha, 23 / 42)
    # exact 2*1/(1+2) = 2/3; overlap: recall 1/1, precision 1/2 -> 2*0.5/1.5 = 2/3
    assert close(slogan.f1_exact, 2 / 3) and close(slogan.f1_overlap, 2 / 3)
    # nobody used anecdote: every figure undefined
    assert anecdote.kappa is None and anecdote.alpha is None and anecdote.f1_exact is None


def test_per_article_and_pooling() -> None:
    # a second article, identical annotations: [2,5) metric by both, length 5
    a2 = A + [Span("b", "metric", 2, 5)]
    b2 = B + [Span("b", "metric", 2, 5)]
    r = agreement(a2, b2, {"a": 10, "b": 5}, labels=LABELS)
    assert close(r.by_article["b"].kappa, 1.0) and close(r.by_article["b"].f1_exact, 1.0)
    assert close(r.by_article["a"].kappa, 19 / 34)
    # pooled: (M,M)=6, (M,.)=1, (.,.)=4, (S,S)=2, (.,S)=2; N = 15; po = 12/15 = 0.8
    # A: M 7, . 6, S 2; B: M 6, . 5, S 4; pe = (7*6 + 6*5 + 2*4) / 225 = 80/225
    # kappa = (0.8 - 80/225) / (1 - 80/225) = (180 - 80) / (225 - 80) = 100/145 = 20/29
    assert close(r.overall.kappa, 20 / 29)
    # exact: 2 matches of 3 + 4 claims -> 4/7
    assert close(r.overall.f1_exact, 4 / 7)


def test_overlapping_claims_of_one_reviewer_shortest_wins() -> None:
    # A: metric [0,6) and slogan [2,4) over 6 characters -> M M S S M M (the shorter slogan wins)
    # B: metric [0,6)                                       -> M M M M M M
    a = [Span("x", "metric", 0, 6), Span("x", "slogan", 2, 4)]
    b = [Span("x", "metric", 0, 6)]
    r = agreement(a, b, {"x": 6}, labels=LABELS)
    assert close(r.overall.observed, 4 / 6)
    # per label, overlap does not matter: metric is T for both on all 6 characters -> pe = 1, undefined
    assert r.by_label["metric"].kappa is None
    assert close(r.by_label["metric"].observed, 1.0)
    # equal lengths: the label listed first wins (metric before slogan)
    a = [Span("x", "slogan", 0, 3), Span("x", "metric", 0, 3)]
    r = agreement(a, [Span("x", "metric", 0, 3)], {"x": 6}, labels=LABELS)
    assert close(r.overall.observed, 1.0)


def test_articles_without_claims_are_not_counted_and_missing_lengths_raise() -> None:
    r = agreement(A, B, {"a": 10, "unused": 1000}, labels=LABELS)
    assert r.articles == ["a"] and r.overall.characters == 10
    with pytest.raises(ValueError):
        agreement(A, B, {}, labels=LABELS)


def test_coefficients_on_textbook_cases() -> None:
    # identical codings -> 1; perfect disagreement on two balanced categories -> kappa -1
    assert close(cohen_kappa({("x", "x"): 5, ("y", "y"): 5}), 1.0)
    assert close(cohen_kappa({("x", "y"): 5, ("y", "x"): 5}), -1.0)
    # Krippendorff (2011) nominal example reduced to 2 coders: alpha from the formula by hand
    # units: (a,a)x3 (a,b)x1 (b,b)x2 -> n = 12; n_a = 7, n_b = 5; sum_c!=k n_c n_k = 144 - 49 - 25 = 70
    # disagreeing pairs: 2 * 1 = 2; alpha = 1 - 11 * 2 / 70 = 24/35
    assert close(krippendorff_alpha_nominal({("a", "a"): 3, ("a", "b"): 1, ("b", "b"): 2}), 24 / 35)
    assert cohen_kappa({}) is None and krippendorff_alpha_nominal({}) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 10), st.sampled_from(LABELS)), max_size=6),
       st.lists(st.tuples(st.integers(0, 30), st.integers(1, 10), st.sampled_from(LABELS)), max_size=6))
def test_sweep_matches_a_character_by_character_count(raw_a, raw_b) -> None:
    length = 35
    a = [Span("t", label, s, min(s + w, length)) for s, w, label in raw_a]
    b = [Span("t", label, s, min(s + w, length)) for s, w, label in raw_b]
    if not a and not b:
        return
    r = agreement(a, b, {"t": length}, labels=LABELS)
    rank = {label: i for i, label in enumerate(LABELS)}

    def category(spans, i):
        covering = [s for s in spans if s.start <= i < s.end]
        if not covering:
            return "none"
        return min(covering, key=lambda s: (s.end - s.start, rank[s.label], -s.start)).label

    matrix: dict = {}
    for i in range(length):
        key = (category(a, i), category(b, i))
        matrix[key] = matrix.get(key, 0) + 1
    expected = cohen_kappa(matrix)
    assert (r.overall.kappa is None and expected is None) or close(r.overall.kappa, expected)
    for label in LABELS:
        binary: dict = {}
        for i in range(length):
            key = (any(s.label == label and s.start <= i < s.end for s in a),
                   any(s.label == label and s.start <= i < s.end for s in b))
            binary[key] = binary.get(key, 0) + 1
        got, want = r.by_label[label].alpha, krippendorff_alpha_nominal(binary)
        assert (got is None and want is None) or close(got, want)


# --------------------------------------------------------------------------- from store and files


@pytest.fixture
def two_reviewers(tmp_path: Path) -> Path:
    """Seeds copy; reviewers ann and bo annotate article 0 and 1 with some differences."""
    root = tmp_path / "c"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    rels = sorted(p.name for p in root.glob("*.txt"))
    cleaner = Cleaner(root)
    with ClaimStore.open(root / ".jingtui" / "annotations.json") as store:
        for rel in rels[:2]:
            clean = cleaner.clean(read_article(root, rel))
            for reviewer, spans in (("ann", [(10, 20, "metric"), (30, 40, "slogan")]),
                                    ("bo", [(10, 20, "metric"), (32, 40, "slogan"), (50, 55, "anecdote")])):
                for s, e, label in spans:
                    store.add(make_claim(rel, clean.text, s, e, label, text_sha256=clean.sha256, reviewer=reviewer))
    return root


def test_from_store_and_from_files_give_the_same_figures(two_reviewers: Path, tmp_path: Path) -> None:
    root = two_reviewers
    by_db = from_store(root, None, ("ann", "bo")).report()
    assert by_db.reviewers == ("ann", "bo") and len(by_db.articles) == 2
    # exact: per article metric matches, slogan does not -> 2 * 2 / (4 + 6) = 0.4
    assert close(by_db.overall.f1_exact, 0.4)
    export_to(root, None, tmp_path / "ann.json", selection=_sel("ann"), include_text=True)
    export_to(root, None, tmp_path / "bo.jsonl", fmt="jsonl", selection=_sel("bo"), include_text=True)
    by_files = from_files(tmp_path / "ann.json", tmp_path / "bo.jsonl").report()
    assert by_files.to_dict()["overall"] == by_db.to_dict()["overall"]
    assert by_files.reviewers == ("ann", "bo")
    # without texts, the corpus folder gives the lengths
    export_to(root, None, tmp_path / "ann2.json", selection=_sel("ann"))
    export_to(root, None, tmp_path / "bo2.json", selection=_sel("bo"))
    with pytest.raises(UserError) as info:
        from_files(tmp_path / "ann2.json", tmp_path / "bo2.json")
    assert "--include-text" in str(info.value)
    assert from_files(tmp_path / "ann2.json", tmp_path / "bo2.json", root).report().to_dict()["overall"] == \
        by_db.to_dict()["overall"]


def _sel(reviewer: str):
    from jingtui.export.run import Selection

    return Selection(reviewer=reviewer)


def test_cli_agree_table_and_json(two_reviewers: Path, tmp_path: Path, capsys, terminal_width: int) -> None:
    assert main(["agree", str(two_reviewers), "--reviewers", "ann,bo"]) == 0
    out = capsys.readouterr().out
    assert "kappa" in out and "overall" in out and "metric" in out and "character" in out
    assert "F1 exact" in out and "0.400" in out
    assert_readable(out, terminal_width)
    assert main(["agree", str(two_reviewers), "--reviewers", "ann,bo", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reviewers"] == ["ann", "bo"] and close(data["overall"]["f1_exact"], 0.4)
    assert set(data["by_label"]) == set(LABELS) and len(data["by_article"]) == 2
    assert "not the unitizing" in data["method"]["alpha"]
    export_to(two_reviewers, None, tmp_path / "a.json", selection=_sel("ann"), include_text=True)
    export_to(two_reviewers, None, tmp_path / "b.json", selection=_sel("bo"), include_text=True)
    assert main(["agree", "--files", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"] == data["overall"]


@pytest.mark.parametrize("argv, expected", [
    (["--reviewers", "ann"], "two or three reviewers"),
    (["--reviewers", "ann,zed"], "no claims by reviewer 'zed'"),
    (["--reviewers", "ann,ann"], "two different"),
    ([], "two or three reviewers"),
])
def test_cli_agree_bad_arguments(two_reviewers: Path, capsys, argv, expected) -> None:
    assert main(["agree", str(two_reviewers), *argv]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1
