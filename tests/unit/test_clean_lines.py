"""Line classes: agreement with the hand labels per seed, and each rule on its own."""

from __future__ import annotations

import pytest

from conftest import LINE_LABELS, SEEDS
from jingtui.clean.line_facts import Line
from jingtui.clean.line_rules import (
    rule_breadcrumb,
    rule_byline,
    rule_chrome_pattern,
    rule_date_line,
    rule_empty_label,
    rule_image,
    rule_menu,
)
from jingtui.clean.lines import classify_blocks
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
        pairs = list(zip(labels, body, strict=False))
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


@pytest.mark.parametrize("text", ["版权所有:滨州日报  技术支持:锦华科技", "魯ICP備09083931號", "通版阅读请点击:",
                                  "触屏版 | PC版", "责编：殷启林", "【编辑:任玉伟】", "A+A-", "分享", "© 中国警察网",
                                  "第(193)期", "许昌市公安局 协办", "审核：张洪宝", "相关推荐", "当前版:05版",
                                  "【打印】【关闭】", "[收藏] [评论]"])
def test_rule_chrome_pattern(text):
    assert rule_chrome_pattern(line(text)) == "chrome"


@pytest.mark.parametrize("text", ["编辑部的同志们在会上说，今年的工作取得了很大的进展，版权所有的问题也解决了。",
                                  "分享经验是好事", "聚焦主责主业"])
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
    assert rule_byline(line("局长在记者会上回答提问。")) is None
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


HK_PAGE = """首頁
港聞
國際
財經
首頁 > 港聞 > 正文

政府宣布新一輪防疫措施 食肆晚市堂食延至十時

2022年03月05日 10:12　來源：本報訊　作者：陳大文
字號：大 中 小

　　政府今日宣布，由下周一起放寬部分社交距離措施，食肆晚市堂食時間將延長至晚上十時，每枱人數上限維持四人。

　　食物及衞生局局長在記者會上表示，過去兩星期確診個案持續下降，「我們認為現時是適當時機，逐步恢復社會正常運作。」

photo_2022.jpg

局長在記者會上回答提問。

　　醫管局指出，公立醫院的病床佔用率已回落至八成以下，但仍呼籲市民保持警惕，盡快接種疫苗。

　　學校方面

　　教育局表示，全港中小學將於四月中旬恢復面授課堂，學生須每日進行快速測試，並於上課前申報結果。

責任編輯：李小明
相關新聞
關於我們 | 聯絡我們 | 私隱政策
版權所有 © 2022 某某新聞網
"""


def test_a_page_unlike_the_seeds():
    """Traditional script, full-width indentation, other wording: the same rules hold."""
    article = article_from_text(HK_PAGE)
    got = [(ln.text, ln.cls) for ln in classify_blocks(article.original, article.blocks).lines]
    want = ["chrome"] * 5 + ["title", "byline", "chrome", "body", "body", "image", "caption", "body", "heading",
                             "body", "chrome", "chrome", "chrome", "chrome"]
    assert [cls for _, cls in got] == want, got


DENSE_PAGE = """当前位置：首页 > 国内新闻
谁来守护城市的夜晚？
——记市公安局巡特警支队夜巡中队
发布时间：2021-06-01 来源：市公安局 编辑：张三
【打印】【关闭】
深夜十一点，城市渐渐安静下来，巡特警支队夜巡中队的民警们却刚刚开始一天的工作。他们驾驶警车穿行在大街小巷，守护着市民的平安。
“我们每天晚上要巡逻八个小时，遇到突发情况随时处置。”中队长李明说。今年以来，中队共处置各类警情320余起，抓获违法犯罪嫌疑人45人。
一、科技赋能
中队配备了无人机和移动指挥车，通过视频巡控系统实现了对重点区域的全天候覆盖，警情处置时间平均缩短了三分钟，群众满意度明显提升，这
些成绩的取得离不开每一位队员的辛勤付出。
二、警民共建
中队还与辖区内的商户和居民建立了联防机制，组建了一支两百余人的平安志愿者队伍，协助民警开展夜间巡逻和防范宣传工作，形成了群防群治的良好局面。
上一篇：我市开展夏季治安打击整治行动
下一篇：交警部门发布端午出行提示
"""


def test_a_page_without_blank_lines():
    """No blank lines, a question as title, numbered headings, a paragraph cut mid-sentence."""
    article = article_from_text(DENSE_PAGE)
    lines = classify_blocks(article.original, article.blocks).lines
    assert [ln.cls for ln in lines] == ["chrome", "title", "subtitle", "byline", "chrome", "body", "body", "heading",
                                        "body", "body", "heading", "body", "chrome", "chrome"]
    assert lines[8].joins_next
    from jingtui.clean.pipeline import clean_article

    text = clean_article(article).text
    assert "全天候覆盖，警情处置时间平均缩短了三分钟，群众满意度明显提升，这些成绩" in text
    assert "上一篇" not in text and "打印" not in text


def test_repeated_blocks_are_read_once():
    text = "\n".join(["一个标题在这里", PROSE, "一个标题在这里", PROSE,
                      "另一段话，内容完全不同，也足够长，可以算作正文的一部分。"])
    got = [(ln.cls, ln.rule) for ln in classify_blocks(*_plain(text)).lines]
    assert got[0] == ("title", "title")
    assert got[2] == ("chrome", "duplicate-title")
    assert got[3] == ("chrome", "duplicate")
    assert got[4][0] == "body"


def test_a_paragraph_said_twice_is_kept_and_marked_a_repeat():
    formula = "坚持以人民为中心的发展思想，不断增强人民群众的获得感、幸福感、安全感。"
    other = "另一段话，内容完全不同，也足够长，可以算作正文的一部分。"
    text = "\n".join(["一个标题在这里", formula, PROSE, formula, other])
    got = [(ln.cls, ln.rule) for ln in classify_blocks(*_plain(text)).lines]
    assert got[3][0] == "body" and got[3][1].endswith("+repeat")
    assert got[1][0] == "body" and not got[1][1].endswith("+repeat")


def test_a_body_printed_twice_is_read_once():
    other = "另一段话，内容完全不同，也足够长，可以算作正文的一部分。"
    text = "\n".join(["一个标题在这里", PROSE, other, PROSE, other])
    got = [(ln.cls, ln.rule) for ln in classify_blocks(*_plain(text)).lines]
    assert got[3] == ("chrome", "duplicate") and got[4] == ("chrome", "duplicate")


def _plain(text: str):
    article = article_from_text(text)
    return article.original, article.blocks


def test_credit_tail_is_not_a_cut_sentence():
    first = "新京报曾调查报道中介收房后快速装修出租，部分租客入住后疑因甲醛超标致身体不适的情况。新京报动新闻出品"
    text = "\n".join(["标题文字", PROSE, first,
                      "据报道，去年四月，一位租客通过中介租下了一个一室一厅的房子，住了一年。", PROSE])
    lines = classify_blocks(*_plain(text)).lines
    assert not lines[2].joins_next


def test_a_short_closing_sentence_is_kept_a_footer_is_not():
    text = "\n".join(["一个标题在这里", PROSE, PROSE + "又一段。", "让我们拭目以待。", "版权所有 某某网站"])
    got = [(ln.cls, ln.rule) for ln in classify_blocks(*_plain(text)).lines]
    assert got[3][0] == "body" and got[4][0] == "chrome"
