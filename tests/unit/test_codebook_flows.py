"""The codebook through the core: claims keep code ids and versions, article variables, export, import,
suggestions mapped to codes, stats per code and per variable value."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import orjson
import pytest

from conftest import REPO, SEEDS
from jingtui.cli import main
from jingtui.codebook import load_codebook, parse_codebook
from jingtui.store.claims import ClaimStore
from jingtui.store.model import make_claim
from jingtui.suggest.code_stats import by_variable, code_counts, unknown_codes
from jingtui.suggest.corpus import corpus_suggestions
from jingtui.workspace import Cleaner, read_article

SCHEMA = json.loads((REPO / "tui" / "jingtui" / "data" / "export.schema.json").read_text(encoding="utf-8"))

CODEBOOK = """\
# 我们的编码表
[[codes]]
id = "econ"
name = "经济"
key = "4"

[[codes]]
id = "prices"   # 物价
name = "物价"
parent = "econ"
suggested_by = "metric"

[[codes.fields]]
id = "value"
type = "number"

[[codes]]
id = "formula"
name = "提法"
suggested_by = "slogan"

[[variables]]
id = "genre"
name = "体裁"
type = "choice"
choices = ["消息", "评论"]

[[variables]]
id = "level"
type = "choice"
choices = ["中央", "省"]
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seeds with a codebook and claims of its codes, one of a code the codebook no longer has."""
    root = tmp_path / "corpus"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    (root / "codebook.toml").write_text(CODEBOOK, encoding="utf-8")
    book = load_codebook(root)
    rels = sorted(p.name for p in root.glob("*.txt"))
    cleaner = Cleaner(root)
    with ClaimStore.open(root / ".jingtui" / "annotations.json") as store:
        for i, rel in enumerate(rels[:2]):
            clean = cleaner.clean(read_article(root, rel))
            for start, end, label in ((20, 35, "prices"), (40, 52, "econ"), (60, 90, "gone")):
                claim = make_claim(rel, clean.text, start + i, end + i, label, text_sha256=clean.sha256,
                                   reviewer="ann", codebook_version=book.version)
                if label == "prices":
                    claim.fields = {"value": 3}
                store.add(claim)
        store.set_state(rels[0], variables={"genre": "评论"})
        store.set_state(rels[1], variables={"genre": "消息", "level": "省"})
    return root


def test_claims_keep_their_version_and_variables_survive_reopening(corpus: Path) -> None:
    with ClaimStore.open(corpus / ".jingtui" / "annotations.json", read_only=True) as store:
        claims = store.claims()
        assert {c.codebook_version for c in claims} == {load_codebook(corpus).version}
        assert store.get_state(min(p.name for p in corpus.glob("*.txt"))).variables == {"genre": "评论"}


def test_a_database_from_before_codebooks_opens_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    with ClaimStore.open(db) as store:
        store.add(make_claim("a.txt", "今年增长百分之五", 0, 4, "metric", text_sha256="x"))
    data = orjson.loads(db.read_bytes())  # write the document as an older jingtui did: no codebook_version
    for doc in data["claims"].values():
        del doc["codebook_version"]
    db.write_bytes(orjson.dumps(data))
    with ClaimStore.open(db) as store:
        (claim,) = store.claims()
        assert claim.label == "metric" and claim.codebook_version == "" and claim.quote == "今年增长"
        assert store.get_state("a.txt").variables == {}


def test_export_carries_codebook_paths_versions_and_variables(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.json"
    assert main(["export", str(corpus), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert [c["path"] for c in data["codebook"]["codes"]] == ["经济", "经济/物价", "提法"]
    assert data["labels"][:3] == ["econ", "prices", "formula"] and "gone" in data["labels"]
    claims = [c for a in data["articles"] for c in a["claims"]]
    paths = {c["label"]: c["code_path"] for c in claims}
    assert paths == {"prices": "经济/物价", "econ": "经济", "gone": "gone"}
    assert {c["codebook_version"] for c in claims} == {data["codebook"]["version"]}
    assert data["articles"][0]["variables"] == {"genre": "评论"}
    csv_out = tmp_path / "out.csv"
    assert main(["export", str(corpus), "-o", str(csv_out), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"))))
    assert {r["code_path"] for r in rows} == {"经济/物价", "经济", "gone"}
    assert main(["export", str(corpus), "--label", "经济", "--format", "jsonl"]) == 0  # a path, with the codes below
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert {line["label"] for line in lines} == {"econ", "prices"}


def test_import_merges_codes_into_the_codebook_and_reports_conflicts(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.json"
    assert main(["export", str(corpus), "-o", str(out)]) == 0
    other = tmp_path / "other"
    shutil.copytree(SEEDS, other, ignore=shutil.ignore_patterns(".jingtui"))
    assert main(["import", str(out), str(other)]) == 0  # no codebook there: one is made, default codes first
    said = capsys.readouterr().out
    assert "Added to the codebook" in said
    book = load_codebook(other)
    assert book.ids[:3] == ("metric", "slogan", "anecdote")
    assert {"econ", "prices", "formula", "gone"} <= set(book.ids) and book.path_of("prices") == "经济/物价"
    assert [v.id for v in book.variables] == ["genre", "level"]
    with ClaimStore.open(other / ".jingtui" / "annotations.json", read_only=True) as store:
        second = sorted(p.name for p in other.glob("*.txt"))[1]
        assert store.get_state(second).variables == {"genre": "消息", "level": "省"}
    # Ours differs: our name is kept, the difference said; our comments stay.
    renamed = CODEBOOK.replace('name = "经济"', 'name = "经济类"')
    (other / "codebook.toml").write_text("# 注释\n" + renamed, encoding="utf-8")
    assert main(["import", str(out), str(other), "--reviewer", "bo"]) == 0
    said = capsys.readouterr().out
    assert "Code econ is named '经济类' here and '经济' in" in said
    text = (other / "codebook.toml").read_text(encoding="utf-8")
    assert text.startswith("# 注释\n") and "# 物价" in text and parse_codebook(text).name_of("econ") == "经济类"


def test_import_with_a_broken_codebook_in_the_file_changes_nothing(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.json"
    assert main(["export", str(corpus), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["codebook"]["codes"][1]["parent"] = "nowhere"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    other = tmp_path / "other"
    shutil.copytree(SEEDS, other, ignore=shutil.ignore_patterns(".jingtui"))
    assert main(["import", str(out), str(other)]) == 2
    assert "code 'prices' has the parent 'nowhere'" in capsys.readouterr().err
    assert not (other / "codebook.toml").exists() and not (other / ".jingtui" / "annotations.json").exists()


def test_suggestions_are_labelled_with_the_code_of_their_detector(corpus: Path) -> None:
    found = corpus_suggestions(corpus, reviewed=False)
    labels = {s.label for _text, suggestions in found.values() for s in suggestions}
    assert labels == {"prices", "formula"}  # anecdote: no code names its detector, so it does not run
    raw = corpus_suggestions(corpus, reviewed=False, as_codes=False)
    assert {s.label for _t, ss in raw.values() for s in ss} == {"metric", "slogan", "anecdote"}


def test_figures_per_code_roll_up_and_per_variable_value(corpus: Path, capsys) -> None:
    book = load_codebook(corpus)
    with ClaimStore.open(corpus / ".jingtui" / "annotations.json", read_only=True) as store:
        claims = store.claims()
    rows = {c.id: c for c in code_counts(book, claims)}
    assert (rows["econ"].claims, rows["econ"].rolled_up, rows["prices"].claims) == (2, 4, 2)
    assert not rows["gone"].known and unknown_codes(book, claims) == {"gone": 2}
    rels = sorted(p.name for p in corpus.glob("*.txt"))
    values = by_variable(book, {rels[0]: {"genre": "评论"}, rels[1]: {"genre": "消息"}}, claims, rels)
    genre = {v.value: v for v in values["genre"]}
    assert genre["评论"].articles == 1 and genre["评论"].claims == 3 and genre["评论"].per_code["prices"] == 1
    assert genre["(not set)"].articles == 3
    assert main(["stats", str(corpus), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["path"] for c in data["codes"]][:3] == ["经济", "经济/物价", "提法"]
    assert {v["value"] for v in data["variables"]["level"]} == {"中央", "省", "(not set)"}
    assert main(["codebook", str(corpus)]) == 0
    assert "gone (2)" in capsys.readouterr().out
