"""The codebook as a REFI-QDA .qdc file: export valid against the standard's schema (section 5.2), the
same tree back through a round trip, a second import changes nothing, a foreign file changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import xmlschema

from codebook_sample import large_codebook_text
from conftest import SEEDS, TEST_DATA
from jingtui.cli import main
from jingtui.codebook import load_codebook
from jingtui.export.qdc import qdc_bytes

SCHEMA = xmlschema.XMLSchema(str(TEST_DATA / "refi" / "Codebook.xsd"))


def _tree(root: Path) -> list[tuple]:
    book = load_codebook(root)
    return sorted((book.path_of(c.id), c.colour, c.definition) for c in book.codes)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "a"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(".jingtui"))
    (root / "codebook.toml").write_text("# 四层编码表\n" + large_codebook_text(60), encoding="utf-8")
    return root


def test_export_is_valid_and_the_round_trip_gives_the_same_tree(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "book.qdc"
    assert main(["codebook", "export", str(corpus), "-o", str(out)]) == 0
    SCHEMA.validate(str(out))
    fresh = tmp_path / "b"
    fresh.mkdir()
    assert main(["codebook", "import", str(out), str(fresh)]) == 0
    assert "60 new codes added" in capsys.readouterr().out
    assert _tree(fresh) == _tree(corpus)  # names, hierarchy, colours, definitions
    before = (corpus / "codebook.toml").read_text(encoding="utf-8")
    assert main(["codebook", "import", str(out), str(corpus)]) == 0  # into the corpus it came from
    assert "nothing changed" in capsys.readouterr().out
    assert (corpus / "codebook.toml").read_text(encoding="utf-8") == before
    assert qdc_bytes(load_codebook(fresh)) == qdc_bytes(load_codebook(fresh))  # stable GUIDs, stable bytes


def test_new_codes_of_another_program_are_appended_keeping_comments(corpus: Path, tmp_path: Path, capsys) -> None:
    other = tmp_path / "other.qdc"
    other.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="{5215cc69-b628-4e02-afb9-9beeaee55808}" name="Topics" isCodable="false">'
        '<Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="Economy" isCodable="true" color="#ff0">'
        "<Description>Anything about jobs</Description></Code></Code></Codes></CodeBook>", encoding="utf-8")
    assert main(["codebook", "import", str(other), str(corpus)]) == 0
    text = (corpus / "codebook.toml").read_text(encoding="utf-8")
    assert text.startswith("# 四层编码表\n")
    book = load_codebook(corpus)
    economy = book.by_path("Topics/Economy")
    assert economy is not None and economy.colour == "#ffff00" and economy.definition == "Anything about jobs"


@pytest.mark.parametrize("content", [b"<Project xmlns='urn:QDA-XML:project:1.0'/>", b"not xml at all",
                                     b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes/></CodeBook>",
                                     b"<a/>"])
def test_a_file_that_is_not_a_refi_codebook_is_one_sentence_and_changes_nothing(corpus: Path, tmp_path: Path,
                                                                                content: bytes, capsys) -> None:
    bad = tmp_path / "bad.qdc"
    bad.write_bytes(content)
    before = (corpus / "codebook.toml").read_bytes()
    assert main(["codebook", "import", str(bad), str(corpus)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("jingtui: ") and "\n" not in err
    assert (corpus / "codebook.toml").read_bytes() == before
