"""Which codes' keys cannot tag in the reader, because a reader key has them already.

A code's key (``key = "e"`` in codebook.toml) is bound on the reader screen; a key the reader already
uses (``e`` edits a note) is left to the reader, and the code is tagged through the picker (``c``)
instead. Keys 1, 2, 3 are the tag keys themselves (``tag.1`` ... tag the code that has the key), never a
clash. The reviewer's remapped keys (``config.toml``) count as the reader's keys.

:func:`key_clashes` says which codes lose their key and to which reader action, with the line of the
codebook file: ``jingtui codebook DIR`` reports them as problems (exit status 2), the app warns at start
and lists them with the article's warnings (``w``). No Textual widgets here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jingtui.app import keymap
from jingtui.codebook import Code, Codebook
from jingtui.codebook.parse import code_key_line

TAG_KEYS = frozenset({"1", "2", "3"})  # tag.1, tag.2, tag.3 tag the code that has the key
# The scopes bound while the reader is shown (the dialogs are screens of their own: their keys do not clash).
READER_SCOPES = frozenset(scope for chain in keymap.CHAINS if "reader" in chain for scope in chain)


@dataclass(frozen=True)
class KeyClash:
    """A code whose key the reader uses for ``entry``; ``line`` of the key in the codebook file (0: unknown)."""

    code: Code
    key: str
    entry: keymap.KeyEntry
    source: str
    line: int = 0

    def sentence(self) -> str:
        """One sentence naming the file and line, the code, the key and the reader action it would shadow."""
        where = f"{self.source}, line {self.line}" if self.line else self.source
        action = self.entry.description[:1].lower() + self.entry.description[1:]
        return (f"{where}: the key {self.key!r} of code {self.code.id!r} ({self.code.name}) is the reader's "
                f"key to {action} ({self.entry.id}), so it does not tag; give the code another key, or tag "
                "it with the picker (c).")


def reader_keys(overrides: Mapping[str, str] | None = None) -> dict[str, keymap.KeyEntry]:
    """``{key: entry}`` of every key bound while the reader is shown (the first entry that has it)."""
    keys: dict[str, keymap.KeyEntry] = {}
    for entry in keymap.KEYMAP:
        if entry.scope in READER_SCOPES:
            for key in keymap.keys_of(entry, overrides):
                keys.setdefault(keymap.same_key(key), entry)
    return keys


def key_clashes(book: Codebook, overrides: Mapping[str, str] | None = None) -> list[KeyClash]:
    """The codes of ``book`` (in file order) whose key a reader key has already."""
    taken = reader_keys(overrides)
    found = [(code, taken[keymap.same_key(code.key)]) for code in book.keyed()
             if code.key and code.key not in TAG_KEYS and keymap.same_key(code.key) in taken]
    if not found:
        return []
    text = _source_text(book.source)
    source = book.source or "the default codebook"
    return [KeyClash(code, code.key or "", entry, source,
                     code_key_line(text, book.codes.index(code)) if text else 0)
            for code, entry in found]


def _source_text(source: str | None) -> str:
    """The codebook file's text, for the lines ("" when there is no file or it cannot be read now)."""
    if not source:
        return ""
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # changed since it was read: the sentences name the file only
        return ""
