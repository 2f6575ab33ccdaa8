"""One jingtui per database: an exclusive ``flock`` on ``annotations.json.lock`` holding the pid.

``flock`` locks belong to an open file description, so a second open in the same process is refused
too, and the kernel drops the lock when the holder dies (``kill -9`` included): no stale locks.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from pathlib import Path

from jingtui.store.errors import StoreError


class DatabaseLock:
    """Held from :meth:`acquire` to :meth:`release`."""

    def __init__(self, path: Path, fd: int, created: bool = False) -> None:
        self.path = path
        self._fd = fd
        self.created = created  # the lock file did not exist before

    @classmethod
    def acquire(cls, path: Path, database: Path) -> DatabaseLock:
        """Take the lock or raise :class:`StoreError` (``locked`` naming the holder's pid, or ``unwritable``)."""
        created = not path.exists()
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except PermissionError:
            raise unwritable(database) from None
        except OSError as exc:
            raise unwritable(database, exc.strerror) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = _read_pid(fd)
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise unwritable(database, exc.strerror) from exc
            if holder == os.getpid():
                where = f"elsewhere in this same jingtui (pid {holder})"
            else:
                where = "in another jingtui (" + ("pid unknown" if holder is None else f"pid {holder}") + ")"
            raise StoreError(
                "locked",
                f"The annotation database {database} is already open {where}; "
                "close that one first, or use --db NEW_PATH.",
            ) from None
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass  # the pid is a courtesy for the message; the flock is what counts
        return cls(path, fd, created)

    def release(self, *, remove: bool = False) -> None:
        """Unlock; ``remove=True`` also deletes the lock file (when a refused open had made it)."""
        if self._fd >= 0:
            if remove:
                with contextlib.suppress(OSError):
                    os.unlink(self.path)  # while still locked, so nobody else holds this inode
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1


def _read_pid(fd: int) -> int | None:
    try:
        raw = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(raw) if raw.isdigit() else None


def unwritable(database: Path, reason: str | None = None) -> StoreError:
    """The sentence for a database that cannot be written where it is."""
    why = reason.lower() if reason else "permission denied"
    return StoreError(
        "unwritable",
        f"Cannot write the annotation database {database} in {database.parent} ({why}); "
        "choose a writable place with --db PATH.",
    )
