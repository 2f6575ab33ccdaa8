"""Which codes' keys cannot tag in the reader, because a reader key has them already.

A code's key (``key = "e"`` in codebook.toml) is bound on the reader screen; a key the reader already
uses (``e`` edits a note) is left to the reader, and the code is tagged through the picker (``c``)
instead. Keys 1, 2, 3 are the tag keys themselves (``tag.1`` ... tag the code that has the key), never a
clash. The reviewer's remapped keys (``config.toml``) count as the reader's keys.

:func:`key_clashes` says which codes lose their key and to which reader action, with the line of the
codebook file: ``jingtui codebook DIR`` reports them as problems (exit status 2), the app warns at start
and lists them with the article's warnings (``w``). No Textual widgets here.

The corpus search codes its ticked hits with the same keys: :func:`search_code_keys` gives the codes
whose keys the reader tags with (never those it loses), less those whose key the search screen uses
itself (``space`` ticks, ``enter`` opens, the arrows move: the screen's key wins, as the reader's does,
and the code is coded through the picker).
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
# The scopes bound while the corpus search's list of hits has the focus (where its code keys work).
SEARCH_SCOPES = frozenset(scope for chain in keymap.CHAINS if "hits" in chain for scope in chain)
# The keys the hits act on outside the keymap (Textual's focus keys), by the entry that names them in help.
LIST_OWN_KEYS = {"tab": "focus.next", "shift+tab": "focus.previous"}


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


def scope_keys(scopes: frozenset[str], overrides: Mapping[str, str] | None = None) -> dict[str, keymap.KeyEntry]:
    """``{key: entry}`` of every key bound in ``scopes`` (the first entry that has it)."""
    keys: dict[str, keymap.KeyEntry] = {}
    for entry in keymap.KEYMAP:
        if entry.scope in scopes:
            for key in keymap.keys_of(entry, overrides):
                keys.setdefault(keymap.same_key(key), entry)
    return keys


def reader_keys(overrides: Mapping[str, str] | None = None) -> dict[str, keymap.KeyEntry]:
    """``{key: entry}`` of every key bound while the reader is shown (the first entry that has it)."""
    return scope_keys(READER_SCOPES, overrides)


def key_clashes(book: Codebook, overrides: Mapping[str, str] | None = None) -> list[KeyClash]:
    """The codes of ``book`` (in file order) whose key a reader key has already."""
    return _clashes(book, reader_keys(overrides), book.keyed())


def reader_code_keys(book: Codebook, overrides: Mapping[str, str] | None = None) -> list[Code]:
    """The codes the reader tags with their own key, besides the tag keys 1, 2, 3 (in file order)."""
    lost = {clash.code.id for clash in key_clashes(book, overrides)}
    return [code for code in book.keyed() if code.key and code.key not in TAG_KEYS and code.id not in lost]


@dataclass(frozen=True)
class SearchKeys:
    """The code keys of the corpus search's hits: ``codes`` bound (besides 1, 2, 3, its own keys for the
    codes that have them), ``lost`` the reader's code keys that the search screen uses itself."""

    codes: list[Code]
    lost: list[KeyClash]


def search_code_keys(book: Codebook, overrides: Mapping[str, str] | None = None) -> SearchKeys:
    """Every code key the reader tags with, for the hits of the corpus search (same clash rules: a key
    of the search screen's is not taken from it)."""
    reader = reader_code_keys(book, overrides)
    taken = scope_keys(SEARCH_SCOPES, overrides)
    taken.update({key: keymap.BY_ID[entry_id] for key, entry_id in LIST_OWN_KEYS.items()})
    lost = _clashes(book, taken, reader)
    gone = {clash.code.id for clash in lost}
    return SearchKeys([code for code in reader if code.id not in gone], lost)


def code_help(book: Codebook, overrides: Mapping[str, str] | None = None, *, search: bool = False
              ) -> list[tuple[str, str]]:
    """Help's rows of the codes' keys: in the reader, those that tag; in the corpus search (``search``),
    those that code the ticked hits; a code whose key the screen has for itself says to use the picker."""
    if search:
        keys = search_code_keys(book, overrides)
        works, lost, does = keys.codes, keys.lost, "code the ticked hits with it"
    else:
        works, lost, does = reader_code_keys(book, overrides), key_clashes(book, overrides), "tag with it"
    works = [code for code in book.keyed() if code.key in TAG_KEYS] + works
    rows = [(code.key or "", f"{book.path_of(code.id)}: {does}") for code in book.keyed() if code in works]
    rows += [(clash.key, f"{book.path_of(clash.code.id)}: not this key ({keymap.shown_keys(clash.entry)}: "
                         f"{clash.entry.description.lower()}); use c") for clash in lost]
    return rows


def _clashes(book: Codebook, taken: Mapping[str, keymap.KeyEntry], codes: tuple[Code, ...] | list[Code]
             ) -> list[KeyClash]:
    """The ``codes`` whose key is in ``taken`` (the tag keys 1, 2, 3 never are), with their lines."""
    found = [(code, taken[keymap.same_key(code.key)]) for code in codes
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
