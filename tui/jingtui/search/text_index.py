"""The search index in memory, and bringing it up to date with the corpus.

:func:`refresh` compares the index file (:mod:`jingtui.search.index_file`) with the corpus as it is
now (each article's :class:`Stamp`: file size, modification time, cleaning overrides), re-reads only
the articles that are new or changed (through ``source``: the workspace's caches), drops the ones that
are gone, rewrites only the chunks that held them, and gives a :class:`TextIndex`: every indexed
article's cleaned text in chunks of about a million characters, loaded once and searched in C by
:mod:`jingtui.search.index_scan`. A chunk already in memory (the ``previous`` index) is reused when its
checksum says it is the same. An index file that cannot be used is deleted and built again; why is
kept in :attr:`TextIndex.rebuilt`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jingtui.search.index_file import SEPARATOR, IndexDamaged, IndexFile, Row, Stamp, encode_chunk, remove_index

log = logging.getLogger(__name__)

CHUNK_CHARS = 1_000_000  # a chunk is rewritten whole when one of its articles changes
NO_CHUNK = -1  # an article without text (unreadable, empty): remembered so it is not read again


@dataclass(frozen=True)
class Entry:
    """What ``source`` gives for one article: its cleaned Simplified text and the filters' facts."""

    text: str
    title: str = ""
    outlet: str = ""
    date: str = ""


@dataclass
class TextIndex:
    """The cleaned texts of a corpus in memory. ``articles`` are in corpus order (an article's rank is
    its position there); ``layout[chunk]`` the ``(offset, rank)`` of the chunk's articles by offset."""

    articles: list[Row] = field(default_factory=list)  # chunks[row.chunk][row.offset:+row.length]: its text
    chunks: dict[int, str] = field(default_factory=dict)
    crcs: dict[int, int] = field(default_factory=dict)
    layout: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    rebuilt: str = ""  # why the index file was built again ("" when it was used)
    reread: int = 0  # articles read in the last refresh
    complete: bool = True  # false when the refresh was cancelled before every article was read
    removed: int = 0  # articles dropped in the last refresh (their files gone)

    @property
    def in_order(self) -> bool:
        """Whether scanning the chunks by id meets the articles in corpus order."""
        last = -1
        for cid in sorted(self.layout):
            for _offset, rank in self.layout[cid]:
                if rank < last:
                    return False
                last = rank
        return True

    def text(self, rank: int) -> str:
        """The cleaned text of the article of this rank."""
        a = self.articles[rank]
        return self.chunks[a.chunk][a.offset:a.offset + a.length] if a.chunk != NO_CHUNK else ""

    def rank_of(self, path: str) -> int | None:
        for rank, a in enumerate(self.articles):
            if a.path == path:
                return rank
        return None

    @property
    def characters(self) -> int:
        return sum(len(t) for t in self.chunks.values())


def _fits(row: Row, texts: Mapping[int, str]) -> bool:
    if row.chunk == NO_CHUNK:
        return row.length == 0
    text = texts.get(row.chunk)
    if text is None or row.offset < 0 or row.length < 0 or row.offset + row.length > len(text):
        return False
    end = row.offset + row.length
    return (row.offset == 0 or text[row.offset - 1] == SEPARATOR) and (end == len(text) or text[end] == SEPARATOR)


def _load(index_file: IndexFile, previous: TextIndex | None) -> tuple[dict[str, Row], dict[int, str], dict[int, int]]:
    rows = index_file.rows()
    crcs = index_file.chunk_crcs()
    texts: dict[int, str] = {}
    for cid, crc in crcs.items():
        if previous is not None and previous.crcs.get(cid) == crc and cid in previous.chunks:
            texts[cid] = previous.chunks[cid]
        else:
            texts[cid], _crc = index_file.chunk(cid)
    bad = next((r.path for r in rows.values() if not _fits(r, texts)), None)
    if bad is not None:
        raise IndexDamaged(f"the text of {bad} does not fit its chunk")
    return rows, texts, crcs


class _Writer:
    """Packs texts into chunks and writes them (a full chunk is written at once, so a cancelled or
    interrupted build keeps what it did)."""

    def __init__(self, index_file: IndexFile, rows: dict[str, Row], texts: dict[int, str], crcs: dict[int, int]):
        self.file, self.rows, self.texts, self.crcs = index_file, rows, texts, crcs
        self.next_id = max(texts, default=0) + 1
        self.parts: list[tuple[str, Stamp, Entry]] = []
        self.chars = 0
        self.tail: int | None = None  # the chunk being filled
        self.drop_paths: list[str] = []
        self.drop_chunks: list[int] = []
        self.no_text: list[Row] = []

    def start_tail(self) -> None:
        """Continue the last chunk if it has room (its articles are re-packed with the new ones)."""
        if not self.texts:
            return
        last = max(self.texts)
        if len(self.texts[last]) < CHUNK_CHARS:
            self.tail = last
            for r in sorted((r for r in self.rows.values() if r.chunk == last), key=lambda r: r.offset):
                text = self.texts[last][r.offset:r.offset + r.length]
                self.parts.append((r.path, r.stamp, Entry(text, r.title, r.outlet, r.date)))
                self.chars += len(text) + 1

    def repack(self, cid: int, leave: set[str]) -> None:
        """Write chunk ``cid`` again without the articles in ``leave``."""
        kept = sorted((r for r in self.rows.values() if r.chunk == cid and r.path not in leave),
                      key=lambda r: r.offset)
        leaving = [r.path for r in self.rows.values() if r.chunk == cid and r.path in leave]
        self.drop_paths += leaving  # an article read again gets a new row; one not read (cancelled) has none
        for path in leaving:
            del self.rows[path]
        old = self.texts[cid]
        parts = [(r.path, r.stamp, Entry(old[r.offset:r.offset + r.length], r.title, r.outlet, r.date)) for r in kept]
        self._write_chunk(cid, parts)

    def add(self, path: str, stamp: Stamp, entry: Entry | None) -> None:
        if entry is None or not entry.text:
            row = Row(path, stamp, entry.title if entry else "", entry.outlet if entry else "",
                      entry.date if entry else "", NO_CHUNK, 0, 0)
            self.rows[path] = row
            self.no_text.append(row)
            return
        self.parts.append((path, stamp, entry))
        self.chars += len(entry.text) + 1
        if self.chars >= CHUNK_CHARS:
            self.flush()

    def flush(self) -> None:
        if self.parts or self.no_text or self.drop_paths or self.drop_chunks:
            cid = self.tail if self.tail is not None else self.next_id
            if self.parts:
                self._write_chunk(cid, self.parts)
                self.next_id = max(self.next_id, cid + 1)
            else:
                self.file.write({}, self.no_text, drop_paths=self.drop_paths, drop_chunks=self.drop_chunks)
        self.parts, self.chars, self.tail, self.no_text = [], 0, None, []
        self.drop_paths, self.drop_chunks = [], []

    def _write_chunk(self, cid: int, parts: Sequence[tuple[str, Stamp, Entry]]) -> None:
        rows = list(self.no_text)
        offset = 0
        for path, stamp, entry in parts:
            rows.append(Row(path, stamp, entry.title, entry.outlet, entry.date, cid, offset, len(entry.text)))
            offset += len(entry.text) + 1
        if parts:
            text = SEPARATOR.join(entry.text for _p, _s, entry in parts)
            blob, crc = encode_chunk(text)
            self.file.write({cid: (text, blob, crc)}, rows, drop_paths=self.drop_paths, drop_chunks=self.drop_chunks)
            self.texts[cid], self.crcs[cid] = text, crc
        else:
            self.file.write({}, rows, drop_paths=self.drop_paths, drop_chunks=[*self.drop_chunks, cid])
            self.texts.pop(cid, None)
            self.crcs.pop(cid, None)
        for row in rows:
            self.rows[row.path] = row
        self.no_text, self.drop_paths, self.drop_chunks = [], [], []


def refresh(path: Path, version: str, order: Sequence[str], stamps: Mapping[str, Stamp],
            source: Callable[[str], Entry | None], *, previous: TextIndex | None = None,
            progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
            prepare: Callable[[list[str]], None] | None = None) -> TextIndex:
    """The index at ``path`` brought up to date with the corpus: ``order`` its paths in corpus order,
    ``stamps`` what each is now, ``source(path)`` reads one article (None: no text). ``progress(done,
    total)`` after each article read; ``cancelled()`` true stops reading (the index then holds what was
    read, ``complete`` false); ``prepare(paths)`` is called with the articles to read, before they are."""
    rebuilt = ""
    try:
        index_file = IndexFile.open(path, version)
        try:
            rows, texts, crcs = _load(index_file, previous)
        except IndexDamaged:
            index_file.close()
            raise
    except IndexDamaged as exc:
        rebuilt = str(exc)
        log.info("search index %s built again: %s", path, exc)
        try:
            remove_index(path)
            index_file = IndexFile.open(path, version)
        except (OSError, IndexDamaged) as again:  # a folder that cannot be written: an index in memory
            log.info("search index %s kept in memory: %s", path, again)
            index_file = IndexFile.open(None, version)
        rows, texts, crcs = {}, {}, {}
    with index_file:
        stale = [p for p in order if (r := rows.get(p)) is None or r.stamp != stamps[p]]
        gone = [p for p in rows if p not in stamps]
        complete = True
        if stale or gone:
            writer = _Writer(index_file, rows, texts, crcs)
            leave = {*stale, *gone}
            touched = {rows[p].chunk for p in leave if p in rows and rows[p].chunk != NO_CHUNK}
            writer.drop_paths = list(gone)
            for cid in sorted(touched):
                writer.repack(cid, leave)
            for p in gone:
                rows.pop(p, None)
            if stale:
                writer.start_tail()
                if prepare is not None:
                    prepare(stale)
            for done, p in enumerate(stale, 1):
                if cancelled is not None and cancelled():
                    complete = False
                    break
                rows.pop(p, None)
                writer.add(p, stamps[p], source(p))
                if progress is not None:
                    progress(done, len(stale))
            writer.flush()
        index = _in_memory(order, rows, texts, crcs, rebuilt, len(stale) if complete else -1, complete)
        index.removed = len(gone)
        return index


def _in_memory(order: Sequence[str], rows: Mapping[str, Row], texts: dict[int, str], crcs: dict[int, int],
               rebuilt: str, reread: int, complete: bool) -> TextIndex:
    articles: list[Row] = []
    layout: dict[int, list[tuple[int, int]]] = {cid: [] for cid in texts}
    for path in order:
        row = rows.get(path)
        if row is None:
            continue
        rank = len(articles)
        articles.append(row)
        if row.chunk != NO_CHUNK:
            layout[row.chunk].append((row.offset, rank))
    for entries in layout.values():
        entries.sort()
    return TextIndex(articles, texts, crcs, layout, rebuilt, max(reread, 0), complete)
