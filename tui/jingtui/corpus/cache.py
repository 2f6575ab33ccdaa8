"""A cache of read articles on disk, keyed by the file's bytes, its kind and the reader's version.

Reading an article means decoding (trying several encodings), parsing HTML or front matter and finding
the metadata: 0.3 ms for a plain-text article, several ms for a web page. A corpus is read again every
time it is opened, exported or counted, and its files rarely change, so ``ArticleCache(directory)``
keeps what the reader made of each file: the decoded and flattened ``original``, its blocks, metadata,
encoding and problems. Reading through it costs the file's bytes, their SHA-256 and one small
``orjson.loads`` (1,000 articles: 0.05 s instead of 0.28 s; ``tests/bench/bench_corpus.py``).

The key is ``sha256(content sha256, file suffix, READER_VERSION)``; :data:`READER_VERSION` includes a
hash of the reader's sources (this package), so changing how a file is read invalidates every entry by
itself. Entries are compact JSON, one file per article (``ab/abcdef….json``), written to a temporary
file then renamed; an entry that cannot be read, does not parse or does not match is ignored and
rebuilt, and a cache that cannot be written is no error (the article is simply read again next time).
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from pathlib import Path
from typing import Any

import orjson

from jingtui.corpus.model import Article, ArticleMeta, Block
from jingtui.corpus.version import CACHE_FORMAT as FORMAT
from jingtui.corpus.version import READER_VERSION
from jingtui.util.fileio import try_write_cache_file

_BLOCK = tuple(f.name for f in fields(Block))
_META = tuple(f.name for f in fields(ArticleMeta))


def cache_key(content_sha256: str, suffix: str, version: str = READER_VERSION) -> str:
    """The entry name of a file with these bytes (their SHA-256) and this suffix (``.md``, ``.txt``…)."""
    return hashlib.sha256(f"{content_sha256}\0{suffix.lower()}\0{version}".encode()).hexdigest()


def to_json(article: Article) -> dict[str, Any]:
    """The cache entry of an article as the reader made it (its path, size and hash are the file's)."""
    return {
        "format": FORMAT,
        "version": READER_VERSION,
        "encoding": article.encoding,
        "kind": article.format,
        "original": article.original,
        "blocks": [[getattr(block, name) for name in _BLOCK] for block in article.blocks],
        "meta": {name: getattr(article.meta, name) for name in _META},
        "problems": list(article.problems),
    }


def fill_from_json(article: Article, data: dict[str, Any]) -> None:
    """Set the reader's fields of ``article`` from a cache entry; ValueError when it does not fit."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != READER_VERSION:
        raise ValueError("another cache format or reader version")
    original, rows, meta, problems = data["original"], data["blocks"], data["meta"], data["problems"]
    if not isinstance(original, str) or not isinstance(rows, list) or not isinstance(meta, dict) \
            or set(meta) != set(_META) or not isinstance(problems, list):
        raise ValueError("entry does not match this reader")
    new, width, length = object.__new__, len(_BLOCK), len(original)
    blocks = []
    for row in rows:  # frozen dataclasses without the cost of their __init__
        if not isinstance(row, list) or len(row) != width or not 0 <= row[1] <= row[2] <= length:
            raise ValueError("a block does not fit the text")
        block = new(Block)
        block.__dict__.update(zip(_BLOCK, row, strict=True))
        blocks.append(block)
    article.encoding = data["encoding"]
    article.format = data["kind"]
    article.original = original
    article.blocks = blocks
    article.meta = ArticleMeta(**meta)
    article.problems.extend(problems)


class ArticleCache:
    """Read articles, stored under ``directory`` (construction touches nothing on disk)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path_for(self, content_sha256: str, suffix: str) -> Path:
        key = cache_key(content_sha256, suffix)
        return self.directory / key[:2] / f"{key}.json"

    def fill(self, article: Article, suffix: str) -> bool:
        """Fill ``article`` (its ``content_sha256`` set) from the cache; False when there is no good entry."""
        try:
            with open(self.path_for(article.content_sha256, suffix), "rb") as handle:
                data = orjson.loads(handle.read())
            probe = Article(path=article.path)
            fill_from_json(probe, data)
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return False
        article.encoding, article.format, article.original = probe.encoding, probe.format, probe.original
        article.blocks, article.meta, article.problems = probe.blocks, probe.meta, article.problems + probe.problems
        return True

    def kind(self, content_sha256: str, suffix: str) -> str | None:
        """How the reader read a file with these bytes (``text``, ``markdown``, ``html``: front matter
        makes a ``.txt`` Markdown), from its entry without building the article; None without one."""
        try:
            with open(self.path_for(content_sha256, suffix), "rb") as handle:
                data = orjson.loads(handle.read())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("version") != READER_VERSION:
            return None
        kind = data.get("kind")
        return kind if isinstance(kind, str) else None

    def store(self, article: Article, suffix: str) -> None:
        """Write the entry (atomic for readers); a failure is not an error."""
        try:
            payload = orjson.dumps(to_json(article))
        except TypeError:  # a lone surrogate or an odd value: not worth caching
            return
        try_write_cache_file(self.path_for(article.content_sha256, suffix), payload)
