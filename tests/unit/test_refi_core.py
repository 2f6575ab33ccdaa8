"""The REFI-QDA core: counting profiles, the codebook tree, GUIDs, the schema check, safe archives."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TEST_DATA
from jingtui.refi import guids
from jingtui.refi.archive import open_qdpx
from jingtui.refi.codes import (
    LabelCode,
    codebook_document,
    codes_xml,
    label_codes,
    normalise_colour,
    parse_codebook,
    refi_codes,
)
from jingtui.refi.errors import RefiError
from jingtui.refi.positions import (
    PROFILES,
    Counter,
    counting_for_origin,
    described_counting,
)
from jingtui.refi.project_reader import normalise_text, read_qdpx
from jingtui.refi.schema import check_project

REFI = TEST_DATA / "refi"
SCHEMA = xmlschema.XMLSchema(str(REFI / "Project-mrt2019.xsd"))
SAMPLES = ("atlas-target-project.qdpx", "nvivo-project.qdpx", "refi-test-project.qdpx")

# Han text with characters outside the BMP (Extension B) and line ends.
TEXTS = st.text(alphabet=st.sampled_from(list("中国人民警察节\n，。𠮷𡈽𤭢a1")), max_size=40)


# ------------------------------------------------------------------------------------------ positions


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from(sorted(PROFILES)), st.data())
def test_counting_round_trips_every_offset(text: str, name: str, data) -> None:
    counter = Counter(text, PROFILES[name])
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    units = counter.to_units(start), counter.to_units(end)
    assert counter.to_offset(units[0]) == start
    assert counter.to_offset(units[1], round_up=True) == end
    expected = {"codepoints": len(text[:start]), "utf16": len(text[:start].encode("utf-16-le")) // 2}
    assert units[0] == expected["codepoints" if name == "codepoints" else "utf16"]


def test_a_position_inside_a_surrogate_pair_rounds_to_the_character() -> None:
    counter = Counter("a𠮷b", PROFILES["nvivo"])
    assert counter.units == 4
    assert (counter.to_offset(2), counter.to_offset(2, round_up=True)) == (1, 2)


def test_crlf_counts_one_for_codepoints_and_two_for_utf16() -> None:
    text, crlf = normalise_text("\ufeff一\r\n二\r三".encode("utf-8"))
    assert (text, crlf) == ("一\n二\n三", frozenset({1}))
    assert Counter(text, PROFILES["codepoints"], crlf).to_offset(3) == 3
    assert Counter(text, PROFILES["utf16"], crlf).to_offset(3) == 2


def test_profile_is_named_in_the_description_and_guessed_from_the_origin() -> None:
    assert described_counting(PROFILES["utf16"].describe()) is PROFILES["utf16"]
    assert described_counting("written by hand") is None
    assert counting_for_origin("NVivo for Mac 15.0.0").name == "nvivo"
    assert counting_for_origin("ATLAS.ti 8.4.0").name == "codepoints"
    assert counting_for_origin("MAXQDA 2022").name == "utf16"


# ---------------------------------------------------------------------------------------------- codes


def test_codebook_file_round_trips_hierarchy_colours_and_descriptions() -> None:
    codes = [LabelCode("metric", "数字", None, "#1f5fb4", "一个可核实的数字"),
             LabelCode("growth", "增长 & <率>", "metric", "#abc", ""),
             LabelCode("slogan", "口号", None, None, "标语\n第二行")]
    document = codebook_document(refi_codes(codes))
    back = parse_codebook(document)
    assert [(c.name, c.colour, c.description) for c in back] == [
        ("数字", "#1F5FB4", "一个可核实的数字"), ("增长 & <率>", "#AABBCC", ""), ("口号", None, "标语\n第二行")]
    assert back[1].parent == back[0].guid == guids.code_guid("metric")
    root = ET.fromstring(document)
    assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"


def test_children_are_written_after_their_parent_whatever_the_order() -> None:
    codes = refi_codes([LabelCode("b", "B", "a"), LabelCode("a", "A"), LabelCode("c", "C", "missing")])
    assert [c.id for c in codes] == ["a", "b", "c"]
    assert codes[2].parent is None
    assert codes_xml(codes).count("<Code ") == 3


def test_pyrefiqda_reads_our_codebook(tmp_path: Path) -> None:
    from pyrefiqda import RefiCodebook

    path = tmp_path / "book.qdc"
    path.write_bytes(codebook_document(refi_codes(label_codes(["metric", "slogan", "anecdote"]))))
    book = RefiCodebook.load(path)
    assert [code.name for code in book.codes.code] == ["metric", "slogan", "anecdote"]


def test_colours_and_guids_are_normalised() -> None:
    assert normalise_colour("#f0a") == "#FF00AA"
    assert normalise_colour("red") is None
    assert guids.normalise("{0F8A1907-7E42-4739-8610-A676B4D1B69F}") == "0f8a1907-7e42-4739-8610-a676b4d1b69f"
    assert guids.code_guid("metric") == guids.code_guid("metric") != guids.code_guid("slogan")
    import uuid

    for key in ("metric", "中文 id", "", "a:b"):  # the fast name-based UUID is uuid5's
        assert guids.derived("code", key) == str(uuid.uuid5(guids.NAMESPACE, f"code:{key}"))
    claim = "0123456789abcdef0123456789abcdef"
    assert guids.claim_id_of(guids.selection_guid(claim)) == claim
    assert guids.is_guid(guids.selection_guid("c1"))


# ------------------------------------------------------------------------------------ schema and samples


@pytest.mark.parametrize("sample", SAMPLES)
def test_samples_follow_the_schema_for_both_checkers(sample: str) -> None:
    with open_qdpx(REFI / sample) as archive:
        assert SCHEMA.is_valid(io.BytesIO(archive.qde))
        assert check_project(ET.fromstring(archive.qde)) is None


BROKEN = [
    ('<Project xmlns="urn:QDA-XML:project:1.0"/>', "has no name"),
    ('<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><TextSource guid="nope"/></Sources></Project>',
     "not a valid GUIDType"),
    ('<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources/><Users/></Project>', "out of the schema's order"),
    ('<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook/></Project>', "has no Codes"),
    ('<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Banana/></Project>', "may not hold a Banana"),
    ('<Project xmlns="urn:QDA-XML:project:1.0" name="p" colour="#fff"/>', "unknown attribute colour"),
    ('<Project name="p"/>', "not in the REFI-QDA project namespace"),
    (('<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><TextSource guid="'
     '0f8a1907-7e42-4739-8610-a676b4d1b69f"><PlainTextSelection guid="0f8a1907-7e42-4739-8610-a676b4d1b69f" '
     'startPosition="x" endPosition="2"/></TextSource></Sources></Project>'), "not a valid integer"),
]


@pytest.mark.parametrize("xml,phrase", BROKEN)
def test_broken_projects_fail_both_checkers(xml: str, phrase: str) -> None:
    assert not SCHEMA.is_valid(io.StringIO(xml))
    problem = check_project(ET.fromstring(xml))
    assert problem is not None and phrase in problem


@pytest.mark.parametrize("sample", SAMPLES)
def test_samples_are_read_with_codes_users_and_skipped_sources(sample: str) -> None:
    project, counting = read_qdpx(REFI / sample)
    assert project.codes and project.users
    if sample.startswith("refi-test"):
        assert len(project.skipped) == 6 and any("PDF" in s for s in project.skipped)
        assert sum(len(s.selections) for s in project.sources) == 7  # one selection carries three codings
    if sample.startswith("nvivo"):
        assert counting.name == "nvivo" and len(project.codes) == 262


# ------------------------------------------------------------------------------------------- archives


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_archive_refusals_are_one_sentence(tmp_path: Path) -> None:
    qde = (REFI / "Project-mrt2019.xsd").read_bytes()[:0] + b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>'
    cases = {
        "no qde": _zip(tmp_path / "a.qdpx", {"sources/x.txt": b"x"}),
        "two qde": _zip(tmp_path / "b.qdpx", {"a.qde": qde, "b.qde": qde}),
        "escape": _zip(tmp_path / "c.qdpx", {"project.qde": qde, "../evil.txt": b"x"}),
        "not zip": tmp_path / "d.qdpx",
    }
    cases["not zip"].write_bytes(b"PK\x03\x04 not really")
    truncated = tmp_path / "e.qdpx"
    truncated.write_bytes((REFI / "nvivo-project.qdpx").read_bytes()[:5000])
    cases["truncated"] = truncated
    for name, path in cases.items():
        with pytest.raises(RefiError) as caught:
            open_qdpx(path)
        message = str(caught.value)
        assert message.count(". ") == 0 and message.endswith("."), (name, message)


def _bomb(path: Path, size_blocks: int = 64) -> Path:
    """A ZIP whose honest headers say ``sources/zeros.txt`` is 1 GiB of zeros (about 1 MB deflated).

    Built by hand: one 16 MiB block of zeros is deflated once (ending on a full flush, so the pieces
    chain) and repeated, which takes a fraction of the seconds deflating 1 GiB would.
    """
    import struct
    import zlib

    block = bytes(1 << 24)
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    data = piece * size_blocks + deflater.flush()
    crc = 0
    for _ in range(size_blocks):
        crc = zlib.crc32(block, crc)
    qde = b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>'
    members = [(b"project.qde", zlib.crc32(qde), qde, len(qde), 0), (b"sources/zeros.txt", crc, data,
                                                                    len(block) * size_blocks, 8)]
    out, central = bytearray(), bytearray()
    for name, member_crc, body, full, method in members:
        offset = len(out)
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, method, 0, 0x21, member_crc, len(body), full,
                           len(name), 0) + name + body
        central += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, 0, method, 0, 0x21, member_crc,
                               len(body), full, len(name), 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def test_a_decompression_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.qdpx")
    assert path.stat().st_size < 3 << 20
    info = zipfile.ZipFile(path).getinfo("sources/zeros.txt")
    assert info.file_size == 1 << 30
    with pytest.raises(RefiError, match="decompression bomb"):
        open_qdpx(path)


def test_the_bomb_is_a_real_one(tmp_path: Path) -> None:
    """The hand-made archive is a valid ZIP: a small one of the same making decompresses to its zeros."""
    path = _bomb(tmp_path / "small.qdpx", size_blocks=1)
    assert zipfile.ZipFile(path).read("sources/zeros.txt") == bytes(1 << 24)


def test_a_source_path_leaving_the_sources_folder_is_refused(tmp_path: Path) -> None:
    qde = (b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><TextSource '
           b'guid="0f8a1907-7e42-4739-8610-a676b4d1b69f" plainTextPath="internal://../../etc/passwd"/>'
           b'</Sources></Project>')
    path = _zip(tmp_path / "p.qdpx", {"project.qde": qde})
    with pytest.raises(RefiError, match="outside its sources folder"):
        read_qdpx(path)


def test_a_dtd_is_refused(tmp_path: Path) -> None:
    qde = b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><Project name="&a;"/>'
    path = _zip(tmp_path / "p.qdpx", {"project.qde": qde})
    with pytest.raises(RefiError, match="document type"):
        read_qdpx(path)


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_characters="\r\ufeff"), min_size=1, max_size=40), st.text(max_size=20),
       st.text(max_size=20), st.data())
def test_any_text_names_and_notes_give_a_valid_project(text: str, name: str, note: str, data) -> None:
    """Whatever the characters (markup, quotes, line ends, controls, astral), the project validates and
    every selection whose text XML can hold reads back as its quote (texts have LF line ends only)."""
    import tempfile

    from jingtui.refi.project_writer import write_qdpx
    from jingtui.refi.records import Project, Selection, TextSource, Variable
    from jingtui.refi.verify import verify_qdpx
    from jingtui.refi.xmltext import clean

    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    source = TextSource(guid=guids.source_guid(name), name=name, text=text, variables={"title": name})
    source.selections.append(Selection(guid=guids.selection_guid("c"), start=start, end=end, code=guids.code_guid("x"),
                                       coding_guid=guids.coding_guid("c"), user=guids.user_guid(name), note=note,
                                       quote=text[start:end], claim_id="c", created="2024-01-02T03:04:05Z"))
    project = Project(name=name, origin="jingtui test", description=note, users={guids.user_guid(name): name},
                      codes=refi_codes([LabelCode("x", name or "x", None, None, note)]), sources=[source],
                      variables=[Variable(guids.variable_guid("title"), "title")])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.qdpx"
        with open(path, "wb") as stream:
            write_qdpx(stream, project, PROFILES["nvivo"])
        with zipfile.ZipFile(path) as archive:
            qde = archive.read("project.qde")
        assert SCHEMA.is_valid(io.BytesIO(qde))
        assert check_project(ET.fromstring(qde)) is None
        report = verify_qdpx(path, PROFILES["nvivo"])
        assert report.checked == 1
        assert report.ok == (clean(text[start:end]) == text[start:end])
