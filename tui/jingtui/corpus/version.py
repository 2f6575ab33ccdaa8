"""The reader's version: what a read-article cache entry (and the corpus index's read facts) was made by.

A hash of this package's reading modules and the text-rule modules of util/, computed from the files without
importing them, so a caller that only compares versions (the app's first screen, a cache hit) does not
pay for importing the reader, its parsers and their patterns.
"""

from __future__ import annotations

from pathlib import Path

from jingtui.util.source_hash import sources_hash, text_rule_sources

CACHE_FORMAT = 1  # the layout of a cache entry (corpus/cache.py); part of the version

# Every module of the package but those that do not change what a file is read as: which files are
# articles (discovery), the package's lazy names and this file (its format number is in the version).
NOT_READING = frozenset({"discover.py", "__init__.py", "version.py"})
_READER_SOURCES = [*(p for p in sorted(Path(__file__).resolve().parent.glob("*.py")) if p.name not in NOT_READING),
                   *text_rule_sources()]
READER_VERSION = f"{CACHE_FORMAT}-{sources_hash(_READER_SOURCES)}"
