"""Hard-wrapped paragraphs (lines cut at a fixed width) are read as whole paragraphs."""

from __future__ import annotations

from jingtui.clean.hard_wrap import columns, wrap_width
from jingtui.clean.line_facts import build_lines
from jingtui.clean.pipeline import clean_article
from jingtui.clean.plain import article_from_text

# A made-up essay wrapped at 72 columns (36 Han characters), paragraphs separated by short last lines.
PARAGRAPHS = [
    "我们常说，路是人走出来的。这句话看似平常，其实包含着很深的道理：任何一条道路，起初都不过是一片荒野，"
    "正是因为有人走在前面，后来的人才能沿着前人的足迹继续前行，道路也就慢慢地形成了。",
    "在讨论集体行动的时候，学者们提出过各种各样的理论，有的强调规范的作用，有的强调结构的作用，"
    "还有的强调个人的理性选择。这些理论各有所长，也各有所短，需要放在一起比较。",
    "规范理论认为，集体行动的产生和维持靠的是社会公德与各种道德约束，人们一旦确立了某种规范，"
    "就会自觉地投入集体行动，而将个人得失放在从属的地位，无需外在的奖励或惩罚。",
]


def wrap(text: str, width: int = 72) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if columns(current + ch) > width:
            lines.append(current)
            current = ""
        current += ch
    return lines + [current] if current else lines


def page() -> str:
    out = ["路是人走出来的", ""]
    for para in PARAGRAPHS:
        out += wrap(para)
    return "\n".join(out) + "\n"


def test_columns_counts_wide_characters_twice():
    assert columns("中文ab，") == 8


def test_the_wrap_width_is_found_and_ordinary_text_has_none():
    text = page()
    article = article_from_text(text)
    assert wrap_width(build_lines(article.original, article.blocks)) == 72
    plain = article_from_text("\n\n".join(["标题"] + PARAGRAPHS))
    assert wrap_width(build_lines(plain.original, plain.blocks)) is None


def test_wrapped_paragraphs_come_back_whole_and_kept():
    article = article_from_text(page())
    clean = clean_article(article)
    assert clean.text.split("\n")[1:] == PARAGRAPHS
    assert {ln.kind for ln in clean.lines} == {"title", "body"}
    assert all(ln.rule.endswith("+wrapped") for ln in clean.lines[1:])
    for i, ch in enumerate(clean.text):  # joined across the cut: each character still maps to itself
        s, e = clean.to_original.span(i)
        assert article.original[s:e] == ch or ch == "\n"
