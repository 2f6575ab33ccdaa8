"""Metadata: the five seeds, the 24 corpus pages (encoding and headline), reference dates, and rules."""

from __future__ import annotations

import pytest

from conftest import CORPUS, EXTRACTION_REFERENCE, SEEDS
from jingtui.corpus import metadata as md
from jingtui.corpus import read_article, read_corpus

# (file prefix, title, date, source, author): None where the file does not say
SEED_META = [
    ("000", "沧州公安丨仰望2021星芒 追寻2022荣光", "2022-02-01", None, "趣头条"),
    ("001", "擎旗奋进 靠前担当", None, None, "张锦程 王硕"),
    ("002", "致敬警察節丨矢志不渝做黨和人民的忠誠衛士——寫在第三個“中國人民警察節”到來之際", "2023-01-10",
     "聊城日\ufffd", "王軍豪"),
    ("003", "步履铿锵上台阶 响鼓重锤创一流", None, None, "董全磊"),
    ("004", "笃行2021 七大亮点 为实现“十四五”良好开局贡献公安力量", "2022-01-18", "中国警察网", "邵磊"),
]


@pytest.mark.parametrize(("prefix", "title", "date", "source", "author"), SEED_META)
def test_seed_metadata(prefix: str, title: str, date: str | None, source: str | None, author: str | None) -> None:
    path = next(p for p in SEEDS.iterdir() if p.name.startswith(prefix))
    meta = read_article(SEEDS, path.name).meta
    assert meta.title == title
    assert meta.date == date
    assert meta.source == source
    assert meta.author == author


def test_seed_subtitles_and_categories() -> None:
    articles = {a.path[:3]: a for a in read_corpus(SEEDS)}
    assert articles["001"].meta.subtitle == "2021年滨州公安工作盘点"
    assert articles["003"].meta.subtitle == "2021年全市公安工作会议解读"
    assert articles["000"].meta.categories == ["新媒体", "趣头条", "分类"]
    assert articles["001"].meta.title_block == 5  # line 6 of the file
    text = articles["002"].original
    block = articles["002"].blocks[articles["002"].meta.title_block]
    assert text[block.start : block.end].startswith("致敬警察節(jié)丨")


# file -> (encoding, headline); None where the file holds no headline (body-only extractions)
CORPUS_EXPECTED = {
    "01": ("utf-8", "女儿出嫁，郑板桥画了几笔兰花当嫁妆"),
    "02": ("utf-8", "山西品牌丝路行（南美站）正式启动"),
    "03": ("utf-8", "1-10月德清县固定资产投资结构趋稳趋优"),
    "04": ("utf-8", "海螺沟寻子一个月：儿子消失在眼前十几米，搜寻无果母亲不舍离去"),
    "05": ("utf-8", "法国全国大罢工再次严重影响交通"),
    "06": ("utf-8", "港特首梁振英就住宅违建事件道歉"),
    "07": ("big5hkscs", None),  # <title>Big5</title> is a fixture name, not a headline
    "08": ("utf-8", "【國安法騙案】婦人被指洗黑錢違國安法失逾百萬元 國安法七一立法苦主先後墮騙案"),
    "09": ("utf-8", "自如甲醛又超标，“图财害命”到何时？"),
    "10": ("utf-8", "《新闻联播》（20220110）"),
    "11": ("utf-8", None),  # the JSON record's text field starts with the body
    "12": ("utf-8", None),
    "13": ("utf-8", "留守人士自我安慰：在北京过春节的十理由"),
    "14": ("gb18030", "证监会：严厉打击造谣传谣行为"),
    "15": ("gb18030", None),  # the body of 14 only
    "16": ("gb18030", "深圳基金业救市倡议书：市场随时会逆转"),
    "17": ("utf-8", "书记市长这一周 奋马扬鞭争春色，“虎”力全开向未来"),
    "18": ("gb18030", "江苏多地要求中高风险地区师生员工暂不返校"),
    "19": ("gb18030", "娱乐圈受黑社会控制？ 明星挨打事件回顾(图)"),
    "20": ("gb18030", "工商部门初定SKII广告属于虚假宣传"),
    "21": ("gb18030", "中央军委主席习近平签署命令 发布《军队装备试验鉴定规定》"),
    "22": ("utf-8", "内蒙古延续部分到期税收优惠政策助企纾困 预计4年为纳税人减负180亿元"),
    "23": ("utf-8", "刺死辱母者于欢的罪与悔：出狱第一晚仅睡三四个小时"),
    "24": ("utf-8", "夜幕下的太和门广场"),
}


def test_corpus_encodings_and_headlines() -> None:
    articles = [a for a in read_corpus(CORPUS) if a.path != "SOURCES.md"]  # the folder's documentation, skipped
    assert len(articles) == 24
    seen = {}
    for article in articles:
        assert article.ok, (article.path, article.problems)
        seen[article.path[:2]] = (article.encoding, article.meta.title)
    assert seen == CORPUS_EXPECTED


def test_corpus_dates_match_the_references() -> None:
    checked = 0
    for ref in sorted(EXTRACTION_REFERENCE.glob("*.date.txt")):
        expected = ref.read_text(encoding="utf-8").strip()
        if expected == "UNKNOWN":
            continue
        name = ref.name.replace(".date.txt", ".html")
        article = read_article(CORPUS, name)
        assert article.meta.date == md.parse_date(expected), name
        checked += 1
    assert checked == 7


CORPUS_DATES = {
    "01": "2019-06-15", "02": "2019-09-18", "03": "2016-11-22", "04": "2019-09-09", "06": "2012-12-10",
    "08": "2020-07-24", "09": "2018-08-28", "10": "2022-01-10", "13": "2006-02-01", "14": "2015-07-04",
    "16": "2015-07-04",
}


def test_other_corpus_dates() -> None:
    dates = {a.path[:2]: a.meta.date for a in read_corpus(CORPUS)}
    for prefix, date in CORPUS_DATES.items():
        assert dates[prefix] == date, prefix


@pytest.mark.parametrize(("value", "iso"), [
    ("2022年01月18日 22:27", "2022-01-18"),
    ("2023-01-10 14:22:38", "2023-01-10"),
    ("2005-3-11 12:12", "2005-03-11"),
    ("Tue, 01 Feb 2022 08:37:15 GMT", "2022-02-01"),
    ("2012-12-10T09:24:01+00:00", "2012-12-10"),
    ("2015/07/04", "2015-07-04"),
    ("《新闻联播》（20220110）", "2022-01-10"),
    ("2022-13-45", None),
    ("无日期", None),
    (None, None),
])
def test_parse_date(value, iso) -> None:
    assert md.parse_date(value) == iso


@pytest.mark.parametrize(("lines", "source", "author"), [
    (["来源：聊城日報"], "聊城日報", None),
    (["來源: 中國警察網    作者: 邵磊"], "中國警察網", "邵磊"),
    (["发布日期:2022-01-01  来源:某某日报  作者:张三"], "某某日报", "张三"),
    (["2005年3月11日12:12 来源：[ 人民网 ]"], "人民网", None),
    (["本报记者 王五 通讯员 赵六"], None, "王五"),
    (["他告诉记者，这件事很重要，我们要重视起来。"], None, None),
])
def test_header_lines(lines, source, author) -> None:
    assert md.find_source(lines) == source
    assert md.find_author(lines) == author


def test_header_date_prefers_date_with_time() -> None:
    lines = ["2021年1月1日", "标题", "发布时间：2022-02-03 10:00", "正文"]
    assert md.find_date(lines) == ("2022-02-03", 2)
    assert md.find_date(["很长的正文" * 10 + "2019年1月1日发生的事。"]) == (None, None)


def test_pinyin_annotations_stripped_from_values() -> None:
    assert md.strip_annotations("致敬警察節(jié)丨忠誠(chéng)") == "致敬警察節丨忠誠"
    assert md.strip_annotations("日?qǐng)?bào)社") == "日\ufffd社"
    assert md.strip_annotations("第(193)期 (WHO)") == "第(193)期 (WHO)"


def test_plain_text_title_skips_chrome_and_stops_at_the_body() -> None:
    assert md.text_title(["首页", "要闻", "您的位置:首页>要闻", "发布日期:", "真正的标题在这", "正文。"]) == 4
    assert md.text_title(["首页 新闻 图片 视频 专题", "踔厉奋发 勇毅前行 再创佳绩"]) == 1
    assert md.text_title(["这是一个很长的正文段落，它以句号结束，所以不是标题而是正文的开始。", "小标题在此"]) is None


def test_html_title_rules() -> None:
    assert md.pick_title(["新闻标题在此-某某网"], ["新闻标题在此"], []) == ("新闻标题在此", None)
    title = "栏目名 | 新闻标题在此，很长"
    assert md.pick_title([title], [], ["菜单", title]) == (title, 1)
    assert md.pick_title(["1-10月某县投资稳定"], [], []) == ("1-10月某县投资稳定", None)
    assert md.pick_title(["Big5"], [], []) == (None, None)
    assert md.split_title("甲乙丙丁_某某网") == ["甲乙丙丁", "某某网"]
    assert md.split_title("甲乙——丙丁") == ["甲乙——丙丁"]


def test_corpus_authors_match_the_references_where_the_page_names_a_reporter() -> None:
    # 20's reference names the editor (责任编辑), 19 and 22 have none: not compared
    for prefix in ("17", "18", "21", "23"):
        ref = next(EXTRACTION_REFERENCE.glob(f"{prefix}_*.author.txt"))
        article = read_article(CORPUS, ref.name.replace(".author.txt", ".html"))
        assert article.meta.author == ref.read_text(encoding="utf-8").strip(), prefix


def test_bylines() -> None:
    assert md.find_author(["文 |于平"]) == "于平"
    assert md.find_byline(["正文很长的一段。", "（记者 张三）"]) == "张三"
    assert md.find_byline(["记者黄宣翰／攝影"]) is None  # a photo credit
    assert md.find_byline(["据记者了解，这件事很重要。"]) is None
    assert md.find_byline(["记者证查询"]) is None
