"""Figures per code (with the claims of the codes below each one) and per value of each document variable.

Pure: takes the codebook, the claims and the articles' variables; ``jingtui stats`` and the corpus view
show what comes out. A code no longer in the codebook is listed after the others as unknown, never lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from jingtui.codebook import Codebook
from jingtui.codebook.values import format_value

if TYPE_CHECKING:
    from jingtui.store.model import Claim

NO_VALUE = "(not set)"


@dataclass
class CodeCount:
    id: str
    path: str
    depth: int
    claims: int  # active claims of this code
    rolled_up: int  # active claims of this code and every code below it
    articles: int  # articles with at least one claim of this code
    known: bool = True  # False: claims use it but the codebook has no such code

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ValueCount:
    value: str
    articles: int = 0
    claims: int = 0
    per_code: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _active(claims: Iterable[Claim]) -> list[Claim]:
    return [c for c in claims if c.status == "active"]


def code_counts(book: Codebook, claims: Iterable[Claim]) -> list[CodeCount]:
    """One row per code in tree order (then unknown codes by name), with claims and articles counted."""
    active = _active(claims)
    per_code = Counter(c.label for c in active)
    articles: dict[str, set[str]] = {}
    for c in active:
        articles.setdefault(c.label, set()).add(c.article)
    rows = []
    for code in book.walk():
        below = sum(per_code.get(d.id, 0) for d in book.descendants(code.id))
        rows.append(CodeCount(code.id, book.path_of(code.id), book.depth(code.id), per_code.get(code.id, 0),
                              per_code.get(code.id, 0) + below, len(articles.get(code.id, ()))))
    for label in sorted(set(per_code) - set(book.ids)):
        rows.append(CodeCount(label, label, 0, per_code[label], per_code[label], len(articles[label]), known=False))
    return rows


def unknown_codes(book: Codebook, claims: Iterable[Claim]) -> dict[str, int]:
    """``{code: claims}`` of the codes claims use that the codebook does not have (all statuses)."""
    counts = Counter(c.label for c in claims if c.label not in book)
    return dict(sorted(counts.items()))


def by_variable(book: Codebook, variables: Mapping[str, Mapping[str, Any]], claims: Iterable[Claim],
                articles: Iterable[str]) -> dict[str, list[ValueCount]]:
    """For each document variable of ``book``: per value, the articles that have it, their active claims
    and those per code. ``variables`` is ``{article: {variable id: value}}``; ``articles`` every article
    (those without a value count under "(not set)")."""
    active = _active(claims)
    per_article: dict[str, Counter[str]] = {}
    for c in active:
        per_article.setdefault(c.article, Counter())[c.label] += 1
    paths = list(dict.fromkeys([*articles, *per_article]))
    result: dict[str, list[ValueCount]] = {}
    for var in book.variables:
        rows: dict[str, ValueCount] = {v: ValueCount(v) for v in var.choices}
        for path in paths:
            raw = (variables.get(path) or {}).get(var.id)
            value = format_value(raw) if raw not in (None, "") else NO_VALUE
            row = rows.setdefault(value, ValueCount(value))
            row.articles += 1
            counts = per_article.get(path, Counter())
            row.claims += sum(counts.values())
            for code, n in counts.items():
                row.per_code[code] = row.per_code.get(code, 0) + n
        result[var.id] = list(rows.values())
    return result
