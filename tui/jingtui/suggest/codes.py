"""Suggestions under the codebook: which detectors run, and the code each detector's suggestions get.

A code says which built-in detector suggests it (``suggested_by``: metric, slogan or anecdote). The first
code in file order with a detector receives its suggestions (their ``label`` becomes that code's id); a
detector no code names does not run. With the default codebook nothing changes: its codes are the three
detectors' names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from jingtui.codebook import DETECTORS, Codebook
from jingtui.suggest.model import Suggestion


def detectors_for(book: Codebook, wanted: Iterable[str] | None = None) -> tuple[str, ...]:
    """The detectors to run: those a code of ``book`` names, limited to ``wanted`` (detector names or
    code ids, or None for all)."""
    named = {c.suggested_by for c in book.codes if c.suggested_by}
    if wanted is None:
        return tuple(d for d in DETECTORS if d in named)
    chosen: set[str] = set()
    for item in wanted:
        code = book.code(item)
        if code is not None and code.suggested_by:
            chosen.add(code.suggested_by)
        elif item in DETECTORS:
            chosen.add(item)
    return tuple(d for d in DETECTORS if d in chosen and d in named)


def code_of_detector(book: Codebook) -> dict[str, str]:
    """``{detector: code id}`` for the detectors a code names."""
    return {d: code.id for d in DETECTORS if (code := book.for_detector(d)) is not None}


def as_codes(found: Iterable[Suggestion], book: Codebook) -> list[Suggestion]:
    """The suggestions with each detector's label replaced by its code's id (those of a detector no
    code names are left out)."""
    mapping = code_of_detector(book)
    out = []
    for s in found:
        code = mapping.get(s.label)
        if code is None:
            continue
        out.append(s if code == s.label else replace(s, label=code))
    return out
