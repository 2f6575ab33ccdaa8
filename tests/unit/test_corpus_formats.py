"""HTML, Markdown and plain text flattening: paragraphs, blocks and their spans."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, LINE_LABELS, SEEDS
from jingtui.corpus import read_article, read_corpus
from jingtui.corpus.formats import parse_text, split_long
from jingtui.corpus.markdown import split_front_matter


def _texts(parsed) -> list[str]:
    return [parsed.original[b.start : b.end] for b in parsed.blocks]


def _check_spans(original: str, blocks) -> None:
    """Each block is one whole non-blank line (edges trimmed), in order, and every such line has one."""
    lines = original.split("\n")
    non_blank = [ln.strip(" \t\u3000") for ln in lines if ln.strip(" \t\u3000")]
    assert [original[b.start : b.end] for b in blocks] == non_blank
    last = -1
    for block in blocks:
        assert block.start > last and block.end > block.start
        assert "\n" not in original[block.start : block.end]
        last = block.end


PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>真标题在此_某某网</title>
<meta property="og:title" content="真标题在此"><meta name="author" content="张三">
<meta property="article:published_time" content="2021-03-04T08:00:00+08:00">
<meta name="description" content="一段摘要"><meta name="keywords" content="甲, 乙">
<link rel="canonical" href="https://example.com/a.html">
<style>.x{color:red}</style><script>var a = "<p>不要</p>";</script></head>
<body><header><div>页头菜单</div></header><nav><a href="/">首页</a></nav>
<div id="content"><div class="article">
<h1>真标题在此</h1>
<!-- 注释不要 -->
<p>第一段<a href="#">链接文字</a>正文。</p>
<p>第一行<br>第二行</p>
<figure><img src="/img/photo01.jpg?x=1"><figcaption>图片说明文字</figcaption></figure>
<p><img src="a.png" alt="替代文字"></p>
<h2>小标题</h2>
<ul><li>列表一</li><li>列表二</li></ul>
<form><select><option>选项</option></select><button>按钮</button><input value="x"></form>
<noscript>无脚本</noscript><iframe src="x">框架</iframe>
<p>&ldquo;实体&rdquo;&nbsp;空格 [bold]标记[/bold]</p>
</div></div>
<footer>版权所有页脚</footer></body></html>"""


def test_html_blocks_and_metadata() -> None:
    parsed = parse_text(PAGE, ".html")
    texts = _texts(parsed)
    assert texts == [
        "真标题在此", "第一段链接文字正文。", "第一行", "第二行", "photo01.jpg", "图片说明文字", "替代文字",
        "小标题", "列表一", "列表二", "“实体” 空格 [bold]标记[/bold]",
    ]
    kinds = [b.kind for b in parsed.blocks]
    assert kinds == ["heading", "text", "text", "text", "image", "caption", "image", "heading", "list", "list", "text"]
    assert parsed.blocks[1].link_chars == 4
    assert parsed.blocks[1].container == "div#content>div.article"
    meta = parsed.meta
    assert meta.title == "真标题在此" and meta.title_block == 0
    assert meta.page_title == "真标题在此_某某网"
    assert meta.date == "2021-03-04"
    assert meta.author == "张三"
    assert meta.url == "https://example.com/a.html"
    assert meta.description == "一段摘要" and meta.keywords == ["甲", "乙"]
    _check_spans(parsed.original, parsed.blocks)


def test_header_inside_article_is_kept() -> None:
    parsed = parse_text("<body><header>站点</header><article><header><h1>文章标题甲乙</h1></header>"
                        "<p>正文。</p></article></body>", ".html")
    assert _texts(parsed) == ["文章标题甲乙", "正文。"]


def test_whole_page_form_is_kept() -> None:
    body = "".join(f"<p>第{i}段正文内容。</p>" for i in range(10))
    parsed = parse_text(f"<body><form id='f'>{body}</form><form><p>搜索</p></form></body>", ".html")
    texts = _texts(parsed)
    assert "第0段正文内容。" in texts and "搜索" not in texts


def test_cleaneval_wrapper() -> None:
    page = ('<text id="http://example.com/n1.html" title="包装标题在此" encoding="gb2312">'
            '<html><body><p>正文一段，结束。</p></body></html></text>')
    parsed = parse_text(page, ".html")
    assert parsed.meta.title == "包装标题在此"
    assert parsed.meta.url == "http://example.com/n1.html"
    assert _texts(parsed) == ["正文一段，结束。"]


def test_markdown_front_matter_with_blank_line_first() -> None:
    text = ("\n\n---\ntitle: '标题甲乙丙'\ndate: 2022-02-01\ncategories:\n - 新闻\n - 公安\nauthor: 某人\n---\n\n"
            "# 标题甲乙丙\n\n第一段第一行\n第一段第二行\n\n![图一](http://x/y/pic.jpg)\n\n"
            "<figcaption>图的说明</figcaption>\n\n<!-- 注释\n两行 -->\n- 列表项\n\n> 引用**加粗**\n\n"
            "[链接](http://x) 和 \\|竖线\n")
    parsed = parse_text(text, ".md")
    assert parsed.problems == []
    assert _texts(parsed) == ["标题甲乙丙", "第一段第一行第一段第二行", "图一", "图的说明", "列表项", "引用加粗",
                              "链接 和 |竖线"]
    assert [b.kind for b in parsed.blocks] == ["heading", "text", "image", "caption", "list", "text", "text"]
    meta = parsed.meta
    assert meta.title == "标题甲乙丙" and meta.date == "2022-02-01"
    assert meta.categories == ["新闻", "公安"] and meta.author == "某人"
    assert parsed.blocks[-1].link_chars == 2


def test_broken_front_matter_is_a_problem_and_the_body_loads() -> None:
    parsed = parse_text("---\ntitle: [unclosed\n  : : bad\n---\n正文还在这里。\n", ".md")
    assert len(parsed.problems) == 1 and "front matter" in parsed.problems[0]
    assert _texts(parsed) == ["正文还在这里。"]


def test_unclosed_front_matter() -> None:
    fm = split_front_matter("---\ntitle: x\n正文")
    assert fm.problems and fm.body.startswith("---")


def test_seed_000_front_matter_and_html_body() -> None:
    article = read_article(SEEDS, "000_28f175d8c4f347a7.txt")
    labels = [line.split("\t")[2].rstrip("\n") for line in (LINE_LABELS / "000.tsv").open(encoding="utf-8")]
    # The headline is only in the front matter: it becomes the first line, then the HTML body's blocks.
    title, *body = article.blocks
    assert article.original[title.start : title.end] == article.meta.title == "沧州公安丨仰望2021星芒 追寻2022荣光"
    assert (title.kind, title.tag, article.meta.title_block) == ("heading", "front-matter", 0)
    assert [article.original[b.start : b.end] for b in body] == labels
    assert [b.kind for b in body[:3]] == ["image", "image", "image"]
    assert article.original.split("\n")[:2] == [article.meta.title, "1.gif"]


def test_plain_seed_lines_match_the_hand_labels() -> None:
    """Plain text keeps its lines: line N of original is line N of the labelled file."""
    for article in read_corpus(SEEDS)[1:]:
        rows = [ln.rstrip("\n").split("\t") for ln in (LINE_LABELS / f"{article.path[:3]}.tsv").open(encoding="utf-8")]
        lines = article.original.split("\n")
        assert len(lines) == len(rows)
        for row, line in zip(rows, lines, strict=True):
            assert line.strip(" \u3000") == row[2].replace("\xa0", " ").strip(" \u3000"), row[0]
        _check_spans(article.original, article.blocks)


def test_markdown_html_comments_dropped() -> None:
    article = read_article(CORPUS, "10_cctv-xwlb-20220110-police-day.md")
    assert "repaste" not in article.original and "<!--" not in article.original
    assert article.format == "markdown"


def test_json_record_text_with_html_is_parsed_as_html() -> None:
    article = read_article(CORPUS, "11_xwlb-json-20190506-police-achievements.txt")
    assert article.format == "html"
    assert "<p>" not in article.original
    assert len(article.blocks) == 10


def test_single_long_line_with_glued_captions_is_split() -> None:
    article = read_article(CORPUS, "12_udn-json-kaohsiung-drug-bust.txt")
    texts = [article.original[b.start : b.end] for b in article.blocks]
    assert texts.count("分享") == 3 and texts.count("facebook") == 3


def test_corpus_spans_are_whole_lines() -> None:
    for article in read_corpus(CORPUS):
        _check_spans(article.original, article.blocks)


def test_plain_text_image_names_and_edges() -> None:
    parsed = parse_text("\u3000\u3000第一行文字\n\njc1.jpg\n  尾行  \n", ".txt")
    assert _texts(parsed) == ["第一行文字", "jc1.jpg", "尾行"]
    assert parsed.original.split("\n")[0] == "\u3000\u3000第一行文字"


def test_very_long_lines_are_cut_after_sentences() -> None:
    line = "这是一句话。" * 3000
    pieces = split_long(line)
    assert "".join(pieces) == line
    assert all(len(p) <= 5_000 for p in pieces) and all(p.endswith("。") for p in pieces)


_ALPHABET = st.sampled_from(list("甲乙丙丁。，“” \u3000\t\n<>/pbrdivimg=\"a&;#x")
                            + ["<p>", "</p>", "<br>", "<img alt='图'>", "<h1>", "</h1>", "<!--", "-->", "&nbsp;",
                               "\r\n", "\x00", "\x1b"])


@settings(max_examples=80, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.sampled_from([".html", ".md", ".txt"]))
def test_blocks_always_cover_whole_lines(text: str, suffix: str) -> None:
    from jingtui.corpus.decode import normalise

    parsed = parse_text(normalise(text)[0], suffix)
    _check_spans(parsed.original, parsed.blocks)


def test_tmp_html_file_with_gbk(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(PAGE.encode("gbk"))
    article = read_corpus(tmp_path)[0]
    assert article.encoding == "gb18030" and article.meta.title == "真标题在此"


def test_control_characters_from_character_references_never_appear() -> None:
    # html.unescape drops references to control characters (&#27; &#7;); markup-like text stays data
    parsed = parse_text("<p>正文&#27;[31m红&#7;[bold]</p>", ".html")
    assert _texts(parsed) == ["正文[31m红[bold]"]
    assert "\x1b" not in parsed.original and "\x07" not in parsed.original


def test_head_without_end_or_body_tag() -> None:
    parsed = parse_text("<html><head><title>标题甲乙丙</title><meta charset=utf-8>"
                        "<p>正文一段。</p><p>正文二段。</p>", ".html")
    assert _texts(parsed) == ["正文一段。", "正文二段。"]
    assert parsed.meta.title == "标题甲乙丙"


def test_blank_lines_in_a_text_node_separate_paragraphs() -> None:
    parsed = parse_text("<body>\n  第一段文字。\n\n第二段\n文字。\n</body>", ".html")
    assert _texts(parsed) == ["第一段文字。", "第二段 文字。"]
    big5 = read_article(CORPUS, "07_big5-taipei-detention-center.html")
    assert len(big5.blocks) == 4


# ---- a headline only the front matter gives ----------------------------------------------------

import pytest  # noqa: E402

from jingtui.corpus.formats import FRONT_MATTER_TAG  # noqa: E402


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_a_front_matter_headline_missing_from_the_body_becomes_its_first_line(suffix: str) -> None:
    parsed = parse_text("---\ntitle: '全市经济稳中向好'\ndate: 2022-01-10\n---\n\n"
                        "今年以来，全市经济运行稳中向好。\n\n第二段。\n", suffix)
    first_two = [ln for ln in parsed.original.split("\n") if ln][:2]
    assert first_two == ["全市经济稳中向好", "今年以来，全市经济运行稳中向好。"]
    first = parsed.blocks[0]
    assert (first.kind, first.tag, first.start, first.end) == ("heading", FRONT_MATTER_TAG, 0, 8)
    assert parsed.meta.title_block == 0 and parsed.meta.date == "2022-01-10"
    assert all(parsed.original[b.start:b.end] for b in parsed.blocks)  # every block still covers its text


def test_a_front_matter_headline_under_an_html_body() -> None:
    parsed = parse_text("---\ntitle: 标题在这里\n---\n<div><p>第一段正文，内容很长很长。</p><p>第二段。</p></div>\n",
                        ".txt")
    assert parsed.original.startswith("标题在这里\n第一段正文")
    assert parsed.blocks[0].tag == FRONT_MATTER_TAG and parsed.meta.title_block == 0


@pytest.mark.parametrize("text", [
    "---\ntitle: 标题\n---\n\n# 标题\n\n正文第一段。\n",  # the body repeats it
    "---\nauthor: 某人\n---\n\n正文第一段。\n",  # no title in the front matter
    "---\ntitle: 标题\n---\n\n",  # no body
    "正文第一段。\n没有前言。\n",  # no front matter
])
def test_the_headline_line_is_added_only_when_needed(text: str) -> None:
    parsed = parse_text(text, ".md")
    assert not any(b.tag == FRONT_MATTER_TAG for b in parsed.blocks)


def test_a_malformed_declaration_keeps_what_came_before() -> None:
    """html.parser gives up on an unknown marked section (``<![foo[``) with an AssertionError: the page keeps
    what was parsed before it rather than failing."""
    from jingtui.corpus.html import parse_html

    page = parse_html("<html><head><title>标题甲乙</title></head><body><p>第一段正文内容。</p>"
                      "<![foo[ x ]]><p>第二段。</p></body></html>")
    assert page.title == "标题甲乙"
    assert [block.text for block in page.blocks] == ["第一段正文内容。"]
