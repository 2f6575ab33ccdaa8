"""The article as the corpus reader hands it on: decoded, flattened, with metadata."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of ``Article.original``.

    ``kind`` is what the *format* says about the block: ``"text"`` (a paragraph or line),
    ``"heading"`` (``<h1>``-``<h6>``, Markdown ``#``), ``"image"`` (an ``<img>`` marker whose text in
    ``original`` is its alt text or file name), ``"caption"`` (``<figcaption>``), ``"list"`` (``<li>``).
    ``start``/``end`` are code-point offsets into ``Article.original``; ``original[start:end]`` is the
    block's text and never contains a newline.
    """

    kind: str
    start: int
    end: int
    tag: str = ""  # the HTML tag or Markdown marker it came from, "" for plain text lines
    link_chars: int = 0  # characters of the block inside links (``<a>``, Markdown ``[...](...)``)
    # HTML only: the ids/classes of all named ancestors, outermost first, e.g. "div#content>div.article"
    container: str = ""


@dataclass
class ArticleMeta:
    title: str | None = None
    subtitle: str | None = None
    source: str | None = None  # the outlet
    author: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    url: str | None = None
    categories: list[str] = field(default_factory=list)
    page_title: str | None = None  # HTML ``<title>`` as written, site suffix and all
    description: str | None = None  # HTML meta description / front matter description
    keywords: list[str] = field(default_factory=list)
    title_block: int | None = None  # index in ``Article.blocks`` of the block the title was read from


@dataclass
class Article:
    """One file of the corpus.

    ``original`` is the decoded text, markup flattened to one paragraph per line (``\\n`` only), and
    nothing else removed: the left pane shows it. ``blocks`` cover its non-blank lines in order.
    ``problems`` are plain sentences for the list and ``jingtui list``; an article with problems may
    still have text (for example broken front matter).
    """

    path: str  # relative to the corpus root, with "/" separators: the key
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    encoding: str | None = None
    original: str = ""
    blocks: list[Block] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    format: str = "text"  # "text" | "markdown" | "html"
    size: int = 0  # bytes on disk
    content_sha256: str = ""  # of the raw bytes: the cleaning cache key

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.original.strip())

    @property
    def title(self) -> str:
        return self.meta.title or self.path
