"""Han characters: the one definition of which code points are Chinese characters.

``HAN`` is the body of a regular-expression character class (use it as ``f"[{HAN}]"``): CJK Unified
Ideographs with Extension A, the compatibility ideographs, and Extensions B to H in the supplementary
planes (𠮷 is Han). ``CJK_TEXT`` widens it to what sits inside Chinese running text: radicals, CJK
punctuation and full-width forms.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_TEXT = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0003134f"

HAN_RE = re.compile(f"[{HAN}]")


def is_han(ch: str) -> bool:
    """Whether the one character ``ch`` is a Han character."""
    return bool(ch) and HAN_RE.fullmatch(ch) is not None


def count_han(text: str) -> int:
    """How many Han characters ``text`` holds."""
    return len(HAN_RE.findall(text))


def has_han(text: str) -> bool:
    """Whether ``text`` holds at least one Han character."""
    return HAN_RE.search(text) is not None
