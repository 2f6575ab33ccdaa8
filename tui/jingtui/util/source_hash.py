"""A short hash of source files: the version of what a cache entry was made by.

The caches (cleaned texts, read articles) name the code that made an entry by a hash of that code's
sources, so editing a rule or the reader invalidates their entries without anyone bumping a number.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


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
