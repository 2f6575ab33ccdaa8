"""A short hash of source files: the version of what a cache entry was made by.

The caches (cleaned texts, read articles) name the code that made an entry by a hash of that code's
sources, so editing a rule or the reader invalidates their entries without anyone bumping a number.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

# The modules of util/ whose patterns decide what the reader and the cleaner make of a text: a change to
# one of them must invalidate the caches as a change to corpus/ or clean/ does.
TEXT_RULE_MODULES = ("han.py", "dates.py")


def text_rule_sources() -> list[Path]:
    """The source files of util/ that the reader's and the cleaner's cache versions include."""
    here = Path(__file__).resolve().parent
    return [here / name for name in TEXT_RULE_MODULES]


def sources_hash(paths: Iterable[Path]) -> str:
    """Twelve hex digits of the SHA-256 of the files' names and contents, in the order given.

    A file that cannot be read counts as ``-`` (an installed copy without some source still gets a
    stable version).
    """
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).name.encode())
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()[:12]
