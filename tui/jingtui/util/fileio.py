"""Writing a file atomically: a reader sees the old file or the new one, never half of either.

The recipe: write to a temporary file in the target's folder, flush and fsync it, give it the
permissions the target has (or would get from a plain ``open``), ``os.replace`` it over the target,
then fsync the folder so the rename itself survives a power cut. On any error the temporary file is
removed, the target is left as it was, and the error propagates unchanged (callers turn it into a
sentence for people).

* :func:`atomic_file` -- a context manager giving a text or binary stream (for large, streamed output);
* :func:`atomic_write_bytes`, :func:`atomic_write_text` -- the whole content at once;
* :func:`fsync_folder` -- make a rename inside a folder durable;
* :func:`write_cache_file` -- atomic for readers but not durable, for caches (no fsync, no mode copying);
  :func:`try_write_cache_file` makes the folder and reports failure instead of raising.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def fsync_folder(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (best effort: some systems cannot open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _give_mode(tmp: str, target: Path) -> None:
    """Give ``tmp`` the permissions of the file it replaces, or those a new file would get.

    ``mkstemp`` makes its file readable by the owner only; the result should not depend on how it
    was written.
    """
    if target.exists():
        with contextlib.suppress(OSError):
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)


@contextlib.contextmanager
def atomic_file(path: Path, mode: str = "w", *, encoding: str = "utf-8", newline: str | None = None,
                buffering: int = -1) -> Iterator[IO[Any]]:
    """A stream on a temporary file that replaces ``path`` atomically when the block ends without error.

    ``mode`` is ``"w"`` (text, with ``encoding`` and ``newline`` as for :func:`open`) or ``"wb"``.
    The folder must exist. An error inside the block, or while writing, removes the temporary file,
    leaves ``path`` untouched and propagates; an OSError creating the temporary file is raised before
    the block runs.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, buffering=buffering, encoding=None if binary else encoding,
                       newline=None if binary else newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        _give_mode(tmp, path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_folder(path.parent)


def atomic_write_bytes(path: Path, data: bytes) -> int:
    """Replace ``path`` atomically with ``data``; returns the number of bytes written."""
    with atomic_file(path, "wb") as stream:
        stream.write(data)
    return len(data)


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8", newline: str | None = None) -> None:
    """Replace ``path`` atomically with ``text`` (``newline`` as for :func:`open`)."""
    with atomic_file(path, "w", encoding=encoding, newline=newline) as stream:
        stream.write(text)


_cache_writes = itertools.count()


def write_cache_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader sees the old file or the new one, but without fsync.

    For caches, which can always be rebuilt: a power cut may leave an old or missing entry, never a
    half-written one visible under ``path``. Costs about a third of :func:`atomic_write_bytes` (no
    fsync, no ``mkstemp``, no copying of permissions: the file gets those of a plain ``open``). The
    temporary name is unique to this process and thread; OSError propagates after it is removed.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.{next(_cache_writes)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def try_write_cache_file(path: Path, data: bytes) -> bool:
    """:func:`write_cache_file`, its folder made first; False instead of an OSError (a cache that cannot
    be written only means the work is done again next time)."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        write_cache_file(path, data)
    except OSError:
        return False
    return True
