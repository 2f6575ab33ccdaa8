"""Files -> :class:`Article` objects. A bad file never raises: it gets ``problems`` sentences instead.

Problems recorded (one plain sentence each): the reason a candidate was skipped (symlink loop, over
20 MB, broken link), a file that vanished or cannot be read, an empty or blank file, a binary file, bytes
that no encoding accepts, broken front matter, control characters, and a large file (over 2 MB), whose
text is cut after its first 1,000,000 characters so the reader stays responsive.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from jingtui.corpus.cache import ArticleCache
from jingtui.corpus.discover import Candidate, check_root, discover
from jingtui.corpus.model import Article, ArticleMeta

LARGE_BYTES = 2 * 1024 * 1024
MAX_CHARS = 1_000_000


def _candidate(root: Path, rel: str) -> Candidate:
    rel = rel.replace(os.sep, "/").lstrip("/")
    path = root / rel
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return Candidate(rel, path, size, None)


def _read_error(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "The file no longer exists, so it could not be read."
    if isinstance(exc, PermissionError):
        return "The file could not be read: permission denied."
    if isinstance(exc, IsADirectoryError):
        return "This is a folder, not a file."
    return f"The file could not be read ({exc.strerror or exc.__class__.__name__})."


def format_of(rel: str) -> str:
    """How a file is read, by its name: ``html``, ``markdown`` or ``text``."""
    lower = rel.lower()
    if lower.endswith((".html", ".htm")):
        return "html"
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    return "text"


def read_article(root: Path, candidate_or_rel: Candidate | str, cache: ArticleCache | None = None) -> Article:
    """Read one file of the corpus into an :class:`Article`; never raises for a bad file.

    With ``cache``, a file whose bytes were read before (by this version of the reader) comes from
    the cache, and a file read now is stored in it.
    """
    root = Path(root)
    candidate = candidate_or_rel if isinstance(candidate_or_rel, Candidate) else _candidate(root, candidate_or_rel)
    article = Article(path=candidate.rel, size=candidate.size, format=format_of(candidate.rel))
    if candidate.skip_reason:
        article.problems.append(candidate.skip_reason)
        return article
    try:
        with open(candidate.path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        article.problems.append(_read_error(exc))
        return article
    article.size = len(data)
    article.content_sha256 = hashlib.sha256(data).hexdigest()
    if not data:
        article.problems.append("The file is empty.")
        return article
    suffix = os.path.splitext(candidate.rel)[1]
    if cache is not None and cache.fill(article, suffix):
        return article
    try:
        _fill(article, data, suffix)
    except Exception as exc:  # noqa: BLE001 - the edge of one file: a reader bug must not stop the folder,
        # so it becomes a problem of this article, named by the error's class
        article.problems.append(f"The file could not be read as an article ({exc.__class__.__name__}).")
        return article
    if cache is not None:
        cache.store(article, suffix)
    return article


def _fill(article: Article, data: bytes, suffix: str) -> None:
    # The decoders and parsers (HTML, YAML, the metadata patterns) are imported on the first file not
    # found in the cache: a reopened folder never pays for them.
    from jingtui.corpus.decode import decode
    from jingtui.corpus.formats import declared_charset, parse_text

    decoded = decode(data, declared_charset(data))
    article.encoding = decoded.encoding
    article.problems.extend(decoded.problems)
    if decoded.encoding is None:
        return
    text = decoded.text
    if not text.strip():
        article.problems.append("The file contains only blank space.")
        return
    if len(data) > LARGE_BYTES and len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS)
        text = text[: cut if cut > 0 else MAX_CHARS]
        article.problems.append(
            f"The file is large ({len(data) / (1024 * 1024):.1f} MB); only its first "
            f"{MAX_CHARS:,} characters are shown."
        )
    elif len(data) > LARGE_BYTES:
        article.problems.append(f"The file is large ({len(data) / (1024 * 1024):.1f} MB) and may be slow to open.")
    parsed = parse_text(text, suffix)
    article.original = parsed.original
    article.blocks = parsed.blocks
    article.meta = parsed.meta or ArticleMeta()
    article.format = parsed.format
    article.problems.extend(parsed.problems)
    if not article.blocks:
        article.problems.append("The file has no readable text.")


def read_corpus(root: Path, cache: ArticleCache | None = None) -> list[Article]:
    """Every article under ``root`` in natural order, problem files included (see :func:`discover`)."""
    root = check_root(Path(root))
    return [read_article(root, candidate, cache) for candidate in discover(root)]
