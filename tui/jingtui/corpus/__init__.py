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

from jingtui.corpus.discover import Candidate, discover
from jingtui.corpus.model import Article, ArticleMeta, Block
from jingtui.corpus.reader import read_article, read_corpus

__all__ = ["Article", "ArticleMeta", "Block", "Candidate", "discover", "read_article", "read_corpus"]
