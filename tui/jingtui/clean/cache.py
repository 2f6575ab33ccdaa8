"""A cache of CleanText on disk, keyed by the file's content and the pipeline version.

``CleanCache(directory).get(article)`` returns the cached CleanText, or cleans, stores and returns it.
The key is ``sha256(article.content_sha256 + PIPELINE_VERSION)``; the version includes a hash of the
rule sources, so changing a rule or the phrase table invalidates every entry by itself.

Entries are compact JSON, one file per article (``ab/abcdef….json``): the offset map is stored as
flat run-length triples (see ``encode_map``) and expanded only when a character is looked up. Writes go to a temporary file then ``os.replace``, so a reader never sees half an entry; an
entry that does not parse or does not match is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from jingtui.clean.model import CleanText, LineClass, OffsetMap, Paragraph, Warning
from jingtui.clean.pipeline import PIPELINE_VERSION, clean_article

FORMAT = 2


def encode_map(offset_map: OffsetMap) -> list[int]:
    """The offset map as flat triples ``count, start, width``: ``count`` characters mapping to
    ``start, start+1, ...`` one character each (``width`` 1), or one character (``count`` 1) mapping to
    ``[start, start + width)`` (a damaged annotation, or an empty span for an inserted newline)."""
    flat: list[int] = []
    starts, ends = offset_map.starts, offset_map.ends
    i, n = 0, len(starts)
    while i < n:
        s, e = starts[i], ends[i]
        if e != s + 1:
            flat += (1, s, e - s)
            i += 1
            continue
        j = i + 1
        while j < n and starts[j] == s + (j - i) and ends[j] == starts[j] + 1:
            j += 1
        flat += (j - i, s, 1)
        i = j
    return flat


def decode_map(flat: list[int]) -> OffsetMap:
    starts: list[int] = []
    ends: list[int] = []
    for k in range(0, len(flat), 3):
        count, s, width = flat[k], flat[k + 1], flat[k + 2]
        if width == 1:
            starts.extend(range(s, s + count))
            ends.extend(range(s + 1, s + count + 1))
        else:
            starts.append(s)
            ends.append(s + width)
    return OffsetMap(starts, ends)


class RunOffsetMap(OffsetMap):
    """An OffsetMap read from the cache: kept as runs until someone looks up a character, so that
    reopening a corpus of 1,000 articles does not build a million integers it may never use."""

    def __init__(self, flat: list[int], length: int) -> None:  # noqa: D107 - no dataclass init
        self._flat = flat
        self._length = length
        self._expanded: OffsetMap | None = None

    def _full(self) -> OffsetMap:
        if self._expanded is None:
            self._expanded = decode_map(self._flat)
        return self._expanded

    @property  # type: ignore[override]
    def starts(self) -> list[int]:
        return self._full().starts

    @property  # type: ignore[override]
    def ends(self) -> list[int]:
        return self._full().ends

    def __len__(self) -> int:
        return self._length

    def __repr__(self) -> str:
        return f"RunOffsetMap(runs={len(self._flat) // 3}, length={self._length})"


def _valid_map(flat, length: int) -> bool:
    if not isinstance(flat, list) or len(flat) % 3:
        return False
    counts, widths = flat[0::3], flat[2::3]
    return sum(counts) == length and min(counts, default=1) >= 1 and min(widths, default=0) >= 0


def _frozen(cls, rows: list, names: tuple[str, ...]) -> list:
    """Frozen dataclass instances without the cost of their __init__ (trusted, validated rows)."""
    new = object.__new__
    out = []
    for row in rows:
        obj = new(cls)
        obj.__dict__.update(zip(names, row))
        out.append(obj)
    return out


_PARAGRAPH = ("start", "end", "original_start", "original_end", "kind")
_LINE = ("original_start", "original_end", "kind", "rule")
_WARNING = ("start", "end", "kind", "message", "original_start", "original_end")


def to_json(clean: CleanText) -> dict:
    return {
        "format": FORMAT,
        "version": clean.pipeline_version,
        "script": clean.script,
        "text": clean.text,
        "map": encode_map(clean.to_original),
        "paragraphs": [[getattr(p, name) for name in _PARAGRAPH] for p in clean.paragraphs],
        "lines": [[getattr(ln, name) for name in _LINE] for ln in clean.lines],
        "warnings": [[getattr(w, name) for name in _WARNING] for w in clean.warnings],
    }


def from_json(data: dict) -> CleanText:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("unknown cache format")
    text = data["text"]
    flat = data["map"]
    if not isinstance(text, str) or not _valid_map(flat, len(text)):
        raise ValueError("offset map does not match the text")
    rows = (data["paragraphs"], data["lines"], data["warnings"])
    for table, names in zip(rows, (_PARAGRAPH, _LINE, _WARNING)):
        if not isinstance(table, list) or any(not isinstance(r, list) or len(r) != len(names) for r in table):
            raise ValueError("bad rows")
    return CleanText(
        text=text,
        to_original=RunOffsetMap(flat, len(text)),
        paragraphs=_frozen(Paragraph, rows[0], _PARAGRAPH),
        lines=_frozen(LineClass, rows[1], _LINE),
        warnings=_frozen(Warning, rows[2], _WARNING),
        script=data["script"],
        pipeline_version=data["version"],
    )


def cache_key(article, version: str | None = None) -> str:
    version = PIPELINE_VERSION if version is None else version
    content = getattr(article, "content_sha256", "") or hashlib.sha256(
        (getattr(article, "original", "") or "").encode("utf-8", "surrogatepass")).hexdigest()
    return hashlib.sha256(f"{content}\0{version}".encode()).hexdigest()


class CleanCache:
    """CleanText per article, stored under ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path_for(self, article) -> Path:
        key = cache_key(article)
        return self.directory / key[:2] / f"{key}.json"

    def load(self, article) -> CleanText | None:
        """The cached CleanText, or None when missing, corrupt or from another pipeline version."""
        path = self.path_for(article)
        try:
            with open(path, "rb") as handle:
                data = json.loads(handle.read())
            clean = from_json(data)
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None
        if clean.pipeline_version != PIPELINE_VERSION:
            return None
        return clean

    def store(self, article, clean: CleanText) -> None:
        """Write atomically (temporary file then ``os.replace``); a failure to write is not an error."""
        path = self.path_for(article)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = json.dumps(to_json(clean), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(payload)
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            pass

    def get(self, article) -> CleanText:
        """The CleanText of ``article``: from the cache, or cleaned now and stored."""
        clean = self.load(article)
        if clean is None:
            clean = clean_article(article)
            self.store(article, clean)
        return clean
