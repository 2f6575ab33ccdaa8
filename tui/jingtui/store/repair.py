"""Check a damaged annotation database and salvage every readable record into a new one.

``check_database(path)`` lists every problem of the snapshot and its journal (a line number for each
bad journal line, the document ids of malformed documents, an unreadable snapshot) without stopping at
the first. ``repair_database(path, out)`` writes a new database at ``out`` from every document that
reads: the snapshot's (parsed leniently when the file as a whole does not parse) and then the journal's
readable changes in order. The damaged files are only read, never written.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson

from jingtui.store.errors import StoreError
from jingtui.store.paths import journal_path
from jingtui.store.snapshot import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MARKER_ID,
    MARKER_TABLE,
    Tables,
    check_documents,
    read_snapshot,
    write_snapshot,
)

Where = Literal["snapshot", "journal"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong: where, the line of the journal or the document id when known, one sentence."""

    where: Where
    sentence: str
    line: int | None = None
    document: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"where": self.where, "line": self.line, "document": self.document, "problem": self.sentence}


@dataclass
class Salvage:
    """What a repair read: the tables it rebuilt, the problems met, and counts for the report."""

    tables: Tables = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    snapshot_documents: int = 0
    journal_changes: int = 0
    journal_skipped: bool = False  # a journal of another generation: already in the snapshot

    @property
    def claims(self) -> int:
        return len(self.tables.get("claims", {}))


def check_database(path: Path) -> list[Problem]:
    """Every problem of the database at ``path`` (empty: it opens as it is)."""
    return salvage(path).problems


def salvage(path: Path) -> Salvage:
    """Read every readable record of the snapshot at ``path`` and its journal."""
    result = Salvage()
    generation = _salvage_snapshot(path, result)
    _salvage_journal(journal_path(path), generation, result)
    return result


def repair_database(path: Path, out: Path) -> Salvage:
    """Write the readable records of ``path`` into a new database at ``out`` (which must not exist)."""
    path, out = Path(path).expanduser(), Path(out).expanduser()
    if out.exists() or journal_path(out).exists():
        raise StoreError("unwritable", f"{out} already exists; repair writes a new file: choose another path with -o.")
    if out.resolve() == path.resolve():
        raise StoreError("unwritable", "The repaired database must be a new file; choose another path with -o.")
    result = salvage(path)
    tables = {name: docs for name, docs in result.tables.items() if name != MARKER_TABLE}
    tables[MARKER_TABLE] = {MARKER_ID: {"format": FORMAT_NAME, "version": FORMAT_VERSION,
                                        "generation": uuid.uuid4().hex}}
    out.parent.mkdir(parents=True, exist_ok=True)
    write_snapshot(out, tables)
    return result


# ---------------------------------------------------------------- the snapshot

_TABLE_RE = re.compile(r'"(?P<name>[A-Za-z_][A-Za-z0-9_]*)"\s*:\s*\{\s*"(?:\d+)"\s*:')
_DOC_RE = re.compile(r'"(?P<id>\d+)"\s*:\s*\{')


def _salvage_snapshot(path: Path, result: Salvage) -> str | None:
    """Fill ``result.tables`` from the snapshot; returns its generation when it has one."""
    try:
        tables, _size = read_snapshot(path)
    except StoreError as exc:
        if exc.kind in ("version", "unwritable"):
            raise  # a newer format or no permission: nothing a repair should touch
        tables = _parsed_tables(path) or _lenient_tables(path)
        if exc.kind == "foreign" and "claims" not in tables:
            raise  # not a jingtui database at all: nothing to salvage
        result.problems.append(Problem("snapshot", _sentence(exc)))
    else:
        result.tables = tables
        result.snapshot_documents = sum(len(t) for n, t in tables.items() if n != MARKER_TABLE)
        mark = tables.get(MARKER_TABLE, {}).get(MARKER_ID)
        return mark.get("generation") if isinstance(mark, dict) else None
    for name, docs in tables.items():
        for doc_id, doc in docs.items():
            if _document_ok(name, doc_id, doc):
                result.tables.setdefault(name, {})[doc_id] = doc
                result.snapshot_documents += name != MARKER_TABLE
            else:
                result.problems.append(Problem("snapshot", f"Document {doc_id} of table {name!r} is malformed.",
                                               document=doc_id))
    mark = result.tables.get(MARKER_TABLE, {}).get(MARKER_ID)
    return mark.get("generation") if isinstance(mark, dict) else None


def _parsed_tables(path: Path) -> Tables | None:
    """The tables of a snapshot that parses as JSON but holds malformed documents, else None."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        return None
    return data


def _lenient_tables(path: Path) -> Tables:
    """The documents that still parse in a snapshot that does not parse as a whole.

    Each ``"<id>": {...}`` object is decoded on its own; it belongs to the table whose name came last
    before it. A document cut by the damage does not decode and is left out (and reported).
    """
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return {}
    starts = [(m.start(), m.group("name")) for m in _TABLE_RE.finditer(text)]
    decoder = json.JSONDecoder()
    tables: Tables = {}
    position = 0
    table_index = 0
    for m in _DOC_RE.finditer(text):
        if m.start() < position:
            continue  # inside a document already decoded
        while table_index + 1 < len(starts) and starts[table_index + 1][0] < m.start():
            table_index += 1
        if not starts or starts[table_index][0] > m.start():
            continue
        try:
            doc, end = decoder.raw_decode(text, m.end() - 1)
        except json.JSONDecodeError:
            continue
        tables.setdefault(starts[table_index][1], {})[m.group("id")] = doc
        position = end
    return tables


def _document_ok(table: str, doc_id: str, doc: Any) -> bool:
    try:
        check_documents({table: {doc_id: doc}}, Path("-"))
    except StoreError:
        return False
    return True


# ---------------------------------------------------------------- the journal


def _salvage_journal(path: Path, generation: str | None, result: Salvage) -> None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return
    except OSError as exc:
        result.problems.append(Problem("journal", f"The journal cannot be read ({exc.strerror or exc})."))
        return
    lines = raw.split(b"\n")
    if lines and lines[-1]:
        result.problems.append(Problem("journal", "The last line is cut short (a crash while writing); "
                                                  "it is left out.", line=len(lines)))
    lines = lines[:-1]
    if not lines:
        return
    header = _load(lines[0])
    if not (isinstance(header, dict) and isinstance(header.get("generation"), str)):
        result.problems.append(Problem("journal", "The first line is not the journal's header.", line=1))
        body_start = 0 if isinstance(header, dict) and ("t" in header or "batch" in header) else 1
    else:
        body_start = 1
        if generation is not None and header["generation"] != generation:
            result.journal_skipped = True  # already in the snapshot: a crash between snapshot and reset
            return
    expected = 0
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        entry = _load(line)
        if not isinstance(entry, dict):
            result.problems.append(Problem("journal", "This line is not a JSON object.", line=number))
            continue
        if "batch" in entry:
            if not isinstance(entry["batch"], int) or entry["batch"] < 1:
                result.problems.append(Problem("journal", "This batch header has no valid count.", line=number))
            elif expected:
                result.problems.append(Problem("journal", "A batch starts before the previous one ended.", line=number))
            expected = entry["batch"] if isinstance(entry["batch"], int) and entry["batch"] > 0 else 0
            continue
        table, key, doc = entry.get("t"), entry.get("k"), entry.get("d")
        if not isinstance(table, str) or not isinstance(key, str) or not (doc is None or isinstance(doc, dict)):
            result.problems.append(Problem("journal", "This line is not a change of a document.", line=number))
            continue
        expected = max(0, expected - 1)
        if doc is None:
            result.tables.get(table, {}).pop(key, None)
        elif _document_ok(table, key, doc):
            result.tables.setdefault(table, {})[key] = doc
        else:
            result.problems.append(Problem("journal", f"The document {key} of table {table!r} is malformed.",
                                           line=number, document=key))
            continue
        result.journal_changes += 1
    if expected:
        result.problems.append(Problem("journal", f"The last batch is unfinished ({expected} change(s) missing); "
                                                  "its readable changes are kept.", line=len(lines)))


def _load(line: bytes) -> Any:
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return None


def _sentence(exc: StoreError) -> str:
    """The store's sentence without its advice (the report gives the repair command once)."""
    text = str(exc)
    for cut in ("; it was left untouched", "; choose another"):
        if cut in text:
            return text.split(cut)[0] + "."
    return text


__all__ = ["Problem", "Salvage", "check_database", "repair_database", "salvage"]
