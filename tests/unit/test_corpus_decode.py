"""Encoding detection and normalisation, with fixtures made by re-encoding the seeds."""

from __future__ import annotations

import codecs
import os

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, SEEDS
from jingtui.corpus.decode import decode, normalise, normalise_encoding_name

SEED_SIMPLIFIED = SEEDS / "001_a1e807634b4daa9e.txt"
SEED_TRADITIONAL = SEEDS / "002_a12cabb78c2b9679.txt"


def _text(path) -> str:
    return path.read_text(encoding="utf-8")


def _encodable(text: str, codec: str) -> str:
    """The characters of ``text`` that ``codec`` can write (NBSP and tone marks are not in Big5)."""
    out = []
    for ch in text:
        try:
            ch.encode(codec)
        except UnicodeEncodeError:
            continue
        out.append(ch)
    return "".join(out)


def _expected(text: str) -> str:
    return normalise(text)[0]


def test_utf8_is_utf8() -> None:
    data = SEED_SIMPLIFIED.read_bytes()
    result = decode(data)
    assert result.encoding == "utf-8"
    assert result.text == _expected(_text(SEED_SIMPLIFIED))
    assert result.problems == ()


def test_gb18030_reencoded_seed() -> None:
    text = _text(SEED_SIMPLIFIED)
    result = decode(text.encode("gb18030"))
    assert result.encoding == "gb18030"
    assert result.text == _expected(text)


def test_gbk_declared_gb2312_reads_as_gb18030() -> None:
    text = _encodable(_text(SEED_SIMPLIFIED), "gbk")
    result = decode(text.encode("gbk"), declared="GB2312")
    assert result.encoding == "gb18030"
    assert result.text == _expected(text)


def test_big5_of_a_traditional_version() -> None:
    traditional = opencc.OpenCC("s2t").convert(_text(SEEDS / "003_648d2e280cedd72f.txt"))
    text = _encodable(traditional, "big5")
    result = decode(text.encode("big5"))
    assert result.encoding == "big5hkscs"
    assert result.text == _expected(text)
    # gb18030 accepts the same bytes without error, into garbage: the score must reject it
    assert text.encode("big5").decode("gb18030", errors="replace") != text


def test_big5_of_the_traditional_seed() -> None:
    text = _encodable(_text(SEED_TRADITIONAL), "big5")
    assert decode(text.encode("big5")).encoding == "big5hkscs"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    text = _text(SEED_TRADITIONAL)
    result = decode(text.encode(codec))
    assert result.encoding == codec.replace("-le", "le").replace("-be", "be")
    assert result.text == _expected(text)


@pytest.mark.parametrize(("bom", "codec", "name"), [
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16be"),
])
def test_utf16_with_bom(bom: bytes, codec: str, name: str) -> None:
    text = _text(SEED_SIMPLIFIED)
    result = decode(bom + text.encode(codec))
    assert result.encoding == name
    assert result.text == _expected(text)
    assert not result.text.startswith("\ufeff")


def test_utf8_bom_and_crlf() -> None:
    text = _text(SEED_SIMPLIFIED)
    data = codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8")
    result = decode(data)
    assert result.encoding == "utf-8-sig"
    assert "\r" not in result.text
    assert result.text == _expected(text)


def test_lone_cr_and_nbsp() -> None:
    result = decode("一\r二\r\n三\xa0四".encode())
    assert result.text == "一\n二\n三 四"


def test_declared_gb2312_but_utf8_bytes_comes_out_utf8() -> None:
    data = (CORPUS / "01_people-zhengbanqiao-gb2312-label.html").read_bytes()
    assert b"GB2312" in data[:2000]
    assert decode(data, declared="GB2312").encoding == "utf-8"


def test_big5_page_with_no_charset() -> None:
    result = decode((CORPUS / "07_big5-taipei-detention-center.html").read_bytes())
    assert result.encoding == "big5hkscs"
    assert "台北看守所" in result.text


def test_one_invalid_sequence_still_decodes() -> None:
    data = (CORPUS / "20_cleaneval-sohu-skii-ads-badbyte.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("gbk")
    result = decode(data, declared="gb2312")
    assert result.encoding == "gb18030"
    assert "工商部门初定SKII广告属于虚假宣传" in result.text


def test_nul_bytes_removed() -> None:
    data = (CORPUS / "24_sogou-taihemen-gala-nul-padding.txt").read_bytes()
    assert data.count(b"\x00") == 311
    result = decode(data)
    assert result.encoding == "utf-8"
    assert "\x00" not in result.text
    assert "夜幕下的太和门广场" in result.text
    assert result.problems == ()


def test_undecodable_bytes_are_replaced_and_recorded() -> None:
    text = _text(SEED_SIMPLIFIED)
    data = text.encode("gb18030")
    broken = data[:300] + b"\x80\xff" + data[300:600] + b"\xff" + data[600:]
    result = decode(broken)
    assert result.encoding == "gb18030"
    assert "\ufffd" in result.text
    assert len(result.problems) == 1
    assert "could not be decoded" in result.problems[0]
    assert "擎旗奋进" in result.text


def test_binary_gives_no_text() -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
    result = decode(data)
    assert result.encoding is None
    assert result.text == ""
    assert "binary" in result.problems[0]


def test_random_bytes_are_binary() -> None:
    result = decode(os.urandom(4000))
    assert result.encoding is None


def test_escape_codes_and_bells_never_reach_the_terminal() -> None:
    result = decode("标题\x1b[31m红\x1b[0m\x07 [bold]粗[/bold]".encode())
    assert "\x1b" not in result.text and "\x07" not in result.text
    assert result.text == "标题\u241b[31m红\u241b[0m\u2407 [bold]粗[/bold]"  # one for one, markup kept
    assert len(result.problems) == 1


def test_encoding_names() -> None:
    assert normalise_encoding_name("GBK") == "gb18030"
    assert normalise_encoding_name("gb2312") == "gb18030"
    assert normalise_encoding_name("Big5") == "big5hkscs"
    assert normalise_encoding_name("nonsense-charset") is None


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200))
def test_any_utf8_text_round_trips(text: str) -> None:
    result = decode(text.encode("utf-8"))
    expected = _expected(text)
    assert result.text == expected


def test_utf8_with_a_stray_byte_stays_utf8() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        data = path.read_bytes()
        result = decode(data[:2001] + data[2003:] + b"\xff")
        assert result.encoding == "utf-8", path.name
        assert len(result.problems) == 1


def test_gbk_page_with_a_bad_byte_is_not_read_as_western() -> None:
    data = (CORPUS / "21_cnr-military-regulation-gb2312.html").read_bytes()
    result = decode(data[:3000] + b"\xff" + data[3000:], declared="gb2312")
    assert result.encoding == "gb18030"
    assert "军队装备试验鉴定规定" in result.text


def test_western_text_is_cp1252() -> None:
    result = decode("café au lait, naïve résumé, and a longer English sentence.".encode("latin-1"))
    assert result.encoding == "cp1252"
    assert result.text.startswith("café")


def test_reencoded_seed_files_read_with_title_and_encoding(tmp_path) -> None:
    """The whole path (file -> decode -> flatten -> metadata) for each encoding, fixtures in tmp_path."""
    from jingtui.corpus import read_corpus

    simplified = _text(SEEDS / "004_d1b1d04612286dde.txt")
    traditional = _encodable(opencc.OpenCC("s2t").convert(simplified), "big5")
    fixtures = {
        "a_gb18030.txt": (simplified.encode("gb18030"), "gb18030"),
        "b_big5.txt": (traditional.encode("big5"), "big5hkscs"),
        "c_utf16le_bom.txt": (codecs.BOM_UTF16_LE + simplified.encode("utf-16-le"), "utf-16le"),
        "d_utf16be.txt": (simplified.encode("utf-16-be"), "utf-16be"),
        "e_utf8_bom_crlf.txt": (codecs.BOM_UTF8 + simplified.replace("\n", "\r\n").encode("utf-8"), "utf-8-sig"),
    }
    for name, (data, _) in fixtures.items():
        (tmp_path / name).write_bytes(data)
    articles = {a.path: a for a in read_corpus(tmp_path)}
    for name, (_, encoding) in fixtures.items():
        article = articles[name]
        assert article.encoding == encoding, name
        assert article.ok, (name, article.problems)
        assert article.meta.date == "2022-01-18", name
        expected = "笃行2021 七大亮点 为实现“十四五”良好开局贡献公安力量"
        if encoding == "big5hkscs":
            expected = _encodable(opencc.OpenCC("s2t").convert(expected), "big5")
        assert article.meta.title == expected, name
