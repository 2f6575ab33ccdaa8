"""Classify the blocks of an article: title, subtitle, byline, caption, heading, body, image, chrome.

Rules, not a model. Each rule is a small named function; ``classify_blocks`` applies them in a fixed
order and records the name of the rule that decided each block (``LineClass.rule``), so a wrong
decision can be traced to one rule.

The order:

1. *Intrinsic* rules look at one line alone: images (an ``<img>`` block or a bare file name), chrome
   patterns (copyright, licence numbers, breadcrumbs, share buttons, editor credits, menus of ``|``
   separated items), bylines (reporter, correspondent, source, a date line).
2. *Zones*: the **body zone** runs from the first to the last prose line (long, punctuated), restricted
   on HTML pages to the main content container (``content.py``). The **title** is the block matching
   ``Article.meta.title`` or else the first plain line before the body; a line starting with a dash
   right after it is the subtitle. Everything before the title is chrome (menus), except images.
3. *Positional* rules: a short line after a photo, or after a gap of blank lines where a photo was,
   is a caption; short unpunctuated lines inside the body are headings; after the body, what is not a
   caption or an image is chrome (footers); a body line ending mid-word joins the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jingtui.clean.model import LineClass
from jingtui.clean.pinyin import strip_pinyin
from jingtui.corpus.formats import FRONT_MATTER_TAG
from jingtui.util.dates import CALENDAR_DATE
from jingtui.util.han import count_han, is_han

# ---------------------------------------------------------------------------------------------
# Per-line facts


TERMINAL = "。！？!?；;…」』”\"'’）)】"
SENTENCE_PUNCT = "，。！？；：、,.!?;:"
_SPACE = " \t\u3000\u00a0\u2002\u2003\u200b\ufeff"


@dataclass
class Line:
    """What the rules know about one block."""

    index: int
    start: int  # span in the original (the block's span)
    end: int
    raw: str
    text: str  # stripped of surrounding space and of pinyin annotations
    kind: str  # the block kind from the reader: text | heading | image | caption | list
    tag: str = ""
    link_chars: int = 0
    container: str = ""
    gap_before: int = 0  # blank lines between the previous block and this one
    gap_after: int = 0
    indent: int = 0
    cls: str = ""
    rule: str = ""
    joins_next: bool = False
    _punct: int = -1

    @property
    def length(self) -> int:
        return len(self.text)

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.raw))

    @property
    def punct_count(self) -> int:
        if self._punct < 0:
            self._punct = sum(1 for ch in self.text if ch in SENTENCE_PUNCT)
        return self._punct

    @property
    def ends_terminal(self) -> bool:
        return bool(self.text) and self.text[-1] in TERMINAL


def _count_blank_lines(original: str, start: int, end: int) -> int:
    """Blank lines strictly between two blocks (``end`` of one, ``start`` of the next)."""
    if end <= start:
        return 0
    return max(0, original.count("\n", start, end) - 1)


def build_lines(original: str, blocks) -> list[Line]:
    """One ``Line`` per block, with its gaps, indentation and text without pinyin."""
    lines: list[Line] = []
    prev_end = 0
    for index, block in enumerate(blocks):
        start = max(0, min(block.start, len(original)))
        end = max(start, min(block.end, len(original)))
        raw = original[start:end]
        text = strip_pinyin(raw.strip(_SPACE + "\r\n"))
        line_start = original.rfind("\n", 0, start) + 1
        indent = len(original[line_start:start]) + (len(raw) - len(raw.lstrip(_SPACE)))
        line = Line(
            index=index,
            start=start,
            end=end,
            raw=raw,
            text=text,
            kind=getattr(block, "kind", "text") or "text",
            tag=getattr(block, "tag", "") or "",
            link_chars=int(getattr(block, "link_chars", 0) or 0),
            container=str(getattr(block, "container", "") or ""),
            indent=indent,
        )
        gap = _count_blank_lines(original, prev_end, start) if index else original.count("\n", 0, start)
        line.gap_before = gap
        if lines:
            lines[-1].gap_after = gap
        lines.append(line)
        prev_end = end
    if lines:
        lines[-1].gap_after = original.count("\n", prev_end)
    return lines


# ---------------------------------------------------------------------------------------------
# Intrinsic rules: one line alone. Each returns a class or None.

_IMAGE_NAME = re.compile(r"^[\w\-.()（）\[\]]{0,80}\.(?:jpe?g|png|gif|webp|bmp|svg)$", re.IGNORECASE)


def rule_image(line: Line) -> str | None:
    """An image block, or a line that is only an image file name (``jc1.jpg``)."""
    if line.kind == "image" or (line.text and _IMAGE_NAME.match(line.text)):
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
    if _CHROME_ANYWHERE.search(text) and not _is_sentence(text):
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
    if line.length > 120 or "。" in text or _DATE.search(text):
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
_DATE = CALENDAR_DATE


def rule_byline(line: Line) -> str | None:
    """Reporter, correspondent, source or author credits: ``本报记者 王军豪``, ``来源:聊城日报``."""
    text = line.text
    if line.length > 70 or _is_sentence(text):
        return None
    if _BYLINE.search(text):
        return "byline"
    return None


def rule_date_line(line: Line) -> str | None:
    """A short line that is mostly a date and a name: ``中国警察网 · 邵磊  |  2022-01-18 22:27``."""
    text = line.text
    if line.length > 50 or _is_sentence(text):
        return None
    match = _DATE.search(text)
    if not match:
        return None
    rest = _DATE.sub("", text)
    han = count_han(rest)
    if han <= 16 and not rest.strip().endswith(("年", "月")):
        return "byline"
    return None


def _is_sentence(text: str) -> bool:
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


# ---------------------------------------------------------------------------------------------
# Zones

PROSE_MIN = 40


def is_prose(line: Line) -> bool:
    """A body paragraph for sure: long, with sentence punctuation, few links."""
    if line.cls or line.kind == "image":
        return False
    if line.link_density > 0.3:
        return False
    return line.length >= PROSE_MIN and line.punct_count >= 2


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def find_title(lines: list[Line], body_start: int, hint: str | None, hint_block: int | None = None,
               fallback: bool = True) -> int | None:
    """Index of the title: the block the reader read the title from, else the block matching the
    reader's title, else (``fallback``) the first plain line of at least 5 characters before the body,
    with no full stop."""
    if hint_block is not None and 0 <= hint_block < len(lines):
        line = lines[hint_block]
        if line.text and line.kind != "image" and line.cls != "chrome":
            return hint_block
    if hint:
        want = _norm(strip_pinyin(hint))
        if want:
            best = None
            for line in lines:
                if line.kind == "image" or line.cls == "chrome":
                    continue
                have = _norm(line.text)
                if not have:
                    continue
                if have == want:
                    return line.index
                if best is None and len(have) >= 5 and (want in have or have in want):
                    if min(len(have), len(want)) >= 0.5 * max(len(have), len(want)) \
                            or want.startswith(have) and len(have) >= 8:
                        best = line.index
            if best is not None:
                return best
    if not fallback:
        return None
    for line in lines[:body_start]:
        if line.cls or line.kind == "image":
            continue
        if line.length >= 5 and not line.text.endswith("。") and line.link_density < 0.5:
            return line.index
    return None


_SUBTITLE = re.compile(r"^(?:——|──|——|--|―|—)")


# ---------------------------------------------------------------------------------------------
# The classifier

HEADING_MAX = 50
CAPTION_MAX = 60


def classify_lines(lines: list[Line], title_hint: str | None = None, content: set[int] | None = None,
                   title_block: int | None = None, title_fallback: bool = True,
                   subtitle_hint: str | None = None) -> None:
    """Set ``cls``, ``rule`` and ``joins_next`` on every line (in place).

    ``content``: indices of the blocks inside the main content container (HTML pages), or None.
    ``title_block``: the block the reader read the title from, if it says. ``title_fallback``: look
    for a title line even when the reader's title matches none (False when the title lives in front
    matter, outside the text).
    """
    if not lines:
        return
    for line in lines:
        if not line.text:
            line.cls, line.rule = "chrome", "empty"
            continue
        for name, rule in INTRINSIC_RULES:
            cls = rule(line)
            if cls:
                line.cls, line.rule = cls, name
                break

    prose = [line.index for line in lines if is_prose(line) and (content is None or line.index in content)]
    for fallback in (_fallback_long, _fallback_sentence, _fallback_any):
        if prose:
            break
        prose = [ln.index for ln in lines if not ln.cls and ln.kind != "image" and fallback(ln)
                 and (content is None or ln.index in content)]
    body_start = prose[0] if prose else len(lines)
    body_end = prose[-1] if prose else -1
    # Photos: images after the first text block (banners at the very top are not photos). A headline
    # the reader took from the front matter is not part of the page: banners after it are still banners.
    first_text = next((ln.index for ln in lines if ln.kind != "image" and not _IMAGE_NAME.match(ln.text)
                       and ln.tag != FRONT_MATTER_TAG), 0)
    typical_gap = _typical_gap(lines, body_start, body_end)

    def is_photo(j: int) -> bool:
        return 0 <= j < len(lines) and lines[j].cls == "image" and j > first_text

    # Extend the body over whole short sentences next to it (a one-line opening or closing).
    while 0 < body_start < len(lines):
        j = body_start - 1
        candidate = lines[j]
        if not (_sentence_like(candidate, 10, "，,；;、") and candidate.gap_after <= typical_gap + 1 and not is_photo(j - 1)
                and (content is None or j in content)):
            break
        body_start = j
    while 0 <= body_end < len(lines) - 1:
        j = body_end + 1
        candidate = lines[j]
        if not (_sentence_like(candidate, 8) and candidate.gap_before <= typical_gap + 1
                and (content is None or j in content)):
            break
        body_end = j

    title = find_title(lines, body_start, title_hint, title_block, title_fallback)
    if title is not None:
        if lines[title].cls in ("", "byline", "caption") or lines[title].rule in ("date-line",):
            lines[title].cls, lines[title].rule = "title", "title"
        if title >= body_start:  # a title inside the "body" (very short articles)
            body_start = min((i for i in prose if i > title), default=len(lines))
        nxt = title + 1
        if nxt < len(lines) and not lines[nxt].cls and _SUBTITLE.match(lines[nxt].text) \
                and lines[nxt].length <= 60 and not _is_sentence(lines[nxt].text):
            lines[nxt].cls, lines[nxt].rule = "subtitle", "subtitle-dash"
        elif nxt < len(lines) and subtitle_hint and lines[nxt].cls in ("", "caption") \
                and _norm(lines[nxt].text) == _norm(subtitle_hint):
            lines[nxt].cls, lines[nxt].rule = "subtitle", "subtitle-meta"
        for line in lines[:title]:
            if not line.cls:
                line.cls, line.rule = "chrome", "before-title"

    for line in lines:
        if line.cls:
            continue
        i = line.index
        prev = lines[i - 1] if i else None
        after_photo = prev is not None and prev.cls == "image" and prev.index > first_text
        after_gap = line.gap_before >= typical_gap + 2
        before_gap = line.gap_after >= typical_gap + 2
        short = line.length <= CAPTION_MAX and not (line.punct_count >= 4)
        if content is not None and i not in content:
            line.cls, line.rule = "chrome", "outside-content"
            continue
        if i < body_start:
            if short and (after_photo or after_gap):
                line.cls, line.rule = "caption", "caption-after-image"
            elif is_prose(line):
                line.cls, line.rule = "body", "prose"
            else:
                line.cls, line.rule = "caption", "before-body"
            continue
        if i > body_end:
            if short and (after_photo or after_gap):
                line.cls, line.rule = "caption", "caption-after-image"
            elif line.length >= PROSE_MIN and line.punct_count >= 2 and line.link_density < 0.3:
                line.cls, line.rule = "body", "prose"
            else:
                line.cls, line.rule = "chrome", "after-body"
            continue
        # Inside the body zone.
        if prev is not None and prev.joins_next:
            line.cls, line.rule = "body", "continuation"
        elif line.kind == "caption" and short:
            line.cls, line.rule = "caption", "figcaption"
        elif short and after_photo and line.length <= CAPTION_MAX:
            line.cls, line.rule = "caption", "caption-after-image"
        elif short and after_gap and _caption_like(line):
            line.cls, line.rule = "caption", "caption-after-gap"
        elif short and before_gap and not line.ends_terminal and _next_is_caption(lines, i, typical_gap):
            line.cls, line.rule = "caption", "caption-before-image"
        elif short and not line.ends_terminal and line.gap_after >= typical_gap + 2 \
                and _next_is_chrome(lines, i):
            line.cls, line.rule = "chrome", "furniture"
        elif line.kind == "list":
            line.cls, line.rule = "body", "list-item"
        elif line.kind == "heading" and line.length <= HEADING_MAX and not is_prose(line):
            line.cls, line.rule = "heading", "heading-tag"
        elif _is_heading(line):
            line.cls, line.rule = "heading", "short-unpunctuated"
        else:
            line.cls, line.rule = "body", "prose" if is_prose(line) else "in-body"
        if line.cls == "body" and _ends_mid_sentence(line):
            nxt = _next_text_line(lines, i)
            if nxt is not None and nxt.index <= body_end + 1 and not nxt.cls \
                    and not _starts_new_item(nxt.text):
                line.joins_next = True
                line.rule = line.rule + "+join"
    drop_duplicates(lines)


def _fallback_long(line: Line) -> bool:
    return line.length >= 15


def _fallback_sentence(line: Line) -> bool:
    return line.ends_terminal or line.length >= 8


def _fallback_any(line: Line) -> bool:
    return True


def _sentence_like(line: Line, min_length: int = 20, breaks: str = "，,；;") -> bool:
    """An unclassified line that reads as a full sentence with a clause break."""
    return not line.cls and line.kind != "image" and line.length >= min_length \
        and line.text[-1] in "。！？!?" and any(ch in line.text for ch in breaks)


def drop_duplicates(lines: list[Line]) -> None:
    """A kept block that repeats an earlier kept block word for word (pages that print their body
    twice, once hidden) is not read twice."""
    seen: set[str] = set()
    titles = {re.sub(r"\s+", "", ln.text) for ln in lines if ln.cls == "title"}
    for line in lines:
        if line.cls not in ("body", "heading", "subtitle"):
            continue
        key = re.sub(r"\s+", "", line.text)
        if key in titles and len(key) >= 5 and line.cls != "body":  # the headline printed again
            line.cls, line.rule = "chrome", "duplicate-title"
            continue
        if line.length < 20:
            continue
        if key in seen:
            line.cls, line.rule = "chrome", "duplicate"
            line.joins_next = False
        else:
            seen.add(key)


def _typical_gap(lines: list[Line], body_start: int, body_end: int) -> int:
    gaps = sorted(line.gap_before for line in lines[body_start + 1 : body_end + 1])
    return gaps[len(gaps) // 2] if gaps else 1


def _caption_like(line: Line) -> bool:
    return line.length <= 40


def _next_text_line(lines: list[Line], i: int) -> Line | None:
    return lines[i + 1] if i + 1 < len(lines) else None


def _next_is_caption(lines: list[Line], i: int, typical_gap: int) -> bool:
    nxt = _next_text_line(lines, i)
    return nxt is not None and not nxt.cls and nxt.length <= 40 and nxt.ends_terminal and \
        nxt.gap_after <= typical_gap + 1


def _next_is_chrome(lines: list[Line], i: int) -> bool:
    nxt = _next_text_line(lines, i)
    return nxt is not None and nxt.cls in ("chrome", "byline")


def _is_heading(line: Line) -> bool:
    text = line.text
    if line.length > HEADING_MAX:
        return False
    if text.endswith(("——", "—", "--")):
        core = text.rstrip("—-")
        return len(core) <= 20 and not any(ch in core for ch in "，,、；;")
    if sum(1 for ch in text if ch in "，,、；;") > 2:  # several clauses: a sentence, not a heading
        return False
    return not line.ends_terminal and text[-1] not in "：:，,、"


_LAST_SENTENCE = re.compile(r"[^。！？!?…]*$")


def _ends_mid_sentence(line: Line) -> bool:
    """A long line whose last character is a letter or an opening quote, in a sentence that has
    already run through a clause break: cut mid-sentence. (A short unpunctuated tail after the last
    full stop, like a photo credit ``新京报动新闻出品``, is not a cut sentence.)"""
    if line.length < PROSE_MIN:
        return False
    last = line.text[-1]
    if not (is_han(last) or last in "“‘「『《(（" or last.isalnum()):
        return False
    tail = _LAST_SENTENCE.search(line.text).group()
    return any(ch in tail for ch in "，,、；;：:")


def _starts_new_item(text: str) -> bool:
    return text.startswith(("——", "—", "（", "(", "【", "第")) or bool(re.match(r"^[一二三四五六七八九十\d]+[、.．]", text))


@dataclass
class Classification:
    lines: list[Line] = field(default_factory=list)

    def line_classes(self) -> list[LineClass]:
        return [LineClass(ln.start, ln.end, ln.cls or "body", ln.rule) for ln in self.lines]


def classify_blocks(original: str, blocks, title_hint: str | None = None,
                    content: set[int] | None = None, title_block: int | None = None,
                    title_fallback: bool = True, subtitle_hint: str | None = None) -> Classification:
    """Classify ``blocks`` (from the corpus reader) of ``original``."""
    lines = build_lines(original, blocks)
    classify_lines(lines, title_hint, content, title_block, title_fallback, subtitle_hint)
    return Classification(lines)
