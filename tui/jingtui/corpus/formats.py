"""Decoded text -> ``original`` + blocks + metadata, for each format.

* HTML (``.html``/``.htm``, or a ``.txt`` that is mostly HTML markup, such as a JSON record's field):
  paragraphs from :mod:`jingtui.corpus.html`, metadata from the head, the CleanEval wrapper and the
  header lines near the headline.
* Markdown (``.md``/``.markdown``): front matter, then the body from :mod:`jingtui.corpus.markdown`.
* Plain text (``.txt``): the lines as they are; front matter is read if present, and an HTML body
  after it (seed 000) is parsed as HTML.

``original`` keeps one paragraph per line, ``\\n`` only. Every block covers exactly one non-blank line,
without its leading and trailing spaces (ideographic spaces included). Two changes to plain text
lines, so that the reader stays usable: a long line with runs of 3+ spaces (scraped text whose
paragraphs were glued) is cut at those runs, and a line over 5,000 characters is cut after sentence
ends (ARCHITECTURE.md section 5: very long lines make the text pane slow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from jingtui.corpus import metadata as md
from jingtui.corpus.date_fallbacks import fallback_date
from jingtui.corpus.html import HtmlPage, RawBlock, looks_like_html, parse_html
from jingtui.corpus.markdown import FrontMatter, markdown_blocks, split_front_matter
from jingtui.corpus.model import ArticleMeta, Block
from jingtui.corpus.people import tidy_people

LONG_LINE = 5_000
CHUNK = 1_000
_GLUED = re.compile(r"[ \t\u3000]{3,}")
_SENTENCE_END = re.compile(r"[。！？!?；][”’」』）)]*")
_EDGE = " \t\u3000"
_DATE_KEYS = (
    "article:published_time", "og:release_date", "datepublished", "publishdate", "pubdate",
    "publish_date", "publishdate", "publication_date", "publishtime", "publish_time", "dc.date.issued",
    "dc.date", "dcterms.created", "dcterms.issued", "date", "sailthru.date", "og:published_time",
    "article:published",
)
_SOURCE_KEYS = (
    "contentsource", "source", "article:source", "og:article:source", "media",
    "og:site_name", "sitename",  # the site, when the page names no other outlet
)
_TITLE_KEYS = ("og:title", "articletitle", "headline", "twitter:title", "dc.title", "title")


@dataclass
class Parsed:
    original: str
    blocks: list[Block]
    meta: ArticleMeta
    problems: list[str] = field(default_factory=list)
    format: str = "text"


def split_long(line: str) -> list[str]:
    """Cut an over-long line after sentence ends into pieces of about ``CHUNK`` characters."""
    if len(line) <= LONG_LINE:
        return [line]
    pieces: list[str] = []
    start = 0
    while len(line) - start > LONG_LINE:
        match = _SENTENCE_END.search(line, start + CHUNK)
        cut = match.end() if match and match.end() < len(line) else start + CHUNK
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces


def _unglue(line: str) -> list[str]:
    if len(line) > 300 and _GLUED.search(line.strip(_EDGE)):
        return _GLUED.split(line)
    return [line]


def assemble(raw_blocks: list[RawBlock]) -> tuple[str, list[Block]]:
    """Join paragraphs into ``original`` (one per line) and compute each block's span."""
    lines: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for raw in raw_blocks:
        for piece in split_long(raw.text.replace("\n", " ")):
            text = piece.strip(_EDGE)
            if not text:
                continue
            link_chars = raw.link_chars if len(piece) == len(raw.text) else 0
            blocks.append(Block(raw.kind, pos, pos + len(text), raw.tag, min(link_chars, len(text)), raw.container))
            lines.append(text)
            pos += len(text) + 1
    return "\n".join(lines), blocks


_LINE_CONTENT = re.compile(r"[^ \t\u3000\n](?:[^\n]*[^ \t\u3000\n])?")  # a line minus its edges


def plain_layout(text: str) -> tuple[str, list[Block]]:
    """Plain text: the lines as they are, a block per non-blank line."""
    lines = text.split("\n")
    if any(len(line) > 300 for line in lines):
        out: list[str] = []
        for line in lines:
            if len(line) > 300:
                for part in _unglue(line):
                    out.extend(split_long(part))
            else:
                out.append(line)
        text = "\n".join(out)
    blocks = [Block("text", m.start(), m.end()) for m in _LINE_CONTENT.finditer(text)]
    return text, blocks


def block_texts(original: str, blocks: list[Block]) -> list[str]:
    return [original[b.start : b.end] for b in blocks]


# -- metadata ------------------------------------------------------------------------------------


def _header_meta(meta: ArticleMeta, texts: list[str], title_index: int | None, before: int, after: int) -> None:
    """Fill what is still missing from the header lines around the headline."""
    if title_index is None:
        start, stop = 0, after
    else:
        start, stop = max(0, title_index - before), title_index + after
    if meta.date is None:
        meta.date, _ = md.find_date(texts, start, stop)
    if meta.source is None:
        meta.source = md.find_source(texts, start, stop)
    if meta.author is None:
        meta.author = md.find_author(texts, start, stop) or md.find_byline(texts[title_index or 0 :])
    if meta.subtitle is None and title_index is not None:
        meta.subtitle = md.subtitle_after(texts, title_index)


def _front_matter_meta(fm: FrontMatter) -> ArticleMeta:
    data = fm.data
    meta = ArticleMeta()
    meta.title = md.clean_value(data.get("title") if isinstance(data.get("title"), str) else None, 300)
    meta.subtitle = md.clean_value(data.get("subtitle")) if isinstance(data.get("subtitle"), str) else None
    for key in ("date", "published", "pubdate", "created"):
        if data.get(key) is not None:
            meta.date = md.parse_date(data.get(key))
            if meta.date:
                break
    for key in ("author", "authors", "byline"):
        value = data.get(key)
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        if value:
            meta.author = md.clean_value(value, 80)
            break
    for key in ("source", "outlet", "publisher", "media"):
        if isinstance(data.get(key), str):
            meta.source = md.clean_value(data[key], 80)
            break
    for key in ("url", "link", "original_url", "permalink", "source_url"):
        if isinstance(data.get(key), str):
            meta.url = data[key].strip()
            break
    meta.categories = md.as_list(data.get("categories")) + md.as_list(data.get("category"))
    meta.keywords = md.as_list(data.get("tags")) + md.as_list(data.get("keywords"))
    if isinstance(data.get("description"), str):
        meta.description = md.clean_value(data["description"], 500)
    return meta


def _html_meta(page: HtmlPage, meta: ArticleMeta, texts: list[str]) -> int | None:
    """Fill ``meta`` from an HTML page (keeping what is already set); returns the title's block index."""
    m = page.meta
    wrapper = page.wrapper
    titles = [meta.title, page.title, *(m.get(k) for k in _TITLE_KEYS), wrapper.get("title")]
    title, index = md.pick_title(titles, page.h1, texts)
    if title is None:
        index = md.text_title(texts)
        title = md.clean_value(texts[index], 300) if index is not None else None
    meta.title = title
    meta.page_title = page.title or wrapper.get("title") or meta.page_title
    if meta.date is None:
        for key in _DATE_KEYS:
            if m.get(key):
                meta.date = md.parse_date(m[key])
                if meta.date:
                    break
    if meta.date is None:
        for value in page.times:
            meta.date = md.parse_date(value)
            if meta.date:
                break
    if meta.author is None:
        author = md.meta_author(m.get("author") or m.get("article:author"))
        site = "".join(md.split_title(page.title or "")[1:])
        meta.author = None if author and author in site else author  # "网易" in "..._网易财经" is the site
    if meta.url is None:
        url = m.get("og:url") or page.canonical or wrapper.get("id")
        meta.url = url if url and url.startswith(("http://", "https://")) else None
    if meta.description is None:
        meta.description = md.clean_value(m.get("description") or m.get("og:description"), 500)
    if not meta.keywords:
        meta.keywords = md.as_list(m.get("keywords") or m.get("news_keywords"))
    _header_meta(meta, texts, index, 5, 40)
    if meta.date is None:
        meta.date = fallback_date(texts, meta.url, page.form_texts)
    if meta.source is None:
        for key in _SOURCE_KEYS:
            found = m.get(key)
            if found:
                meta.source = md.clean_value(re.sub(r"^(来源|來源)\s*[:：]\s*", "", found), 80)
                break
    return index


def _finish_title(meta: ArticleMeta, texts: list[str], index: int | None,
                  written: ArticleMeta | None = None) -> None:
    """The headline tidied, outlet and author sorted out (``people.py``); what the front matter
    wrote (``written``) is kept as written."""
    meta.title = md.tidy_title(meta.title)
    tidy_people(meta)
    if written is not None:
        meta.author = written.author or meta.author
        meta.source = written.source or meta.source
    meta.title_block = index
    if meta.date is None and meta.title:
        meta.date = md.parse_date(meta.title) if re.search(r"\d{8}", meta.title) else None


# -- formats -------------------------------------------------------------------------------------


def parse_html_text(text: str, meta: ArticleMeta | None = None) -> Parsed:
    page = parse_html(text)
    original, blocks = assemble(page.blocks)
    meta = meta or ArticleMeta()
    texts = block_texts(original, blocks)
    index = _html_meta(page, meta, texts)
    _finish_title(meta, texts, index)
    problems = []
    if page.controls:
        problems.append(
            f"The page contains {page.controls} control character{'s' if page.controls != 1 else ''} "
            "(such as terminal escape codes), shown as symbols like \u241b."
        )
    return Parsed(original, blocks, meta, problems, "html")


FRONT_MATTER_TAG = "front-matter"  # the Block.tag of a headline that only the front matter gives


def with_front_matter_title(parsed: Parsed, fm: FrontMatter) -> Parsed:
    """A headline the front matter gives and the body never repeats becomes the first line of ``original``.

    Without it the headline would be only metadata: absent from both panes and from the cleaned text, so
    it could not be read in place or claimed. The line is a ``heading`` block tagged
    :data:`FRONT_MATTER_TAG` and ``meta.title_block`` points at it. Nothing changes when the body has
    the headline already, when the front matter has none, or when there is no body.
    """
    title = (parsed.meta.title or "").replace("\n", " ").strip(_EDGE)
    if not fm.present or not isinstance(fm.data.get("title"), str) or parsed.meta.title_block is not None \
            or not title or not parsed.blocks:
        return parsed
    shift = len(title) + 1
    blocks = [Block("heading", 0, len(title), FRONT_MATTER_TAG)]
    blocks += [replace(b, start=b.start + shift, end=b.end + shift) for b in parsed.blocks]
    parsed.meta.title_block = 0
    return Parsed(title + "\n" + parsed.original, blocks, parsed.meta, parsed.problems, parsed.format)


def parse_markdown_text(text: str) -> Parsed:
    fm = split_front_matter(text)
    meta = _front_matter_meta(fm)
    raw = markdown_blocks(fm.body)
    original, blocks = assemble(raw)
    texts = block_texts(original, blocks)
    headings = [t for t, b in zip(texts, blocks, strict=True) if b.kind == "heading"]
    written = meta.title  # the front matter's title is trusted as written (never cut at "·" or "|")
    as_written = ArticleMeta(author=meta.author, source=meta.source)
    title, index = md.pick_title([meta.title], headings[:1], texts)
    if title is None and headings:
        title, index = headings[0], texts.index(headings[0])
    if title is None:
        index = md.text_title(texts)
        title = md.clean_value(texts[index], 300) if index is not None else None
    meta.title = title
    _header_meta(meta, texts, index, 3, 20)
    _finish_title(meta, texts, index, as_written)
    meta.title = md.written_title(written) or meta.title
    return with_front_matter_title(Parsed(original, blocks, meta, list(fm.problems), "markdown"), fm)


def parse_plain_text(text: str) -> Parsed:
    fm = split_front_matter(text)
    meta = _front_matter_meta(fm) if fm.present else ArticleMeta()
    body = fm.body
    written = meta.title  # the front matter's title is trusted as written
    as_written = ArticleMeta(author=meta.author, source=meta.source)
    if looks_like_html(body):
        parsed = parse_html_text(body, meta)
        parsed.meta.title = md.written_title(written) or parsed.meta.title
        parsed.meta.author = as_written.author or parsed.meta.author
        parsed.meta.source = as_written.source or parsed.meta.source
        parsed.problems[:0] = fm.problems
        parsed.format = "markdown" if fm.present else "html"
        return with_front_matter_title(parsed, fm)
    original, blocks = plain_layout(body)
    texts = block_texts(original, blocks)
    index = None
    if meta.title:
        _, index = md.pick_title([meta.title], [], texts)
    else:
        index = md.text_title(texts)
        meta.title = md.clean_value(texts[index], 300) if index is not None else None
    _header_meta(meta, texts, index, 3, 15)
    _finish_title(meta, texts, index, as_written)
    meta.title = md.written_title(written) or meta.title
    kind = "markdown" if fm.present else "text"
    return with_front_matter_title(Parsed(original, blocks, meta, list(fm.problems), kind), fm)


def parse_text(text: str, suffix: str) -> Parsed:
    """Dispatch on the file's extension (``.html``, ``.md``, ``.txt``, ...)."""
    suffix = suffix.lower()
    if suffix in (".html", ".htm"):
        return parse_html_text(text)
    if suffix in (".md", ".markdown"):
        return parse_markdown_text(text)
    return parse_plain_text(text)


def declared_charset(data: bytes) -> str | None:
    """The charset a page or CleanEval wrapper declares in its first bytes, if any."""
    head = data[:4096].lower()
    for word in (b"charset", b"encoding"):
        at = head.find(word)
        while at >= 0:
            match = _DECLARED.match(head, at + len(word))
            if match:
                return match.group(1).decode("ascii", "ignore")
            at = head.find(word, at + 1)
    return None


_DECLARED = re.compile(rb"""\s*=\s*["']?([a-z0-9_-]+)""")
