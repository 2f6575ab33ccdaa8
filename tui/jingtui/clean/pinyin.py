"""Pinyin annotations glued after Han characters, such as ``評(píng)``.

Some sites run an annotator that writes the reading of a character in parentheses right after it.
Every real annotation carries a tone mark, which is what tells it from legitimate parentheses:
``第(193)期``, ``一村(格)一警``, ``許可證(魯)字``, ``(WHO)``, ``(App)`` or ``(see)`` never match.

A damaged annotation has lost its opening parenthesis and its character, leaving ``?zhèn)``: the
character is gone, so it becomes U+FFFD (REPLACEMENT CHARACTER) and the caller raises a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jingtui.util.han import is_han

TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LETTERS = "a-zü" + TONE_MARKED
# One syllable with at least one tone mark, in parentheses.
_SYLLABLE = rf"[{_LETTERS}]*[{TONE_MARKED}][{_LETTERS}]*"
_ANNOTATION = re.compile(rf"\({_SYLLABLE}\)")
_DAMAGED = re.compile(rf"\?{_SYLLABLE}\)")
# A real syllable once the tone marks are taken off: initial, vowels, final n/ng/r (``café`` is not).
_PLAIN = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ", "aaaaeeeeiiiioooouuuuüüüünnnm")
_SYLLABLES = re.compile(r"^(?:(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:[aeiouü]{1,3}(?:ng|n|r)?|ng|n|m))$")
# Fast pre-check: no tone mark at all means no annotation.
_HAS_TONE = re.compile(f"[{TONE_MARKED}]")

REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class PinyinEdit:
    """One edit in a line: ``[start, end)`` of the line becomes ``replacement`` ("" or U+FFFD)."""

    start: int
    end: int
    replacement: str

    @property
    def damaged(self) -> bool:
        return self.replacement != ""


_is_han = is_han


def find_pinyin(line: str) -> list[PinyinEdit]:
    """The annotations of ``line`` to remove and the damaged ones to replace, in order.

    An annotation counts only when it follows a Han character (or U+FFFD / another annotation), so
    an English parenthesis like ``(café)`` after a Latin word is kept.
    """
    if not _HAS_TONE.search(line):
        return []
    edits: list[PinyinEdit] = []
    for match in _DAMAGED.finditer(line):
        if not _is_syllable(match.group()[1:-1]):
            continue
        edits.append(PinyinEdit(match.start(), match.end(), REPLACEMENT))
    damaged_ends = {e.end for e in edits}
    for match in _ANNOTATION.finditer(line):
        start = match.start()
        if start == 0 or not _is_syllable(match.group()[1:-1]):
            continue
        before = line[start - 1]
        if _is_han(before) or before == REPLACEMENT or start in damaged_ends or before == ")":
            if before == ")" and not _follows_annotation(line, start, edits):
                continue
            edits.append(PinyinEdit(start, match.end(), ""))
    edits.sort(key=lambda e: e.start)
    return edits


def _follows_annotation(line: str, start: int, edits: list[PinyinEdit]) -> bool:
    return any(e.end == start for e in edits)


def _is_syllable(word: str) -> bool:
    return bool(_SYLLABLES.match(word.translate(_PLAIN)))


def strip_pinyin(line: str) -> str:
    """``line`` with annotations removed and damaged ones replaced by U+FFFD."""
    edits = find_pinyin(line)
    if not edits:
        return line
    parts: list[str] = []
    pos = 0
    for edit in edits:
        parts.append(line[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(line[pos:])
    return "".join(parts)
