"""Suggestions against the hand-made gold set of the five seeds (tests/data/gold/seeds.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jingtui.errors import UserError
from jingtui.suggest import Suggestion
from jingtui.suggest.evaluate import GoldClaim, evaluate, locate, overlaps, read_gold

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "data" / "gold" / "seeds.jsonl"


@pytest.fixture(scope="module")
def seed_evaluation(tmp_path_factory):
    import shutil

    from jingtui.commands.suggest_cmd import suggestions_for

    root = tmp_path_factory.mktemp("seeds")
    shutil.copytree(REPO / "data" / "seeds", root, dirs_exist_ok=True)
    per_article = suggestions_for(root)
    gold = read_gold(GOLD)
    texts = {p: per_article[p][0] for p in per_article}
    return evaluate(texts, {p: per_article[p][1] for p in per_article}, gold), gold


def test_gold_file_is_well_formed():
    gold = read_gold(GOLD)
    assert len(gold) >= 250
    assert {g.label for g in gold} == {"metric", "slogan", "anecdote"}
    assert len({g.path for g in gold}) == 5
    assert all(g.quote.strip() for g in gold)


def test_gold_quotes_are_found_in_the_cleaned_text(seed_evaluation):
    evaluation, gold = seed_evaluation
    assert len(evaluation.unlocated) <= 0.03 * len(gold), [g.quote for g in evaluation.unlocated]


def test_goals_on_the_seeds(seed_evaluation):
    evaluation, _ = seed_evaluation
    metric = evaluation.scores["metric"]
    slogan = evaluation.scores["slogan"]
    assert metric.recall >= 0.9
    assert metric.precision >= 0.8
    assert slogan.recall >= 0.7


def test_overlap_rule_is_half_of_the_shorter_span():
    assert overlaps((0, 10), (5, 100))  # 5 of the shorter 10
    assert not overlaps((0, 10), (6, 100))
    assert overlaps((3, 5), (0, 100))
    assert not overlaps((0, 5), (5, 10))


def test_locate_folds_ascii_punctuation_and_finds_every_occurrence():
    text = "做到“两个维护”，又做到“两个维护”"
    assert locate(text, "“两个维护”") == [(2, 8), (12, 18)]
    assert locate("甲，乙", "甲,乙") == [(0, 3)]
    assert locate("甲乙", "丙") == []


def test_evaluate_counts():
    text = "破获案件871起，同比提升16%。“两个维护”"
    gold = [GoldClaim("a", "metric", "破获案件871起"), GoldClaim("a", "metric", "同比提升16%"),
            GoldClaim("a", "slogan", "“两个维护”"), GoldClaim("a", "slogan", "不存在")]
    mine = [Suggestion("metric", 0, 8, text[0:8], 0.9, "r"), Suggestion("slogan", 0, 4, text[0:4], 0.5, "r")]
    ev = evaluate({"a": text}, {"a": mine}, gold)
    assert ev.scores["metric"].precision == 1.0 and ev.scores["metric"].recall == 0.5
    assert ev.scores["slogan"].precision == 0.0 and ev.scores["slogan"].recall == 0.0
    assert [g.quote for g in ev.unlocated] == ["不存在"]


def test_bad_gold_file_is_a_user_error(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"path": "a"}\n', encoding="utf-8")
    with pytest.raises(UserError, match="Line 1"):
        read_gold(bad)
    with pytest.raises(UserError):
        read_gold(tmp_path / "missing.jsonl")


def test_cli_eval_and_json(tmp_path, capsys):
    import shutil

    from jingtui.cli import main

    root = tmp_path / "seeds"
    shutil.copytree(REPO / "data" / "seeds", root)
    assert main(["suggest", str(root), "--eval", str(GOLD), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    by_label = {row["label"]: row for row in report["labels"]}
    assert by_label["metric"]["recall"] >= 0.9 and by_label["metric"]["precision"] >= 0.8
    assert by_label["slogan"]["recall"] >= 0.7
    assert "50%" in report["rule"]


def test_slogan_goal_holds_without_the_lexicon(tmp_path):
    """The lexicon shares formulas with the seeds; the structural rules alone must meet the goal too."""
    import shutil

    from jingtui.commands.suggest_cmd import cleaned_articles
    from jingtui.suggest import SloganLexicon, suggest_claims

    root = tmp_path / "seeds"
    shutil.copytree(REPO / "data" / "seeds", root)
    texts = {a.path: c.text for a, c in cleaned_articles(root)}
    empty = SloganLexicon.from_entries([])
    found = {p: suggest_claims(t, lexicon=empty, labels=("slogan",)) for p, t in texts.items()}
    evaluation = evaluate(texts, found, read_gold(GOLD), ("slogan",))
    assert evaluation.scores["slogan"].recall >= 0.7
