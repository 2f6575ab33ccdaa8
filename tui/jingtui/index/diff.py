"""What changed in a folder since the index last looked: a pure comparison of two listings.

A file is *changed* when its size or modification time differ from the index's (a touched file whose
bytes are the same is read again, finds the same content hash, and keeps its claims' anchors as they
were); *added* and *removed* are the files only in one listing. Skip reasons count too: a file that
became too large, or stopped being a broken link, is changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Seen:
    """One file as discovery sees it: no read, only ``stat``."""

    path: str
    size: int
    mtime_ns: int
    skip: str | None = None


@dataclass(frozen=True)
class Changes:
    """Paths added, changed and removed (each in the order found)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def sentence(self) -> str:
        """"2 added, 1 changed" ("" when nothing changed)."""
        parts = [f"{len(paths)} {what}" for paths, what in
                 ((self.added, "added"), (self.changed, "changed"), (self.removed, "removed")) if paths]
        return ", ".join(parts)


def compare(indexed: Mapping[str, Seen], found: Iterable[Seen]) -> Changes:
    """The changes that turn the listing ``indexed`` (by path) into ``found``."""
    changes = Changes()
    present = set()
    for seen in found:
        present.add(seen.path)
        old = indexed.get(seen.path)
        if old is None:
            changes.added.append(seen.path)
        elif (old.size, old.mtime_ns, old.skip) != (seen.size, seen.mtime_ns, seen.skip):
            changes.changed.append(seen.path)
    changes.removed.extend(path for path in indexed if path not in present)
    return changes
