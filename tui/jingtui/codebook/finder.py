"""Finding a code by what a coder types: its hint, key, id, name, path or pinyin initials (pure).

Every code gets a **hint** of at most three letters or digits, unique in the codebook: the pinyin
initials of its name (``物价`` -> ``wj``), else those of its parent and its name, else with a digit added.
Typing a code's hint puts it first, so with the picker open any code of a large codebook is at most
three keystrokes and ``enter`` away. Other queries rank, in order: the key, the id or name exactly, a
start of the name, id or initials, then a part of the path (names or initials) anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from jingtui.codebook.initials import initials
from jingtui.codebook.model import Code, Codebook

HINT_LENGTH = 3
_DIGITS = "123456789"


@dataclass(frozen=True)
class Entry:
    """One code with what it can be found by (lower case)."""

    code: Code
    index: int  # file order
    hint: str
    path: str  # 经济/物价
    name: str
    initials: str  # of the name
    path_initials: str  # of the path, without separators


def _hints(book: Codebook) -> dict[str, str]:
    """A unique hint for every code (see the module docstring)."""
    taken: set[str] = set()
    hints: dict[str, str] = {}
    letters = {c.id: initials(c.name) or "".join(ch for ch in c.id.lower() if ch.isalnum()) for c in book.codes}
    for code in book.codes:
        own = letters[code.id]
        parent = letters.get(code.parent or "", "")
        tries = [own[:HINT_LENGTH], (parent[:1] + own)[:HINT_LENGTH], (parent[:2] + own[:1])[:HINT_LENGTH]]
        base = own[: HINT_LENGTH - 1] or "c"
        tries += [base + d for d in _DIGITS] + [own[:1] + d + e for d in _DIGITS for e in _DIGITS]
        hint = next((t for t in tries if t and t not in taken), "")
        if not hint:  # more than a thousand codes sharing a letter: fall back on a counter
            n = 0
            while (hint := f"{n:x}") in taken:
                n += 1
        taken.add(hint)
        hints[code.id] = hint
    return hints


class CodeFinder:
    """The codes of a codebook, indexed once, ranked for each query by :meth:`find`."""

    def __init__(self, book: Codebook) -> None:
        self.book = book
        hints = _hints(book)
        self.entries = [
            Entry(code, i, hints[code.id], book.path_of(code.id).lower(), code.name.lower(), initials(code.name),
                  initials(book.path_of(code.id)))
            for i, code in enumerate(book.codes)
        ]
        self._by_hint = {e.hint: e for e in self.entries}

    def hint(self, code_id: str) -> str:
        return next((e.hint for e in self.entries if e.code.id == code_id), "")

    def find(self, query: str, limit: int | None = None) -> list[Entry]:
        """The codes matching ``query``, best first (all codes in tree order for an empty query)."""
        q = query.strip().lower()
        if not q:
            order = {c.id: i for i, c in enumerate(self.book.walk())}
            found = sorted(self.entries, key=lambda e: order.get(e.code.id, e.index))
            return found[:limit] if limit else found
        ranked: list[tuple[int, int, int, Entry]] = []
        for e in self.entries:
            rank = self._rank(e, q)
            if rank is not None:
                ranked.append((rank, len(e.path), e.index, e))
        ranked.sort(key=lambda r: r[:3])
        found = [r[3] for r in ranked]
        return found[:limit] if limit else found

    @staticmethod
    def _rank(e: Entry, q: str) -> int | None:
        code = e.code
        if e.hint == q:
            return 0
        if code.key and code.key.lower() == q:
            return 1
        if code.id.lower() == q or e.name == q or e.path == q:
            return 2
        if e.name.startswith(q) or e.initials.startswith(q) or code.id.lower().startswith(q):
            return 3
        if e.hint.startswith(q):
            return 4
        if q in e.path or q in e.path_initials or q in code.id.lower():
            return 5
        return None
