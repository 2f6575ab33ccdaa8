"""Where an article ends: at the comments, the replies, or the next post.

Blogs, forums and archives print the article and then more: readers' comments, replies, the previous
and next posts, or the whole archive of posts one after another. The article ends at the first *end
marker* after its body has begun:

* a **comment or reply heading**: a short line such as ``网友评论``, ``发表评论``, ``3条评论``,
  ``回复本帖``, ``Comments``, ``Leave a reply``;
* a **post footer**: a short line with a date or time *and* a posting word (``由某某张贴 @ 2005-06-14
  03:25``, ``发表于 2005-3-1 12:00 | 评论 (3)``, ``Posted by … at 10:30``);
* **next-post navigation**: ``上一篇：…``, ``下一篇：…``.

A time alone is never a marker, so the entries of a live blog or a timeline (``10:30 …``) stay; and
a marker counts only after ``MIN_BODY`` characters of prose, so a stamp under the headline does not
end anything.
"""

from __future__ import annotations

import re

from jingtui.clean.line_facts import Line
from jingtui.util.dates import CALENDAR_DATE

MIN_BODY = 150  # characters of prose before a marker may end the article
MARKER_MAX = 80

_COMMENT_HEADING = re.compile(
    r"^[【\[(（<《]?\s*(?:网友评论|網友評論|网友留言|網友留言|读者评论|讀者評論|用户评论|用戶評論|最新评论|最新評論|"
    r"热门评论|熱門評論|全部评论|全部評論|精彩评论|精彩評論|评论列表|評論列表|发表评论|發表評論|我要评论|我要評論|"
    r"我来说两句|我來說兩句|发表回复|發表回復|回复本帖|回覆本帖|快速回复|快速回覆|留言板|评论区|評論區|"
    r"(?:已有|共|查看)?\s*\d+\s*(?:条|條|篇|则|則)?\s*(?:评论|評論|回复|回覆|留言)|"
    r"comments?|leave a (?:reply|comment)|add a comment|\d+\s+(?:comments?|replies|responses))"
    r"\s*[】\]）)>》]?\s*[:：]?\s*(?:\(\d+\)|（\d+）)?\s*$",
    re.IGNORECASE,
)
_POSTING = re.compile(
    r"张贴|張貼|发表于|發表於|发表在|發表在|发布于|發佈於|posted\s+(?:by|at|on|in)|\bposted\b|"
    r"(?:评论|評論|回复|回覆|阅读|閱讀|浏览|瀏覽)\s*[(（\[]\s*\d+\s*[)）\]]|"
    r"共\s*\d+\s*(?:条|條|篇)?\s*(?:评论|評論|回复|回覆)|\d+\s*(?:条|條|篇)\s*(?:评论|評論)|"
    r"发表评论|發表評論|引用\s*[(（]|permalink|固定链接",
    re.IGNORECASE,
)
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_US_DATE = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/(?:19|20)\d{2}(?!\d)")
_NEXT_POST = re.compile(
    r"^[【\[]?\s*(?:上一篇|下一篇|上一条|下一條|下一条|上一條|前一篇|后一篇|後一篇|上篇|下篇)\s*[】\]]?\s*[:：]"
)


def is_end_marker(line: Line) -> str | None:
    """The kind of end marker a line is (``comments``, ``post-footer``, ``next-post``), or None."""
    text = line.text
    if not text or len(text) > MARKER_MAX:
        return None
    if _COMMENT_HEADING.match(text):
        return "comments"
    if _NEXT_POST.match(text):
        return "next-post"
    dated = CALENDAR_DATE.search(text) or _US_DATE.search(text) or _TIME.search(text)
    if dated and _POSTING.search(text) and "。" not in text:
        return "post-footer"
    return None


def article_end(lines: list[Line], body_start: int, prose: set[int]) -> tuple[int, str] | None:
    """The index of the first end marker after ``MIN_BODY`` characters of prose from ``body_start``,
    and its kind; None when the article runs to the end of the page."""
    seen = 0
    for line in lines[body_start:]:
        if seen >= MIN_BODY:
            kind = is_end_marker(line)
            if kind is not None:
                return line.index, kind
        if line.index in prose:
            seen += line.length
    return None


__all__ = ["MIN_BODY", "article_end", "is_end_marker"]
