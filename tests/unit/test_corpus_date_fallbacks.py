"""Dates found where the lines around the headline have none: post stamps, US and RFC 822 forms, the
URL, forms left out of the page, a date line."""

from __future__ import annotations

import pytest

from jingtui.corpus.date_fallbacks import fallback_date, url_date
from jingtui.corpus.formats import parse_text
from jingtui.corpus.metadata import find_date

BODY = "<p>" + "今年以来，全市经济运行总体平稳，主要指标好于预期，发展质量稳步提升。" * 3 + "</p>"


def _page(head: str = "", body: str = BODY, tail: str = "") -> str:
    nav = "".join(f"<li><a href='/{i}'>栏目{i}</a></li>" for i in range(30))
    return (f"<html><head><title>一篇博客文章</title></head><body><ul>{nav}</ul>{head}"
            f"<h1>一篇博客文章</h1>{body}{tail}</body></html>")


@pytest.mark.parametrize("line, iso", [
    ("由小王张贴 @ 2005-06-14 03:25:55 (370) 共 11 篇评论", "2005-06-14"),
    ("ggjj 发表于 2005-9-15 11:46:00", "2005-09-15"),
    ("发布日期： 9/17/2004 5:54:13 AM", "2004-09-17"),
    ("Posted on 2005-03-01 by amy", "2005-03-01"),
])
def test_post_stamps_anywhere(line, iso):
    assert fallback_date(["首页", "一篇博客文章", "正文很长很长。" * 20, line]) == iso


def test_the_first_stamp_wins_on_an_archive_page():
    lines = ["由小王张贴 @ 2005-06-14 03:25", "另一篇", "由小王张贴 @ 2005-06-13 15:00"]
    assert fallback_date(lines) == "2005-06-14"


def test_us_dates_need_a_time_archive_ranges_are_not_dates():
    assert fallback_date(["12/01/2004 - 01/01/2005", "01/01/2005 - 2/01/2005"]) is None
    assert find_date(["标题", "发布日期： 7/5/2005 9:23:57 PM"]) == ("2005-07-05", 1)


def test_rfc_822_and_url_dates():
    assert fallback_date(["Date: Sun, 31 Jul 2005 12:30:00 +0800"]) == "2005-07-31"
    assert url_date("http://example.org/news/2005/07/31/story.html") == "2005-07-31"
    assert url_date("http://example.org/a/2005-7-31/b.htm") == "2005-07-31"
    assert url_date("http://example.org/a/20050731/b.htm") == "2005-07-31"
    assert url_date("http://example.org/a/12345678/b.htm") is None
    assert url_date("http://example.org/2005/b.htm") is None
    assert fallback_date(["没有日期的一行"], url="http://example.org/2005/07/31/x.html") == "2005-07-31"


def test_a_date_line_of_its_own():
    assert fallback_date(["标题", "2006年12月27日（京港台时间）", "正文"]) == "2006-12-27"
    assert fallback_date(["他在2006年12月27日说了很多话，大家都在听"]) is None


def test_html_pages_use_the_fallbacks():
    far = "".join(f"<p>第{i}行无关的栏目文字</p>" for i in range(60))
    stamp = "<p>小王 发表于 2005-9-15 11:46:00 | 评论(3)</p>"
    assert parse_text(_page(body=BODY + far, tail=stamp), ".html").meta.date == "2005-09-15"
    form = "<form action='/s'><p>2005-03-21 01:20:44</p><input name='q'></form>"
    assert parse_text(_page(head=far + form), ".html").meta.date == "2005-03-21"
    canonical = "<link rel='canonical' href='http://example.org/2005/07/31/story.html'>"
    page = _page().replace("<head>", "<head>" + canonical)
    assert parse_text(page, ".html").meta.date == "2005-07-31"
