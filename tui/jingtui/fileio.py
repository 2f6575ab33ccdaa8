"""Writing a file atomically: a reader sees the old file or the new one, never half of either.

The recipe: write to a temporary file in the target's folder, flush and fsync it, give it the
permissions the target has (or would get from a plain ``open``), ``os.replace`` it over the target,
then fsync the folder so the rename itself survives a power cut. On any error the temporary file is
removed, the target is left as it was, and the error propagates unchanged (callers turn it into a
sentence for people).

* :func:`atomic_file` -- a context manager giving a text or binary stream (for large, streamed output);
* :func:`atomic_write_bytes`, :func:`atomic_write_text` -- the whole content at once;
* :func:`fsync_folder` -- make a rename inside a folder durable.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator


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
        try:
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        except OSError:
            pass
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)


@contextlib.contextmanager
def atomic_file(path: Path, mode: str = "w", *, encoding: str = "utf-8", newline: str | None = None,
                buffering: int = -1, durable: bool = True) -> Iterator[IO]:
    """A stream on a temporary file that replaces ``path`` atomically when the block ends without error.

    ``mode`` is ``"w"`` (text, with ``encoding`` and ``newline`` as for :func:`open`) or ``"wb"``.
    The folder must exist. An error inside the block, or while writing, removes the temporary file,
    leaves ``path`` untouched and propagates; an OSError creating the temporary file is raised before
    the block runs. ``durable=False`` skips the two fsyncs: still atomic for readers, but a power cut
    may lose the new file; for caches, which can always be rebuilt (an fsync costs milliseconds).
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    text = {} if "b" in mode else {"encoding": encoding, "newline": newline}
    try:
        with os.fdopen(fd, mode, buffering=buffering, **text) as stream:
            yield stream
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        _give_mode(tmp, path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_folder(path.parent)


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> int:
    """Replace ``path`` atomically with ``data``; returns the number of bytes written (``durable``: see
    :func:`atomic_file`)."""
    with atomic_file(path, "wb", durable=durable) as stream:
        stream.write(data)
    return len(data)


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8", newline: str | None = None) -> None:
    """Replace ``path`` atomically with ``text`` (``newline`` as for :func:`open`)."""
    with atomic_file(path, "w", encoding=encoding, newline=newline) as stream:
        stream.write(text)
