"""The article ends at the comments, the replies or the next post; a live blog's times do not end it."""

from __future__ import annotations

import pytest

from jingtui.clean.article_end import is_end_marker
from jingtui.clean.line_facts import Line
from jingtui.clean.pipeline import clean_article
from jingtui.clean.plain import article_from_text

BODY = ["今年以来，全市经济运行总体平稳，主要指标好于预期，发展质量稳步提升，各项工作取得新进展。",
        "工业生产持续回升，规模以上工业增加值同比增长百分之六，高于全省平均水平，企业效益明显改善。",
        "消费市场加快恢复，社会消费品零售总额增长百分之八，线上消费尤为活跃，夜间经济不断升温。"]
OTHER_POST = ["另一篇日志的标题", "这是博客里的另一篇日志，讲的是周末去海边散步的事情，天气很好，心情也很好。",
              "第二段也是另一篇日志的内容，和上面的文章没有任何关系，只是排在同一页上而已。"]


def _line(text: str) -> Line:
    return Line(index=0, start=0, end=len(text), raw=text, text=text, kind="text")


@pytest.mark.parametrize("text, kind", [
    ("网友评论", "comments"), ("发表评论：", "comments"), ("共12条评论", "comments"), ("3 Comments", "comments"),
    ("Leave a Reply", "comments"), ("由小王张贴 @ 2005-06-14 03:25:55 (370) 共 11 篇评论 发表评论 >>>", "post-footer"),
    ("发表于 2005-3-1 12:00 | 评论 (3) | 引用 (0)", "post-footer"), ("Posted by amy at 10:30 PM", "post-footer"),
    ("上一篇：城市建设再提速", "next-post"), ("下一篇: 春运开始", "next-post"),
])
def test_end_markers(text, kind):
    assert is_end_marker(_line(text)) == kind


@pytest.mark.parametrize("text", ["10:30 记者从现场获悉，救援工作仍在进行", "2022年1月10日 08:30", "评论员文章",
                                  "他发表评论说，这是一个好消息，大家都很高兴，也有人表示担心。",
                                  "本报记者 王军", "评论"])
def test_not_end_markers(text):
    assert is_end_marker(_line(text)) is None


def test_the_article_ends_at_its_post_footer_the_next_post_is_not_kept():
    text = "\n\n".join(["经济运行稳中向好", *BODY, "由小王张贴 @ 2005-06-14 03:25 共 3 篇评论 发表评论", *OTHER_POST,
                       "由小王张贴 @ 2005-06-13 10:00 共 1 篇评论 发表评论"])
    clean = clean_article(article_from_text(text))
    assert all(p in clean.text for p in BODY)
    assert not any(p in clean.text for p in OTHER_POST)
    assert "张贴" not in clean.text


def test_comments_after_the_article_are_not_kept():
    comments = ["网友评论", "游客 2022-01-10 12:00", "说得好，支持一下，希望以后多写这样的文章，让大家都看看。"]
    clean = clean_article(article_from_text("\n\n".join(["经济运行稳中向好", *BODY, *comments])))
    assert all(p in clean.text for p in BODY) and comments[2] not in clean.text


def test_a_live_blog_with_times_is_kept_whole():
    entries = [f"{h}:00 {p}" for h, p in zip((9, 10, 11), BODY, strict=True)]
    clean = clean_article(article_from_text("\n\n".join(["直播：经济运行稳中向好", *entries])))
    assert all(e in clean.text for e in entries)


def test_a_stamp_under_the_headline_does_not_end_the_article():
    stamp = "发表于 2022-01-10 08:30 阅读(120)"
    clean = clean_article(article_from_text("\n\n".join(["经济运行稳中向好", stamp, *BODY])))
    assert all(p in clean.text for p in BODY)
