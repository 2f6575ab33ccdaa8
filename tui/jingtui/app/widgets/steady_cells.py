"""Text that every terminal draws at the width Rich counts, for rows that line a column up (the corpus
search's hits: the hit starts at the same cell in every row).

Rich and Textual count each character of East Asian Width "ambiguous" as one cell: the curly quotes
‘ ’ “ ”, the ellipsis …, the dashes — ―, the middle dot ·, ①, °, Greek letters, even é. A terminal set
for Chinese (or a CJK font) draws them two cells wide, so a row that holds one more of them than the
next pushes its hit a cell to the right. Characters Rich counts as no cell are as bad: a tab moves to
the next tab stop, a soft hyphen or a variation selector is drawn by some terminals and not by others,
flags and skin tones are joined into one glyph or not.

:func:`steady` rewrites a string so that every character left is one whose width terminals agree on,
and whose width Rich counts the same (so cutting and padding by :func:`rich.cells.cell_len` is exact,
character by character): a narrow look-alike for the punctuation of Chinese text (‘ ’ → ', “ ” → ",
— → -, · → ・), the decomposed or compatibility form where Unicode gives one (é → e and its accent,
… → ..., ① → 1), nothing for format characters, a space for control characters, ``?`` for the rest.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rich.cells import cell_len

UNSHOWN = "?"  # a character no terminal draws at a width known beforehand, and no look-alike
LOOK_ALIKES = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-",
    "·": "・", "•": "・", "‧": "・", "∙": "・",
    "○": "〇", "◯": "〇", "°": "ᵒ", "℃": "ᵒC",
}
# width by East Asian Width, for the general categories drawn as glyphs of their own
_SPACING = ("L", "N", "P", "S", "Zs")
_WIDTH = {"Na": 1, "H": 1, "N": 1, "W": 2, "F": 2}


def _joined_by_terminals(ch: str) -> bool:
    """Flags (regional indicators), skin tones and variation selectors: some terminals join them with
    their neighbours into one glyph, others draw each."""
    code = ord(ch)
    return (0x1F1E6 <= code <= 0x1F1FF or 0x1F3FB <= code <= 0x1F3FF or 0xFE00 <= code <= 0xFE0F
            or 0xE0100 <= code <= 0xE01EF)


def certain_width(ch: str) -> int | None:
    """The cells every terminal gives ``ch`` (and Rich counts), or None when terminals differ."""
    if _joined_by_terminals(ch):
        return None
    category = unicodedata.category(ch)
    if category in ("Mn", "Me"):  # a combining mark rides on the character before it
        expected: int | None = 0
    elif category.startswith(_SPACING):
        expected = _WIDTH.get(unicodedata.east_asian_width(ch))  # "A" (ambiguous): None
    else:  # controls, format characters, line separators, private use, unassigned, spacing marks
        expected = None
    return expected if expected is not None and cell_len(ch) == expected else None


@lru_cache(maxsize=8192)
def steady_char(ch: str) -> str:
    """``ch`` itself when its width is certain, else what stands for it (see the module's docstring)."""
    if certain_width(ch) is not None:
        return ch
    if ch in LOOK_ALIKES:
        return LOOK_ALIKES[ch]
    category = unicodedata.category(ch)
    if category in ("Cc", "Zl", "Zp"):
        return " "
    if category == "Cf" or _joined_by_terminals(ch):
        return ""
    for form in ("NFD", "NFKC", "NFKD"):
        other = unicodedata.normalize(form, ch)
        if other != ch and all(certain_width(c) is not None for c in other):
            return other
    return UNSHOWN


def steady(text: str) -> str:
    """``text`` with every character of uncertain width replaced (see the module's docstring)."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(map(steady_char, text))
