"""A cache of CleanText on disk, keyed by the file's content and the pipeline version.

``CleanCache(directory).get(article)`` returns the cached CleanText, or cleans, stores and returns it.
The key is ``sha256(article.content_sha256 + PIPELINE_VERSION)``; the version includes a hash of the
rule sources, so changing a rule or the phrase table invalidates every entry by itself.

Entries are compact JSON, one file per article (``ab/abcdef….json``): the offset map is stored as
runs (``[n, start]`` for ``n`` consecutive one-character spans, ``[1, start, end]`` for any other
span). Writes go to a temporary file then ``os.replace``, so a reader never sees half an entry; an
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

FORMAT = 1


def encode_map(offset_map: OffsetMap) -> list[list[int]]:
    """Run-length segments of an offset map."""
    runs: list[list[int]] = []
    starts, ends = offset_map.starts, offset_map.ends
    i, n = 0, len(starts)
    while i < n:
        s, e = starts[i], ends[i]
        if e != s + 1:
            runs.append([1, s, e])
            i += 1
            continue
        j = i + 1
        while j < n and starts[j] == s + (j - i) and ends[j] == starts[j] + 1:
            j += 1
        runs.append([j - i, s])
        i = j
    return runs


def decode_map(runs: list[list[int]]) -> OffsetMap:
    starts: list[int] = []
    ends: list[int] = []
    for run in runs:
        if len(run) == 3:
            starts.append(run[1])
            ends.append(run[2])
        else:
            count, s = run
            starts.extend(range(s, s + count))
            ends.extend(range(s + 1, s + count + 1))
    return OffsetMap(starts, ends)


def to_json(clean: CleanText) -> dict:
    return {
        "format": FORMAT,
        "version": clean.pipeline_version,
        "script": clean.script,
        "text": clean.text,
        "map": encode_map(clean.to_original),
        "paragraphs": [[p.start, p.end, p.original_start, p.original_end, p.kind] for p in clean.paragraphs],
        "lines": [[ln.original_start, ln.original_end, ln.kind, ln.rule] for ln in clean.lines],
        "warnings": [[w.start, w.end, w.kind, w.message, w.original_start, w.original_end] for w in clean.warnings],
    }


def from_json(data: dict) -> CleanText:
    if data.get("format") != FORMAT:
        raise ValueError("unknown cache format")
    text = data["text"]
    offset_map = decode_map(data["map"])
    if len(offset_map) != len(text):
        raise ValueError("offset map does not match the text")
    return CleanText(
        text=text,
        to_original=offset_map,
        paragraphs=[Paragraph(*row) for row in data["paragraphs"]],
        lines=[LineClass(*row) for row in data["lines"]],
        warnings=[Warning(*row) for row in data["warnings"]],
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
