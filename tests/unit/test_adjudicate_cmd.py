"""``jingtui adjudicate`` from the command line, the figures of ``jingtui agree`` against the consensus, and the
export of the consensus alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from conftest import SEEDS
from jingtui.cli import main
from jingtui.store.claims import ClaimStore
from jingtui.store.model import make_claim
from jingtui.workspace import Cleaner, read_article

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "tui" / "jingtui" / "data" / "export.schema.json")
                    .read_text(encoding="utf-8"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Seeds copy; ann and bo code two articles: one agreed claim, a span, a code and a missing disagreement."""
    root = tmp_path / "c"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    rels = sorted(p.name for p in root.glob("*.txt"))
    cleaner = Cleaner(root)
    with ClaimStore.open(root / ".jingtui" / "annotations.json") as store:
        for rel in rels[:2]:
            clean = cleaner.clean(read_article(root, rel))
            for reviewer, spans in (("ann", [(10, 20, "metric"), (30, 40, "slogan"), (60, 70, "metric")]),
                                    ("bo", [(10, 20, "metric"), (32, 40, "slogan"), (60, 70, "anecdote"),
                                            (80, 90, "slogan")])):
                for s, e, label in spans:
                    store.add(make_claim(rel, clean.text, s, e, label, text_sha256=clean.sha256, reviewer=reviewer))
    return root


def run_json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_listing_accept_agreed_agree_and_export(corpus: Path, tmp_path: Path, capsys) -> None:
    data = run_json(capsys, "adjudicate", str(corpus), "--reviewers", "ann,bo", "--json")
    assert data["counts"] == {"disagreements": 6, "settled": 0, "left": 6, "agreed": 2, "accepted": 0}
    first = data["articles"][0]
    assert [d["kinds"] for d in first["disagreements"]] == [["span"], ["code"], ["missing"]]
    assert first["disagreements"][0]["versions"]["bo"][0]["start"] == 32
    before = run_json(capsys, "agree", str(corpus), "--reviewers", "ann,bo", "--json")
    assert before["consensus"] is None and len(before["pairs"]) == 1

    assert main(["adjudicate", str(corpus), "--reviewers", "ann,bo", "--accept-agreed", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["accepted"] == 2
    after = run_json(capsys, "agree", str(corpus), "--reviewers", "ann,bo", "--json")
    assert after["overall"] == before["overall"]  # the pair's figures are those before adjudication
    assert after["consensus"]["name"] == "consensus" and after["consensus"]["progress"]["left"] == 6
    assert set(after["consensus"]["against"]) == {"ann", "bo"}
    assert after["consensus"]["against"]["ann"]["by_label"]["metric"]["claims_b"] == 2

    out = tmp_path / "consensus.json"
    assert main(["export", str(corpus), "--reviewer", "consensus", "-o", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(exported, SCHEMA)
    claims = [c for art in exported["articles"] for c in art["claims"]]
    assert len(claims) == 2 and {c["origin"] for c in claims} == {"adjudicated"}
    assert all(c["fields"]["adjudication"]["decision"] == "agreed" for c in claims)


@pytest.mark.parametrize("argv, expected", [
    (["--reviewers", "ann,zed"], "no claims by reviewer 'zed'"),
    (["--reviewers", "ann"], "two or three reviewers"),
    (["--reviewers", "ann,bo", "--as", "bo"], "one of the reviewers"),
])
def test_bad_input_is_one_sentence(corpus: Path, capsys, argv, expected) -> None:
    assert main(["adjudicate", str(corpus), *argv, "--json"]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1


def test_a_consensus_name_with_manual_claims_needs_force(corpus: Path, capsys) -> None:
    assert main(["adjudicate", str(corpus), "--reviewers", "ann,bo", "--as", "ann2", "--json"]) == 0
    capsys.readouterr()
    rel = min(p.name for p in corpus.glob("*.txt"))
    clean = Cleaner(corpus).clean(read_article(corpus, rel))
    with ClaimStore.open(corpus / ".jingtui" / "annotations.json") as store:
        store.add(make_claim(rel, clean.text, 0, 5, "metric", text_sha256=clean.sha256, reviewer="chair"))
    assert main(["adjudicate", str(corpus), "--reviewers", "ann,bo", "--as", "chair", "--json"]) == 2
    err = capsys.readouterr().err
    assert "made by hand" in err and "--force" in err
    assert main(["adjudicate", str(corpus), "--reviewers", "ann,bo", "--as", "chair", "--force", "--json"]) == 0


def test_agree_rolls_codes_up_to_their_parents(corpus: Path, capsys) -> None:
    (corpus / "codebook.toml").write_text(
        "[[codes]]\nid = 'metric'\n\n[[codes]]\nid = 'talk'\n\n[[codes]]\nid = 'slogan'\nparent = 'talk'\n\n"
        "[[codes]]\nid = 'anecdote'\nparent = 'talk'\n", encoding="utf-8")
    data = run_json(capsys, "agree", str(corpus), "--reviewers", "ann,bo", "--json")
    assert set(data["by_parent"]) == {"talk"}
    talk = data["by_parent"]["talk"]
    # ann: slogan [30,40) per article; bo: slogan [32,40), anecdote [60,70), slogan [80,90) per article
    assert (talk["claims_a"], talk["claims_b"]) == (2, 6)
    assert main(["agree", str(corpus), "--reviewers", "ann,bo"]) == 0
    assert "Rolled up" in capsys.readouterr().out


def test_without_json_the_app_opens_on_the_adjudication(corpus: Path, monkeypatch) -> None:
    from jingtui.app.app import JingtuiApp

    seen = {}

    def run(self: JingtuiApp) -> None:  # instead of the screen: what it would open, then the store closed
        seen.update(adjudicate=self.adjudicate_at_start, db=self.db_path)
        self.store.close()

    monkeypatch.setattr(JingtuiApp, "run", run)
    assert main(["adjudicate", str(corpus), "--reviewers", "ann,bo", "--as", "final"]) == 0
    assert seen["adjudicate"] == (("ann", "bo"), "final")
    assert Path(seen["db"]) == corpus / ".jingtui" / "annotations.json"
