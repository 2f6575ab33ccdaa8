"""Markdown: YAML front matter, and a body flattened to paragraphs.

Front matter is read with ``yaml.safe_load`` only; blank lines may come before the opening ``---``.
Broken front matter is a problem on the article, never a crash: the body still loads.

The body: HTML comments are dropped; a body that is mostly HTML (seed 000) is parsed as HTML; otherwise
lines are read as Markdown: ``#`` headings, lists, quotes, images ``![alt](src)`` (an image block),
links ``[text](url)`` (their text, counted as link characters), emphasis and strike-through markers and
backslash escapes removed, inline HTML tags parsed (``<figcaption>`` becomes a caption). Lines of one
paragraph are joined (no space between Chinese characters).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from jingtui.corpus.html import RawBlock, looks_like_html, parse_html
from jingtui.util.han import CJK_TEXT

# libyaml's safe loader when available (10x faster); the pure-Python safe loader otherwise. Never the
# full loader: front matter is data, not code.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]+)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_INLINE_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_CJK_EDGE = re.compile(f"[{CJK_TEXT}]")


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_offset: int = 0  # where the body starts in the text
    problems: list[str] = field(default_factory=list)
    present: bool = False


def split_front_matter(text: str) -> FrontMatter:
    """Separate YAML front matter (``---`` ... ``---``, blank lines allowed before it) from the body."""
    stripped = text.lstrip(" \t\n\ufeff")
    if not stripped.startswith("---"):
        return FrontMatter(body=text)
    start = len(text) - len(stripped)
    first_end = text.find("\n", start)
    if first_end < 0 or text[start:first_end].strip() != "---":
        return FrontMatter(body=text)
    close = re.compile(r"^(---|\.\.\.)[ \t]*$", re.M).search(text, first_end + 1)
    if close is None:
        return FrontMatter(
            body=text,
            present=True,
            problems=["The front matter starts with --- but never ends, so it was read as text."],
        )
    raw = text[first_end + 1 : close.start()]
    body_offset = close.end() + 1 if close.end() < len(text) else close.end()
    fm = FrontMatter(body=text[body_offset:], body_offset=body_offset, present=True)
    try:
        data = yaml.load(raw, Loader=_SAFE_LOADER) if raw.strip() else {}  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        fm.problems.append(f"The front matter is not valid YAML{where}; the body was read without it.")
        return fm
    if data is None:
        data = {}
    if not isinstance(data, dict):
        fm.problems.append("The front matter is not a list of key: value pairs; the body was read without it.")
        return fm
    fm.data = {str(k).strip().lower(): _plain(v) for k, v in data.items()}
    return fm


def _plain(value: object) -> object:
    """YAML values as plain Python: dates as ISO strings, nested lists kept."""
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if _CJK_EDGE.match(a[-1]) or _CJK_EDGE.match(b[0]):
        return a + b
    return a + " " + b


def _inline(line: str) -> list[tuple[str, str, int]]:
    """One Markdown line -> pieces (kind, text, link_chars): text pieces and image pieces."""
    pieces: list[tuple[str, str, int]] = []
    pos = 0
    for match in _IMAGE.finditer(line):
        pieces.extend(_text_piece(line[pos : match.start()]))
        alt = match.group(1).strip()
        src = match.group(2)
        name = alt or src.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "image"
        pieces.append(("image", name, 0))
        pos = match.end()
    pieces.extend(_text_piece(line[pos:]))
    return pieces


def _text_piece(text: str) -> list[tuple[str, str, int]]:
    if not text.strip():
        return []
    link_chars = 0

    def link(match: re.Match[str]) -> str:
        nonlocal link_chars
        link_chars += len(match.group(1).strip())
        return match.group(1)

    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _LINK.sub(link, text)
    for _ in range(2):
        text = _EMPHASIS.sub(lambda m: m.group(2), text)
    text = _CODE.sub(lambda m: m.group(1), text)
    text = _ESCAPE.sub(lambda m: m.group(1), text)
    return [("text", text, link_chars)]


def markdown_blocks(body: str) -> list[RawBlock]:
    """Flatten a Markdown body to paragraphs (see the module docstring)."""
    body = _COMMENT.sub("", body)
    if looks_like_html(body):
        return parse_html(body).blocks
    blocks: list[RawBlock] = []
    para: list[str] = []
    para_links = 0
    para_kind = "text"
    para_tag = "p"

    def flush() -> None:
        nonlocal para, para_links, para_kind, para_tag
        if para:
            text = ""
            for piece in para:
                text = _join(text, piece.strip())
            if text.strip():
                blocks.append(RawBlock(para_kind, text.strip(), para_tag, para_links))
        para, para_links, para_kind, para_tag = [], 0, "text", "p"

    lines = body.split("\n")
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            flush()
            fenced = not fenced
            continue
        if fenced:
            if line.strip():
                blocks.append(RawBlock("text", line.rstrip(), "pre"))
            continue
        if not line.strip():
            flush()
            continue
        if _RULE.match(line):
            flush()
            continue
        if para and _SETEXT.match(line):
            para_kind, para_tag = "heading", "h1" if line.strip().startswith("=") else "h2"
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            for kind, text, links in _inline(heading.group(2)):
                if kind == "text":
                    blocks.append(RawBlock("heading", text.strip(), f"h{len(heading.group(1))}", links))
                else:
                    blocks.append(RawBlock("image", text, "img"))
            continue
        tag = "p"
        quoted = False
        while _QUOTE.match(line):
            line = _QUOTE.sub("", line, count=1)
            quoted = True
        if quoted:
            tag = "blockquote"
        if _BULLET.match(line):
            flush()
            line = _BULLET.sub("", line, count=1)
            para_kind, tag = "list", "li"
        if _INLINE_TAG.search(line):
            flush()
            for raw in parse_html(line).blocks:
                if raw.kind == "text":
                    pieces = _inline(raw.text)
                    for kind, text, links in pieces:
                        block_tag = "img" if kind == "image" else raw.tag or tag
                        blocks.append(RawBlock(kind, text.strip(), block_tag, links + raw.link_chars))
                else:
                    blocks.append(raw)
            continue
        hard_break = line.endswith("  ") or line.endswith("\\")
        for kind, text, links in _inline(line.rstrip("\\")):
            if kind == "image":
                flush()
                blocks.append(RawBlock("image", text, "img"))
            else:
                if para and para_tag != tag:
                    flush()
                para.append(text)
                para_links += links
                para_tag = tag
        if hard_break or tag == "li" or line.lstrip().startswith("|"):
            flush()  # a list item, a table row or a hard break ends its line
    flush()
    return [b for b in blocks if b.text]
