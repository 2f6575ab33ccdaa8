"""Which files of a folder are articles: a recursive, natural-order walk that never loops.

Articles are files ending in ``.txt .md .markdown .html .htm`` (any case). The folder's own
documentation (``README``, ``SOURCES``, ``LICENSE`` and the like, by a long-standing convention, in any
case) is not read: it comes back with a ``skip_reason`` saying so, so it is listed, never dropped
silently. Other names in capitals (``CCTV.md``) are articles like any other. Hidden files and folders
(names starting with ``.``) are not visited, which also keeps ``.jingtui/`` out. Symbolic links are
followed, but a folder reached twice (a symlink loop) is reported once and not entered again. Files over
20 MB, broken links and link loops still come back as :class:`Candidate` objects, with a ``skip_reason``,
so that ``jingtui list`` can show why they were not read.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jingtui.errors import UserError

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_BYTES = 20 * 1024 * 1024

_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Candidate:
    """A file that looks like an article.

    ``rel`` is the path relative to the corpus root with ``/`` separators (the article's key);
    ``skip_reason`` is one plain sentence when the file will not be read, else ``None``.
    """

    rel: str
    path: Path | str  # the file (a str from :func:`discover`: 100,000 Path objects cost a second)
    size: int = 0
    skip_reason: str | None = None
    mtime_ns: int = 0  # the file's modification time (0 when unknown)


def natural_key(rel: str) -> str:
    """Sort key that puts ``file2`` before ``file10``, folder by folder, ignoring case.

    One string compared at C speed (100,000 paths sort in a fraction of a second). Each folder or file
    name becomes its case-folded form, with each run of digits as a marker below every other character
    followed by its value zero-padded (so numbers compare by value and before text), then the name as
    written (so names equal but for case keep one order); ``\\0`` separates both and the names, so a
    folder's files come before a longer name that starts like it, and names compare one folder level
    at a time: the order of :func:`walk_in_order`, which sorts each folder by this key of its names.
    """
    folded = _DIGITS.sub(_padded, rel.casefold())
    if "/" not in rel:
        return f"{folded}\0{rel}"
    return "\0".join(f"{fold}\0{name}" for fold, name in zip(folded.split("/"), rel.split("/"), strict=True))


def _padded(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0")
    return "\x01" + chr(0x30 + len(digits)) + digits  # the length first: any number of digits compares by value


DOC_STEMS = frozenset({"README", "SOURCES", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "CHANGES", "AUTHORS",
                       "CONTRIBUTING", "NOTICE", "INSTALL", "HISTORY", "CITATION", "CODE_OF_CONDUCT"})


def is_article_name(name: str) -> bool:
    """A file name an article may have: the right extension, not hidden (the folder's documentation
    included: :func:`documentation_reason` says why it is not read)."""
    return not name.startswith(".") and name.lower().endswith(ARTICLE_SUFFIXES)


def documentation_reason(name: str) -> str | None:
    """Why a file is not read as an article when it is the folder's own documentation, else None."""
    stem = name.rsplit(".", 1)[0]
    if stem.upper() in DOC_STEMS and stem.isupper():
        return f"This is the folder's own documentation ({stem}), not an article, so it was not read."
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_root(root: Path) -> Path:
    """``root`` as given if it is an existing folder, else a :class:`UserError`."""
    if not root.exists():
        raise UserError(f"The folder {root} does not exist.")
    if not root.is_dir():
        raise UserError(f"{root} is not a folder.")
    return root


def discover(root: Path, *, ordered: bool = True) -> list[Candidate]:
    """The article files under ``root``, recursively, in natural order (see the module docstring);
    ``ordered=False``: in the order the folders list them (a third less time for 100,000 files)."""
    return list(walk_in_order(root, ordered=ordered))


def walk_in_order(root: Path, *, ordered: bool = True) -> Iterator[Candidate]:
    """:func:`discover` one file at a time: each folder's names are sorted (:func:`natural_key`) before
    it is walked, so the first files come long before the last folder is listed (a list of 100,000
    files can be shown as they are found). UserError at once when ``root`` cannot be read."""
    root = check_root(Path(root))
    try:
        root_stat = root.stat()
        os.scandir(root).close()
    except OSError as exc:
        raise UserError(f"The folder {root} cannot be read ({exc.strerror or exc}).") from None
    return _walk(root, "", {(root_stat.st_dev, root_stat.st_ino)}, ordered)


def _walk(folder: Path, prefix: str, seen_dirs: set[tuple[int, int]], ordered: bool) -> Iterator[Candidate]:
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        if prefix:  # an unreadable sub-folder is reported; the root itself was checked before
            why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or "error")
            yield Candidate(prefix, folder, 0, f"This folder could not be read ({why}), so it was skipped.")
        return
    if ordered:
        entries.sort(key=lambda entry: natural_key(entry.name))
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        rel = f"{prefix}{name}"
        path = entry.path
        try:
            is_link = entry.is_symlink()
        except OSError:
            is_link = False
        try:
            st = entry.stat()  # follows links
        except OSError as exc:
            if is_link and is_article_name(name):
                if exc.errno == errno.ELOOP:
                    broken = "This file is a symbolic link that loops back on itself, so it was not read."
                else:
                    broken = "This file is a symbolic link to a file that does not exist, so it was not read."
                yield Candidate(rel, path, 0, broken)
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:
                if is_link:
                    yield Candidate(rel + "/", path, 0,
                                    "This folder is a symbolic link back to a folder already read (a symlink "
                                    "loop), so it was skipped.")
                continue
            seen_dirs.add(key)
            yield from _walk(Path(path), rel + "/", seen_dirs, ordered)
            continue
        if not stat.S_ISREG(st.st_mode) or not is_article_name(name):
            continue
        reason: str | None = documentation_reason(name)
        if reason is None and st.st_size > MAX_BYTES:
            reason = f"The file is larger than 20 MB ({_megabytes(st.st_size)}), so it was not read."
        yield Candidate(rel, path, st.st_size, reason, st.st_mtime_ns)
