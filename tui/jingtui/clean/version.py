"""The cleaner's version: what a cleaned-text cache entry (and the corpus index's cleaned facts) was made by.

A hash of every module of this package (a rule moved to a new module is still seen) and the reader's
version (the cleaned text is made from what the reader gives), computed from the files without
importing the pipeline and its rules: comparing versions on a cache hit costs no rule's import.
"""

from __future__ import annotations

from pathlib import Path

from jingtui.corpus.version import READER_VERSION
from jingtui.util.source_hash import sources_hash

# Bump RULES_VERSION by hand for changes the file hash would not see (none so far); the hash of the
# rule sources changes by itself whenever a rule, the phrase table or a module of this package changes.
RULES_VERSION = "1"

_RULE_SOURCES = sorted(Path(__file__).resolve().parent.glob("*.py"))
PIPELINE_VERSION = f"{RULES_VERSION}-{sources_hash(_RULE_SOURCES)}-{READER_VERSION}"
