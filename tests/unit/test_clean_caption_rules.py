"""Captions that know prose: short sentences in a row are body, numbered lines are headings, a line in
parentheses under the headline is its subtitle; a single caption under a photo stays a caption."""

from __future__ import annotations

from jingtui.clean.pipeline import clean_article
from jingtui.clean.plain import article_from_text

PROSE = ("今年以来，全市经济运行总体平稳，主要指标好于预期，发展质量稳步提升，各项工作取得新进展，"
         "群众的获得感不断增强。")
LEAD = ["那天早上，她像往常一样出门。", "街上的人不多，风有点冷。", "走到路口，她停了下来。",
        "对面的店铺，已经亮起了灯。"]


def _kinds(text: str):
    clean = clean_article(article_from_text(text))
    return {clean.text[p.start : p.end]: p.kind for p in clean.paragraphs}, clean


def test_a_lead_written_as_short_lines_is_body():
    kinds, clean = _kinds("\n".join(["一个普通的早晨", *LEAD, PROSE]))
    assert all(kinds.get(line) == "body" for line in LEAD), clean.text


def test_short_sentences_after_a_photo_are_body_but_one_caption_stays_a_caption():
    kinds, clean = _kinds("\n".join(["一个普通的早晨", PROSE, "photo1.jpg", *LEAD, PROSE + "后来。", "photo2.jpg",
                                     "图为市民在街头，排队购买早点。", PROSE + "再后来。"]))
    assert all(line in clean.text for line in LEAD)
    assert "图为市民在街头" not in clean.text


def test_numbered_headings_are_kept():
    page = ["研究生培养方案说明", "photo.jpg", "一、培养目标", PROSE, "二、报考条件", PROSE + "其二。"]
    kinds, _ = _kinds("\n".join(page))
    assert kinds.get("一、培养目标") == "heading" and kinds.get("二、报考条件") == "heading"
    numbered = "三、自本通告发布之日起，上述区域内新迁入的人口不享有相关补偿政策。"
    kinds, _ = _kinds("\n".join(["关于某某工程的通告", PROSE, numbered]))
    assert kinds.get(numbered) == "body"


def test_an_adoption_line_under_the_headline_is_kept():
    adoption = "（2022年3月11日第十三届全国人民代表大会第五次会议通过）"
    kinds, _ = _kinds("\n".join(["关于政府工作报告的决议", adoption, PROSE]))
    assert kinds.get(adoption) == "subtitle"


def test_photo_captions_naming_places_stay_captions():
    names = ["市公安局指挥中心。", "市反诈中心。", "升旗仪式现场。"]
    kinds, clean = _kinds("\n".join(["一年工作盘点", *names, PROSE]))
    assert not any(n in clean.text for n in names)


def test_a_lead_sentence_between_the_byline_and_the_body_is_kept():
    lead = "快速周转、压缩成本可以理解，但决不能把租客当成测试仪。"
    kinds, clean = _kinds("\n".join(["租房甲醛又超标到何时", "文 | 于平", lead, "视频", PROSE, PROSE + "又一段。"]))
    assert kinds.get(lead) == "body"
