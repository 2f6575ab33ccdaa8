"""Main content of HTML pages: container vote and densest run, on made-up pages."""

from __future__ import annotations

from jingtui.clean.content import main_content, prose_score
from jingtui.corpus.model import Block

PROSE = "这是一段足够长的正文，讲述了一件事情的来龙去脉，包括时间、地点和人物，以及事情的经过。"


def page(rows):
    """rows: (text, link_chars or -1 for all, container, kind)."""
    original, blocks, pos = "", [], 0
    for text, links, container, kind in rows:
        links = len(text) if links == -1 else links
        blocks.append(Block(kind, pos, pos + len(text), "", links, container))
        original += text + "\n"
        pos += len(text) + 1
    return original, blocks


ROWS = [
    ("首页", -1, "div#nav>ul.menu", "text"),
    ("新闻", -1, "div#nav>ul.menu", "text"),
    ("文章标题在这里", 0, "div.wrap>div.title", "heading"),
    (PROSE, 0, "div.wrap>div.article-content", "text"),
    ("photo.jpg", 0, "div.article-content>p", "image"),
    (PROSE, 0, "div.wrap>div.article-content", "text"),
    (PROSE, 0, "div.wrap>div.article-content", "text"),
    ("热门文章一篇，标题很长很长很长的链接文字。", -1, "div.side>ul.hot", "text"),
    ("另一篇热门文章的标题，也是一个链接而已。", -1, "div.side>ul.hot", "text"),
    ("本网站所有内容，未经许可，不得转载，违者必究。联系电话：12345678。", 0, "div.footer", "text"),
]


def test_container_vote_picks_the_article_element():
    original, blocks = page(ROWS)
    content = main_content(original, blocks)
    assert content == {3, 4, 5, 6}


def test_densest_run_without_containers():
    rows = [(text, links, "", kind) for text, links, _c, kind in ROWS]
    original, blocks = page(rows)
    content = main_content(original, blocks)
    assert {3, 5, 6} <= content
    assert not content & {0, 1, 7, 8}


def test_no_prose_means_undecided():
    original, blocks = page([("首页", -1, "div#nav", "text"), ("联系我们", 0, "div.foot", "text")])
    assert main_content(original, blocks) is None
    assert main_content("", []) is None


def test_prose_score():
    assert prose_score(PROSE, 0.0) == len(PROSE)
    assert prose_score(PROSE, 0.9) == 0
    assert prose_score("短标题", 0.0) == 0


def test_a_table_deep_inside_the_main_container_stays_in_the_content():
    """Container hints name every ancestor, so a table nested four named elements deep still counts as
    inside the article's container (with only the last three names it did not)."""
    from jingtui.clean.pipeline import clean_article
    from jingtui.corpus.formats import parse_text
    from jingtui.corpus.model import Article

    sentence = "今年以来全市经济运行总体平稳，主要指标好于预期，发展质量稳步提升。"
    prose = "".join(f"<p>第{i}段，{sentence}</p>" for i in range(4))
    table = ("<div class='t1'><div class='t2'><div class='t3'><table class='data'><tr><td>地区生产总值增长百分之六</td>"
             "</tr></table></div></div></div>")
    html = (f"<html><body><div id='nav'><a href='/'>首页</a></div><div id='content'><h1>经济运行稳中向好</h1>{prose}"
            f"{table}{prose}</div><div id='side'><a href='/x'>热门文章一</a></div></body></html>")
    parsed = parse_text(html, ".html")
    cell = next(b for b in parsed.blocks if "地区生产总值" in parsed.original[b.start : b.end])
    assert cell.container.split(">")[0] == "div#content" and len(cell.container.split(">")) == 5
    article = Article(path="x.html", meta=parsed.meta, original=parsed.original, blocks=parsed.blocks, format="html")
    assert "地区生产总值增长百分之六" in clean_article(article).text
