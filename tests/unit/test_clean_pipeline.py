"""clean_article end to end on the seeds, and on broken input."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS
from jingtui.clean.model import CleanText
from jingtui.clean.pipeline import PIPELINE_VERSION, clean_article
from jingtui.clean.plain import article_from_text, read_file_article
from jingtui.corpus.model import Article, Block


def seed_article(number: str) -> Article:
    path = next(SEEDS.glob(f"{number}_*"))
    return read_file_article(path)


@pytest.fixture(scope="module")
def clean002() -> CleanText:
    return clean_article(seed_article("002"))


def test_002_starts_with_simplified_headline(clean002):
    first = clean002.text.split("\n")[0]
    assert first == "致敬警察节丨矢志不渝做党和人民的忠诚卫士——写在第三个“中国人民警察节”到来之际"
    assert clean002.script == "traditional"
    assert clean002.paragraphs[0].kind == "title"


def test_002_reads_simplified_without_pinyin_menu_or_footer(clean002):
    text = clean002.text
    assert "守护着这座城市" in text
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text)
    for chrome in ("要闻", "您的位置", "版权所有", "ICP备", "相关推荐", "网友评论", "A+A-", "编辑:任玉伟"):
        assert chrome not in text, chrome
    assert "jc1.jpg" not in text and "110接线员在接警" not in text  # image and caption
    assert "本报记者" not in text  # byline


def test_text_layout(clean002):
    text = clean002.text
    assert "\r" not in text and "\n\n" not in text
    lines = text.split("\n")
    assert len(lines) == len(clean002.paragraphs)
    for line, para in zip(lines, clean002.paragraphs, strict=True):
        assert text[para.start : para.end] == line
    assert len(clean002.to_original) == len(text)
    assert clean002.pipeline_version == PIPELINE_VERSION


def test_every_block_has_a_line_class():
    article = seed_article("004")
    clean = clean_article(article)
    assert [(ln.original_start, ln.original_end) for ln in clean.lines] == [(b.start, b.end) for b in article.blocks]
    kinds = {ln.kind for ln in clean.removed}
    assert {"chrome", "byline"} <= kinds


@pytest.mark.parametrize("number", ["000", "001", "003", "004"])
def test_simplified_seeds_are_not_converted(number):
    article = seed_article(number)
    clean = clean_article(article)
    assert clean.script == "simplified"
    for i, ch in enumerate(clean.text):
        s, e = clean.to_original.span(i)
        if e == s + 1:
            assert article.original[s] == ch


def test_long_paragraphs_are_split_at_sentence_ends():
    sentence = "这是一个用来测试很长段落会不会在句子结尾处被切开的句子，它有足够的长度。"
    text = "标题在这里\n" + sentence * 120 + "\n"
    clean = clean_article(article_from_text(text))
    body = clean.text.split("\n")[1:]
    assert len(body) > 1
    assert all(len(line) <= 1500 for line in body)
    assert all(line.endswith("。") for line in body)
    assert "".join(body) == sentence * 120
    for i, ch in enumerate(clean.text):
        s, e = clean.to_original.span(i)
        if e == s + 1:
            assert text[s] == ch
        else:
            assert ch == "\n" and s == e


def test_empty_article():
    clean = clean_article(Article(path="empty.txt"))
    assert clean.text == "" and len(clean.to_original) == 0 and clean.paragraphs == []


@pytest.mark.parametrize(
    "article",
    [
        Article(path="a", original="   \n\n \t\n"),
        Article(path="b", original="正文。", blocks=[Block("text", 5, 2), Block("text", -3, 100)]),
        Article(path="c", original="只有一行没有标点"),
        Article(path="d", original="x" * 5000),
        Article(path="e", original="\ufffd\ue000?ldquo;", blocks=[Block("image", 0, 3)]),
        Article(path="f", original="第一行\n第二行", blocks=[Block("text", 0, 3), Block("text", 1, 2)]),
        Article(path="g", original=None),  # type: ignore[arg-type]
        Article(path="h", original="", problems=["This is a binary file, not text."]),
        Article(path="i", original="标题\n正文，有一点内容。", problems=["The front matter is broken."],
                format="markdown"),
    ],
)
def test_bad_articles_never_crash(article):
    clean = clean_article(article)
    assert isinstance(clean, CleanText)
    assert len(clean.to_original) == len(clean.text)


def test_a_failing_rule_still_shows_the_text(monkeypatch):
    from jingtui.clean import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in a rule")

    monkeypatch.setattr(pipeline, "classify_blocks", broken)
    article = article_from_text("标题\n\n  第一段正文。\n第二段。\n")
    clean = pipeline.clean_article(article)
    assert clean.text == "标题\n第一段正文。\n第二段。"
    assert [w.kind for w in clean.warnings] == ["pipeline-error"]
    for i, ch in enumerate(clean.text):
        s, e = clean.to_original.span(i)
        if e > s:
            assert article.original[s] == ch


def test_same_result_in_every_process():
    """The cache and the claims' offsets rely on it: no rule may depend on hashing order."""
    import os
    import subprocess
    import sys

    from conftest import CORPUS

    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from jingtui.clean.plain import read_file_article\n"
        "from jingtui.clean.pipeline import clean_article\n"
        "h = hashlib.sha256()\n"
        "for name in sys.argv[1:]:\n"
        "    c = clean_article(read_file_article(Path(name)))\n"
        "    h.update(repr((c.text, c.to_original.starts, c.to_original.ends, c.paragraphs, c.lines,"
        " c.warnings)).encode())\n"
        "print(h.hexdigest())\n"
    )
    files = [str(p) for p in sorted(SEEDS.glob("00*"))] + [str(p) for p in sorted(CORPUS.glob("2[0-3]_*"))]
    digests = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", script, *files], env=env, capture_output=True, text=True,
                             check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1
