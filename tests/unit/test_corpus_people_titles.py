"""Outlet and author kept apart; front-matter values as written; one title function for list and app."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingtui.clean.pipeline import clean_article
from jingtui.clean.titles import article_title
from jingtui.corpus import read_article
from jingtui.corpus.formats import parse_text
from jingtui.corpus.model import ArticleMeta
from jingtui.corpus.people import clean_author, clean_outlet, is_outlet_name, tidy_people

BODY = "今年以来，全市经济运行总体平稳，主要指标好于预期，发展质量稳步提升，各项工作取得新进展。"


@pytest.mark.parametrize("author, expected", [
    ("张三 责任编辑：李四", "张三"), ("王五（摄）", "王五"), ("赵六 编辑 钱七", "赵六"), ("责任编辑：李四", None),
    ("张三 王五", "张三 王五"),
])
def test_editors_and_photo_credits_are_not_authors(author, expected):
    assert clean_author(author) == expected


@pytest.mark.parametrize("outlet, expected", [("人民网 举报", "人民网"), ("新华网|纠错", "新华网"), ("举报", None),
                                               ("央视新闻 分享到", "央视新闻"), ("聊城日报", "聊城日报")])
def test_link_words_are_not_outlets(outlet, expected):
    assert clean_outlet(outlet) == expected


def test_an_outlet_in_the_author_field_moves_to_the_outlet():
    assert is_outlet_name("新华网") and is_outlet_name("聊城日报") and not is_outlet_name("记者 王军")
    meta = ArticleMeta(author="新华网")
    tidy_people(meta)
    assert (meta.source, meta.author) == ("新华网", None)
    meta = ArticleMeta(author="人民日报", source="人民网")
    tidy_people(meta)
    assert (meta.source, meta.author) == ("人民网", None)


def test_a_page_byline_with_an_editor_gives_the_reporter():
    text = "\n\n".join(["市场回暖迹象明显", "来源：人民网 举报", "作者：张三 责任编辑：李四", BODY])
    meta = parse_text(text, ".txt").meta
    assert (meta.source, meta.author) == ("人民网", "张三")


def test_front_matter_values_are_trusted_as_written():
    text = "---\ntitle: 山西·太原：新春灯会开幕\nauthor: 新华网\nsource: 举报中心\n---\n\n" + BODY + "\n"
    meta = parse_text(text, ".md").meta
    assert (meta.title, meta.author, meta.source) == ("山西·太原：新春灯会开幕", "新华网", "举报中心")
    clipped = "---\ntitle: 自如甲醛又超标 | 新京报快评\n---\n\n" + BODY + "\n"
    assert parse_text(clipped, ".md").meta.title == "自如甲醛又超标"  # a site's name after a bar goes


def test_a_headline_with_a_column_label_is_the_title_in_list_and_app(tmp_path: Path):
    (tmp_path / "a.txt").write_text("【央视快评】坚持人民至上 守护万家灯火\n\n" + BODY + "\n", encoding="utf-8")
    article = read_article(tmp_path, "a.txt")
    assert article.meta.title == "【央视快评】坚持人民至上 守护万家灯火"
    assert article_title(article) == article_title(article, clean_article(article)) == article.meta.title
