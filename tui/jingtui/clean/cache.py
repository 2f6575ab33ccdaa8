"""A cache of CleanText on disk, keyed by the file's content and the pipeline version.

``CleanCache(directory).get(article)`` returns the cached CleanText, or cleans, stores and returns it.
The key is ``sha256(article.content_sha256 + article.format + PIPELINE_VERSION [+ the overrides'
fingerprint])``: an article the reviewer brought passages back into is cleaned and stored on its own
(an article without overrides keeps the key it always had). The version includes
a hash of the rule sources and the reader's version, so changing a rule, the phrase table or how a file
is read invalidates every entry by itself.

Entries are compact JSON, one file per article (``ab/abcdef….json``): the offset map is stored as
run-length triples (see ``encode_map``) packed in a string, and the paragraphs, line classes and
warnings as packed rows; each is parsed only when first used (a reopened corpus of 1,000 articles
costs one small ``orjson.loads`` each). Writes go to a temporary file then ``os.replace``, so a reader
never sees half an entry; an entry that does not parse or does not match is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from jingtui.clean.model import CleanText, LineClass, OffsetMap, Paragraph, Warning
from jingtui.clean.overrides import Overrides, as_overrides
from jingtui.clean.version import PIPELINE_VERSION
from jingtui.util.fileio import try_write_cache_file

if TYPE_CHECKING:
    from jingtui.corpus.model import Article

FORMAT = 3


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


def decode_map(flat: list[int], length: int | None = None) -> OffsetMap:
    """The OffsetMap of flat triples; with ``length``, padded or cut to exactly that many characters
    (a damaged entry never makes a lookup fail)."""
    starts: list[int] = []
    ends: list[int] = []
    for k in range(0, len(flat) - 2, 3):
        count, s, width = flat[k], flat[k + 1], flat[k + 2]
        if width == 1:
            starts.extend(range(s, s + count))
            ends.extend(range(s + 1, s + count + 1))
        else:
            starts.append(s)
            ends.append(s + width)
    if length is not None and len(starts) != length:
        del starts[length:], ends[length:]
        point = ends[-1] if ends else 0
        starts.extend([point] * (length - len(starts)))
        ends.extend([point] * (length - len(ends)))
    return OffsetMap(starts, ends)


class RunOffsetMap(OffsetMap):
    """An OffsetMap read from the cache: kept packed until someone looks up a character, so that
    reopening a corpus of 1,000 articles does not build a million integers it may never use."""

    def __init__(self, packed: str, length: int) -> None:  # noqa: D107 - no dataclass init
        self._packed = packed
        self._length = length
        self._expanded: OffsetMap | None = None

    def _full(self) -> OffsetMap:
        if self._expanded is None:
            try:
                flat = [int(x) for x in self._packed.split(",")] if self._packed else []
            except ValueError:
                flat = []
            self._expanded = decode_map(flat, self._length)
        return self._expanded

    @property
    def starts(self) -> list[int]:  # type: ignore[override]
        return self._full().starts

    @property
    def ends(self) -> list[int]:  # type: ignore[override]
        return self._full().ends

    def __len__(self) -> int:
        return self._length

    def __repr__(self) -> str:
        return f"RunOffsetMap(length={self._length})"


def _frozen(cls: type, rows: list[Any], names: tuple[str, ...]) -> list[Any]:
    """Frozen dataclass instances without the cost of their __init__ (rows checked for shape)."""
    new = object.__new__
    out = []
    for row in rows:
        if not isinstance(row, list) or len(row) != len(names):
            continue
        obj: Any = new(cls)
        obj.__dict__.update(zip(names, row, strict=True))
        out.append(obj)
    return out


_PARAGRAPH = ("start", "end", "original_start", "original_end", "kind")
_LINE = ("original_start", "original_end", "kind", "rule")
_WARNING = ("start", "end", "kind", "message", "original_start", "original_end")
_TABLES = {"paragraphs": (Paragraph, _PARAGRAPH), "lines": (LineClass, _LINE), "warnings": (Warning, _WARNING)}


def _pack(rows: list[list[Any]]) -> str:
    return orjson.dumps(rows).decode()


def to_json(clean: CleanText) -> dict[str, Any]:
    """The cache entry. The map and the tables are packed in strings, parsed only when used: one
    ``json.loads`` of an entry then makes a handful of objects, not thousands."""
    return {
        "format": FORMAT,
        "version": clean.pipeline_version,
        "script": clean.script,
        "length": len(clean.text),
        "text": clean.text,
        "map": ",".join(map(str, encode_map(clean.to_original))),
        **{name: _pack([[getattr(row, field) for field in fields] for row in getattr(clean, name)])
           for name, (_cls, fields) in _TABLES.items()},
    }


def _rows_property(name: str) -> Any:
    """A list of frozen dataclasses built from the packed rows on first access (and settable).
    ``None`` in the instance dict means "not built yet" (it pickles and copies as itself)."""
    cls, names = _TABLES[name]

    def get(self: CachedCleanText) -> list[Any]:
        value = self.__dict__.get(name)
        if value is None:
            try:
                rows = orjson.loads(self._packed.get(name) or "[]")
            except ValueError:
                rows = []
            value = _frozen(cls, rows if isinstance(rows, list) else [], names)
            self.__dict__[name] = value
        return value

    def set(self: CachedCleanText, value: list[Any]) -> None:  # noqa: A001 - the property's setter, named as property() calls it
        self.__dict__[name] = value

    return property(get, set)


class CachedCleanText(CleanText):
    """A CleanText read from the cache. Its paragraphs, line classes and warnings are built when first
    used: listing a corpus asks for a title and a warning count, not for every line's class."""

    def __init__(self, packed: dict[str, str] | None = None, **fields: Any) -> None:
        self._packed = packed or {}
        for name in _TABLES:
            fields.setdefault(name, None)
        super().__init__(**fields)

    paragraphs = _rows_property("paragraphs")
    lines = _rows_property("lines")
    warnings = _rows_property("warnings")


def from_json(data: dict[str, Any]) -> CleanText:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("unknown cache format")
    text, packed_map = data["text"], data["map"]
    if not isinstance(text, str) or not isinstance(packed_map, str) or data.get("length") != len(text):
        raise ValueError("entry does not match its text")
    packed = {name: data[name] for name in _TABLES}
    if not all(isinstance(value, str) for value in packed.values()):
        raise ValueError("bad tables")
    return CachedCleanText(
        packed,
        text=text,
        to_original=RunOffsetMap(packed_map, len(text)),
        script=str(data["script"]),
        pipeline_version=str(data["version"]),
    )


def cache_key(article: Article, version: str | None = None, overrides: Overrides | None = None) -> str:
    version = PIPELINE_VERSION if version is None else version
    if overrides:
        version = f"{version}\0{overrides.fingerprint()}"
    content = getattr(article, "content_sha256", "") or hashlib.sha256(
        (getattr(article, "original", "") or "").encode("utf-8", "surrogatepass")).hexdigest()
    kind = getattr(article, "format", "")  # the same bytes read as Markdown and as HTML clean differently
    return hashlib.sha256(f"{content}\0{kind}\0{version}".encode()).hexdigest()


class CleanCache:
    """CleanText per article, stored under ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path_for(self, article: Article, overrides: Overrides | None = None) -> Path:
        key = cache_key(article, overrides=overrides)
        return self.directory / key[:2] / f"{key}.json"

    def load(self, article: Article, overrides: Overrides | None = None) -> CleanText | None:
        """The cached CleanText, or None when missing, corrupt or from another pipeline version."""
        path = self.path_for(article, overrides)
        try:
            with open(path, "rb") as handle:
                data = orjson.loads(handle.read())
            clean = from_json(data)
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None
        if clean.pipeline_version != PIPELINE_VERSION:
            return None
        return clean

    def store(self, article: Article, clean: CleanText, overrides: Overrides | None = None) -> None:
        """Write the entry (atomic for readers); a failure to write is not an error."""
        try:
            payload = orjson.dumps(to_json(clean))
        except TypeError:  # a lone surrogate or an odd value: clean again next time
            return
        try_write_cache_file(self.path_for(article, overrides), payload)

    def get(self, article: Article, overrides: Overrides | Mapping[str, str] | None = None) -> CleanText:
        """The CleanText of ``article`` with the reviewer's ``overrides`` (an Overrides or its dict
        form): from the cache, or cleaned now and stored."""
        overrides = as_overrides(overrides)
        clean = self.load(article, overrides)
        if clean is None:
            from jingtui.clean.pipeline import clean_article  # the rules' import is paid on a miss only

            clean = clean_article(article, overrides)
            self.store(article, clean, overrides)
        return clean

    def prune(self, articles: Iterable[Article]) -> int:
        """Delete entries that belong to none of ``articles`` under this pipeline version (old
        versions, edited or deleted files). Returns how many files were removed; errors are ignored."""
        keep = {self.path_for(article) for article in articles}
        removed = 0
        try:
            entries = list(self.directory.glob("*/*.json"))
        except OSError:
            return 0
        for path in entries:
            if path not in keep:
                try:
                    path.unlink()
                    removed += 1
                except OSError:
                    pass
        return removed
