"""Export from a real store over the seeds, import back, round trip, bad input, and the CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, SEEDS
from jingtui.cli import main
from jingtui.errors import UserError
from jingtui.export import export_corpus, export_to
from jingtui.export.importer import import_claims, prepare_import, read_export
from jingtui.export.run import Selection
from jingtui.store.claims import ClaimStore
from jingtui.store.model import make_claim
from jingtui.workspace import Cleaner, read_article

SCHEMA = json.loads((REPO / "tui" / "jingtui" / "data" / "export.schema.json").read_text(encoding="utf-8"))
DOC_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
LINE_VALIDATOR = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/line"})
COMPARED = ("id", "label", "start", "end", "quote", "prefix", "suffix", "original_start", "original_end",
            "original_quote", "note", "reviewer", "origin", "status", "created_at", "updated_at", "fields")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the seeds with a database: claims by two reviewers, a note, fields, a done article."""
    root = tmp_path / "语料 seeds"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    rels = sorted(p.name for p in root.glob("*.txt"))
    cleaner = Cleaner(root)
    store = ClaimStore.open(root / ".jingtui" / "annotations.json")
    try:
        for i, rel in enumerate(rels[:3]):
            clean = cleaner.clean(read_article(root, rel))
            for j, (start, end, label) in enumerate(((20, 35, "metric"), (40, 52, "slogan"), (60, 90, "anecdote"))):
                start, end = start + i, end + i
                claim = make_claim(rel, clean.text, start, end, label, text_sha256=clean.sha256,
                                   original_span=clean.to_original.to_original(start, end),
                                   reviewer="ann" if j != 2 else "bo", note="注：第一" if j == 0 else "")
                if label == "metric":
                    claim.fields = {"value": 5.2, "unit": "%"}
                store.add(claim)
        store.set_state(rels[0], done=True)
        store.set_state(rels[4], done=True)  # done, no claims
    finally:
        store.close()
    return root


def _db(root: Path) -> Path:
    return root / ".jingtui" / "annotations.json"


def _export_doc(root: Path, db: Path | None = None, **kwargs) -> dict:
    out = io.StringIO()
    export_to(root, db, None, stdout=out, **kwargs)
    doc = json.loads(out.getvalue())
    DOC_VALIDATOR.validate(doc)
    return doc


def _claims_of(doc: dict) -> dict:
    return {c["id"]: (a["path"], {k: c[k] for k in COMPARED}) for a in doc["articles"] for c in a["claims"]}


def _db_bytes(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db.parent.glob(db.name + "*") if not p.name.endswith(".lock")}


# ------------------------------------------------------------------------------------------ export


def test_json_export_of_the_store_lists_claims_and_done_articles(corpus: Path) -> None:
    doc = _export_doc(corpus)
    rels = sorted(p.name for p in corpus.glob("*.txt"))
    assert [a["path"] for a in doc["articles"]] == [rels[0], rels[1], rels[2], rels[4]]
    assert doc["labels"] == ["metric", "slogan", "anecdote"]
    first = doc["articles"][0]
    assert first["done"] is True and first["title"] == "沧州公安丨仰望2021星芒 追寻2022荣光"
    assert first["script"] == "simplified" and len(first["text_sha256"]) == 64
    assert doc["articles"][3]["claims"] == [] and doc["articles"][3]["done"] is True
    original = read_article(corpus, rels[0]).original
    for claim in first["claims"]:
        assert claim["original_quote"] == original[claim["original_start"]:claim["original_end"]]
        assert claim["original_quote"]
    assert sum(len(a["claims"]) for a in doc["articles"]) == 9


def test_include_text_carries_the_cleaned_text_and_offsets_match(corpus: Path) -> None:
    doc = _export_doc(corpus, include_text=True)
    for article in doc["articles"]:
        assert "text" in article
        for claim in article["claims"]:
            assert article["text"][claim["start"]:claim["end"]] == claim["quote"]


def test_filters_label_reviewer_done_article(corpus: Path) -> None:
    rels = sorted(p.name for p in corpus.glob("*.txt"))
    doc = _export_doc(corpus, selection=Selection(label="metric"))
    assert {c["label"] for a in doc["articles"] for c in a["claims"]} == {"metric"}
    assert len(doc["articles"]) == 3  # done-without-claims articles only without label/reviewer filters
    doc = _export_doc(corpus, selection=Selection(reviewer="bo"))
    assert {c["reviewer"] for a in doc["articles"] for c in a["claims"]} == {"bo"}
    assert sum(len(a["claims"]) for a in doc["articles"]) == 3
    doc = _export_doc(corpus, selection=Selection(done_only=True))
    assert [a["path"] for a in doc["articles"]] == [rels[0], rels[4]]
    doc = _export_doc(corpus, selection=Selection(article=rels[1]))
    assert [a["path"] for a in doc["articles"]] == [rels[1]]


def test_export_corpus_for_the_dialog_writes_each_format_with_progress(corpus: Path, tmp_path: Path) -> None:
    rels = sorted(p.name for p in corpus.glob("*.txt"))
    calls = []
    for fmt, ext in (("json", "json"), ("jsonl", "jsonl"), ("csv", "csv"), ("w3c", "jsonld")):
        out = tmp_path / f"out.{ext}"
        result = export_corpus(corpus, _db(corpus), out, fmt=fmt, progress=lambda d, t: calls.append((d, t)))
        assert result.path == out and result.claims == 9 and result.articles == 4
        assert out.exists()
    assert calls[0] == (0, 4) and calls[-1] == (4, 4)
    result = export_corpus(corpus, _db(corpus), tmp_path / "one.json", fmt="json", scope="article", article=rels[2])
    assert (result.claims, result.articles) == (3, 1)
    result = export_corpus(corpus, _db(corpus), tmp_path / "done.json", fmt="json", scope="done")
    assert (result.claims, result.articles) == (3, 2)
    with pytest.raises(UserError):
        export_corpus(corpus, _db(corpus), tmp_path / "x.json", fmt="json", scope="article", article=None)
    with pytest.raises(UserError):
        export_corpus(corpus, _db(corpus), tmp_path / "x.json", fmt="xml")


def test_export_never_writes_over_the_database_even_with_force(corpus: Path) -> None:
    before = _db_bytes(_db(corpus))
    with pytest.raises(UserError) as info:
        export_to(corpus, None, _db(corpus), force=True)
    assert "database itself" in str(info.value)
    assert _db_bytes(_db(corpus)) == before


def test_export_without_database_is_one_sentence(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    with pytest.raises(UserError) as info:
        export_to(root, None, None, stdout=io.StringIO())
    assert "no annotation database" in str(info.value)
    assert not (root / ".jingtui" / "annotations.json").exists()


# ---------------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_round_trip_export_import_export_keeps_the_claims(corpus: Path, tmp_path: Path, fmt: str) -> None:
    before = _export_doc(corpus)
    out = tmp_path / f"export.{fmt}"
    export_to(corpus, None, out, fmt=fmt)
    fresh = tmp_path / "fresh" / "annotations.json"
    with ClaimStore.open(fresh) as store:
        report = import_claims(out, corpus, store)
    assert (report.added, report.skipped, report.orphaned) == (9, 0, 0)
    after = _export_doc(corpus, fresh)
    assert _claims_of(after) == _claims_of(before)
    # importing again adds nothing
    with ClaimStore.open(fresh) as store:
        again = import_claims(out, corpus, store)
        assert len(store) == 9
    assert (again.added, again.skipped) == (0, 9)


def test_jsonl_lines_validate(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    export_to(corpus, None, out, fmt="jsonl", include_text=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 9
    for line in lines:
        LINE_VALIDATOR.validate(json.loads(line))


def test_import_into_the_same_database_skips_duplicates_and_new_reviewer_adds(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.json"
    export_to(corpus, None, out)
    with ClaimStore.open(_db(corpus)) as store:
        report = import_claims(out, corpus, store)
        assert (report.added, report.skipped) == (0, 9)
        # as another reviewer: same spans, new reviewer -> not duplicates, but the ids are known -> skipped
        report = import_claims(out, corpus, store, reviewer="cy")
        assert (report.added, report.skipped) == (0, 9)
    # strip the ids: the claims of "cy" are new, then duplicates on a second import
    doc = json.loads(out.read_text(encoding="utf-8"))
    for article in doc["articles"]:
        for claim in article["claims"]:
            claim["id"] = ""
    no_ids = tmp_path / "no_ids.json"
    no_ids.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with ClaimStore.open(_db(corpus)) as store:
        report = import_claims(no_ids, corpus, store, reviewer="cy")
        assert (report.added, report.skipped) == (9, 0)
        assert {c.reviewer for c in store.claims()} == {"ann", "bo", "cy"}
        report = import_claims(no_ids, corpus, store, reviewer="cy")
        assert (report.added, report.skipped) == (0, 9)


def test_import_re_anchors_on_a_changed_text_and_keeps_orphans(corpus: Path, tmp_path: Path) -> None:
    rels = sorted(p.name for p in corpus.glob("*.txt"))
    out = tmp_path / "e.json"
    export_to(corpus, None, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    target = doc["articles"][1]
    # one claim whose quote no longer exists anywhere -> orphan; its offsets are kept
    lost = target["claims"][0]
    length = lost["end"] - lost["start"]
    lost["quote"] = "这句话在文章里根本不存在啊"[:length].ljust(length, "某")
    lost["prefix"] = lost["suffix"] = ""
    lost["label"] = "metric"
    # edit the article: insert text at the top so the other claims move
    path = corpus / rels[1]
    path.write_text("新加的一段开头文字。\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "fresh" / "annotations.json"
    with ClaimStore.open(fresh) as store:
        report = import_claims(edited, corpus, store)
        assert (report.added, report.orphaned) == (9, 1)
        clean = Cleaner(corpus).clean(read_article(corpus, rels[1]))
        for claim in store.claims(article=rels[1]):
            if claim.status == "active":
                assert clean.text[claim.start:claim.end] == claim.quote
                assert claim.text_sha256 == clean.sha256
            else:
                assert claim.quote == target["claims"][0]["quote"]


# ----------------------------------------------------------------------------------- bad input


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _bad_files(corpus: Path, tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.json"
    export_to(corpus, None, good)
    text = good.read_text(encoding="utf-8")
    doc = json.loads(text)
    versioned = dict(doc, version=99)
    missing = json.loads(text)
    missing["articles"][1]["path"] = "不在这里.txt"
    bad_claim = json.loads(text)
    bad_claim["articles"][0]["claims"][1]["end"] = bad_claim["articles"][0]["claims"][1]["start"] + 1000
    jsonl = tmp_path / "good.jsonl"
    export_to(corpus, None, jsonl, fmt="jsonl")
    jsonl_lines = jsonl.read_text(encoding="utf-8").splitlines()
    return {
        "foreign": _write(tmp_path / "foreign.json", '{"name": "not ours", "articles": []}'),
        "csv": _write(tmp_path / "other.csv", "a,b\n1,2\n"),
        "truncated": _write(tmp_path / "truncated.json", text[: len(text) // 2]),
        "version": _write(tmp_path / "version.json", json.dumps(versioned, ensure_ascii=False)),
        "missing": _write(tmp_path / "missing.json", json.dumps(missing, ensure_ascii=False)),
        "bad_claim": _write(tmp_path / "bad_claim.json", json.dumps(bad_claim, ensure_ascii=False)),
        "jsonl_truncated": _write(tmp_path / "cut.jsonl", "\n".join(jsonl_lines[:-1]) + "\n" + jsonl_lines[-1][:40]),
        "empty": _write(tmp_path / "empty.json", ""),
    }


EXPECTED = {
    "foreign": "is not a jingtui export",
    "csv": "is not a jingtui export",
    "truncated": "is cut short",
    "version": "format version 99",
    "missing": "has claims for 不在这里.txt, which is not in",
    "bad_claim": "has a quote of",
    "jsonl_truncated": "is not complete JSON",
    "empty": "is not a jingtui export",
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_bad_input_is_one_sentence_and_changes_nothing(corpus: Path, tmp_path: Path, kind: str) -> None:
    bad = _bad_files(corpus, tmp_path)[kind]
    db = _db(corpus)
    before = _db_bytes(db)
    with ClaimStore.open(db) as store:
        count = len(store)
        with pytest.raises(UserError) as info:
            import_claims(bad, corpus, store)
        assert len(store) == count
    message = str(info.value)
    assert EXPECTED[kind] in message
    assert "\n" not in message and message.endswith(".")
    assert _db_bytes(db) == before
    # through the CLI into a new database: exit 2, one line, no database created
    fresh = tmp_path / "new" / "annotations.json"
    assert main(["import", str(bad), str(corpus), "--db", str(fresh)]) == 2
    assert not fresh.parent.exists()


def test_bad_input_via_cli_prints_one_sentence(corpus: Path, tmp_path: Path, capsys) -> None:
    bad = _bad_files(corpus, tmp_path)["truncated"]
    capsys.readouterr()
    assert main(["import", str(bad), str(corpus)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("jingtui: ") and err.count("\n") == 0 and "cut short" in err


def test_read_export_reads_json_and_jsonl_alike(corpus: Path, tmp_path: Path) -> None:
    export_to(corpus, None, tmp_path / "a.json")
    export_to(corpus, None, tmp_path / "a.jsonl", fmt="jsonl")
    a, b = read_export(tmp_path / "a.json"), read_export(tmp_path / "a.jsonl")
    assert [(k, len(v.claims)) for k, v in a.articles.items() if v.claims] == [
        (k, len(v.claims)) for k, v in b.articles.items()]
    assert len(prepare_import(tmp_path / "a.jsonl", corpus)) == 9


def test_read_export_reads_a_json_export_saved_with_a_bom_or_a_lone_surrogate(corpus: Path, tmp_path: Path) -> None:
    """A file an editor saved with a BOM, or with an escaped lone surrogate in a note, reads as the original."""
    export_to(corpus, None, tmp_path / "a.json")
    raw = (tmp_path / "a.json").read_bytes()
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + raw)
    odd = raw.replace("注：第一".encode(), b"\\udc80", 1)
    assert odd != raw
    (tmp_path / "odd.json").write_bytes(odd)
    plain, bom, lone = (read_export(tmp_path / name) for name in ("a.json", "bom.json", "odd.json"))
    assert plain.articles == bom.articles
    notes = [c["note"] for a in lone.articles.values() for c in a.claims if c["note"]]
    assert "\udc80" in notes


# ------------------------------------------------------------------------------------------ CLI


def test_cli_export_to_stdout_is_json_with_chinese_unescaped(corpus: Path, capsys) -> None:
    assert main(["export", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "沧州公安" in out and "\\u" not in out
    DOC_VALIDATOR.validate(json.loads(out))


def test_cli_export_each_format_to_a_file_and_refuses_foreign_files(corpus: Path, tmp_path: Path, capsys) -> None:
    for fmt in ("json", "jsonl", "csv", "w3c"):
        out = tmp_path / f"x.{fmt}"
        assert main(["export", str(corpus), "-o", str(out), "--format", fmt]) == 0
        assert out.exists()
    with open(tmp_path / "x.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 9 and rows[0]["title"] == "沧州公安丨仰望2021星芒 追寻2022荣光"
    assert (tmp_path / "x.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    w3c = json.loads((tmp_path / "x.w3c").read_text(encoding="utf-8"))
    assert len(w3c["first"]["items"]) == 9
    foreign = _write(tmp_path / "notes.txt", "my notes\n")
    capsys.readouterr()
    assert main(["export", str(corpus), "-o", str(foreign)]) == 2
    assert "--force" in capsys.readouterr().err
    assert foreign.read_text(encoding="utf-8") == "my notes\n"
    assert main(["export", str(corpus), "-o", str(foreign), "--force"]) == 0
    assert json.loads(foreign.read_text(encoding="utf-8"))["format"] == "jingtui/annotations"
    assert main(["export", str(corpus), "-o", str(tmp_path / "no" / "where.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_cli_export_filters_and_import_report(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "bo.jsonl"
    assert main(["export", str(corpus), "-o", str(out), "--format", "jsonl", "--reviewer", "bo",
                 "--label", "anecdote", "--done-only"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    capsys.readouterr()
    fresh = tmp_path / "fresh.json"
    assert main(["import", str(out), str(corpus), "--db", str(fresh)]) == 0
    printed = capsys.readouterr().out
    assert "1 added, 0 skipped" in printed and "0 orphaned" in printed
    assert main(["import", str(out), str(corpus), "--db", str(fresh), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["skipped"] == 1


def test_cli_export_of_a_missing_folder(tmp_path: Path, capsys) -> None:
    assert main(["export", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_export_while_the_reader_holds_the_database(corpus: Path, tmp_path: Path) -> None:
    """The app keeps the database open (locked, recent changes only in the journal): export still sees them."""
    rels = sorted(p.name for p in corpus.glob("*.txt"))
    clean = Cleaner(corpus).clean(read_article(corpus, rels[3]))
    with ClaimStore.open(_db(corpus)) as store:
        store.add(make_claim(rels[3], clean.text, 5, 9, "slogan", text_sha256=clean.sha256, reviewer="ann"))
        result = export_corpus(corpus, _db(corpus), tmp_path / "live.json", fmt="json")
        assert result.claims == 10
        doc = json.loads((tmp_path / "live.json").read_text(encoding="utf-8"))
        assert rels[3] in [a["path"] for a in doc["articles"]]


def test_import_adds_unknown_labels_to_the_label_set(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.json"
    export_to(corpus, None, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["articles"][0]["claims"][0]["label"] = "引语"
    relabelled = tmp_path / "relabelled.json"
    relabelled.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "fresh" / "annotations.json"
    with ClaimStore.open(fresh) as store:
        report = import_claims(relabelled, corpus, store)
        assert report.labels_added == ["引语"] and report.added == 9
        assert store.labels() == ("metric", "slogan", "anecdote", "引语")
    assert "引语" in _export_doc(corpus, fresh)["labels"]


# ------------------------------------------------------------------------------ property: round trip

import tempfile  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@pytest.fixture(scope="module")
def seed_corpus(tmp_path_factory) -> tuple[Path, str, str, str]:
    root = tmp_path_factory.mktemp("prop") / "c"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    rel = sorted(p.name for p in root.glob("*.txt"))[2]  # a Traditional seed: offsets differ from the original
    clean = Cleaner(root).clean(read_article(root, rel))
    return root, rel, clean.text, clean.sha256


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 2000), st.integers(1, 60), st.sampled_from(["metric", "slogan", "anecdote"]),
                          st.text(max_size=8)), min_size=1, max_size=12),
       st.sampled_from(["json", "jsonl"]))
def test_round_trip_property(seed_corpus, spans, fmt) -> None:
    root, rel, text, sha = seed_corpus
    clean = Cleaner(root).clean(read_article(root, rel))
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "a" / "annotations.json"
        seen = set()
        with ClaimStore.open(db) as store:
            for start, width, label, note in spans:
                start = min(start, len(text) - 1)
                end = min(len(text), start + width)
                if (start, end, label) in seen:  # the same span, label and reviewer twice: a duplicate
                    continue
                seen.add((start, end, label))
                store.add(make_claim(rel, text, start, end, label, text_sha256=sha, note=note,
                                     original_span=clean.to_original.to_original(start, end)))
        out = Path(folder) / f"e.{fmt}"
        export_to(root, db, out, fmt=fmt)
        fresh = Path(folder) / "b" / "annotations.json"
        with ClaimStore.open(fresh) as store:
            report = import_claims(out, root, store)
        before, after = _export_doc(root, db), _export_doc(root, fresh)
        assert _claims_of(after) == _claims_of(before)
        assert (report.added, report.skipped, report.orphaned) == (len(seen), 0, 0)
        for claim in after["articles"][0]["claims"]:
            assert text[claim["start"]:claim["end"]] == claim["quote"]


def test_cleaning_overrides_are_exported_and_the_text_follows_them(corpus: Path) -> None:
    """A passage the reviewer brought back is in the exported text, and the article says so."""
    from jingtui.clean.overrides import Overrides, bring_back

    rels = sorted(p.name for p in corpus.glob("*.txt"))
    article = read_article(corpus, rels[4])
    clean = Cleaner(corpus).clean(article)
    removed = next(ln for ln in clean.lines if ln.kind == "chrome")
    overrides = bring_back(clean, article.original, Overrides(), removed.original_start)
    store = ClaimStore.open(_db(corpus))
    try:
        store.set_state(rels[4], cleaning_overrides=overrides.as_dict())
    finally:
        store.close()
    doc = _export_doc(corpus, include_text=True)
    exported = next(a for a in doc["articles"] if a["path"] == rels[4])
    assert exported["cleaning_overrides"] == overrides.as_dict()
    assert article.original[removed.original_start:removed.original_end].strip() in exported["text"]
    assert all("cleaning_overrides" not in a for a in doc["articles"] if a["path"] != rels[4])
