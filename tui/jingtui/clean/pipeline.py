"""Article -> CleanText: classify blocks, drop pinyin, flag damage, convert script, keep the map.

``clean_article`` is the pure entry point; it never raises on any Article (an empty one gives an
empty CleanText). Every character of ``CleanText.text`` maps to its span in ``Article.original``:

* a kept character maps to itself (one original character);
* a damaged pinyin annotation (``?zhèn)``) becomes U+FFFD and maps to the whole annotation;
* a converted character maps to its Traditional source (conversion is length-preserving);
* the ``\\n`` between two paragraphs maps to the first newline after the earlier one; a ``\\n``
  inserted to split a very long paragraph maps to an empty span at the split point;
* lines cut mid-sentence are rejoined: the newline between them is simply not in the text.

So the spans are in order (non-decreasing) because paragraphs are emitted in document order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jingtui.clean.damage import MESSAGES, Damage, find_damage
from jingtui.clean.line_facts import Line
from jingtui.clean.lines import classify_blocks
from jingtui.clean.loss import body_loss
from jingtui.clean.model import (
    KEPT_CLASSES,
    CleanText,
    LineClass,
    OffsetMap,
    Paragraph,
    Warning,
)
from jingtui.clean.overrides import NO_OVERRIDES, RULE_DROPPED, RULE_KEPT, Overrides, as_overrides, block_key
from jingtui.clean.pinyin import find_pinyin
from jingtui.clean.script import (
    SIMPLIFIED,
    TRADITIONAL,
    UNKNOWN,
    convert_line,
    detect_script,
)
from jingtui.clean.version import PIPELINE_VERSION
from jingtui.corpus.model import Article, Block

LONG_PARAGRAPH = 1500  # split longer paragraphs at sentence ends (a TextArea line this long is slow)
_SPACE = " \t\u3000\u00a0\u2002\u2003\u200b\ufeff\r"
_SENTENCE_END = re.compile(r"[。！？!?…][”」』\"’）)]*")


@dataclass
class _Piece:
    """Characters of one block after pinyin removal, with their original spans."""

    chars: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    damaged: list[tuple[int, int]] = field(default_factory=list)  # original spans of damaged pinyin

    @property
    def text(self) -> str:
        return "".join(self.chars)


def _piece(original: str, start: int, end: int) -> _Piece:
    """The block ``original[start:end]`` without surrounding space and pinyin annotations."""
    raw = original[start:end]
    lstripped = raw.lstrip(_SPACE)
    s = start + (len(raw) - len(lstripped))
    e = start + len(raw.rstrip(_SPACE))
    piece = _Piece()
    if e <= s:
        return piece
    line = original[s:e]
    edits = find_pinyin(line)
    pos = 0
    for edit in edits:
        if edit.start > pos:
            piece.chars.extend(line[pos : edit.start])
            piece.starts.extend(range(s + pos, s + edit.start))
            piece.ends.extend(range(s + pos + 1, s + edit.start + 1))
        if edit.replacement:
            piece.chars.append(edit.replacement)
            piece.starts.append(s + edit.start)
            piece.ends.append(s + edit.end)
            piece.damaged.append((s + edit.start, s + edit.end))
        pos = max(pos, edit.end)
    if pos < len(line):
        piece.chars.extend(line[pos:])
        piece.starts.extend(range(s + pos, e))
        piece.ends.extend(range(s + pos + 1, e + 1))
    if "\n" in line or "\r" in line:  # a block must not hold a line break; drop any that slipped in
        keep = [k for k, ch in enumerate(piece.chars) if ch not in "\r\n"]
        piece.chars = [piece.chars[k] for k in keep]
        piece.starts = [piece.starts[k] for k in keep]
        piece.ends = [piece.ends[k] for k in keep]
    return piece


def _safe_blocks(article: Article) -> list[Any]:
    """The article's blocks, clamped, ordered and without overlaps; made from lines if missing."""
    original = article.original or ""
    blocks = list(getattr(article, "blocks", None) or [])
    if not blocks and original.strip():
        from jingtui.corpus.model import Block

        pos = 0
        for text_line in original.split("\n"):
            if text_line.strip():
                blocks.append(Block("text", pos, pos + len(text_line)))
            pos += len(text_line) + 1
    good = []
    last_end = 0
    n = len(original)
    for block in sorted(blocks, key=lambda b: (getattr(b, "start", 0), getattr(b, "end", 0))):
        try:
            start, end = int(block.start), int(block.end)
        except (TypeError, ValueError, AttributeError):
            continue
        start, end = max(0, min(start, n)), max(0, min(end, n))
        if end <= start or start < last_end:
            continue
        good.append(block)
        last_end = end
    return good


def _split_long(chars: list[str], starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    """Cut points ``[(a, b), ...]`` of one paragraph: pieces no longer than ~LONG_PARAGRAPH, cut at
    sentence ends when there is one."""
    n = len(chars)
    if n <= LONG_PARAGRAPH:
        return [(0, n)]
    text = "".join(chars)
    cuts = [m.end() for m in _SENTENCE_END.finditer(text)]
    pieces = []
    begin = 0
    target = LONG_PARAGRAPH * 2 // 3
    while n - begin > LONG_PARAGRAPH:
        i = bisect_left(cuts, begin + target)
        cut = cuts[i] if i < len(cuts) and cuts[i] - begin <= LONG_PARAGRAPH else 0
        if not cut:
            j = bisect_right(cuts, begin + LONG_PARAGRAPH) - 1
            cut = cuts[j] if j >= 0 and cuts[j] > begin + 100 else begin + LONG_PARAGRAPH
        if cut >= n:
            break
        pieces.append((begin, cut))
        begin = cut
    pieces.append((begin, n))
    return pieces


def _find_title_span(original: str, title: str | None, kept: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the reader's title sits in ``original`` outside any block (front matter), if it does."""
    if not title or not title.strip():
        return None
    title = title.strip()
    if "\n" in title or "\r" in title:
        return None
    first_block = kept[0][0] if kept else len(original)
    index = original.find(title)
    if index == -1 or index + len(title) > first_block:
        return None
    return index, index + len(title)


def clean_article(article: Article, overrides: Overrides | Mapping[str, str] | None = None) -> CleanText:
    """Clean one Article with the reviewer's ``overrides`` (passages brought back or sent out, see
    ``overrides.py``). Pure; never raises (a broken Article gives an empty or partial CleanText)."""
    try:
        return _clean(article, as_overrides(overrides))
    except Exception:  # noqa: BLE001 - the pipeline must never crash the reader or the CLI
        return _uncleaned(article)


def _uncleaned(article: Article) -> CleanText:
    """What a reviewer gets if a rule ever fails: every non-blank line as it is, mapped one to one,
    with a warning saying the text was not cleaned."""
    original = getattr(article, "original", "") or ""
    if not isinstance(original, str):
        original = ""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    paragraphs: list[Paragraph] = []
    pos = length = 0
    for raw in original.split("\n"):
        body = raw.strip()
        if body:
            begin = pos + raw.index(body)
            if parts:
                parts.append("\n")
                starts.append(begin - 1)
                ends.append(begin - 1)
                length += 1
            parts.append(body)
            starts.extend(range(begin, begin + len(body)))
            ends.extend(range(begin + 1, begin + len(body) + 1))
            paragraphs.append(Paragraph(length, length + len(body), begin, begin + len(body), "body"))
            length += len(body)
        pos += len(raw) + 1
    message = "The cleaning rules failed on this article: the text is shown as it is, not cleaned or converted."
    return CleanText(text="".join(parts), to_original=OffsetMap(starts, ends), paragraphs=paragraphs,
                     script=UNKNOWN, pipeline_version=PIPELINE_VERSION,
                     warnings=[Warning(0, 0, "pipeline-error", message, 0, len(original))])


def _content_blocks(article: Article, blocks: list[Block]) -> set[int] | None:
    if getattr(article, "format", "text") != "html":
        return None
    from jingtui.clean.content import main_content

    return main_content(article.original or "", blocks)


def apply_overrides(original: str, lines: list[Line], overrides: Overrides) -> None:
    """The reviewer's decisions over the rules' (in place): a kept passage becomes body, a removed
    one chrome; either starts and ends its own paragraph (no joining across it)."""
    if not overrides:
        return
    for i, line in enumerate(lines):
        decision = overrides.get(block_key(original, line.start, line.end))
        if decision == "keep" and line.cls not in KEPT_CLASSES and line.kind != "image" and line.text:
            line.cls, line.rule, line.joins_next = "body", RULE_KEPT, False
            if i:
                lines[i - 1].joins_next = False
        elif decision == "drop" and line.cls in KEPT_CLASSES:
            line.cls, line.rule, line.joins_next = "chrome", RULE_DROPPED, False
            if i:
                lines[i - 1].joins_next = False


def _clean(article: Article, overrides: Overrides = NO_OVERRIDES) -> CleanText:
    original = article.original or ""
    if not isinstance(original, str):
        original = str(original)
    meta = getattr(article, "meta", None)
    title_hint = getattr(meta, "title", None) if meta is not None else None
    blocks = _safe_blocks(article)
    content = _content_blocks(article, blocks)
    title_block = getattr(meta, "title_block", None) if meta is not None else None
    if title_block is not None and len(blocks) != len(getattr(article, "blocks", []) or []):
        title_block = None  # blocks were repaired: the reader's index no longer applies
    # Front matter holds the title outside the text: then no other line is promoted to title.
    fallback = getattr(article, "format", "text") != "markdown" or title_block is not None
    subtitle_hint = getattr(meta, "subtitle", None) if meta is not None else None
    classification = classify_blocks(original, blocks, title_hint, content, title_block, fallback, subtitle_hint)
    lines: list[Line] = classification.lines
    apply_overrides(original, lines, overrides)

    pieces = [_piece(original, ln.start, ln.end) for ln in lines]
    kept = [i for i, ln in enumerate(lines) if ln.cls in KEPT_CLASSES and pieces[i].chars]

    # Script: decided on the kept text (all text if nothing is kept).
    sample = "".join(pieces[i].text for i in kept) or original
    script = detect_script(sample)

    # Damage: every block, before conversion, in one pass over the blocks joined by newlines.
    damages: list[tuple[int, int, str]] = []
    joined_chars: list[str] = []
    joined_starts: list[int] = []
    joined_ends: list[int] = []
    skip: list[tuple[int, int]] = []
    for piece in pieces:
        if not piece.chars:
            continue
        if joined_chars:
            joined_chars.append("\n")
            joined_starts.append(joined_ends[-1])
            joined_ends.append(joined_ends[-1])
        if piece.damaged:
            damages.extend((ostart, oend, "pinyin-damaged") for ostart, oend in piece.damaged)
            damaged = set(piece.damaged)
            base = len(joined_chars)
            skip.extend((base + j, base + j + 1) for j, st in enumerate(piece.starts)
                        if (st, piece.ends[j]) in damaged)
        joined_chars.extend(piece.chars)
        joined_starts.extend(piece.starts)
        joined_ends.extend(piece.ends)
    if joined_chars:
        for d in find_damage("".join(joined_chars), script if script != UNKNOWN else SIMPLIFIED, tuple(skip)):
            damages.append((joined_starts[d.start], joined_ends[d.end - 1], d.kind))

    # Paragraphs: kept blocks in document order, lines cut mid-sentence joined.
    groups: list[tuple[str, list[int]]] = []
    title_span = _find_title_span(original, title_hint, [(lines[i].start, lines[i].end) for i in kept]) \
        if not any(lines[i].cls == "title" for i in kept) else None
    joining = False
    for i in kept:
        if joining and groups:
            groups[-1][1].append(i)
        else:
            groups.append((lines[i].cls, [i]))
        joining = lines[i].joins_next

    text_parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    paragraphs: list[Paragraph] = []
    length = 0

    def emit(kind: str, chars: list[str], cstarts: list[int], cends: list[int]) -> None:
        nonlocal length
        if script == TRADITIONAL:
            converted = convert_line("".join(chars))
            if len(converted) == len(chars):
                chars = list(converted)
        for a, b in _split_long(chars, cstarts, cends):
            if text_parts:
                text_parts.append("\n")
                length += 1
                previous_end = ends[-1] if ends else 0
                newline = original.find("\n", previous_end, cstarts[a]) if a == 0 else -1
                if newline != -1:
                    starts.append(newline)
                    ends.append(newline + 1)
                else:  # inserted: an empty span at the split point
                    point = cstarts[a] if a else previous_end
                    starts.append(point)
                    ends.append(point)
            text_parts.append("".join(chars[a:b]))
            starts.extend(cstarts[a:b])
            ends.extend(cends[a:b])
            paragraphs.append(Paragraph(length, length + (b - a), cstarts[a], max(cends[a:b]), kind))
            length += b - a

    if title_span is not None:
        s, e = title_span
        emit("title", list(original[s:e]), list(range(s, e)), list(range(s + 1, e + 1)))
    for kind, members in groups:
        chars: list[str] = []
        cstarts: list[int] = []
        cends: list[int] = []
        for i in members:
            chars.extend(pieces[i].chars)
            cstarts.extend(pieces[i].starts)
            cends.extend(pieces[i].ends)
        emit(kind, chars, cstarts, cends)

    text = "".join(text_parts)
    offset_map = OffsetMap(starts, ends)
    warnings = _warnings(damages, offset_map, len(text)) + _loss_warnings(body_loss(lines), offset_map, len(text))
    warnings.sort(key=lambda w: (w.original_start, w.original_end, w.kind))
    return CleanText(
        text=text,
        to_original=offset_map,
        paragraphs=paragraphs,
        lines=classification.line_classes(),
        warnings=warnings,
        script=script,
        pipeline_version=PIPELINE_VERSION,
    )


def _warnings(damages: list[tuple[int, int, str]], offset_map: OffsetMap, text_len: int) -> list[Warning]:
    """Warnings with spans in the text; damage in a removed line gets an empty span where it would be."""
    starts, ends = offset_map.starts, offset_map.ends
    out: list[Warning] = []
    for ostart, oend, kind in sorted(set(damages)):
        first = bisect_right(ends, ostart)  # first char whose span ends after ostart
        last = first
        while last < len(starts) and starts[last] < oend:
            last += 1
        if last > first and ends[first] > ostart:
            tstart, tend = first, last
            message = MESSAGES.get(kind, "Suspicious text.")
        else:
            tstart = tend = min(first, text_len)
            message = MESSAGES.get(kind, "Suspicious text.") + " (in a line removed from the text)"
        out.append(Warning(tstart, tend, kind, message, ostart, oend))
    out.sort(key=lambda w: (w.original_start, w.original_end, w.kind))
    return out


def _loss_warnings(findings: list[tuple[int, int, str, str]], offset_map: OffsetMap, text_len: int) -> list[Warning]:
    """Warnings for removed prose: an empty span in the text where the passage would be."""
    out = []
    for ostart, oend, kind, message in findings:
        point = min(bisect_right(offset_map.starts, ostart - 1), text_len)
        out.append(Warning(point, point, kind, message, ostart, oend))
    return out


def removed_spans(clean: CleanText) -> list[LineClass]:
    """Spans of the original left out of the text, with their class."""
    return clean.removed


__all__ = ["PIPELINE_VERSION", "Damage", "apply_overrides", "clean_article", "removed_spans"]
