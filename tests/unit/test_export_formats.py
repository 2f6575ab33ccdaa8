"""Export formats on hand-made records (pure), the JSON Schema, and the atomic writer."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO
from jingtui.errors import UserError
from jingtui.export.formats import (
    CLAIM_KEYS,
    CSV_FIELD_COLUMNS,
    CSV_HEADER,
    ArticleRecord,
    annotation_id,
    claim_record,
    document_header,
    source_iri,
    write_csv,
    write_json,
    write_jsonl,
    write_w3c,
)
from jingtui.export.writer import atomic_output, check_target, is_ours
from jingtui.store.model import Claim, make_claim

SCHEMA = json.loads((REPO / "tui" / "jingtui" / "data" / "export.schema.json").read_text(encoding="utf-8"))
DOC_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
LINE_VALIDATOR = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/line"})

TEXT = "标题：经济增长\n今年GDP增长5.2%，“撸起袖子加油干”。他说，\"我们\"很好。"
ORIGINAL = "標題：經濟增長\n\n今年GDP增長5.2%，“擼起袖子加油干”。他說，\"我們\"很好。"


def _claims() -> list[Claim]:
    a = make_claim("新闻/一.txt", TEXT, 8, 20, "metric", text_sha256="a" * 64, original_span=(9, 21),
                   reviewer="王", note="增长率, \"引号\"\n第二行")
    a.fields = {"value": 5.2, "unit": "%"}
    b = make_claim("新闻/一.txt", TEXT, 21, 30, "slogan", text_sha256="a" * 64, reviewer="王", origin="suggested")
    c = make_claim("新闻/一.txt", TEXT, 0, 2, "anecdote", text_sha256="a" * 64)
    c.status = "orphaned"
    return [a, b, c]


def _records(include_text: bool = True) -> list[ArticleRecord]:
    claims = _claims()
    first = ArticleRecord(path="新闻/一.txt", title="經濟增長", source="人民网", author=None, date="2024-05-01",
                          encoding="gb18030", script="traditional", text_sha256="a" * 64, done=True,
                          claims=[claim_record(c, ORIGINAL) for c in claims], text=TEXT if include_text else None)
    empty = ArticleRecord(path="b c.txt", done=True)  # done, no claims
    return [first, empty]


def _header() -> dict:
    return document_header(exported_at="2026-01-01T00:00:00.000000Z", corpus="/tmp/语料",
                           labels=["metric", "slogan", "anecdote"])


def test_claim_record_has_every_key_in_order_and_the_original_quote() -> None:
    record = claim_record(_claims()[0], ORIGINAL)
    assert tuple(record) == CLAIM_KEYS
    assert record["quote"] == TEXT[8:20]
    assert record["original_quote"] == ORIGINAL[9:21]
    assert record["fields"] == {"value": 5.2, "unit": "%"}
    # unknown original span -> empty original quote
    assert claim_record(_claims()[1], ORIGINAL)["original_quote"] == ""


@pytest.mark.parametrize("include_text", [False, True])
def test_json_parses_back_validates_and_keeps_chinese_unescaped(include_text: bool) -> None:
    out = io.StringIO()
    count = write_json(out, _header(), _records(include_text), include_text=include_text)
    text = out.getvalue()
    assert count == 3
    assert "经济增长" in text and "\\u" not in text
    doc = json.loads(text)
    DOC_VALIDATOR.validate(doc)
    assert doc["format"] == "jingtui/annotations" and doc["version"] == 1
    assert [a["path"] for a in doc["articles"]] == ["新闻/一.txt", "b c.txt"]
    first = doc["articles"][0]
    assert first["done"] is True and first["date"] == "2024-05-01"
    assert [c["label"] for c in first["claims"]] == ["metric", "slogan", "anecdote"]
    assert first["claims"][0]["note"] == "增长率, \"引号\"\n第二行"
    assert first["claims"][2]["status"] == "orphaned"
    assert doc["articles"][1]["claims"] == []
    assert ("text" in first) is include_text
    if include_text:
        assert first["text"] == TEXT
        claim = first["claims"][0]
        assert first["text"][claim["start"]:claim["end"]] == claim["quote"]


@pytest.mark.parametrize("writer", [write_json, write_jsonl])
def test_bytes_written_to_a_real_file_keep_their_place_after_text(tmp_path: Path, writer) -> None:
    """A UTF-8 file gets the claims as bytes through its buffer: text written before comes first, the
    result is exactly what a text stream (``io.StringIO``) gets."""
    records, header = _records(), _header()
    expected = io.StringIO()
    writer(expected, header, records)
    with open(tmp_path / "out", "w", encoding="utf-8") as handle:
        handle.write("前言\n")  # still in the text layer's buffer when the writer starts
        writer(handle, header, records)
        handle.write("后记\n")
    assert (tmp_path / "out").read_text(encoding="utf-8") == "前言\n" + expected.getvalue() + "后记\n"


def test_a_stream_in_another_encoding_gets_text(tmp_path: Path) -> None:
    with open(tmp_path / "out", "w", encoding="utf-16") as handle:
        write_json(handle, _header(), _records())
    assert json.loads((tmp_path / "out").read_text(encoding="utf-16"))["articles"][0]["title"] == "經濟增長"


def test_json_of_nothing_is_a_valid_document() -> None:
    out = io.StringIO()
    assert write_json(out, _header(), []) == 0
    doc = json.loads(out.getvalue())
    DOC_VALIDATOR.validate(doc)
    assert doc["articles"] == []


def test_schema_rejects_a_document_missing_a_claim_key() -> None:
    out = io.StringIO()
    write_json(out, _header(), _records())
    doc = json.loads(out.getvalue())
    del doc["articles"][0]["claims"][0]["quote"]
    with pytest.raises(jsonschema.ValidationError):
        DOC_VALIDATOR.validate(doc)
    doc = json.loads(out.getvalue())
    doc["version"] = 2
    with pytest.raises(jsonschema.ValidationError):
        DOC_VALIDATOR.validate(doc)


@pytest.mark.parametrize("include_text", [False, True])
def test_jsonl_one_claim_per_line_with_article_fields(include_text: bool) -> None:
    out = io.StringIO()
    assert write_jsonl(out, _header(), _records(), include_text=include_text) == 3
    lines = out.getvalue().splitlines()
    assert len(lines) == 3  # the article without claims has no line
    rows = [json.loads(line) for line in lines]
    for row in rows:
        LINE_VALIDATOR.validate(row)
        assert row["article"] == "新闻/一.txt" and row["source"] == "人民网" and row["done"] is True
        assert ("text" in row) is include_text
    assert [r["label"] for r in rows] == ["metric", "slogan", "anecdote"]
    assert len({r["id"] for r in rows}) == 3
    assert rows[0]["fields"] == {"value": 5.2, "unit": "%"}


def test_csv_has_bom_header_and_reads_back_with_the_csv_module() -> None:
    out = io.StringIO(newline="")
    assert write_csv(out, _header(), _records()) == 3
    raw = out.getvalue()
    assert raw.startswith("\ufeff")
    encoded = raw.encode("utf-8")
    assert encoded.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(encoded.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_HEADER + CSV_FIELD_COLUMNS
    assert len(rows) == 4
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    first = body[0]
    assert first["article"] == "新闻/一.txt" and first["done"] == "true" and first["author"] == ""
    assert first["quote"] == TEXT[8:20]
    assert first["note"] == "增长率, \"引号\"\n第二行"  # commas, quotes and newlines survive
    assert json.loads(first["fields"]) == {"value": 5.2, "unit": "%"}
    assert int(first["start"]) == 8 and int(first["end"]) == 20
    assert body[1]["fields"] == ""
    # the fields also as columns of their own (issue 13): value and unit here, the rest empty
    columns = (first["value"], first["unit"], first["change"], first["period"], first["subject"])
    assert columns == ("5.2", "%", "", "", "")
    assert body[1]["value"] == ""


def test_csv_with_text_adds_a_text_column() -> None:
    out = io.StringIO(newline="")
    write_csv(out, _header(), _records(), include_text=True)
    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"), newline="")))
    assert rows[0][-1] == "text" and rows[1][-1] == TEXT


def test_w3c_collection_with_required_fields_and_selectors() -> None:
    out = io.StringIO()
    assert write_w3c(out, _header(), _records()) == 3
    doc = json.loads(out.getvalue())
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection" and doc["total"] == 3
    items = doc["first"]["items"]
    assert doc["first"]["type"] == "AnnotationPage" and len(items) == 3
    claims = _claims()
    for item in items:
        for key in ("@context", "id", "type", "body", "target"):
            assert key in item
        assert item["type"] == "Annotation"
        assert item["id"].startswith("urn:uuid:")
        tagging = [b for b in item["body"] if b["purpose"] == "tagging"]
        assert len(tagging) == 1 and tagging[0]["type"] == "TextualBody"
        assert item["target"]["source"] == "新闻/一.txt"
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        assert TEXT[position["start"]:position["end"]] == quote["exact"]
        assert quote["prefix"] == TEXT[max(0, position["start"] - 32):position["start"]]
        assert item["created"] and item["modified"]
    first = items[0]
    assert [b["purpose"] for b in first["body"]] == ["tagging", "commenting", "describing"]
    assert first["body"][0]["value"] == "metric"
    assert first["body"][1]["value"] == claims[0].note
    assert json.loads(first["body"][2]["value"]) == {"value": 5.2, "unit": "%"}
    assert first["creator"]["nickname"] == "王"
    assert "creator" not in items[2]  # no reviewer, no creator
    assert items[1]["generator"]["name"] == "jingtui"  # a suggested claim


def test_w3c_ids_and_sources_are_valid_iris() -> None:
    assert annotation_id("0123456789abcdef0123456789abcdef") == "urn:uuid:01234567-89ab-cdef-0123-456789abcdef"
    assert annotation_id("not a uuid") == "urn:jingtui:claim:not%20a%20uuid"
    assert source_iri("新闻/a b#1.txt") == "新闻/a%20b%231.txt"


# -------------------------------------------------------------------------------------- writer


def test_atomic_output_writes_and_replaces_our_own_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with atomic_output(target) as stream:
        write_json(stream, _header(), _records())
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "jingtui/annotations"
    assert is_ours(target)
    with atomic_output(target) as stream:  # ours: replaced without force
        write_json(stream, _header(), [])
    assert json.loads(target.read_text(encoding="utf-8"))["articles"] == []
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text('{"format": "jingtui/annotations", "version": 1}', encoding="utf-8")
    before = target.read_bytes()
    with pytest.raises(RuntimeError), atomic_output(target) as stream:
        stream.write("{half")
        raise RuntimeError("boom")
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.parametrize("content", [
    '{"hello": 1}\n', "name,age\nx,1\n", "just some notes\n",
    '{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection"}',
])
def test_foreign_file_is_refused_without_force(tmp_path: Path, content: str) -> None:
    target = tmp_path / "precious.json"
    target.write_text(content, encoding="utf-8")
    assert not is_ours(target)
    with pytest.raises(UserError) as info:
        check_target(target)
    assert "--force" in str(info.value) and str(info.value).count(".") >= 1
    with pytest.raises(UserError), atomic_output(target) as stream:
        stream.write("x")
    assert target.read_text(encoding="utf-8") == content
    with atomic_output(target, force=True) as stream:
        stream.write("replaced")
    assert target.read_text(encoding="utf-8") == "replaced"


def test_each_of_our_formats_is_recognised_as_ours(tmp_path: Path) -> None:
    for name, writer, newline in (("a.json", write_json, "\n"), ("a.jsonl", write_jsonl, "\n"),
                                  ("a.csv", write_csv, ""), ("a.jsonld", write_w3c, "\n")):
        target = tmp_path / name
        with atomic_output(target, newline=newline) as stream:
            writer(stream, _header(), _records())
        assert is_ours(target), name


def test_missing_folder_and_folder_as_file_are_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        check_target(tmp_path / "nope" / "out.json")
    assert str(info.value) == f"The folder {tmp_path / 'nope'} does not exist; create it first or choose another path."
    with pytest.raises(UserError) as info:
        check_target(tmp_path)
    assert "is a folder" in str(info.value)
    assert not (tmp_path / "nope").exists()


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with atomic_output(target, newline="") as stream:
        write_csv(stream, _header(), _records())
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


# ------------------------------------------------------------------------------- fast encoder

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from jingtui.export.formats import encode_claim  # noqa: E402


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20), st.integers(-1, 10**9),
       st.dictionaries(st.text(max_size=5), st.one_of(st.integers(), st.text(max_size=5), st.none()), max_size=3))
def test_encode_claim_reads_back_as_the_record(text: str, note: str, number: int, fields: dict) -> None:
    record = claim_record(_claims()[0], ORIGINAL)
    record.update(quote=text, prefix=note + '"\\\n', note=note, original_start=number, fields=fields, id=text)
    line = encode_claim(record)
    assert "\n" not in line  # one claim, one line
    assert json.loads(line) == record
    assert list(json.loads(line)) == list(record)  # keys in the record's order


def test_encode_claim_leaves_chinese_unescaped_and_matches_compact_json() -> None:
    record = claim_record(_claims()[0], ORIGINAL)
    line = encode_claim(record)
    assert record["quote"] in line
    assert line == json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def test_encode_claim_falls_back_for_what_orjson_refuses() -> None:
    record = claim_record(_claims()[0], ORIGINAL)
    record["fields"] = {1: "a key that is not a string"}
    assert json.loads(encode_claim(record))["fields"] == {"1": "a key that is not a string"}
    record["fields"] = {"value": 10**30}
    assert json.loads(encode_claim(record))["fields"]["value"] == 10**30
    record["extra"] = 1
    assert json.loads(encode_claim(record))["extra"] == 1


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="這個們說国家发展經濟经济的了是一abc，。", max_size=40))
def test_quick_script_detection_agrees_with_the_cleaning_rule(text: str) -> None:
    from jingtui.clean.script import detect_script
    from jingtui.export.run import detect_script_quickly

    assert detect_script_quickly(text) == detect_script(text)
