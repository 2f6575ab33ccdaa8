"""The corpus index: one SQLite file per folder (``<corpus>/.jingtui/index.sqlite3``) with a row per file.

It lets the app show the list of a folder of 100,000 articles at once, and ``jingtui list``/``stats``
answer without reading every article again. Rows are kept current by comparing ``stat()`` results
(:mod:`jingtui.index.diff`); the facts of a row are written by whoever read or cleaned the article
(``jingtui.workspace.index_fill``), each with the version of the reader or cleaner that made them, so
a new version makes them pending again. Every write bumps a sequence number, so a reader can ask for
what changed since it last looked (:meth:`CorpusIndex.changes_since`).

The file is a cache: one that is of another format version, of another program or damaged is never
trusted; it is deleted and built again, with one line in the log (a warning: on stderr for commands).
SQLite's write-ahead log lets the app read while a helper process writes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson

from jingtui.corpus.discover import natural_key
from jingtui.index.diff import Changes, Seen, compare
from jingtui.index.rows import CleanFacts, IndexRow, ListRow, ReadFacts, Stage

log = logging.getLogger(__name__)

FORMAT = 2  # PRAGMA user_version; bump it when the tables change (older files are then rebuilt)
APPLICATION_ID = 0x4A544958  # "JTIX": a SQLite file of another program is never taken for ours
INDEX_FOLDER = (".jingtui",)
INDEX_NAME = "index.sqlite3"
BUSY_SECONDS = 30.0  # a writer (the helper process) holds the lock for one batch at a time

_SCHEMA = """
CREATE TABLE articles (
    path TEXT PRIMARY KEY, ord INTEGER NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    skip TEXT, stage INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0,
    reader TEXT, cleaner TEXT,
    sha256 TEXT, title TEXT, subtitle TEXT, source TEXT, author TEXT, date TEXT, url TEXT, categories TEXT,
    format TEXT, encoding TEXT, bytes INTEGER, chars INTEGER, blocks INTEGER, problems TEXT, ok INTEGER,
    problem TEXT,
    clean_title TEXT, script TEXT, warnings INTEGER, opening TEXT
) WITHOUT ROWID;
CREATE INDEX articles_seq ON articles (seq);
CREATE TABLE removed (path TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES ('seq', '0');
"""
_COLUMNS = ("path, size, mtime_ns, skip, stage, sha256, title, subtitle, source, author, date, url, categories, "
            "format, encoding, bytes, chars, blocks, problems, ok, clean_title, script, warnings, opening")
_TABLES = {"articles", "removed", "meta"}


class IndexDamaged(Exception):
    """The file is not a corpus index this version can trust."""


def index_path(root: Path) -> Path:
    """Where the index of the folder ``root`` lives."""
    return Path(root).joinpath(*INDEX_FOLDER, INDEX_NAME)


def _key(path: str) -> str | bytes:
    """A path as stored: text, or its bytes when the name holds undecodable bytes (lone surrogates,
    which SQLite's text cannot hold)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape")
    return path


def _path(value: str | bytes) -> str:
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


def _strings(stored: str | None) -> tuple[str, ...]:
    return () if not stored or stored == "[]" else tuple(orjson.loads(stored))


def _row(values: Sequence[Any]) -> IndexRow:
    (path, size, mtime_ns, skip, stage, sha256, title, subtitle, source, author, date, url, categories, fmt,
     encoding, nbytes, chars, blocks, problems, ok, clean_title, script, warnings, opening) = values
    read = clean = None
    if sha256 is not None:  # read once: facts kept (and shown) until the file is read again
        read = ReadFacts(sha256 or "", title, subtitle, source, author, date, url, _strings(categories),
                         fmt or "text", encoding, nbytes or 0, chars or 0, blocks or 0, _strings(problems), bool(ok))
    if clean_title is not None:
        clean = CleanFacts(clean_title or "", script or "", warnings or 0, opening or "")
    return IndexRow(_path(path), size, mtime_ns, skip, Stage(stage), read, clean)


class CorpusIndex:
    """An open corpus index (use it in a ``with`` block, or :meth:`close` it).

    :meth:`open` never fails for a bad file: it builds a new one. Each thread or process opens its own.
    """

    def __init__(self, connection: sqlite3.Connection, location: Path | None) -> None:
        self._db = connection
        self.location = location  # None: kept in memory (the folder and the fallback could not be written)

    # ---- opening ---------------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path, location: Path | None = None) -> CorpusIndex:
        """The index of ``root`` (at ``location``, default ``<root>/.jingtui/index.sqlite3``), made when
        missing, built again when it cannot be trusted; in memory when no file can be written."""
        path = Path(location) if location is not None else index_path(root)
        try:
            return cls(_connect(path), path)
        except IndexDamaged as exc:
            log.warning("The corpus index %s %s; it is built again from the folder.", path, exc)
        except sqlite3.DatabaseError as exc:
            log.warning("The corpus index %s is damaged (%s); it is built again from the folder.", path, exc)
        except OSError as exc:
            log.info("no corpus index at %s (%s): kept in memory", path, exc)
            return cls(_connect(None), None)
        try:
            _delete(path)
            return cls(_connect(path), path)
        except (OSError, sqlite3.DatabaseError, IndexDamaged) as exc:
            log.info("corpus index at %s not usable (%s): kept in memory", path, exc)
            return cls(_connect(None), None)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # ---- reading ---------------------------------------------------------------------------------
    @property
    def seq(self) -> int:
        """The sequence number of the last write."""
        return int(self._db.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0])

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def listing(self) -> dict[str, Seen]:
        """Every file indexed, as discovery saw it last."""
        query = "SELECT path, size, mtime_ns, skip FROM articles"
        return {_path(p): Seen(_path(p), s, m, k) for p, s, m, k in self._db.execute(query)}

    def rows(self) -> list[IndexRow]:
        """Every row, in the folder's natural order."""
        return [_row(v) for v in self._db.execute(f"SELECT {_COLUMNS} FROM articles ORDER BY ord")]

    def paths(self) -> list[str]:
        """Every path, in the folder's natural order."""
        return [_path(p) for (p,) in self._db.execute("SELECT path FROM articles ORDER BY ord")]

    def list_rows(self, since: int = -1, *, offset: int = 0, limit: int | None = None) -> list[ListRow]:
        """Every row as a list shows it (``since``: only those written after that sequence number and
        read at least once), in the folder's natural order; ``offset`` and ``limit``: a part of them (the
        first screen's rows of a large folder cost a few milliseconds, all 100,000 a third of a second)."""
        where = "" if since < 0 else "WHERE seq > ? AND stage > 0 "
        query = (f"SELECT path, COALESCE(clean_title, title, ''), COALESCE(source, ''), COALESCE(date, ''), "
                 f"COALESCE(skip, ''), COALESCE(skip, problem, ''), COALESCE(warnings, 0), COALESCE(opening, ''), "
                 f"stage FROM articles {where}ORDER BY ord LIMIT ? OFFSET ?")
        part = (-1 if limit is None else limit, offset)
        rows = self._db.execute(query, part if since < 0 else (since, *part))
        make = ListRow._make
        return [make(r) if r[0].__class__ is str else ListRow(_path(r[0]), *r[1:]) for r in rows]

    def removed_since(self, seq: int) -> list[str]:
        """Paths removed after the sequence number ``seq``."""
        return [_path(p) for (p,) in self._db.execute("SELECT path FROM removed WHERE seq > ?", (seq,))]

    def row(self, path: str) -> IndexRow | None:
        found = self._db.execute(f"SELECT {_COLUMNS} FROM articles WHERE path = ?", (_key(path),)).fetchone()
        return _row(found) if found is not None else None

    def changes_since(self, seq: int) -> tuple[int, list[IndexRow], list[str]]:
        """(the current sequence number, rows written after ``seq``, paths removed after ``seq``)."""
        with self._db:  # one read transaction: the three answers agree
            now = self.seq
            rows = [_row(v) for v in self._db.execute(f"SELECT {_COLUMNS} FROM articles WHERE seq > ? ORDER BY ord",
                                                      (seq,))]
            gone = [_path(p) for (p,) in self._db.execute("SELECT path FROM removed WHERE seq > ?", (seq,))]
        return now, rows, gone

    def pending(self, stage: Stage, version: str) -> list[str]:
        """Paths (in natural order) whose facts of ``stage`` are missing or made by another ``version``.

        Cleaning is pending only for files the reader found text in."""
        if stage == Stage.READ:
            query = "SELECT path FROM articles WHERE stage < 1 OR reader IS NOT ? ORDER BY ord"
        else:
            query = ("SELECT path FROM articles WHERE skip IS NULL AND stage >= 1 AND ok = 1 "
                     "AND (stage < 2 OR cleaner IS NOT ?) ORDER BY ord")
        return [_path(p) for (p,) in self._db.execute(query, (version,))]

    def pending_reads(self, version: str) -> list[tuple[str, int, str | None]]:
        """(path, size, skip reason) of the rows :meth:`pending` gives for the READ stage."""
        query = "SELECT path, size, skip FROM articles WHERE stage < 1 OR reader IS NOT ? ORDER BY ord"
        return [(_path(p), size, skip) for p, size, skip in self._db.execute(query, (version,))]

    def count(self, stage: Stage) -> int:
        """How many rows have reached ``stage``."""
        return int(self._db.execute("SELECT count(*) FROM articles WHERE stage >= ?", (int(stage),)).fetchone()[0])

    # ---- writing ---------------------------------------------------------------------------------
    def _next_seq(self) -> int:
        seq = self.seq + 1
        self._db.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (str(seq),))
        return seq

    def apply(self, found: Sequence[Seen]) -> Changes:
        """Bring the rows in line with ``found`` (every file of the folder, in any order): new files
        added, changed ones back to the FOUND stage (their old facts shown until read again), removed ones
        deleted; the rows kept in the folder's natural order. Returns what changed."""
        changes = compare(self.listing(), found)
        if not changes:
            return changes
        by_path = {seen.path: seen for seen in found}
        with self._db:
            seq = self._next_seq()
            if changes.removed:
                self._db.executemany("DELETE FROM articles WHERE path = ?", ((_key(p),) for p in changes.removed))
                self._db.executemany("INSERT OR REPLACE INTO removed VALUES (?, ?)",
                                     ((_key(p), seq) for p in changes.removed))
            if changes.changed:
                self._db.executemany(
                    "UPDATE articles SET size = ?, mtime_ns = ?, skip = ?, stage = 0, seq = ? WHERE path = ?",
                    ((by_path[p].size, by_path[p].mtime_ns, by_path[p].skip, seq, _key(p)) for p in changes.changed))
            if changes.added:  # (OR IGNORE: another process looking at the folder too may have added it since)
                self._db.executemany(
                    "INSERT OR IGNORE INTO articles (path, ord, size, mtime_ns, skip, seq) VALUES (?, 0, ?, ?, ?, ?)",
                    ((_key(p), by_path[p].size, by_path[p].mtime_ns, by_path[p].skip, seq) for p in changes.added))
                self._db.executemany("DELETE FROM removed WHERE path = ?", ((_key(p),) for p in changes.added))
            if changes.added or changes.removed:
                ordered = sorted(by_path, key=natural_key)
                self._db.executemany("UPDATE articles SET ord = ? WHERE path = ?",
                                     ((i, _key(path)) for i, path in enumerate(ordered)))
        return changes

    def record_read(self, facts: Iterable[tuple[str, ReadFacts]], version: str) -> None:
        """Store the reader's facts (made by reader ``version``). A file whose content hash is the one
        already cleaned keeps its cleaned facts; any other goes back to the READ stage."""
        with self._db:
            seq = self._next_seq()
            self._db.executemany(
                "UPDATE articles SET stage = CASE WHEN clean_title IS NOT NULL AND sha256 = :sha256 THEN 2 ELSE 1 END, "
                "clean_title = CASE WHEN sha256 = :sha256 THEN clean_title END, "  # other bytes: cleaned facts gone
                "seq = :seq, reader = :reader, sha256 = :sha256, title = :title, subtitle = :subtitle, "
                "source = :source, author = :author, date = :date, url = :url, categories = :categories, "
                "format = :format, encoding = :encoding, bytes = :bytes, chars = :chars, blocks = :blocks, "
                "problems = :problems, ok = :ok, problem = :problem WHERE path = :path",
                ({"path": _key(path), "seq": seq, "reader": version, "sha256": f.sha256, "title": f.title,
                  "subtitle": f.subtitle, "source": f.source, "author": f.author, "date": f.date, "url": f.url,
                  "categories": orjson.dumps(list(f.categories)).decode(), "format": f.format,
                  "encoding": f.encoding, "bytes": f.size, "chars": f.chars, "blocks": f.blocks,
                  "problems": orjson.dumps(list(f.problems)).decode(), "ok": int(f.ok),
                  "problem": f.problems[0] if f.problems else None if f.ok else "No text."} for path, f in facts))

    def record_clean(self, facts: Iterable[tuple[str, CleanFacts]], version: str) -> None:
        """Store the cleaned texts' facts (made by cleaner ``version``) of rows already read."""
        with self._db:
            seq = self._next_seq()
            self._db.executemany(
                "UPDATE articles SET stage = 2, seq = ?, cleaner = ?, clean_title = ?, script = ?, warnings = ?, "
                "opening = ? WHERE path = ? AND stage >= 1",
                ((seq, version, f.title, f.script, f.warnings, f.opening, _key(path)) for path, f in facts))


def _connect(path: Path | None) -> sqlite3.Connection:
    """A connection to a valid index at ``path`` (made when missing; None: in memory); IndexDamaged or
    sqlite3.DatabaseError when the file there is not one."""
    if path is None:
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        _create(connection)
        return connection
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    connection = sqlite3.connect(path, timeout=BUSY_SECONDS, check_same_thread=False)
    try:
        if existed:
            _check(connection)
        else:
            _create(connection)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")  # a cache: losing the last writes at a crash is fine
    except BaseException:
        connection.close()
        raise
    return connection


def _create(connection: sqlite3.Connection) -> None:
    with connection:
        connection.executescript(_SCHEMA)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {FORMAT}")


def _check(connection: sqlite3.Connection) -> None:
    application = connection.execute("PRAGMA application_id").fetchone()[0]
    if application != APPLICATION_ID:
        raise IndexDamaged("is not a corpus index of jingtui")
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version != FORMAT:
        raise IndexDamaged(f"is of another format version ({version}, this version reads {FORMAT})")
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables >= _TABLES:
        raise IndexDamaged("lacks some of its tables")
    connection.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()


def _delete(path: Path) -> None:
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)

