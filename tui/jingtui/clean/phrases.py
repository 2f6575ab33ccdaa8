"""Our own conversion rules on top of OpenCC ``t2s`` (Traditional documents only).

OpenCC ``t2s`` keeps ``著`` everywhere, because in Traditional script it writes both *zhù*
(``著名``, ``顯著``: Simplified ``著``) and *zhe/zháo/zhuó* (``守護著``, ``著急``, ``著陸``:
Simplified ``着``). ``tw2s`` turns every one into ``着`` and so breaks ``顯著``. Our rule: in a
Traditional document ``著`` becomes ``着`` unless it is part of one of the *zhù* words below.

``PHRASES`` fixes a few words ``t2s`` gets wrong for mainland usage (``甚麼``, the HK variant ``衞``).
Every entry has the same length on both sides, so the offset map stays one-to-one.

Change this file and the cleaning cache is invalidated (its source is part of the pipeline version).
"""

from __future__ import annotations

import re

# Traditional phrase -> Simplified phrase, same length.
PHRASES: dict[str, str] = {
    "甚麼": "什么",
    "甚么": "什么",
    "衞": "卫",
}

# Words where 著 reads zhù and stays 著 in Simplified (spelled as they appear in Traditional text;
# a few also in Simplified spelling, for mixed pages).
ZHU_WORDS: tuple[str, ...] = (
    "著名", "顯著", "显著", "名著", "著作", "土著", "著述", "著稱", "著称", "著書", "著书",
    "原著", "巨著", "鉅著", "專著", "专著", "編著", "编著", "昭著", "卓著", "著者", "論著",
    "论著", "遺著", "遗著", "譯著", "译著", "合著", "新著", "拙著", "著錄", "著录", "撰著",
    "所著", "彰著", "較著", "较著", "著有", "著文", "著說", "著说",
)

for _k, _v in PHRASES.items():
    assert len(_k) == len(_v), (_k, _v)

_PHRASE_RE = re.compile("|".join(sorted(map(re.escape, PHRASES), key=len, reverse=True)))
_ZHU_RE = re.compile("|".join(map(re.escape, ZHU_WORDS)))


def apply_phrases(source: str, converted: str) -> str:
    """Apply our table to ``converted`` (OpenCC's output for ``source``, same length)."""
    if len(source) != len(converted):
        return converted
    has_zhu = "著" in source
    if not has_zhu and not _PHRASE_RE.search(source):
        return converted
    chars = list(converted)
    for match in _PHRASE_RE.finditer(source):
        chars[match.start() : match.end()] = PHRASES[match.group()]
    if has_zhu:
        keep: set[int] = set()
        for match in _ZHU_RE.finditer(source):
            keep.update(range(match.start(), match.end()))
        for index, ch in enumerate(source):
            if ch == "著" and index not in keep:
                chars[index] = "着"
    return "".join(chars)
