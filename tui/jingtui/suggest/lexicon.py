"""The slogan lexicon: known slogans, shipped in ``jingtui/data/slogans.txt`` and extendable per corpus."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jingtui.errors import UserError
from jingtui.suggest.fields import slogan_canonical
from jingtui.util.resources import read_data_text

LEXICON_FILE = "slogans.txt"
_IGNORABLE = r"[“”‘’「」『』\"'、，,；;：:· \t\u3000]*"


def _entry_pattern(entry: str) -> str:
    """A regex for an entry that tolerates quotes and punctuation between its characters."""
    canonical = slogan_canonical(entry)
    return _IGNORABLE.join(re.escape(ch) for ch in canonical)


@dataclass(frozen=True)
class SloganLexicon:
    """Known slogans; ``find(text)`` gives every occurrence as ``(start, end, entry)``."""

    entries: tuple[str, ...] = ()
    _regex: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    _by_key: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # canonical form -> entry

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> SloganLexicon:
        seen: dict[str, str] = {}
        for entry in entries:
            entry = entry.strip()
            key = slogan_canonical(entry)
            if len(key) >= 2 and key not in seen:
                seen[key] = entry
        ordered = tuple(sorted(seen.values(), key=lambda e: len(slogan_canonical(e)), reverse=True))
        regex = re.compile("|".join(f"(?:{_entry_pattern(e)})" for e in ordered)) if ordered else None
        return cls(ordered, regex, {slogan_canonical(e): e for e in ordered})

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if self._regex is None:
            return []
        by_key = self._by_key
        return [(m.start(), m.end(), by_key.get(slogan_canonical(m.group(0)), m.group(0)))
                for m in self._regex.finditer(text)]

    def __len__(self) -> int:
        return len(self.entries)


def read_entries(path: Path) -> list[str]:
    """The slogans listed in one lexicon file (comments, blank lines and notes after a tab dropped)."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"The slogan lexicon {path} is not UTF-8 text.") from None
    except OSError as exc:
        raise UserError(f"Cannot read the slogan lexicon {path}: {exc.strerror or exc}.") from None
    return parse_entries(raw)


def parse_entries(raw: str) -> list[str]:
    """The slogans listed in a lexicon's text (comments, blank lines and notes after a tab dropped)."""
    entries = []
    for line in raw.splitlines():
        line = line.split("\t", 1)[0].strip()
        if line and not line.startswith("#"):
            entries.append(line)
    return entries


def load_lexicon(corpus_root: Path | str | None = None) -> SloganLexicon:
    """The shipped lexicon, merged with ``<corpus_root>/.jingtui/slogans.txt`` when it exists."""
    entries = parse_entries(read_data_text(LEXICON_FILE))  # shipped in the package: missing is a packaging bug
    if corpus_root is not None:
        extra = Path(corpus_root) / ".jingtui" / LEXICON_FILE
        if extra.is_file():
            entries += read_entries(extra)
    return SloganLexicon.from_entries(entries)
