"""HTML -> paragraphs, with the standard library's ``html.parser``.

Dropped: ``script``, ``style``, ``noscript``, ``template``, ``iframe``, ``svg``, ``nav``, page-level
``header``/``footer`` (those inside ``<article>``/``<main>`` are the article's own and kept), form
controls (``select``, ``button``, ``textarea``, ``option``), comments, and ``<form>`` elements unless a form
holds most of the page's text (some sites wrap the whole page in one). ``<head>`` gives metadata only.

Kept: every block element (``p``, ``div``, ``li``, ``td``, headings, ...) becomes one paragraph;
``<br>`` starts a new line; ``<img>`` becomes an image block whose text is its alt text or file name;
``<figcaption>`` a caption block. Each paragraph remembers how many of its characters were link text
and its container: the ids or classes of all its named ancestors (``div#content>div.article``), for the line classifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

from jingtui.corpus.decode import sanitise_controls

SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "svg", "math", "nav", "select", "button",
     "textarea", "option", "optgroup", "datalist", "object", "applet", "canvas", "audio", "video", "map"}
)
PAGE_CHROME = frozenset({"header", "footer"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
     "wbr", "keygen", "frame", "basefont", "isindex"}
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "h"})  # <h>: CleanEval's heading
BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
     "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "hgroup", "html", "legend", "li",
     "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
     "tr", "ul", "text", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "title", "head", "marquee",
     "h", "l"}
)
_HEAD_TAGS = frozenset({"title", "meta", "link", "script", "style", "base", "noscript", "template", "object"})
AUTO_CLOSE = frozenset({"p", "li", "dt", "dd", "td", "th", "tr", "option"})
_KIND = {"figcaption": "caption", "li": "list", "dt": "list", "dd": "list", "l": "list"}  # <l>: CleanEval
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u3000]*\n")
# Cut before parsing (the parser would drop them anyway, only slower): scripts, styles and comments,
# leftmost first, so a "<!--" inside a script never swallows the page after it.
_DROPPED = re.compile(r"<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<!--.*?-->", re.S | re.I)
_EDGE = " \t\u3000"


@dataclass
class RawBlock:
    """One paragraph as the parser found it, before it is placed in ``Article.original``."""

    kind: str
    text: str
    tag: str = ""
    link_chars: int = 0
    container: str = ""
    form: int = -1  # id of the enclosing <form>, -1 if none


@dataclass
class HtmlPage:
    """Everything the parser collected: paragraphs, and what the head and wrappers say."""

    blocks: list[RawBlock] = field(default_factory=list)
    title: str | None = None
    h1: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    times: list[str] = field(default_factory=list)
    canonical: str | None = None
    wrapper: dict[str, str] = field(default_factory=dict)  # CleanEval <text id= title= encoding=>
    charset: str | None = None
    controls: int = 0
    form_texts: list[str] = field(default_factory=list)  # text of the forms left out (a date may be there)


@dataclass
class _Open:
    tag: str
    hint: str
    skip: bool
    form: int = -1


def _hint(tag: str, attrs: dict[str, str | None]) -> str:
    ident = (attrs.get("id") or "").strip()
    cls = (attrs.get("class") or "").split()
    if ident:
        return f"{tag}#{ident[:24]}"
    if cls:
        return f"{tag}.{cls[0][:24]}"
    return ""


def image_name(attrs: dict[str, str | None]) -> str:
    """What an ``<img>`` shows in ``original``: its alt text, else its file name, else ``image``."""
    alt = _SPACE.sub(" ", attrs.get("alt") or "").strip(_EDGE)
    if alt:
        return alt
    for key in ("src", "data-src", "data-original", "data-lazy-src"):
        src = (attrs.get(key) or "").strip()
        if not src or src.startswith("data:"):
            continue
        src = src.split("#", 1)[0]
        tail = src.rstrip("/").rsplit("/", 1)[-1]
        name = tail.split("?", 1)[0] or tail
        name = unquote(name).strip()
        if name:
            return name[:80]
    return ""


class _Parser(HTMLParser):
    def __init__(self, char_refs: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.char_refs = char_refs
        self.page = HtmlPage()
        self.stack: list[_Open] = []
        self.skip = 0
        self.in_head = False
        self.in_title = False
        self.title_parts: list[str] = []
        self.h1_depth = 0
        self.h1_parts: list[str] = []
        self.links = 0
        self.pre = 0
        self.pieces: list[tuple[str, bool]] = []
        self.forms = 0
        self.headings = 0
        self._container_cache: str | None = ""

    # -- helpers ---------------------------------------------------------------------------------
    def _inside(self, *tags: str) -> bool:
        return any(o.tag in tags for o in self.stack)

    def _in_heading(self) -> bool:
        """Inside a heading that is still headline-sized (an unclosed <h1> must not swallow the page)."""
        if not self.headings:
            return False
        return sum(len(text) for text, _ in self.pieces) < 300

    def _form(self) -> int:
        for o in reversed(self.stack):
            if o.form >= 0:
                return o.form
        return -1

    def _container(self) -> str:
        if self._container_cache is None:
            hints = [o.hint for o in self.stack if o.hint]
            self._container_cache = ">".join(hints)
        return self._container_cache

    def _block_tag(self) -> tuple[str, str]:
        for o in reversed(self.stack):
            if o.tag in HEADINGS:
                return "heading", o.tag
            if o.tag in _KIND:
                return _KIND[o.tag], o.tag
            if o.tag in BLOCK_TAGS:
                return "text", o.tag
        return "text", ""

    def _add_block(self, kind: str, text: str, tag: str, link_chars: int = 0) -> None:
        if "\xa0" in text:
            text = text.replace("\xa0", " ")
        if self.char_refs:  # only a character reference (&#27;) can bring a control character back
            text, changed = sanitise_controls(text)
            self.page.controls += changed
        if self.pre or "  " in text or "\t" in text:
            text = _SPACE.sub(" ", text)
        text = text.strip(_EDGE)
        if not text:
            return
        self.page.blocks.append(
            RawBlock(kind, text, tag, min(link_chars, len(text)), self._container(), self._form())
        )

    def flush(self) -> None:
        if not self.pieces:
            return
        kind, tag = self._block_tag()
        if len(self.pieces) == 1 and "\n" not in self.pieces[0][0]:  # the common case: one run of text
            text, linked = self.pieces[0]
            self.pieces = []
            self._add_block(kind, text, tag, len(text.strip()) if linked else 0)
            return
        lines: list[list[tuple[str, bool]]] = [[]]
        for text, linked in self.pieces:
            parts = text.split("\n")
            for i, part in enumerate(parts):
                if i:
                    lines.append([])
                if part:
                    lines[-1].append((part, linked))
        self.pieces = []
        for line in lines:
            text = "".join(p for p, _ in line)
            link_chars = sum(len(p.strip()) for p, linked in line if linked)
            self._add_block(kind, text, tag, link_chars)

    def _pop_to(self, tag: str) -> bool:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                for o in self.stack[i:]:
                    self._closing(o)
                del self.stack[i:]
                self._container_cache = None
                return True
        return False

    def _closing(self, o: _Open) -> None:
        if o.tag in HEADINGS:
            self.headings -= 1
        if o.skip:
            self.skip -= 1
        if o.tag == "a" and self.links:
            self.links -= 1
        if o.tag == "h1" and self.h1_depth:
            self.h1_depth -= 1
            if not self.h1_depth:
                text = _SPACE.sub(" ", " ".join(self.h1_parts).replace("\xa0", " ")).strip(_EDGE)
                if text:
                    self.page.h1.append(text)
                self.h1_parts = []
        if o.tag == "pre" and self.pre:
            self.pre -= 1

    # -- parser callbacks ------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list) if attrs_list else {}  # html.parser lower-cases the names
        if tag == "meta":
            self._meta(attrs)
            return
        if tag == "link":
            href = attrs.get("href")
            if "canonical" in (attrs.get("rel") or "").lower() and href:
                self.page.canonical = href.strip()
            return
        if tag == "title" and not self.skip:
            self.in_title = True
            return
        if tag == "head":
            self.in_head = True
            return
        if self.in_head and tag not in _HEAD_TAGS:
            self.in_head = False  # <body> (or any body element: the head ended without saying so)
        if tag == "text" and "id" in attrs and not self.page.wrapper:
            self.page.wrapper = {k: v for k, v in attrs.items() if v is not None}
        when = attrs.get("datetime")
        if tag == "time" and when:
            self.page.times.append(when)
        if tag == "h1":
            if self.h1_depth:
                self.h1_parts.append(" ")
            self.h1_depth += 1
        if self.h1_depth and tag in BLOCK_TAGS:
            self.h1_parts.append(" ")
        if tag in BLOCK_TAGS and self._in_heading():
            self.pieces.append((" ", False))  # a <div> inside a headline: still one headline
            tag_is_block = False
        else:
            tag_is_block = tag in BLOCK_TAGS
        if tag in VOID_TAGS:
            self._void(tag, attrs)
            return
        if tag in AUTO_CLOSE and self.stack and self.stack[-1].tag == tag:
            self.flush()
            self._pop_to(tag)
        if tag_is_block:
            self.flush()
        skip = tag in SKIP_TAGS or (tag in PAGE_CHROME and not self._inside("article", "main"))
        form = -1
        if tag == "form":
            form = self.forms
            self.forms += 1
        hint = _hint(tag, attrs) if attrs else ""
        self.stack.append(_Open(tag, hint, skip, form))
        if hint:
            self._container_cache = None
        if tag in HEADINGS:
            self.headings += 1
        if skip:
            self.skip += 1
        if tag == "a":
            self.links += 1
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            self.handle_starttag(tag, attrs_list)
        else:
            self.handle_starttag(tag, attrs_list)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            if self.in_title:
                self.in_title = False
                text = _SPACE.sub(" ", "".join(self.title_parts).replace("\xa0", " ")).strip(_EDGE)
                if text and self.page.title is None:
                    self.page.title = text
                self.title_parts = []
            return
        if tag == "head":
            self.in_head = False
            return
        if tag in VOID_TAGS:
            return
        if tag in BLOCK_TAGS:
            if tag not in HEADINGS and self._in_heading():
                self.pieces.append((" ", False))
            else:
                self.flush()
        self._pop_to(tag)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.h1_depth:
            self.h1_parts.append(data)
        if self.skip or self.in_head:
            return
        if not self.pre:
            if not self.pieces and data.isspace():
                return  # whitespace between tags: nothing to keep
            if "\n" in data and _BLANK_LINE.search(data.strip()):
                # paragraphs written as plain text, separated by blank lines, inside one element
                data = "\n".join(_SPACE.sub(" ", part) for part in _BLANK_LINE.split(data))
            else:
                data = _SPACE.sub(" ", data)
        if data:
            self.pieces.append((data, self.links > 0))

    def _void(self, tag: str, attrs: dict[str, str | None]) -> None:
        if self.skip or self.in_head:
            return
        if tag == "br":
            self.pieces.append(("\n", False))
        elif tag == "hr":
            self.flush()
        elif tag == "img":
            if _tiny(attrs):
                return
            name = image_name(attrs)
            if name:
                self.flush()
                self._add_block("image", name, "img")

    def _meta(self, attrs: dict[str, str | None]) -> None:
        if attrs.get("charset"):
            self.page.charset = attrs["charset"]
        key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").strip().lower()
        content = attrs.get("content")
        if key == "" and (attrs.get("http-equiv") or "").lower() == "content-type" and content:
            match = re.search(r"charset=([\w-]+)", content, re.I)
            if match:
                self.page.charset = match.group(1)
            return
        key = key.strip("\"'\u201d\u201c")
        if key and content is not None and key not in self.page.meta:
            value = _SPACE.sub(" ", content.replace("\xa0", " ")).strip()
            if value:
                self.page.meta[key] = value


def _tiny(attrs: dict[str, str | None]) -> bool:
    for key in ("width", "height"):
        value = (attrs.get(key) or "").strip().rstrip("px")
        if value.isdigit() and int(value) <= 2:
            return True
    return False


def parse_html(text: str) -> HtmlPage:
    """Parse an HTML document or fragment into paragraphs and metadata (never raises on bad HTML)."""
    text = _DROPPED.sub("", text)
    parser = _Parser(char_refs="&#" in text)
    try:
        parser.feed(text)
        parser.close()
    except AssertionError:  # html.parser's one complaint (a malformed <![...]> or <!...> declaration): keep
        pass  # what came before it; any other error is a bug and reaches the reader, which reports it
    parser.flush()
    page = parser.page
    if parser.in_title and page.title is None:
        page.title = _SPACE.sub(" ", "".join(parser.title_parts)).strip() or None
    kept = _drop_small_forms(page.blocks)
    if len(kept) != len(page.blocks):
        kept_ids = {id(b) for b in kept}
        page.form_texts = [b.text for b in page.blocks if id(b) not in kept_ids]
    page.blocks = kept
    return page


def _drop_small_forms(blocks: list[RawBlock]) -> list[RawBlock]:
    """Drop the text of ``<form>`` elements unless a form holds most of the page (a whole-page form)."""
    if not any(b.form >= 0 for b in blocks):
        return blocks
    total = sum(len(b.text) for b in blocks) or 1
    per_form: dict[int, int] = {}
    for b in blocks:
        if b.form >= 0:
            per_form[b.form] = per_form.get(b.form, 0) + len(b.text)
    keep = {form for form, chars in per_form.items() if chars / total > 0.4}
    return [b for b in blocks if b.form < 0 or b.form in keep]


_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_BLOCKISH = re.compile(r"</?(p|div|br|img|h[1-6]|table|tr|td|li|ul|span|a|html|body)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True when a text is mostly HTML markup (a JSON record's HTML field saved as .txt, say)."""
    sample = text[:8_000]
    if sample.count("<") < 2:
        return False
    tags = _TAG.findall(sample)
    if len(tags) < 2:
        return False
    if sum(1 for t in tags if _BLOCKISH.match(t)) < 2:
        return False
    lines = [ln for ln in sample.split("\n") if ln.strip()]
    tag_lines = sum(1 for ln in lines if ln.lstrip().startswith("<"))
    return tag_lines >= 0.5 * len(lines) or sum(len(t) for t in tags) >= 0.05 * len(sample)
