"""Which files of a folder are articles: a recursive, natural-order walk that never loops.

Articles are files ending in ``.txt .md .markdown .html .htm`` (any case), except documentation files
named in capitals (``README.md``, ``SOURCES.md``). Hidden files and folders
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
    path: Path
    size: int = 0
    skip_reason: str | None = None


def natural_key(rel: str) -> tuple[tuple[tuple[int | str, str], ...], ...]:
    """Sort key that puts ``file2`` before ``file10``, folder by folder, ignoring case."""
    parts: list[tuple[tuple[int | str, str], ...]] = []
    for part in rel.split("/"):
        tokens = _DIGITS.split(part)
        # even positions are text, odd positions digits, so equal positions always compare alike
        parts.append(tuple((int(t), t) if i % 2 else (t.casefold(), t) for i, t in enumerate(tokens)))
    return tuple(parts)


_DOC_STEM = re.compile(r"^[A-Z][A-Z_-]*$")


def is_article_name(name: str) -> bool:
    """An article file name: the right extension, not hidden, and not the folder's own documentation.

    Files named in capitals such as ``README.md``, ``SOURCES.md`` or ``LICENSE.txt`` describe the folder
    (by a long-standing convention) and are not articles.
    """
    if name.startswith(".") or not name.lower().endswith(ARTICLE_SUFFIXES):
        return False
    return not _DOC_STEM.match(name.rsplit(".", 1)[0])


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_root(root: Path) -> Path:
    """``root`` as given if it is an existing folder, else a :class:`UserError`."""
    if not root.exists():
        raise UserError(f"The folder {root} does not exist.")
    if not root.is_dir():
        raise UserError(f"{root} is not a folder.")
    return root


def discover(root: Path) -> list[Candidate]:
    """The article files under ``root``, recursively, in natural order (see the module docstring)."""
    root = check_root(Path(root))
    found: list[Candidate] = []
    try:
        root_stat = root.stat()
        os.scandir(root).close()
    except OSError as exc:
        raise UserError(f"The folder {root} cannot be read ({exc.strerror or exc}).") from None
    seen_dirs = {(root_stat.st_dev, root_stat.st_ino)}
    _walk(root, "", seen_dirs, found)
    found.sort(key=lambda c: natural_key(c.rel))
    return found


def _walk(folder: Path, prefix: str, seen_dirs: set[tuple[int, int]], found: list[Candidate]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        if prefix:  # an unreadable sub-folder is reported; the root itself was checked before
            why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or "error")
            found.append(Candidate(prefix, folder, 0, f"This folder could not be read ({why}), so it was skipped."))
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        rel = f"{prefix}{name}"
        path = Path(entry.path)
        try:
            is_link = entry.is_symlink()
        except OSError:
            is_link = False
        try:
            st = os.stat(entry.path)  # follows links
        except OSError as exc:
            if is_link and is_article_name(name):
                if exc.errno == errno.ELOOP:
                    broken = "This file is a symbolic link that loops back on itself, so it was not read."
                else:
                    broken = "This file is a symbolic link to a file that does not exist, so it was not read."
                found.append(Candidate(rel, path, 0, broken))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:
                if is_link:
                    found.append(
                        Candidate(
                            rel + "/",
                            path,
                            0,
                            "This folder is a symbolic link back to a folder already read (a symlink loop), "
                            "so it was skipped.",
                        )
                    )
                continue
            seen_dirs.add(key)
            _walk(path, rel + "/", seen_dirs, found)
            continue
        if not stat.S_ISREG(st.st_mode) or not is_article_name(name):
            continue
        reason: str | None = None
        if st.st_size > MAX_BYTES:
            reason = f"The file is larger than 20 MB ({_megabytes(st.st_size)}), so it was not read."
        found.append(Candidate(rel, path, st.st_size, reason))
