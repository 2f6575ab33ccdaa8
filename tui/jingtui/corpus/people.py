"""Who wrote an article and who published it, kept apart.

The lines and tags metadata comes from mix them: an editor's or a photographer's credit next to the
reporter's name, the outlet written in the author field (``作者：新华网``), a link such as ``举报`` or
``纠错`` right after the outlet's name. ``tidy_people`` sorts a reader's findings:

* an **author** loses editor and photo credits (``责任编辑``, ``编辑``, ``摄``, ``图``) and anything after
  them; an author that is an outlet's name (``…网``, ``…日报``, ``…电视台``, ``…新闻``) moves to the
  outlet when the outlet is unknown, and is dropped when it repeats the outlet;
* an **outlet** loses link words (``举报``, ``纠错``, ``分享``, ``打印``, ...) and credits after its name.

Values the front matter gives are trusted as written and not passed through here.
"""

from __future__ import annotations

import re

from jingtui.corpus.model import ArticleMeta

_CREDIT = re.compile(
    r"[\s(（\[【]*(?:责任编辑|責任編輯|责编|責編|编辑|編輯|校对|校對|审核|審核|"
    r"摄影|攝影|摄|攝|图片|圖片|图/|圖/|图：|圖：|来源|來源)"
)
_LINK_WORDS = re.compile(
    r"[\s|｜]*(?:举报|舉報|纠错|糾錯|分享|打印|收藏|关闭|關閉|登录|登錄|注册|註冊|"
    r"评论|評論|字号|字號|返回|订阅|訂閱|手机版|手機版)\b.*$|"
    r"[\s|｜]*(?:举报|舉報|纠错|糾錯|分享|打印|收藏).*$"
)
_OUTLET = re.compile(
    r"(?:网|網|报|報|日报|日報|晚报|晚報|社|电视台|電視台|广播电台|廣播電台|台|"
    r"频道|頻道|杂志|雜誌|周刊|週刊|新闻|新聞|在线|在線|客户端|客戶端|"
    r"融媒体中心|融媒體中心|\.com|\.cn|\.net)$",
    re.IGNORECASE,
)
_PERSON_MARK = re.compile(r"记者|記者|通讯员|通訊員|实习生|實習生|特约|特約")


def clean_author(author: str | None) -> str | None:
    """The author without editor or photo credits after it; None when only credits are left."""
    if not author:
        return author
    match = _CREDIT.search(author)
    if match:
        author = author[: match.start()]
    author = author.strip(" \t\u3000:：,，;；/|｜()（）")
    return author or None


def clean_outlet(outlet: str | None) -> str | None:
    """The outlet without link words (举报, 纠错, 分享, ...) or credits after its name."""
    if not outlet:
        return outlet
    outlet = _LINK_WORDS.sub("", outlet)
    match = _CREDIT.search(outlet)
    if match and match.start() > 0:
        outlet = outlet[: match.start()]
    outlet = outlet.strip(" \t\u3000:：,，;；/|｜")
    return outlet if len(outlet) >= 2 else None


def is_outlet_name(value: str) -> bool:
    """A name that is an outlet's, not a person's (``新华网``, ``聊城日报``, ``央视新闻``)."""
    value = value.strip()
    return 2 <= len(value) <= 20 and not _PERSON_MARK.search(value) and bool(_OUTLET.search(value))


def tidy_people(meta: ArticleMeta) -> None:
    """Sort out ``meta.author`` and ``meta.source`` (in place), as the module's docstring says."""
    meta.source = clean_outlet(meta.source)
    author = clean_author(meta.author)
    if author and is_outlet_name(author):
        if meta.source is None:
            meta.source = author
        author = None
    if author and meta.source and author == meta.source:
        author = None
    meta.author = author


__all__ = ["clean_author", "clean_outlet", "is_outlet_name", "tidy_people"]
