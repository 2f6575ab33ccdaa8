"""Metadata from what a file gives: front matter, the HTML head, CleanEval wrappers, and header lines.

Header lines are the short lines around the headline: ``来源: X``, ``作者: X``, ``发布日期: ...``,
``2022年01月18日 22:27``, ``2023-01-10 14:22:38`` (half- and full-width colons, Simplified and
Traditional). Pinyin annotations glued to characters (``報(bào)``) are removed from every value; a damaged
one (``?bào)``, its character lost) becomes a single U+FFFD.

The headline of a plain text is the first prose-like line after the page chrome (menus, breadcrumbs,
"current page" lines, labels ending in a colon). The headline of an HTML page is the text that the
page's ``<title>`` (less its site suffix), its ``<h1>`` and its ``og:title`` agree on; no site is named in
any rule.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable, Sequence

from jingtui.util.dates import CALENDAR_DATE, COMPACT_DATE, US_DATE_TIME
from jingtui.util.han import HAN, HAN_RE

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü{_TONES}]*[{_TONES}][a-zü{_TONES}]*"
_ANNOTATION = re.compile(rf"(?<=[{HAN})])\({_SYLLABLE}\)")
_DAMAGED = re.compile(rf"(?:\?{_SYLLABLE}\))+")
_HAS_TONE = re.compile(f"[{_TONES}]")

_HAN = HAN_RE
_DATE = CALENDAR_DATE
_COMPACT_DATE = COMPACT_DATE
_DATE_LABEL = re.compile(r"(发布|發布|日期|时间|時間|更新|发表|發表|刊发|刊發|出版)")
_SOURCE = re.compile(r"(?:来源|來源|稿源|出处|出處|来自|來自|转自|轉自)\s*[:：]\s*(.*)")
_AUTHOR = re.compile(r"(?:作者|撰文|撰稿)\s*[:：]\s*(.*)")
# 记者 opens a byline only at the start, after a space or slash, or after 本报/特约/实习 ("告诉记者" is prose)
_REPORTER_MARK = re.compile(r"(?:^|(?<=[\s/／|｜报報约約习習]))(?:记者|記者)\s*[:：]?\s*")
# anywhere: only in a short line without punctuation, and a space or colon must follow ("记者证" is not one)
_REPORTER_ANY = re.compile(r"(?:记者|記者)(?:\s*[:：]\s*|\s+)")
_CORRESPONDENT_MARK = re.compile(r"(?:通讯员|通訊員)\s*[:：]?\s*")
_WRITTEN_BY_MARK = re.compile(r"(?:^|(?<=\s))文\s*[/／|｜]\s*")  # 文/张三, 文 | 张三
_VALUE_END = re.compile(
    r"\s{2,}|\s*[|｜【】\[\]]\s*|\s+(?=(?:作者|编辑|編輯|责编|責編|责任编辑|責任編輯|记者|記者|时间|時間|发布|發布|日期|来源|來源|字号|字號))"
    r"|(?=(?:作者|编辑|編輯|责编|責編|责任编辑|責任編輯|发布时间|發布時間|时间|時間)\s*[:：])"
)
_NAME = re.compile(rf"^[{HAN}·]{{2,5}}$")
_NOT_NAME = ("本报", "本報", "记者", "記者", "通讯", "通訊", "摄", "攝", "编辑", "編輯", "报道", "報道", "实习", "實習",
             "图", "圖")
_CHROME = re.compile(
    r"您的位置|当前位置|當前位置|现在位置|現在位置|所在位置|首页|首頁|当前版|當前版|通版|字号|字號|"
    r"登录|登錄|注册|註冊|www\.|https?:|>|»|›|\||｜|【|】|^\W+$"
)
_IMAGE_NAME = re.compile(r"\.(jpe?g|png|gif|webp|bmp|svg)$", re.I)
_COLUMN_LABEL = re.compile(r"^[【\[][^】\]]{1,12}[】\]]\s*")
_SEPARATORS = re.compile(
    r"\s*(?:\|{1,2}|｜|_+|-{2,}|\s-\s|(?<=[^\d\s-])-(?=[^\d\s-])|(?<!—)—(?!—)|–|·|\s»\s)\s*"
)
_NORM_DROP = re.compile(r"[\s|｜_\-–—·•:：]+")
_TITLE_END_BAD = ("。", "；", ";", "，", ",", "：", ":", "、")
_EDGE = " \t\u3000"


def strip_annotations(value: str) -> str:
    """Remove pinyin annotations (``評(píng)`` -> ``評``); a damaged run becomes one U+FFFD."""
    if not _HAS_TONE.search(value):
        return value
    value = _DAMAGED.sub("\ufffd", value)
    return _ANNOTATION.sub("", value)


def clean_value(value: str | None, limit: int = 200) -> str | None:
    """A metadata value as one tidy line, or None if nothing is left."""
    if value is None:
        return None
    value = strip_annotations(re.sub(r"\s+", " ", str(value))).strip(_EDGE)
    if not value:
        return None
    return value[:limit]


# -- dates ---------------------------------------------------------------------------------------


def _iso(year: str, month: str, day: str) -> str | None:
    y, m, d = int(year), int(month), int(day)
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_date(value: object) -> str | None:
    """An ISO ``YYYY-MM-DD`` from a date-ish value (ISO, Chinese, RFC 2822, ``20220110``), else None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    match = _DATE.search(text)
    if match:
        iso = _iso(*match.group(1, 2, 3))
        if iso:
            return iso
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date().isoformat()
    match = _COMPACT_DATE.search(text)
    if match and len(re.sub(r"\D", "", text)) <= 14:
        return _iso(*match.group(1, 2, 3))
    return None


def find_date(lines: Sequence[str], start: int = 0, stop: int | None = None) -> tuple[str | None, int | None]:
    """The publication date among header lines ``lines[start:stop]``: (ISO date, line index).

    A date with a time of day wins (``9/17/2004 5:54 AM`` read month first); then a date on a labelled
    line (发布日期, 时间, ...); then a date on a short line of its own. Dates inside long prose lines are
    not publication dates.
    """
    stop = len(lines) if stop is None else min(stop, len(lines))
    labelled: tuple[str, int] | None = None
    short: tuple[str, int] | None = None
    for i in range(max(start, 0), stop):
        line = strip_annotations(lines[i])
        if len(line) > 120:
            continue
        us = US_DATE_TIME.search(line) if "/" in line else None
        if us is not None and len(line) <= 100:
            iso = _iso(us.group(3), us.group(1), us.group(2))
            if iso:
                return iso, i
        for match in _DATE.finditer(line):
            iso = _iso(*match.group(1, 2, 3))
            if not iso:
                continue
            if match.group(4) is not None and len(line) <= 100:
                return iso, i
            if labelled is None and _DATE_LABEL.search(line):
                labelled = (iso, i)
            if short is None and len(line) <= 40:
                short = (iso, i)
    best = labelled or short
    return (best[0], best[1]) if best else (None, None)


# -- source and author ---------------------------------------------------------------------------


def _balance(value: str) -> str:
    """Close a bracket the cut left open (``中证网(北京`` -> ``中证网(北京)``); drop stray closers."""
    for left, right in (("(", ")"), ("（", "）")):
        missing = value.count(left) - value.count(right)
        if missing > 0:
            value += right * missing
        while missing < 0 and value.endswith(right):
            value, missing = value[:-1], missing + 1
    return value


def _cut_value(rest: str) -> str | None:
    rest = strip_annotations(rest).strip(_EDGE + "[]［］〔〕")
    rest = _DATE.split(rest)[0] if _DATE.search(rest) else rest
    rest = _VALUE_END.split(rest, maxsplit=1)[0]
    rest = _balance(rest.strip(_EDGE + "[]［］〔〕:：,，。"))
    if not rest or len(rest) > 40 or not re.search(rf"[\w{HAN}]", rest):
        return None
    return rest


def find_source(lines: Sequence[str], start: int = 0, stop: int | None = None) -> str | None:
    """The outlet from a ``来源: X`` line among ``lines[start:stop]``."""
    stop = len(lines) if stop is None else min(stop, len(lines))
    for line in lines[max(start, 0) : stop]:
        if len(line) > 160:
            continue
        line = strip_annotations(line)
        match = _SOURCE.search(line)
        if match:
            value = _cut_value(match.group(1))
            if value:
                return value
    return None


def _names(rest: str) -> list[str]:
    names = []
    for token in re.split(r"[\s,，、/／]+", strip_annotations(rest).strip(_EDGE)):
        token = token.strip("()（）[]［］【】")
        if not token:
            continue
        if not _NAME.match(token) or any(word in token for word in _NOT_NAME):
            break
        names.append(token)
    return names


def find_author(lines: Sequence[str], start: int = 0, stop: int | None = None) -> str | None:
    """The author from ``作者: X`` or, failing that, the names after 记者 / 通讯员, among header lines."""
    stop = len(lines) if stop is None else min(stop, len(lines))
    window = [strip_annotations(ln) for ln in lines[max(start, 0) : stop] if len(ln) <= 160]
    for line in window:
        match = _AUTHOR.search(line)
        if match:
            value = _cut_value(match.group(1))
            if value:
                return value
    bylines = [ln for ln in window if len(ln) <= 60]
    return _byline_names(bylines, (_REPORTER_MARK, _CORRESPONDENT_MARK, _WRITTEN_BY_MARK))


def find_byline(lines: Sequence[str]) -> str | None:
    """Names from a short byline anywhere in the article, such as a closing ``（记者 张三）``.

    Photo credits (摄, 攝) are not bylines of the text.
    """
    bylines = [
        strip_annotations(ln)
        for ln in lines
        if len(ln) <= 40 and not any(c in ln for c in "摄攝图圖，。,")  # no photo credits, no prose
    ]
    return _byline_names(bylines, (_REPORTER_ANY,))


def _byline_names(lines: Sequence[str], markers: Sequence[re.Pattern[str]]) -> str | None:
    for marker in markers:
        for line in lines:
            for match in marker.finditer(line):
                names = _names(line[match.end() :])
                if names:
                    return " ".join(names)
    return None


def meta_author(value: str | None) -> str | None:
    """An author from a ``<meta name=author>``: names, not numeric user ids."""
    value = clean_value(value, 60)
    if not value or re.search(r"\d", value) or "@" in value:
        return None
    return value


# -- titles --------------------------------------------------------------------------------------


def _han_count(text: str) -> int:
    return len(_HAN.findall(text))


iso_date = _iso  # the public names of the two helpers date_fallbacks.py shares
han_count = _han_count


def is_chrome_line(line: str) -> bool:
    """Menu items, breadcrumbs, labels and other page furniture above a headline. A column label in
    brackets before a headline (``【央视快评】坚持人民至上``) is the headline's: the rest decides."""
    text = line.strip(_EDGE)
    labelled = _COLUMN_LABEL.match(text)
    if labelled and len(text) - labelled.end() >= 5:
        text = text[labelled.end() :]
    if len(text) <= 4 or text.endswith((":", "：")):
        return True
    if _CHROME.search(text) or _IMAGE_NAME.search(text):
        return True
    if _DATE.search(text) and len(text) < 40:
        return True
    if _SOURCE.search(text) or _AUTHOR.search(text):
        return True
    tokens = text.split()
    if len(tokens) >= 4 and all(len(t) <= 3 for t in tokens):
        return True  # a menu: 首页 新闻 图片 视频
    return _han_count(text) < 0.3 * len(text)


def looks_like_headline(line: str) -> bool:
    text = line.strip(_EDGE)
    if not 5 <= len(text) <= 90 or text.startswith(("——", "--", "—")):
        return False
    if text.endswith(_TITLE_END_BAD) or text.count("。") > 1:
        return False
    return _han_count(text) >= 4


def is_prose(line: str) -> bool:
    """A body paragraph: long, or a full sentence ending in a full stop."""
    text = line.strip(_EDGE)
    return len(text) > 90 or (len(text) > 30 and text.endswith(("。", "”", "！", "」")))


def text_title(lines: Sequence[str], limit: int = 40) -> int | None:
    """Index of the headline among the first ``limit`` non-blank lines of a plain text, or None.

    Chrome lines are skipped; the body starting (a prose paragraph) before any headline means the text
    has none (a body-only extraction).
    """
    seen = 0
    for i, raw in enumerate(lines):
        line = strip_annotations(raw).strip(_EDGE)
        if not line:
            continue
        seen += 1
        if seen > limit:
            break
        if is_prose(line):
            return None
        if is_chrome_line(line):
            continue
        if looks_like_headline(line):
            return i
    return None


def split_title(title: str) -> list[str]:
    """A page ``<title>`` cut at its separators (``_``, ``|``, `` - ``, ``--``, ...) into segments."""
    parts = [p.strip(_EDGE) for p in _SEPARATORS.split(title)]
    return [p for p in parts if p]


def norm(text: str) -> str:
    """A title without spaces and separator punctuation, for comparing two spellings of it."""
    return _NORM_DROP.sub("", strip_annotations(text)).casefold()


def pick_title(
    page_titles: Iterable[str | None],
    headings: Iterable[str],
    blocks: Sequence[str],
) -> tuple[str | None, int | None]:
    """The headline of a page: (title, index in ``blocks`` or None).

    ``page_titles``: ``<title>``, ``og:title``, ArticleTitle, a CleanEval title, front matter title,
    best first. ``headings``: the ``<h1>`` texts. ``blocks``: the page's paragraphs, in order.
    """
    titles = [t for t in (clean_value(t, 300) for t in page_titles) if t]
    heads = [h for h in (clean_value(h, 300) for h in headings) if h and _han_count(h) >= 2]
    short_blocks = [(i, b) for i, b in enumerate(blocks) if len(b) <= 150]
    norms = {}

    def block_norm(i: int, text: str) -> str:
        if i not in norms:
            norms[i] = norm(text)
        return norms[i]

    def find(target: str) -> tuple[str | None, int | None]:
        key = norm(target)
        if len(key) < 4:
            return None, None
        for h in heads:
            if norm(h) == key:
                return h, _index_of(key)
        index = _index_of(key)
        if index is not None:
            return clean_value(blocks[index], 300), index
        return None, None

    def _index_of(key: str) -> int | None:
        for i, text in short_blocks:
            # a block can only normalise to ``key`` if it is at least as long: skip the rest cheaply
            if len(text) >= len(key) and block_norm(i, text) == key:
                return i
        return None

    # 1. the whole title, as a heading or a paragraph of the page
    for title in titles:
        if _han_count(title) >= 2:
            found, index = find(title)
            if found:
                return found, index
    # 2. one segment of a title (the site suffix cut off), longest first
    for title in titles:
        segments = sorted(split_title(title), key=len, reverse=True)
        for segment in segments:
            if _han_count(segment) >= 2:
                found, index = find(segment)
                if found:
                    return found, index
    # 3. the page title's longest segment with Chinese in it
    for title in titles:
        segments = [s for s in split_title(title) if _han_count(s) >= 2]
        if segments:
            best = max(segments, key=len)
            return best, _index_of(norm(best))
    # 4. a lone <h1>
    if heads and len(heads[0]) <= 90:
        return heads[0], _index_of(norm(heads[0]))
    return None, None


_SITE_SUFFIX = re.compile(r"^(?P<title>.{5,}?)\s*(?:\s[|｜]\s|[|｜]|\s-\s|_)\s*(?P<site>[^|｜_]{1,12})$")


def written_title(title: str | None) -> str | None:
    """A title as the front matter writes it, trusted: only a site's name after a bar at its end
    (``… | 新京报快评``, copied from the page's ``<title>``) goes; ``·``, ``：`` and dashes stay."""
    if not title:
        return title
    match = _SITE_SUFFIX.match(title)
    return match.group("title") if match else title


def tidy_title(title: str | None) -> str | None:
    """A headline written ``column | headline`` in one line reads as ``column headline``."""
    if not title:
        return title
    return re.sub(r"\s*[|｜]\s*", " ", title).strip(_EDGE) or None


def subtitle_after(lines: Sequence[str], index: int | None) -> str | None:
    """A subtitle: the line right after the headline when it starts with a dash (——...)."""
    if index is None:
        return None
    for line in lines[index + 1 : index + 3]:
        text = strip_annotations(line).strip(_EDGE)
        if not text:
            continue
        if text.startswith(("——", "--", "—", "－－")) and len(text) <= 90:
            return text.lstrip("—-－ ").strip(_EDGE) or None
        return None
    return None


def as_list(value: object) -> list[str]:
    """A front matter or meta value as a list of strings (``a, b`` or ``[a, b]``)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = [str(v).strip() for v in value if v is not None]
    else:
        items = [v.strip() for v in re.split(r"[,，;；、]", str(value))]
    return [i for i in items if i]
