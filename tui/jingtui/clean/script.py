"""Which script an article is written in, and Traditional -> Simplified conversion.

Detection counts characters that exist in only one script (taken from OpenCC's own character tables):
``後 發 這`` are Traditional only, ``后 发 这`` Simplified only. Characters shared by both (``中 国 人``
is Simplified, but ``中 人`` are both) do not vote.

Conversion runs OpenCC ``t2s`` (opencc-python-reimplemented) line by line, then our phrase table
(``phrases.py``) on top. It is used only for documents detected as Traditional: running any
converter on Simplified text can damage it (``显著``, ``怎么``). Every step is length-preserving, so
converted character ``i`` comes from source character ``i``; a line where OpenCC would change the
length falls back to character-by-character conversion, which cannot.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from dataclasses import dataclass
from typing import Any

from jingtui.clean.phrases import apply_phrases
from jingtui.util.han import has_han

SIMPLIFIED = "simplified"
TRADITIONAL = "traditional"
UNKNOWN = "unknown"


def _dictionary_dir() -> str:
    import opencc

    return os.path.join(os.path.dirname(opencc.__file__), "dictionary")


def _read_table(name: str) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    with open(os.path.join(_dictionary_dir(), name), encoding="utf-8") as handle:
        for line in handle:
            key, _, values = line.rstrip("\n").partition("\t")
            if key:
                table[key] = values.split(" ")
    return table


@dataclass(frozen=True)
class ScriptTables:
    traditional_only: frozenset[str]
    simplified_only: frozenset[str]
    t2s_char: dict[str, str]  # first choice of TSCharacters, single characters only


@functools.lru_cache(maxsize=1)
def tables() -> ScriptTables:
    """Character sets derived from OpenCC's tables (loaded once)."""
    ts = _read_table("TSCharacters.txt")
    st = _read_table("STCharacters.txt")
    simplified_forms = set(st)
    for values in ts.values():
        simplified_forms.update(values)
    traditional_forms = set(ts)
    for values in st.values():
        traditional_forms.update(values)
    traditional_only = {k for k, v in ts.items() if k not in v and k not in simplified_forms}
    simplified_only = {k for k, v in st.items() if k not in v and k not in traditional_forms}
    t2s_char = {k: v[0] for k, v in ts.items() if len(k) == 1 and len(v[0]) == 1 and v[0] != k}
    return ScriptTables(frozenset(traditional_only), frozenset(simplified_only), t2s_char)


def script_counts(text: str) -> tuple[int, int]:
    """(Traditional-only, Simplified-only) character counts of ``text``."""
    t = tables()
    counts = Counter(text)
    trad = sum(counts[ch] for ch in t.traditional_only.intersection(counts))
    simp = sum(counts[ch] for ch in t.simplified_only.intersection(counts))
    return trad, simp


def detect_script(text: str) -> str:
    """``traditional``, ``simplified`` or ``unknown`` (no Han text that tells them apart).

    Traditional needs at least three Traditional-only characters and three times as many as
    Simplified-only ones: a Simplified article quoting a name in Traditional stays Simplified.
    """
    trad, simp = script_counts(text)
    if trad >= 3 and trad >= 3 * simp:
        return TRADITIONAL
    if simp or trad:
        return SIMPLIFIED
    han = has_han(text)
    return SIMPLIFIED if han else UNKNOWN


@functools.lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def _convert_chars(line: str) -> str:
    table = tables().t2s_char
    return "".join(table.get(ch, ch) for ch in line)


def convert_line(line: str) -> str:
    """Traditional ``line`` in Simplified script, same length as ``line``."""
    if not line:
        return line
    converted = _converter().convert(line)
    if len(converted) != len(line):
        converted = _convert_chars(line)
    converted = apply_phrases(line, converted)
    return converted


def to_simplified(text: str) -> str:
    """Convert a whole Traditional text line by line (length-preserving)."""
    return "\n".join(convert_line(line) for line in text.split("\n"))
