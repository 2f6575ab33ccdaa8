"""Intrinsic line rules: each looks at one line alone and returns a class or None.

Images (an ``<img>`` block or a bare file name), chrome patterns (copyright, licence numbers,
breadcrumbs, share buttons, editor credits, menus of ``|`` separated items), bylines (reporter,
correspondent, source, a date line). ``INTRINSIC_RULES`` is their order.
"""

from __future__ import annotations

import re

from jingtui.clean.line_facts import Line
from jingtui.util.dates import CALENDAR_DATE
from jingtui.util.han import count_han

# ---------------------------------------------------------------------------------------------
# Intrinsic rules: one line alone. Each returns a class or None.

IMAGE_NAME = re.compile(r"^[\w\-.()（）\[\]]{0,80}\.(?:jpe?g|png|gif|webp|bmp|svg)$", re.IGNORECASE)


def rule_image(line: Line) -> str | None:
    """An image block, or a line that is only an image file name (``jc1.jpg``)."""
    if line.kind == "image" or (line.text and IMAGE_NAME.match(line.text)):
        return "image"
    return None


_CHROME_ANYWHERE = re.compile(
    "版权所有|版權所有|版权声明|版權聲明|ICP备|ICP備|ICP证|ICP證|公网安备|公網安備|您的位置|您现在的位置|"
    "您現在的位置|当前位置|當前位置|通版|触屏版|觸屏版|PC版|电脑版|電腦版|手机版|手機版|责编|責編|责任编辑|"
    "責任編輯|Copyright|copyright|All Rights Reserved|A\\+A-|A\\+ A-|字号|字號|"
    "相关推荐|相關推薦|相关新闻|相關新聞|相关阅读|相關閱讀|网友评论|網友評論|热门推荐|熱門推薦|"
    "上一篇|下一篇|返回顶部|返回頂部|返回首页|返回首頁|关闭窗口|關閉窗口|打印本页|打印本頁|"
    "举报电话|舉報電話|举报邮箱|舉報郵箱|许可证|許可證|联系我们|聯繫我們|聯系我們|关于我们|關於我們|"
    "广告服务|廣告服務|扫一扫|掃一掃|分享到|技术支持|技術支持|主办单位|主辦單位|Powered by"
)
_CHROME_WHOLE = re.compile(
    r"^(?:分享|打印|关闭|關閉|收藏|评论|評論|微信|微博|QQ空间|更多|首页|首頁|返回|"
    r"第\s*[(（]?\d+[)）]?\s*期|当前版[:：]?.*|當前版[:：]?.*|.{0,12}[主协承協]办|.{0,12}[主協承]辦|©.*|"
    r"查看原文|阅读原文|閱讀原文|原文链接|原文鏈接|展开全文|展開全文|收起全文|点击查看|點擊查看|"
    r"(?:免责)?声明[:：].*|(?:免責)?聲明[:：].*|(?:[【\[]\s*[^】\]]{1,8}\s*[】\]]\s*)+)$"
)
_CREDIT = re.compile(
    r"^[【\[(（]?\s*(?:责任编辑|責任編輯|编辑|編輯|责编|責編|审核|審核|审校|審校|校对|校對|文字|"
    r"监制|監製|主编|主編|签发|簽發|终审|終審|初审|初審|复审|復審|统筹|統籌|值班编辑|值班編輯)\s*[:：]"
)
_BREADCRUMB = re.compile(r"(?:[>»＞›]\s*\S+\s*){2,}|(?:\S+\s*[>»＞›]\s*){2,}")
_MENU_SEPARATOR = re.compile(r"\s[|｜丨]\s|\s{2,}[|｜]|[|｜]\s{2,}")

CHROME_MAX = 80  # a prose sentence may mention 版权所有; a line longer than this is not furniture


def rule_chrome_pattern(line: Line) -> str | None:
    """Copyright, licences, breadcrumbs, share and font-size buttons, editor credits."""
    text = line.text
    if not text or line.length > CHROME_MAX:
        return None
    if _CREDIT.match(text) or _CHROME_WHOLE.match(text):
        return "chrome"
    if _CHROME_ANYWHERE.search(text) and not is_sentence(text):
        return "chrome"
    return None


def rule_breadcrumb(line: Line) -> str | None:
    """``首页 > 要闻 > 社会 >``."""
    if line.length <= 60 and _BREADCRUMB.search(line.text) and "。" not in line.text:
        return "chrome"
    return None


def rule_menu(line: Line) -> str | None:
    """``关于我们 | 广告服务 | 联系我们``: short items separated by bars."""
    text = line.text
    if line.length > 120 or "。" in text or DATE.search(text):
        return None
    parts = [p.strip() for p in re.split(r"[|｜]", text)]
    if len(parts) >= 2 and _MENU_SEPARATOR.search(text) and all(len(p) <= 12 for p in parts):
        return "chrome"
    return None


def rule_empty_label(line: Line) -> str | None:
    """A short label with nothing after its colon: ``发布日期:``, ``即时新闻:``."""
    if 0 < line.length <= 10 and line.text[-1] in ":：":
        return "chrome"
    return None


_BYLINE = re.compile(
    "本报记者|本報記者|本报讯|本報訊|(?:记者|記者)(?!会|會|招待|节|節|证|證|站)|通讯员|通訊員|特约|特約|来源[:：]|來源[:：]|作者[:：]|"
    r"策划[:：]|策劃[:：]|文/图|文/圖|文／图|文／圖|图/文|圖/文|摄影|攝影|撰稿|供稿|出品人|^文\s*[:：|｜/]|^图[:：]|^圖[:：]"
)
DATE = CALENDAR_DATE


def rule_byline(line: Line) -> str | None:
    """Reporter, correspondent, source or author credits: ``本报记者 王军豪``, ``来源:聊城日报``."""
    text = line.text
    if line.length > 70 or is_sentence(text):
        return None
    if _BYLINE.search(text):
        return "byline"
    return None


def rule_date_line(line: Line) -> str | None:
    """A short line that is mostly a date and a name: ``中国警察网 · 邵磊  |  2022-01-18 22:27``."""
    text = line.text
    if line.length > 50 or is_sentence(text):
        return None
    match = DATE.search(text)
    if not match:
        return None
    rest = DATE.sub("", text)
    han = count_han(rest)
    if han <= 16 and not rest.strip().endswith(("年", "月")):
        return "byline"
    return None


def is_sentence(text: str) -> bool:
    """Reads as prose: a full stop inside, or several clauses."""
    if "。" in text[:-1] or text.endswith("。") and len(text) > 25:
        return True
    return sum(1 for ch in text if ch in "，,；;") >= 3


INTRINSIC_RULES = (
    ("image", rule_image),
    ("chrome-pattern", rule_chrome_pattern),
    ("breadcrumb", rule_breadcrumb),
    ("menu", rule_menu),
    ("empty-label", rule_empty_label),
    ("byline", rule_byline),
    ("date-line", rule_date_line),
)
