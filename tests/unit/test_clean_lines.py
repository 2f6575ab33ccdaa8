"""Line classes: agreement with the hand labels per seed, and each rule on its own."""

from __future__ import annotations

import pytest

from conftest import LINE_LABELS, SEEDS
from jingtui.clean.lines import (
    Line,
    classify_blocks,
    rule_breadcrumb,
    rule_byline,
    rule_chrome_pattern,
    rule_date_line,
    rule_empty_label,
    rule_image,
    rule_menu,
)
from jingtui.clean.plain import article_from_text

LABEL_MAP = {"head": "heading", "nav": "chrome", "footer": "chrome", "credit": "chrome", "editor": "chrome",
             "img": "image", "banner-img": "image"}


def read_labels(number: str) -> list[tuple[int, str, str]]:
    rows = []
    for row in (LINE_LABELS / f"{number}.tsv").read_text(encoding="utf-8").splitlines():
        parts = row.split("\t")
        rows.append((int(parts[0]), LABEL_MAP.get(parts[1], parts[1]), parts[2] if len(parts) > 2 else ""))
    return rows


def seed_article(number: str):
    """The seed through the corpus reader when it is there, else as plain text lines."""
    path = next(SEEDS.glob(f"{number}_*"))
    try:
        from jingtui.corpus import read_article
    except ImportError:
        return article_from_text(path.read_text(encoding="utf-8"), path.name)
    return read_article(SEEDS, path.name)


def agreement(number: str) -> tuple[int, int, list[str]]:
    """(agreeing, total, disagreements) over the non-blank labelled lines of a seed."""
    article = seed_article(number)
    classification = classify_blocks(article.original, article.blocks, article.meta.title)
    labels = [row for row in read_labels(number) if row[1] != "blank"]
    lines = classification.lines
    misses: list[str] = []
    if number == "000":
        # Labels are per HTML block, in order: match them to the blocks after the front matter.
        body = lines[-len(labels):] if len(lines) >= len(labels) else lines
        pairs = list(zip(labels, body))
    else:
        by_line = {article.original.count("\n", 0, ln.start) + 1: ln for ln in lines}
        pairs = [(label, by_line.get(label[0])) for label in labels]
    ok = 0
    for (number_, want, text), line in pairs:
        got = line.cls if line is not None else "missing"
        if got == want:
            ok += 1
        else:
            misses.append(f"{number_}: want {want}, got {got} ({line.rule if line else ''}) {text[:20]}")
    return ok, len(labels), misses


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_agreement_with_hand_labels_at_least_98_percent(number):
    if number == "000":
        pytest.importorskip("jingtui.corpus.reader", reason="seed 000 is HTML: it needs the corpus reader")
    ok, total, misses = agreement(number)
    figure = ok / total
    print(f"seed {number}: {ok}/{total} = {figure:.3f}")
    assert figure >= 0.98, misses


def line(text: str, kind: str = "text") -> Line:
    return Line(index=0, start=0, end=len(text), raw=text, text=text, kind=kind)


def test_rule_image():
    assert rule_image(line("jc1.jpg")) == "image"
    assert rule_image(line("1.gif", "image")) == "image"
    assert rule_image(line("照片来自现场。")) is None


@pytest.mark.parametrize("text", ["版权所有:滨州日报  技术支持:锦华科技", "魯ICP備09083931號", "通版阅读请点击:", "触屏版 | PC版",
                                  "责编：殷启林", "【编辑:任玉伟】", "A+A-", "分享", "© 中国警察网", "第(193)期",
                                  "许昌市公安局 协办", "审核：张洪宝", "相关推荐", "当前版:05版"])
def test_rule_chrome_pattern(text):
    assert rule_chrome_pattern(line(text)) == "chrome"


@pytest.mark.parametrize("text", ["编辑部的同志们在会上说，今年的工作取得了很大的进展，版权所有的问题也解决了。", "分享经验是好事", "聚焦主责主业"])
def test_rule_chrome_pattern_leaves_prose(text):
    assert rule_chrome_pattern(line(text)) is None


def test_rule_breadcrumb_menu_label():
    assert rule_breadcrumb(line("您的位置:首页>要闻 > 社会 >")) == "chrome"
    assert rule_breadcrumb(line("新闻中心  >  公安要闻  > 正文")) == "chrome"
    assert rule_breadcrumb(line("温度>30度时，要注意防暑。")) is None
    assert rule_menu(line("关于我们 | 广告服务 | 版权声明 | 联系我们")) == "chrome"
    assert rule_menu(line("中国警察网 · 邵磊  |  2022-01-18 22:27")) is None
    assert rule_empty_label(line("发布日期:")) == "chrome"
    assert rule_empty_label(line("即时新闻:")) == "chrome"
    assert rule_empty_label(line("他说:")) == "chrome"
    assert rule_empty_label(line("会议指出，要做好以下工作:")) is None


def test_rule_byline_and_date_line():
    assert rule_byline(line("本报记者 董全磊 通讯员 李甜 王东方")) == "byline"
    assert rule_byline(line("来源:聊城日报  2023-01-10 14:22:38")) == "byline"
    assert rule_byline(line("滨州日报/滨州网通讯员 张锦程 王硕")) == "byline"
    assert rule_byline(line("记者从市公安局获悉，今年以来全市共破获案件100余起，抓获嫌疑人200余人。")) is None
    assert rule_date_line(line("中国警察网 · 邵磊  |  2022-01-18 22:27")) == "byline"
    assert rule_date_line(line("2022年12月25日起，东阿县公安局陆续接到10余起警情。")) is None


def classes(text: str, title: str | None = None) -> list[tuple[str, str]]:
    article = article_from_text(text, title=title)
    return [(ln.text, ln.cls) for ln in classify_blocks(article.original, article.blocks, title).lines]


PROSE = "这是一段足够长的正文，讲述了一件事情的来龙去脉，包括时间、地点和人物，以及事情的经过。"


def test_structure_title_heading_caption_chrome():
    text = "\n".join(["首页", "新闻", "一个标题在这里", "", PROSE, "", "小标题", "", PROSE, "", "a.jpg", "",
                      "照片说明文字。", "", PROSE, "", "版权所有 某网", "联系我们"])
    got = dict(classes(text))
    assert got["首页"] == "chrome" and got["新闻"] == "chrome"
    assert got["一个标题在这里"] == "title"
    assert got["小标题"] == "heading"
    assert got["a.jpg"] == "image"
    assert got["照片说明文字。"] == "caption"
    assert got["联系我们"] == "chrome"


def test_title_hint_wins():
    text = "\n".join(["导航栏文字很长一些", "真正的标题", PROSE])
    got = dict(classes(text, title="真正的标题"))
    assert got["真正的标题"] == "title"
    assert got["导航栏文字很长一些"] == "chrome"


def test_line_cut_mid_sentence_joins_next():
    first = "这是一段足够长的正文，讲述了一件事情的来龙去脉，包括时间、地点和人物，以及事情的经"
    text = "\n".join(["标题文字", PROSE, first, "", "过和结果。", PROSE])
    article = article_from_text(text)
    lines = classify_blocks(article.original, article.blocks).lines
    cut = next(ln for ln in lines if ln.text == first)
    nxt = next(ln for ln in lines if ln.text == "过和结果。")
    assert cut.joins_next and cut.cls == "body" and nxt.cls == "body"


def test_block_kinds_from_html():
    from jingtui.corpus.model import Block

    texts = [("text", "标题文字在这里"), ("text", PROSE), ("image", "photo.jpg"), ("caption", "图为会议现场"),
             ("text", PROSE), ("list", "第一项内容"), ("list", "第二项内容"), ("heading", "这是一个二级标题"),
             ("text", PROSE), ("text", PROSE)]
    original, blocks, pos = "", [], 0
    for kind, text in texts:
        blocks.append(Block(kind, pos, pos + len(text)))
        original += text + "\n"
        pos += len(text) + 1
    got = {ln.text: (ln.cls, ln.rule) for ln in classify_blocks(original, blocks, "标题文字在这里").lines}
    assert got["图为会议现场"][0] == "caption"
    assert got["第一项内容"] == ("body", "list-item")
    assert got["这是一个二级标题"][0] == "heading"
    assert got["photo.jpg"][0] == "image"


def test_subtitle_from_metadata():
    text = "\n".join(["主标题", "副标题不带破折号", PROSE, PROSE])
    article = article_from_text(text, title="主标题")
    article.meta.subtitle = "副标题不带破折号"
    got = {ln.text: ln.cls for ln in classify_blocks(article.original, article.blocks, "主标题",
                                                      subtitle_hint="副标题不带破折号").lines}
    assert got["主标题"] == "title" and got["副标题不带破折号"] == "subtitle"
