"""Reading a ``.qdpx`` archive safely: sizes checked before anything is decompressed, nothing extracted.

What is refused, each with one sentence (:class:`~jingtui.refi.errors.RefiError`): a file that is not a
ZIP or is cut short, an archive without exactly one ``.qde`` file, a member whose name escapes the
archive (``../``, an absolute path, a drive letter), and a decompression bomb: more than
:data:`MAX_TOTAL` bytes declared in all, a member above :data:`MAX_MEMBER`, or a member that claims to
grow more than :data:`MAX_RATIO` times (above 1 MB). Members are read into memory through ``zipfile``,
which stops at the declared size and checks each member's CRC, so a lying header cannot make a member
larger than it says.

Sources are looked up in ``sources/`` or ``Sources/`` (any letter case) by their internal name.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from jingtui.refi.errors import RefiError

MAX_TOTAL = 1 << 30  # 1 GiB declared in all: far above a project of 100,000 claims (~70 MB)
MAX_MEMBER = 512 << 20
MAX_RATIO = 200  # deflated XML and text shrink 5 to 20 times; zeros shrink 1,000 times
RATIO_FLOOR = 1 << 20  # members smaller than this are never refused for their ratio


@dataclass
class QdpxArchive:
    """An opened ``.qdpx``: its ``.qde`` bytes and a reader of internal sources."""

    path: Path
    qde_name: str
    qde: bytes
    _zip: zipfile.ZipFile
    _sources: dict[str, zipfile.ZipInfo]  # lower-case file name in the sources folder -> member

    def source(self, internal_path: str) -> bytes | None:
        """The bytes of ``internal://NAME`` (or a bare name), or None when the archive lacks it."""
        name = internal_path.split("://", 1)[-1].strip().replace("\\", "/").lstrip("/")
        if _unsafe_name(name) or "/" in name:
            raise RefiError(f"{self.path} names a source outside its sources folder ({internal_path}); "
                            "nothing was imported.")
        info = self._sources.get(name.lower())
        if info is None:
            return None
        return _read(self._zip, info, self.path)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise RefiError(f"{path} is damaged ({info.filename} cannot be read: {exc}); nothing was imported.") from None


def _unsafe_name(name: str) -> bool:
    posix = name.replace("\\", "/")
    parts = PurePosixPath(posix).parts
    return (posix.startswith("/") or ".." in parts or (len(posix) > 1 and posix[1] == ":")
            or "\x00" in posix)


@contextlib.contextmanager
def open_qdpx_stream(path: Path) -> Iterator[tuple[QdpxArchive, IO[bytes]]]:
    """An opened ``.qdpx`` (checked as :func:`open_qdpx` checks it) and its ``.qde`` as a stream."""
    archive = open_qdpx(path, read_qde=False)
    try:
        info = archive._zip.getinfo(archive.qde_name)
        with archive._zip.open(info) as qde:
            yield archive, qde
    finally:
        archive.close()


def open_qdpx(path: Path, *, read_qde: bool = True) -> QdpxArchive:
    """Open and check a ``.qdpx``; RefiError (one sentence) when it cannot be used.

    ``read_qde=False`` leaves ``qde`` empty (for a caller that streams it).
    """
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise RefiError(f"The file {path} does not exist.") from None
    except IsADirectoryError:
        raise RefiError(f"{path} is a folder; give the .qdpx file.") from None
    except zipfile.BadZipFile:
        raise RefiError(f"{path} is not a complete ZIP archive (a .qdpx is one); it may be cut short.") from None
    except OSError as exc:
        raise RefiError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        return _checked(path, archive, read_qde)
    except BaseException:
        archive.close()
        raise


def _checked(path: Path, archive: zipfile.ZipFile, read_qde: bool = True) -> QdpxArchive:
    members = archive.infolist()
    total = 0
    for info in members:
        if _unsafe_name(info.filename):
            raise RefiError(f"{path} holds a file whose name leaves the archive ({info.filename}); "
                            "nothing was imported.")
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise RefiError(f"{path} looks like a decompression bomb ({info.filename} would grow "
                            f"{info.file_size // max(1, info.compress_size):,} times); nothing was imported.")
        if info.file_size > MAX_MEMBER:
            raise RefiError(f"{path} holds {info.filename} of {info.file_size >> 20:,} MB, more than the "
                            f"{MAX_MEMBER >> 20} MB a project file may hold; nothing was imported.")
        if total > MAX_TOTAL:
            raise RefiError(f"{path} would unpack to more than {MAX_TOTAL >> 20:,} MB; nothing was imported.")
    qdes = [info for info in members if not info.is_dir() and info.filename.lower().endswith(".qde")]
    if not qdes:
        raise RefiError(f"{path} holds no .qde project file, so it is not a REFI-QDA project.")
    if len(qdes) > 1:
        raise RefiError(f"{path} holds {len(qdes)} .qde project files ({', '.join(q.filename for q in qdes[:3])}); "
                        "a REFI-QDA project has one.")
    sources: dict[str, zipfile.ZipInfo] = {}
    for info in members:
        parts = PurePosixPath(info.filename.replace("\\", "/")).parts
        if len(parts) >= 2 and parts[-2].lower() == "sources" and not info.is_dir():
            sources[parts[-1].lower()] = info
    qde = _read(archive, qdes[0], path) if read_qde else b""
    return QdpxArchive(path, qdes[0].filename, qde, archive, sources)


def is_our_qdpx(path: Path) -> bool:
    """Whether ``path`` is a ``.qdpx`` jingtui wrote (its ``.qde`` says ``origin="jingtui …"``)."""
    try:
        with zipfile.ZipFile(path) as archive:
            qdes = [i for i in archive.infolist() if i.filename.lower().endswith(".qde") and not i.is_dir()]
            if len(qdes) != 1:
                return False
            with archive.open(qdes[0]) as qde:
                head = qde.read(4096)
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError):
        return False
    return b'origin="jingtui' in head
