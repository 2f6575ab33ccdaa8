"""The search index on disk: one SQLite file, ``<corpus>/.jingtui/cache/search-index.sqlite``.

It holds the cleaned Simplified text of every article, packed in chunks of about a million characters
(UTF-16-LE blobs: they decode at memory speed), and per article what it was made from (file size and
modification time, the reviewer's cleaning overrides) and what the filters need (title, outlet, date).
In a chunk the articles are separated by :data:`SEPARATOR`; an article's ``offset`` and ``length`` are
code points into its chunk's text.

Nothing read here is trusted blindly: a file of another format or text version, one SQLite cannot
read, a chunk whose checksum or length does not match, or an article that does not fit its chunk is
:class:`IndexDamaged`, and the caller builds the index again. Writes are one transaction each.
"""

from __future__ import annotations

import contextlib
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FORMAT = "1"
FILE_NAME = "search-index.sqlite"
SEPARATOR = "\x00"
ENCODING = "utf-16-le"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (id INTEGER PRIMARY KEY, text BLOB NOT NULL, chars INTEGER NOT NULL,
                                   crc INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                                     overrides TEXT NOT NULL, title TEXT NOT NULL, outlet TEXT NOT NULL,
                                     date TEXT NOT NULL, chunk INTEGER NOT NULL, offset INTEGER NOT NULL,
                                     length INTEGER NOT NULL);
"""


class IndexDamaged(Exception):
    """The index file cannot be used as it is (its message says why, for the log); build it again."""


@dataclass(frozen=True)
class Stamp:
    """What an article's entry was made from: the file's size and modification time, and the
    fingerprint of the reviewer's cleaning overrides ("" for none)."""

    size: int
    mtime_ns: int
    overrides: str = ""


@dataclass(frozen=True)
class Row:
    """One article of the index: its stamp, its facts and where its text is."""

    path: str
    stamp: Stamp
    title: str
    outlet: str
    date: str
    chunk: int
    offset: int
    length: int


def encode_chunk(text: str) -> tuple[bytes, int]:
    """The blob of a chunk's text and its checksum (surrogates pass: a lone one in a text is kept)."""
    blob = text.encode(ENCODING, "surrogatepass")
    return blob, zlib.crc32(blob)


class IndexFile:
    """An open index file (use it in a ``with`` block). ``version`` names the cleaning and reading code
    the texts were made by; a file made by another is :class:`IndexDamaged` on open."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    @classmethod
    def open(cls, path: Path | None, version: str) -> IndexFile:
        """Open (or create) the index at ``path`` (None: in memory only, for a folder that cannot be
        written); :class:`IndexDamaged` for one that cannot be used."""
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(":memory:" if path is None else path, timeout=10, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise IndexDamaged(f"cannot open: {exc}") from exc
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if not meta:
                db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("version", version)])
            elif meta.get("format") != FORMAT or meta.get("version") != version:
                raise IndexDamaged(f"made by format {meta.get('format')} version {meta.get('version')}")
        except sqlite3.Error as exc:
            db.close()
            raise IndexDamaged(f"unreadable: {exc}") from exc
        except IndexDamaged:
            db.close()
            raise
        return cls(db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> IndexFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self) -> dict[str, Row]:
        """Every article of the index by path."""
        try:
            found = self._db.execute("SELECT path, size, mtime_ns, overrides, title, outlet, date, chunk, offset, "
                                     "length FROM articles").fetchall()
        except sqlite3.Error as exc:
            raise IndexDamaged(f"articles unreadable: {exc}") from exc
        rows = {}
        for path, size, mtime_ns, overrides, title, outlet, date, chunk, offset, length in found:
            rows[path] = Row(path, Stamp(size, mtime_ns, overrides), title, outlet, date, chunk, offset, length)
        return rows

    def chunk_ids(self) -> list[int]:
        try:
            return [row[0] for row in self._db.execute("SELECT id FROM chunks ORDER BY id")]
        except sqlite3.Error as exc:
            raise IndexDamaged(f"chunks unreadable: {exc}") from exc

    def chunk_crcs(self) -> dict[int, int]:
        """Each chunk's checksum (what an in-memory copy is checked against before it is reused)."""
        try:
            return dict(self._db.execute("SELECT id, crc FROM chunks").fetchall())
        except sqlite3.Error as exc:
            raise IndexDamaged(f"chunks unreadable: {exc}") from exc

    def chunk(self, chunk_id: int) -> tuple[str, int]:
        """The text of a chunk and its checksum, checked; :class:`IndexDamaged` when it does not match."""
        try:
            found = self._db.execute("SELECT text, chars, crc FROM chunks WHERE id = ?", (chunk_id,)).fetchone()
        except sqlite3.Error as exc:
            raise IndexDamaged(f"chunk {chunk_id} unreadable: {exc}") from exc
        if found is None:
            raise IndexDamaged(f"chunk {chunk_id} is missing")
        blob, chars, crc = found
        if not isinstance(blob, bytes) or zlib.crc32(blob) != crc:
            raise IndexDamaged(f"chunk {chunk_id} does not match its checksum")
        try:
            text = blob.decode(ENCODING, "surrogatepass")
        except UnicodeDecodeError as exc:
            raise IndexDamaged(f"chunk {chunk_id} does not decode") from exc
        if len(text) != chars:
            raise IndexDamaged(f"chunk {chunk_id} has {len(text)} characters, not {chars}")
        return text, crc

    def write(self, chunks: dict[int, tuple[str, bytes, int]], rows: Iterable[Row], *, drop_paths: Iterable[str] = (),
              drop_chunks: Iterable[int] = ()) -> None:
        """In one transaction: store ``chunks`` (``{id: (text, blob, crc)}``) and ``rows``, remove the
        articles ``drop_paths`` and the chunks ``drop_chunks``."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("DELETE FROM articles WHERE path = ?", [(p,) for p in drop_paths])
            db.executemany("DELETE FROM chunks WHERE id = ?", [(c,) for c in drop_chunks])
            db.executemany("INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?)",
                           [(cid, blob, len(text), crc) for cid, (text, blob, crc) in chunks.items()])
            db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [(r.path, r.stamp.size, r.stamp.mtime_ns, r.stamp.overrides, r.title, r.outlet, r.date,
                             r.chunk, r.offset, r.length) for r in rows])
            db.execute("COMMIT")
        except sqlite3.Error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def remove_index(path: Path) -> None:
    """Delete an index file and SQLite's companions (a damaged index is rebuilt from nothing)."""
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        with contextlib.suppress(FileNotFoundError):
            (path.parent / name).unlink()
