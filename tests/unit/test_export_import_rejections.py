"""Every rejection of the import validator (jingtui.export.importer): one sentence each, nothing imported.

Small hand-made files, so each message is reached on purpose (the round trips over a real corpus are in
test_export_import.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jingtui.errors import UserError
from jingtui.export.formats import FORMAT_NAME, FORMAT_VERSION
from jingtui.export.importer import check_articles, merge_claims, read_export, to_claim


def _claim(**changes: Any) -> dict[str, Any]:
    claim: dict[str, Any] = {"id": "c1", "label": "metric", "start": 0, "end": 2, "quote": "甲乙",
                             "reviewer": "ann", "origin": "manual", "status": "active"}
    for key, value in changes.items():
        if value is _DROP:
            del claim[key]
        else:
            claim[key] = value
    return claim


_DROP = object()


def _document(*claims: Any, articles: Any = None) -> dict[str, Any]:
    if articles is None:
        articles = [{"path": "a.txt", "text_sha256": "", "done": False, "claims": list(claims)}]
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "labels": ["metric"], "articles": articles}


def _line(**changes: Any) -> dict[str, Any]:
    line = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "article": "a.txt", "text_sha256": "", **_claim()}
    line.update(changes)
    return line


def _rejection(path: Path) -> str:
    with pytest.raises(UserError) as info:
        read_export(path)
    message = str(info.value)
    assert "\n" not in message and message.endswith("."), message
    return message


CLAIM_CASES = {
    "not an object": (["甲乙"], "Claim 1 of a.txt in {path} is not an object; nothing was imported."),
    "no label": ([_claim(label="")], "has no label"),
    "label not text": ([_claim(label=3)], "has no label"),
    "no quote": ([_claim(quote=_DROP)], "has no quote"),
    "start as text": ([_claim(start="0")], "has no whole-number start and end"),
    "end as a boolean": ([_claim(start=0, end=True)], "has no whole-number start and end"),
    "empty span": ([_claim(start=2, end=2, quote="")], "has no quote"),
    "negative span": ([_claim(start=3, end=1)], "has an empty or negative span (3-1)"),
    "quote length": ([_claim(quote="甲乙丙")], "has a quote of 3 characters for a span of 2"),
    "note not text": ([_claim(note=5)], "has a note that is not text"),
    "created_at not text": ([_claim(created_at=20240101)], "has a created_at that is not text"),
    "original_start not whole": ([_claim(original_start="7")], "has an original_start that is not a whole number"),
    "original_end a boolean": ([_claim(original_end=False)], "has an original_end that is not a whole number"),
    "origin": ([_claim(origin="robot")], "has an unknown origin 'robot'"),
    "status": ([_claim(status="gone")], "has an unknown status 'gone'"),
    "fields": ([_claim(fields=["value"])], "has fields that are not an object"),
    "second claim": ([_claim(), _claim(id="c2", status="gone")], "Claim 2 of a.txt in"),
}


@pytest.mark.parametrize("case", sorted(CLAIM_CASES))
def test_each_bad_claim_of_a_json_export_is_named(tmp_path: Path, case: str) -> None:
    claims, expected = CLAIM_CASES[case]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(_document(*claims), ensure_ascii=False), encoding="utf-8")
    message = _rejection(path)
    assert expected.format(path=path) in message
    assert message.endswith("; nothing was imported.")


def test_a_bad_claim_of_a_jsonl_export_is_named_by_its_line(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    lines = [_line(), _line(id="c2", start=1, end=3, quote="乙丙", origin="robot")]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    assert _rejection(path) == f"Line 2 of {path} has an unknown origin 'robot'; nothing was imported."


DOCUMENT_CASES = {
    "articles not a list": (lambda: dict(_document(), articles={"a.txt": []}), "has no list of articles."),
    "article without path": (lambda: _document(articles=[{"claims": []}]), "Article 1 of {path} has no path."),
    "article not an object": (lambda: _document(articles=[[]]), "Article 1 of {path} has no path."),
    "claims not a list": (lambda: _document(articles=[{"path": "a.txt", "claims": {}}]),
                          "The claims of a.txt in {path} are not a list."),
    "format version": (lambda: dict(_document(), version=FORMAT_VERSION + 1),
                       f"is an export of format version {FORMAT_VERSION + 1}; this jingtui reads version"),
    "no format marker": (lambda: {k: v for k, v in _document().items() if k != "format"}, "is not a jingtui export"),
    "a list": (lambda: [_document()], "is not a jingtui export"),
}


@pytest.mark.parametrize("case", sorted(DOCUMENT_CASES))
def test_each_bad_document_is_named(tmp_path: Path, case: str) -> None:
    make, expected = DOCUMENT_CASES[case]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(make(), ensure_ascii=False), encoding="utf-8")
    assert expected.format(path=path) in _rejection(path)


def test_a_damaged_json_export_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    text = json.dumps(_document(_claim()), ensure_ascii=False, indent=1)
    path.write_text(text.replace('"labels"', '"labels" 0', 1), encoding="utf-8")  # a stray token, mid-file
    message = _rejection(path)
    assert message.startswith(f"{path} is damaged: its JSON breaks at line 4, column ")


def test_a_json_export_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    text = json.dumps(_document(_claim()), ensure_ascii=False)
    path.write_text(text[: len(text) - 30], encoding="utf-8")
    assert "is cut short" in _rejection(path)


def test_jsonl_rejections(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"

    def write(*lines: str) -> Path:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    good = json.dumps(_line(), ensure_ascii=False)
    no_article = json.dumps({k: v for k, v in _line(id="c2").items() if k != "article"}, ensure_ascii=False)
    assert _rejection(write(good, no_article)) == f"Line 2 of {path} has no article path."
    assert _rejection(write(good, good[:40])).startswith(f"Line 2 of {path} is not complete JSON")
    assert "is not a jingtui export" in _rejection(write(good, "[1, 2]"))
    assert _rejection(write("{not json", good)) == f"{path} is damaged: its JSON breaks at line 1, column 2."
    # a first line the json module reads (NaN) but that is not strict JSON: not one of our files
    assert "is not a jingtui export" in _rejection(write('{"note": NaN}', good))
    old = json.dumps(_line(id="c2", version=FORMAT_VERSION + 1), ensure_ascii=False)
    assert f"format version {FORMAT_VERSION + 1}" in _rejection(write(good, old))


def test_files_that_are_not_exports(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    assert _rejection(missing) == f"The file {missing} does not exist."
    assert _rejection(tmp_path) == f"{tmp_path} is a folder; give the export file."
    binary = tmp_path / "picture.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    assert "is not a jingtui export" in _rejection(binary)
    text = tmp_path / "notes.json"
    text.write_text('"just a string"', encoding="utf-8")
    assert "is not a jingtui export" in _rejection(text)


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(_document(_claim())), encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert _rejection(path) == f"Cannot read {path}: Permission denied."


def test_articles_missing_from_the_corpus_are_named(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("甲乙丙丁。\n", encoding="utf-8")
    path = tmp_path / "export.json"
    articles = [{"path": name, "claims": [_claim()]} for name in ("a.txt", "b.txt", "c.txt", "d.txt")]
    path.write_text(json.dumps(_document(articles=articles), ensure_ascii=False), encoding="utf-8")
    export = read_export(path)
    with pytest.raises(UserError) as info:
        check_articles(export, corpus)
    assert str(info.value) == (f"{path} has claims for b.txt (and 2 other articles), which is not in {corpus}; "
                               "nothing was imported.")
    export.articles.pop("c.txt"), export.articles.pop("d.txt")
    with pytest.raises(UserError, match=r"has claims for b\.txt, which is not in"):
        check_articles(export, corpus)


class _RefusingStore:
    """A store whose write refuses the claims (cannot happen with checked claims: the last safety net)."""

    def __contains__(self, claim_id: object) -> bool:
        return False

    def labels(self) -> list[str]:
        return ["metric"]

    def claims(self, article: str | None = None) -> list[Any]:
        return []

    def add_many(self, claims: Any) -> None:
        list(claims)
        raise ValueError("claim c1 overlaps itself")


def test_a_write_the_store_refuses_imports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import jingtui.export.sources as sources

    monkeypatch.setattr(sources, "claim_docs", lambda store, article=None: {})
    claims = [to_claim("a.txt", "", _claim())]
    with pytest.raises(UserError) as info:
        merge_claims(_RefusingStore(), claims)
    assert str(info.value) == "Nothing was imported: claim c1 overlaps itself."
