"""Classify the blocks of an article: title, subtitle, byline, caption, heading, body, image, chrome.

Rules, not a model. Each rule is a small named function; ``classify_blocks`` applies them in a fixed
order and records the name of the rule that decided each block (``LineClass.rule``), so a wrong
decision can be traced to one rule.

The order:

1. *Intrinsic* rules (``line_rules.py``) look at one line alone: images (an ``<img>`` block or a bare file name), chrome
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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from jingtui.clean.article_end import article_end
from jingtui.clean.caption_rules import (
    RUN_BEFORE_BODY,
    RUN_IN_BODY,
    caption_marker,
    numbered_heading,
    paren_line,
    sentence_run,
)
from jingtui.clean.hard_wrap import merged_lines, spread_classes, wrap_groups
from jingtui.clean.line_facts import Line, build_lines
from jingtui.clean.line_rules import IMAGE_NAME, INTRINSIC_RULES, is_sentence
from jingtui.clean.model import LineClass
from jingtui.clean.pinyin import strip_pinyin
from jingtui.corpus.formats import FRONT_MATTER_TAG
from jingtui.util.han import is_han

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
                if best is None and len(have) >= 5 and (want in have or have in want) and (
                        min(len(have), len(want)) >= 0.5 * max(len(have), len(want))
                        or want.startswith(have) and len(have) >= 8):
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
    ended = article_end(lines, body_start, set(prose)) if prose else None
    if ended is not None:  # comments, replies or the next post: not the article
        cut, kind = ended
        for line in lines[cut:]:
            if line.kind != "image":
                line.cls, line.rule = "chrome", f"after-{kind}"
        prose = [i for i in prose if i < cut]
    body_end = prose[-1] if prose else -1
    # Photos: images after the first text block (banners at the very top are not photos). A headline
    # the reader took from the front matter is not part of the page: banners after it are still banners.
    first_text = next((ln.index for ln in lines if ln.kind != "image" and not IMAGE_NAME.match(ln.text)
                       and ln.tag != FRONT_MATTER_TAG), 0)
    typical_gap = _typical_gap(lines, body_start, body_end)

    def is_photo(j: int) -> bool:
        return 0 <= j < len(lines) and lines[j].cls == "image" and j > first_text

    # Extend the body over whole short sentences next to it (a one-line opening or closing).
    while 0 < body_start < len(lines):
        j = body_start - 1
        candidate = lines[j]
        if not (_sentence_like(candidate, 10, "，,；;、") and candidate.gap_after <= typical_gap + 1
                and not is_photo(j - 1) and (content is None or j in content)):
            break
        body_start = j
    while 0 <= body_end < len(lines) - 1:
        j = body_end + 1
        candidate = lines[j]
        if not ((_sentence_like(candidate, 8) or _closing_sentence(candidate))
                and candidate.gap_before <= typical_gap + 1 and (content is None or j in content)):
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
                and lines[nxt].length <= 60 and not is_sentence(lines[nxt].text):
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
        if numbered_heading(line) and (i < body_start or i <= body_end) and not line.cls:
            line.cls, line.rule = "heading", "numbered-heading"
            continue
        if i < body_start:
            if title is not None and i == title + 1 and paren_line(line):
                line.cls, line.rule = "subtitle", "subtitle-paren"
            elif sentence_run(lines, i) >= RUN_BEFORE_BODY:
                line.cls, line.rule = "body", "short-sentences"
            elif not after_photo and not (i + 1 < len(lines) and lines[i + 1].cls == "image") \
                    and _sentence_like(line, 20, "，,；;、") and not caption_marker(line.text):
                line.cls, line.rule = "body", "lead"
            elif short and (after_photo or after_gap):
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
        elif short and (after_photo or after_gap) and sentence_run(lines, i) >= RUN_IN_BODY:
            line.cls, line.rule = "body", "short-sentences"
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
            following = _next_text_line(lines, i)
            if following is not None and following.index <= body_end + 1 and not following.cls \
                    and not _starts_new_item(following.text):
                line.joins_next = True
                line.rule = line.rule + "+join"
    drop_duplicates(lines)


def _fallback_long(line: Line) -> bool:
    return line.length >= 15


def _fallback_sentence(line: Line) -> bool:
    return line.ends_terminal or line.length >= 8


def _fallback_any(line: Line) -> bool:
    return True


def _closing_sentence(line: Line) -> bool:
    """A short last sentence of an article (``让我们拭目以待。``): it ends a sentence, without links."""
    text = line.text.rstrip("”」』\"’）)")
    return not line.cls and line.kind != "image" and len(text) >= 5 and text[-1] in "。！？!?…" \
        and line.link_density < 0.3 and line.length <= 60


def _sentence_like(line: Line, min_length: int = 20, breaks: str = "，,；;") -> bool:
    """An unclassified line that reads as a full sentence with a clause break."""
    return not line.cls and line.kind != "image" and line.length >= min_length \
        and line.text[-1] in "。！？!?" and any(ch in line.text for ch in breaks)


def drop_duplicates(lines: list[Line]) -> None:
    """Repeats of kept blocks. A page that prints its body twice (once hidden) shows it as a *run*
    of blocks repeating earlier blocks in order: that second copy goes (``duplicate``). A single
    paragraph said again (a formula, a slogan repeated on purpose) is the article's: it stays, marked
    ``+repeat`` in its rule, unless it follows the headline printed again (a copy of the article).
    The headline printed again as a heading goes."""
    seen: dict[str, int] = {}  # text -> position in ``kept`` of its first occurrence
    titles = {re.sub(r"\s+", "", ln.text) for ln in lines if ln.cls == "title"}
    kept: list[Line] = []
    headline_again: list[int] = []  # positions in ``kept`` where the headline was printed again
    repeats: list[tuple[int, int]] = []  # (position in kept, position of the first occurrence)
    for line in lines:
        if line.cls not in ("body", "heading", "subtitle"):
            continue
        key = re.sub(r"\s+", "", line.text)
        if key in titles and len(key) >= 5 and line.cls != "body":  # the headline printed again
            line.cls, line.rule = "chrome", "duplicate-title"
            headline_again.append(len(kept))
            continue
        kept.append(line)
        if line.length < 20:
            continue
        if key in seen:
            repeats.append((len(kept) - 1, seen[key]))
        else:
            seen[key] = len(kept) - 1
    runs: list[list[tuple[int, int]]] = []
    for pos, first in repeats:
        if runs and pos - runs[-1][-1][0] <= 2 and first > runs[-1][-1][1]:
            runs[-1].append((pos, first))
        else:
            runs.append([(pos, first)])
    for run in runs:
        copy = len(run) >= 2 or any(0 <= run[0][0] - h <= 1 for h in headline_again)  # headline and body again
        for pos, _ in run:
            line = kept[pos]
            if copy:
                line.cls, line.rule, line.joins_next = "chrome", "duplicate", False
            else:
                line.rule += "+repeat"


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
    last_sentence = _LAST_SENTENCE.search(line.text)  # always matches (possibly empty, at the end)
    tail = last_sentence.group() if last_sentence else ""
    return any(ch in tail for ch in "，,、；;：:")


def _starts_new_item(text: str) -> bool:
    return (text.startswith(("——", "—", "（", "(", "【", "第"))
            or bool(re.match(r"^[一二三四五六七八九十\d]+[、.．]", text)))


@dataclass
class Classification:
    lines: list[Line] = field(default_factory=list)

    def line_classes(self) -> list[LineClass]:
        return [LineClass(ln.start, ln.end, ln.cls or "body", ln.rule) for ln in self.lines]


def classify_blocks(original: str, blocks: Sequence[Any], title_hint: str | None = None,
                    content: set[int] | None = None, title_block: int | None = None,
                    title_fallback: bool = True, subtitle_hint: str | None = None) -> Classification:
    """Classify ``blocks`` (from the corpus reader) of ``original``; hard-wrapped paragraphs are
    classified whole (``hard_wrap.py``)."""
    lines = build_lines(original, blocks)
    groups = wrap_groups(lines)
    if not groups:
        classify_lines(lines, title_hint, content, title_block, title_fallback, subtitle_hint)
        return Classification(lines)
    merged, members = merged_lines(original, lines, groups)
    where = {j: k for k, group in enumerate(members) for j in group}
    merged_content = None if content is None else {where[i] for i in content if i in where}
    merged_title = where.get(title_block) if title_block is not None else None
    classify_lines(merged, title_hint, merged_content, merged_title, title_fallback, subtitle_hint)
    spread_classes(lines, merged, members)
    return Classification(lines)
