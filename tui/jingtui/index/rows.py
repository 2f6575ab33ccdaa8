"""What the corpus index knows of one file: an :class:`IndexRow`, and the facts read from an article.

A row fills in stages (:class:`Stage`): ``FOUND`` (discovery: path, size, modification time, the
reason a file is skipped), ``READ`` (the reader's metadata, counts and problems) and ``CLEANED`` (the
cleaned text's Simplified title, script, warnings and opening line). Everything here is plain values;
nothing reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from jingtui.clean.model import CleanText
    from jingtui.corpus.model import Article

OPENING_CHARS = 60  # of the cleaned text's first line, for an article with no headline


class Stage(IntEnum):
    """How far a row is filled in."""

    FOUND = 0
    READ = 1
    CLEANED = 2


@dataclass(frozen=True, slots=True)
class ReadFacts:
    """The reader's facts of one article (what ``jingtui list`` prints)."""

    sha256: str
    title: str | None
    subtitle: str | None
    source: str | None
    author: str | None
    date: str | None
    url: str | None
    categories: tuple[str, ...]
    format: str
    encoding: str | None
    size: int
    chars: int
    blocks: int
    problems: tuple[str, ...]
    ok: bool


@dataclass(frozen=True, slots=True)
class CleanFacts:
    """The cleaned text's facts of one article (what the app's list shows)."""

    title: str  # Simplified: the cleaned text's title line, else the reader's title converted
    script: str
    warnings: int
    opening: str  # the start of the cleaned text's first line


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One file of the corpus as the index holds it (``path`` relative to the corpus, ``/`` separators)."""

    path: str
    size: int
    mtime_ns: int
    skip: str | None  # why the file is not read (documentation, too large, a broken link), else None
    stage: Stage
    read: ReadFacts | None  # None until read once; after a change, the old facts until read again
    clean: CleanFacts | None  # None until cleaned once; likewise

    @property
    def title(self) -> str:
        """The best title known: the cleaned (Simplified) one, the reader's, else ""."""
        if self.clean is not None and self.clean.title:
            return self.clean.title
        return (self.read.title or "") if self.read is not None else ""

    @property
    def source(self) -> str:
        return (self.read.source or "") if self.read is not None else ""

    @property
    def date(self) -> str:
        return (self.read.date or "") if self.read is not None else ""

    @property
    def problem(self) -> str:
        """The first problem sentence ("" when none): the skip reason, the reader's, or no text."""
        if self.skip:
            return self.skip
        if self.read is not None:
            if self.read.problems:
                return self.read.problems[0]
            if not self.read.ok:
                return "No text."
        return ""

    @property
    def flagged(self) -> bool:
        """Problems or damaged text: the list shows a warning sign."""
        return bool(self.problem) or (self.clean is not None and self.clean.warnings > 0)


class ListRow(NamedTuple):
    """What a list of articles shows of a row (read without building the facts: 100,000 in a blink)."""

    path: str
    title: str  # the best known (see :attr:`IndexRow.title`)
    source: str
    date: str
    skip: str  # "" when the file is read
    problem: str  # the first problem sentence, "" when none (see :attr:`IndexRow.problem`)
    warnings: int
    opening: str
    stage: int


def read_facts(article: Article) -> ReadFacts:
    """The facts of an article as the reader made it."""
    meta = article.meta
    return ReadFacts(article.content_sha256, meta.title, meta.subtitle, meta.source, meta.author, meta.date,
                     meta.url, tuple(meta.categories), article.format, article.encoding, article.size,
                     len(article.original), len(article.blocks), tuple(article.problems), article.ok)


def clean_facts(title: str, clean: CleanText) -> CleanFacts:
    """The facts of a cleaned text; ``title`` is the article's Simplified title (``clean/titles.py``)."""
    text = clean.text
    first = next((line.strip() for line in text.split("\n", 3) if line.strip()), "")
    return CleanFacts(title, clean.script, len(clean.warnings), first[:OPENING_CHARS])
