"""What tells a caption from body text written in short lines.

Photo captions are single short lines beside a photo. Feature pages (WeChat-style and others) write
their body in short lines too, one sentence a line, between photos; and a lead is often a handful of
short sentences before the first long paragraph. So:

* a **run of short sentences** (three or more lines in a row, each ending a sentence after a clause
  break, none a photo;
  two or more before the body) is body, not captions, unless a line says it is a caption
  (``图为``, ``摄``, ``供图``, ``资料图``, ``图片来源``: a **caption marker**);
* a **numbered heading** (``一、``, ``1.``, ``（二）``, ``第三部分``) is a heading, never a caption;
* a line in **parentheses of its own** right under the headline (``（2022年3月11日……通过）``) belongs
  to the headline: a subtitle.
"""

from __future__ import annotations

import re

from jingtui.clean.line_facts import Line

RUN_IN_BODY = 3  # short sentences in a row after a photo that are body, not captions
RUN_BEFORE_BODY = 2  # ... before the first long paragraph (a lead written as short lines)
SHORT_SENTENCE_MIN = 6
SHORT_SENTENCE_MAX = 60
_SENTENCE_END = "。！？!?…"
_CLOSERS = "”」』\"’）)"
_BREAKS = "，,；;：:、"  # a sentence, not a name: a photo of "滨州市反诈中心。" is captioned, not told
_CAPTION_MARKER = re.compile(r"^(?:图为|圖為|图：|圖：|图/|圖/|资料图|資料圖|示意图|示意圖)|"
                             r"(?:摄|攝|供图|供圖|图片来源|圖片來源|"
                             r"来源：视觉中国|视觉中国|新华社发|新華社發)[）)]?$|[（(]\s*(?:摄|攝|图|圖|供图|资料图)[^）)]{0,12}[）)]$")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十百]+\s*[、.．]|[(（][一二三四五六七八九十\d]+[)）]|"
                       r"\d{1,2}\s*[、．]|\d{1,2}\.(?!\d)|"
                       r"第[一二三四五六七八九十百\d]+\s*[章节節部篇条條]|[①②③④⑤⑥⑦⑧⑨⑩])")
_PAREN_LINE = re.compile(r"^[（(][^（()）]{4,80}[)）]$")


def caption_marker(text: str) -> bool:
    return bool(_CAPTION_MARKER.search(text))


def numbered_heading(line: Line, max_length: int = 40) -> bool:
    """``一、培养目标``, ``1.树立新规范的意义``: a short numbered line that does not end or hold a
    sentence (``三、自本通告发布之日起，……政策。`` is a numbered paragraph: body)."""
    text = line.text
    return 0 < len(text) <= max_length and bool(_NUMBERED.match(text)) and "。" not in text \
        and text.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END


def paren_line(line: Line) -> bool:
    return bool(_PAREN_LINE.match(line.text))


def short_sentence(line: Line) -> bool:
    """A line that ends a sentence, not a photo, not link text, not marked as a caption."""
    text = line.text.rstrip(_CLOSERS)
    return line.kind != "image" and line.cls in ("", "caption") \
        and SHORT_SENTENCE_MIN <= len(line.text) <= SHORT_SENTENCE_MAX \
        and bool(text) and text[-1] in _SENTENCE_END and any(ch in text for ch in _BREAKS) \
        and line.link_density < 0.3 and not caption_marker(line.text)


def sentence_run(lines: list[Line], i: int) -> int:
    """How many short sentences in a row (no photo between) include line ``i`` (0 if it is not one)."""
    if not short_sentence(lines[i]):
        return 0
    a = i
    while a > 0 and short_sentence(lines[a - 1]) and lines[a - 1].gap_after <= 1:
        a -= 1
    b = i
    while b + 1 < len(lines) and short_sentence(lines[b + 1]) and lines[b].gap_after <= 1:
        b += 1
    return b - a + 1


__all__ = ["RUN_BEFORE_BODY", "RUN_IN_BODY", "caption_marker", "numbered_heading", "paren_line", "sentence_run",
           "short_sentence"]
