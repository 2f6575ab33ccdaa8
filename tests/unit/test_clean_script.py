"""Script detection and Traditional -> Simplified conversion."""

from __future__ import annotations

import pytest

from conftest import PHRASE_TESTS, SEEDS
from jingtui.clean.phrases import PHRASES, apply_phrases
from jingtui.clean.pipeline import clean_article
from jingtui.clean.plain import article_from_text, read_file_article
from jingtui.clean.script import convert_line, detect_script


def phrase_cases() -> list[tuple[str, str, str]]:
    cases = []
    for line in PHRASE_TESTS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        trad, simp, group = line.split("\t")
        cases.append((trad, simp, group))
    return cases


def test_phrase_tests_at_least_84_of_87():
    cases = phrase_cases()
    assert len(cases) == 87
    passed = sum(convert_line(trad) == simp for trad, simp, _ in cases)
    assert passed >= 84, passed


@pytest.mark.parametrize("trad, simp", [("守護著", "守护着"), ("意味著", "意味着"), ("跟著", "跟着"), ("著力", "着力"),
                                        ("顯著", "显著"), ("著名", "著名"), ("名著", "名著"), ("著作", "著作"),
                                        ("土著", "土著"), ("甚麼", "什么"), ("衞生", "卫生")])
def test_our_phrase_table(trad, simp):
    assert convert_line(trad) == simp


def test_conversion_is_length_preserving():
    for trad, _, _ in phrase_cases():
        assert len(convert_line(trad)) == len(trad)
    for key, value in PHRASES.items():
        assert len(key) == len(value)
    assert apply_phrases("ab", "abc") == "abc"  # mismatched input is left alone


@pytest.mark.parametrize("number, script", [("000", "simplified"), ("001", "simplified"), ("002", "traditional"),
                                            ("003", "simplified"), ("004", "simplified")])
def test_detect_script_on_seeds(number, script):
    text = next(SEEDS.glob(f"{number}_*")).read_text(encoding="utf-8")
    assert detect_script(text) == script


def test_detect_script_edge_cases():
    assert detect_script("") == "unknown"
    assert detect_script("hello world 123") == "unknown"
    assert detect_script("中国人民") == "simplified"
    assert detect_script("我们在臺灣看到後來的發展") == "traditional"
    assert detect_script("我们的记者在这里报道了他说的話") == "simplified"  # one stray Traditional character


@pytest.mark.parametrize("number", ["000", "001", "003", "004"])
def test_simplified_seeds_untouched(number):
    path = next(SEEDS.glob(f"{number}_*"))
    article = read_file_article(path)
    clean = clean_article(article)
    original = article.original
    for i, ch in enumerate(clean.text):
        s, e = clean.to_original.span(i)
        assert e - s <= 1
        if e == s + 1:
            assert original[s] == ch


def test_simplified_words_survive():
    text = "标题\n这项工作成效显著，公安工作怎么看、怎么办、怎么干，大家都在讨论这个问题，说明了很多事情。\n"
    clean = clean_article(article_from_text(text))
    assert "显著" in clean.text and "怎么看、怎么办、怎么干" in clean.text


def test_002_converted():
    path = next(SEEDS.glob("002_*"))
    clean = clean_article(read_file_article(path))
    assert "守护着这座城市" in clean.text
    assert "跟着党旗走" in clean.text
    assert "哭泣着" in clean.text
    assert detect_script(clean.text) == "simplified"
