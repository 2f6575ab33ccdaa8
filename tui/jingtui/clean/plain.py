"""An Article built from plain text, without the corpus reader (tests, benchmarks, pasted text)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from jingtui.corpus.model import Article, ArticleMeta, Block


def article_from_text(text: str, path: str = "text.txt", title: str | None = None) -> Article:
    """One ``text`` Block per non-blank line of ``text`` (newlines normalised to ``\\n``)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            blocks.append(Block("text", pos, pos + len(line)))
        pos += len(line) + 1
    raw = text.encode("utf-8", "surrogatepass")
    return Article(
        path=path,
        meta=ArticleMeta(title=title),
        encoding="utf-8",
        original=text,
        blocks=blocks,
        format="text",
        size=len(raw),
        content_sha256=hashlib.sha256(raw).hexdigest(),
    )


def read_file_article(path: str | Path) -> Article:
    """The Article of one file, through the corpus reader (``read_article(path.parent, path.name)``);
    plain UTF-8 text lines when the reader is not available."""
    from pathlib import Path

    path = Path(path)
    try:
        from jingtui.corpus import read_article
    except ImportError:
        return article_from_text(path.read_bytes().decode("utf-8", errors="replace"), path.name)
    return read_article(path.parent, path.name)
