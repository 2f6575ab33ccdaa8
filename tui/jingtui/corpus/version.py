"""The reader's version: what a read-article cache entry (and the corpus index's read facts) was made by.

A hash of this package's sources and the text-rule modules of util/, computed from the files without
importing them, so a caller that only compares versions (the app's first screen, a cache hit) does not
pay for importing the reader, its parsers and their patterns.
"""

from __future__ import annotations

from pathlib import Path

from jingtui.util.source_hash import sources_hash, text_rule_sources

CACHE_FORMAT = 1  # the layout of a cache entry (corpus/cache.py); part of the version

_READER_SOURCES = [*sorted(Path(__file__).resolve().parent.glob("*.py")), *text_rule_sources()]
READER_VERSION = f"{CACHE_FORMAT}-{sources_hash(_READER_SOURCES)}"
