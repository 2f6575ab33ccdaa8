"""Writing an export file safely: atomically, and never over a file that is not one of ours.

``atomic_output(path, fmt, force=False)`` is a context manager giving a text stream on a temporary file
in the target's folder; on success the file is flushed, fsync'd and renamed over the target with
``os.replace`` (so a reader never sees half an export, and a crash leaves the old file as it was); on
an error the temporary file is removed and the target is untouched.

A file already at the target is replaced only when it is one of ours (see :func:`is_ours`) or with
``force=True``; a missing folder, a folder given as the file, or a file we may not write is a
:class:`~jingtui.errors.UserError` with one sentence.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO, cast

from jingtui.errors import UserError
from jingtui.export.formats import CSV_HEADER, FORMAT_NAME, GENERATOR_NAME
from jingtui.util.fileio import atomic_file

SNIFF_BYTES = 64 * 1024
_FORMAT_MARK = re.compile(r'"format"\s*:\s*"' + re.escape(FORMAT_NAME) + '"')
_W3C_MARK = re.compile(r'"generator"\s*:\s*\{[^{}]*"name"\s*:\s*"' + re.escape(GENERATOR_NAME) + '"')


def is_ours(path: Path) -> bool:
    """Whether ``path`` holds an export we wrote (so replacing it loses nothing of anyone else's).

    Ours: a JSON or JSONL file whose format marker is ``jingtui/annotations``, a W3C collection whose
    generator is jingtui, a CSV whose first row is our header, a ``.qdpx`` whose project says it was
    written by jingtui, or an empty file. Only the first
    64 KB are read: the markers sit at the top.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    if not head.strip():
        return True
    if head.startswith(b"PK\x03\x04"):  # a ZIP: one of our .qdpx projects?
        from jingtui.refi.archive import is_our_qdpx

        return is_our_qdpx(path)
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if text.lstrip().startswith("{"):
        first_object = text.lstrip()[:4096]
        return bool(_FORMAT_MARK.search(first_object) or _W3C_MARK.search(first_object))
    first_line = text.splitlines()[0] if text else ""
    if first_line.startswith("{"):
        try:
            return bool(json.loads(first_line).get("format") == FORMAT_NAME)
        except (ValueError, AttributeError):
            return False
    header = first_line.split(",")
    return tuple(header[: len(CSV_HEADER)]) == CSV_HEADER


def check_target(path: Path, *, force: bool = False) -> Path:
    """Refuse (UserError) a target we must not write; returns the path."""
    path = Path(path)
    folder = path.parent
    if path.exists() and path.is_dir():
        raise UserError(f"{path} is a folder; give the name of the file to write.")
    if not folder.exists():
        raise UserError(f"The folder {folder} does not exist; create it first or choose another path.")
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder, so {path.name} cannot be written there.")
    if path.exists() and not force and not is_ours(path):
        raise UserError(f"{path} exists and is not a jingtui export; choose another name or add --force to replace it.")
    return path


@contextlib.contextmanager
def atomic_output(path: Path, *, force: bool = False, newline: str | None = "\n") -> Iterator[TextIO]:
    """A UTF-8 text stream whose content replaces ``path`` atomically when the block ends without error.

    ``newline=""`` for CSV (the csv module writes its own line ends).
    """
    path = check_target(Path(path), force=force)
    opened = False
    try:
        with atomic_file(path, "w", encoding="utf-8", newline=newline, buffering=1 << 20) as stream:
            opened = True
            yield cast(TextIO, stream)  # opened in text mode ("w")
    except OSError as exc:
        if not opened:
            raise UserError(f"Cannot write in {path.parent}: {exc.strerror or exc}.") from None
        raise UserError(f"Cannot write {path}: {exc.strerror or exc}.") from None
