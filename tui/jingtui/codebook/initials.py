"""Pinyin initials of Chinese text without a pinyin library: ``initials("物价") == "wj"``.

The 3,755 characters of GB2312 level 1 (the common ones: they cover about 99.7% of modern text) are
ordered by their pinyin in that character set, so the code of a character says its first letter: 23
boundaries make the table. Characters outside it (rare ones, Traditional forms that GB2312 lacks) give
no letter and are matched as themselves; Latin letters and digits stand for themselves.

Why not ``pypinyin``: a code picker needs the first letters only, and pypinyin's dictionaries (several
megabytes, ~0.2 s to import) would cost more than the whole codebook at startup.
"""

from __future__ import annotations

from bisect import bisect_right

# First GB2312 code (high byte << 8 | low byte) of each initial; level 1 ends at 0xD7F9.
_STARTS = (0xB0A1, 0xB0C5, 0xB2C1, 0xB4EE, 0xB6EA, 0xB7A2, 0xB8C1, 0xB9FE, 0xBBF7, 0xBFA6, 0xC0AC, 0xC2E8,
           0xC4C3, 0xC5B6, 0xC5BE, 0xC6DA, 0xC8BB, 0xC8F6, 0xCBFA, 0xCDDA, 0xCEF4, 0xD1B9, 0xD4D1)
_LETTERS = "abcdefghjklmnopqrstwxyz"
_LEVEL1_END = 0xD7F9


def initial(ch: str) -> str:
    """The first letter of the pinyin of one character, the character lower-cased if it is a Latin letter or
    digit, "" otherwise."""
    if ch.isascii():
        return ch.lower() if ch.isalnum() else ""
    try:
        data = ch.encode("gb2312")
    except UnicodeEncodeError:
        return ""
    if len(data) != 2:
        return ""
    code = data[0] << 8 | data[1]
    if not _STARTS[0] <= code <= _LEVEL1_END:
        return ""
    return _LETTERS[bisect_right(_STARTS, code) - 1]


def initials(text: str) -> str:
    """The initials of ``text``: one letter per character that has one (``经济/物价`` -> ``jjwj``)."""
    return "".join(initial(ch) for ch in text)
