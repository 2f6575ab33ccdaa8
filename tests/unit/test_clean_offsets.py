"""Offset map properties, on the seeds and on generated text (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from jingtui.clean.phrases import PHRASES
from jingtui.clean.pipeline import clean_article
from jingtui.clean.plain import article_from_text, read_file_article
from jingtui.clean.script import tables


def convertible(ch: str) -> bool:
    return ch in tables().t2s_char or ch == "著" or any(ch in key for key in PHRASES)


def check_map(article, clean) -> None:
    original = article.original
    text = clean.text
    starts, ends = clean.to_original.starts, clean.to_original.ends
    assert len(starts) == len(ends) == len(text)
    for i in range(1, len(starts)):
        assert starts[i] >= starts[i - 1], i
        assert ends[i] >= ends[i - 1] or ends[i] >= starts[i], i
    for i, ch in enumerate(text):
        s, e = starts[i], ends[i]
        assert 0 <= s <= e <= len(original)
        if e == s:  # inserted: only the newline of a split paragraph
            assert ch == "\n"
        elif e == s + 1:
            if ch != original[s]:
                assert clean.script == "traditional", (i, ch, original[s])
                assert convertible(original[s]), (ch, original[s])
        else:  # a damaged pinyin annotation
            assert ch == "\ufffd"
            assert original[s] == "?" and original[e - 1] == ")"
    for para in clean.paragraphs:
        assert text[para.start : para.end].count("\n") == 0
        if para.end > para.start:
            assert starts[para.start] == para.original_start
            assert max(ends[para.start : para.end]) == para.original_end
    for warning in clean.warnings:
        assert 0 <= warning.start <= warning.end <= len(text)
        assert 0 <= warning.original_start <= warning.original_end <= len(original)


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_seed_maps(number):
    path = next(SEEDS.glob(f"{number}_*"))
    article = read_file_article(path)
    check_map(article, clean_article(article))


def test_rejoined_lines_map_across_the_removed_newline():
    path = next(SEEDS.glob("003_*"))
    article = read_file_article(path)
    clean = clean_article(article)
    index = clean.text.find("突出违法犯罪")
    assert index != -1
    s1, _ = clean.to_original.span(index + 2)  # 违
    s2, _ = clean.to_original.span(index + 3)  # 法, on the next line of the original
    assert article.original[s1] == "违" and article.original[s2] == "法"
    assert "\n" in article.original[s1:s2]
    assert "建立完善“一村(格)一警”工作体系" in clean.text


FRAGMENTS = [
    "我市公安机关深入推进改革，全面实施四个通办。",
    "閃耀的警徽，標註神聖的使命，守護著這座城市。",
    "評(píng)論",
    "兼?zhèn)的",
    "他們時(shí)刻堅(jiān)守",
    "第(193)期",
    "世界卫生组织(WHO)",
    "“引号”",
    "……",
    "2022年12月25日",
    "顯著",
    "怎么办?",
    "\ufffd",
    "ldquo;",
    "abc",
    "　",
    " ",
]
LINES = [
    "版权所有 某某网",
    "您的位置:首页>要闻>社会",
    "jc1.jpg",
    "本报记者 王某",
    "小标题在这里",
    "",
    "",
]


@st.composite
def documents(draw):
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(LINES)))
        else:
            parts = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12))
            indent = draw(st.sampled_from(["", "  ", "\u3000\u3000"]))
            lines.append(indent + "".join(parts))
    return "\n".join(lines)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from([None, "小标题在这里", "不在文中的标题"]))
def test_generated_documents(text, title):
    article = article_from_text(text, "generated.txt", title=title)
    clean = clean_article(article)
    check_map(article, clean)
    assert "\n\n" not in clean.text
    assert not clean.text.startswith("\n") and not clean.text.endswith("\n")


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 40), st.sampled_from(["。", "！", "，", ""]))
def test_long_generated_paragraphs(count, end):
    sentence = "这是一个用来测试的相当长的句子，包含了足够多的汉字和标点符号" + end
    text = "标题行\n" + sentence * count * 5
    article = article_from_text(text)
    clean = clean_article(article)
    check_map(article, clean)
    assert all(len(line) <= 1500 for line in clean.text.split("\n"))


@st.composite
def broken_articles(draw):
    from jingtui.corpus.model import Article, ArticleMeta, Block

    alphabet = st.sampled_from(list("中文標題。，?()píng\n \ufffd\ue000ldquo;a1>|版权所有"))
    text = draw(st.text(alphabet=alphabet, max_size=200))
    n = len(text)
    blocks = draw(st.lists(st.builds(Block, st.sampled_from(["text", "image", "heading", "list", "caption"]),
                                     st.integers(-5, n + 5), st.integers(-5, n + 5),
                                     st.sampled_from(["", "p", "img", "h1"]), st.integers(-3, 50),
                                     st.sampled_from(["", "div#content", "div.nav>ul"])), max_size=12))
    meta = ArticleMeta(title=draw(st.one_of(st.none(), st.text(max_size=10))),
                       title_block=draw(st.one_of(st.none(), st.integers(-2, 14))))
    fmt = draw(st.sampled_from(["text", "html", "markdown"]))
    return Article(path="x", meta=meta, original=text, blocks=blocks, format=fmt)


@settings(max_examples=100, deadline=None)
@given(broken_articles())
def test_no_internal_error_on_broken_articles(article):
    from jingtui.clean.pipeline import _clean

    clean = _clean(article)  # the inner function: the never-raise net must not be hiding bugs
    assert len(clean.to_original) == len(clean.text)
    assert clean.text.count("\n") == max(0, len(clean.paragraphs) - 1)
    for i in range(1, len(clean.text)):
        assert clean.to_original.starts[i] >= clean.to_original.starts[i - 1]
