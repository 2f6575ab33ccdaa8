"""Folder -> articles. Never imports Textual.

* :func:`discover` (``discover.py``): which files are articles, in natural order, with skip reasons.
* ``decode.py``: bytes -> text (BOM, strict UTF-8, scored gb18030 / big5hkscs / UTF-16), normalised.
* ``html.py``, ``markdown.py``, ``formats.py``: flattening to one paragraph per line, with blocks.
* ``metadata.py``: title, subtitle, outlet, author, date from front matter, head, wrapper or header lines.
* :func:`read_article`, :func:`read_corpus` (``reader.py``): never raise for a bad file; problems instead.

Decisions worth knowing:

* ``original`` keeps page chrome (menus, bylines, footers) for the reader to see; only HTML ``script``,
  ``style``, ``nav``, page-level ``header``/``footer``, form controls and comments are dropped.
* Control characters never reach a terminal: NULs are removed; other C0 characters become their
  visible control picture (ESC -> U+241B), one for one, and the article gets a problem sentence.
  Rich markup such as ``[bold]`` is kept as plain text; the UI must print it as text.
* The folder's own README, SOURCES, LICENSE (and the like) are listed as skipped, not read; other
  files named in capitals (``CCTV.md``) are articles.
"""


from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Discovery and the model are small; ``discover`` must be bound here, after its submodule of the same name.
from jingtui.corpus.discover import Candidate, discover
from jingtui.corpus.model import Article, ArticleMeta, Block

if TYPE_CHECKING:
    from jingtui.corpus.reader import read_article, read_corpus

# The reader's names, imported on first use: a caller of the model or the version (the app's first
# screen, a cache hit) does not pay for the reader, its parsers (HTML, YAML) and their patterns.
_HOME = {"read_article": "reader", "read_corpus": "reader"}

__all__ = ["Article", "ArticleMeta", "Block", "Candidate", "discover", "read_article", "read_corpus"]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value
