"""Damaged-text detector: spans of the original that the reviewer should not trust.

It runs on the original text, before any conversion, and only reports: nothing is hidden or
repaired here. Each detector is a small function returning ``Damage`` spans; ``find_damage`` runs
them all and merges overlapping reports of the same kind.

Kinds: ``replacement`` (U+FFFD), ``private-use`` (U+E000-U+F8FF, planes 15-16), ``entity`` (an HTML
entity name that lost its ``&``, like ``ldquo;``, or an unexpanded ``&nbsp;``), ``glued-question-mark``
(a ``?`` inside Han text where no question is asked: what is left when a decoder drops a byte),
``rare-run`` (several uncommon characters close together: GBK bytes read out of step),
``mixed-script`` (a cluster of characters of the other script inside a run of Han text),
``pinyin-damaged`` (reported by the pipeline from ``pinyin.py``).
"""

from __future__ import annotations

import contextlib
import functools
import re
from bisect import bisect_left
from collections.abc import Iterator, Set
from dataclasses import dataclass

from jingtui.clean.script import SIMPLIFIED, TRADITIONAL, tables
from jingtui.util.han import is_han

MESSAGES = {
    "replacement": "Replacement character: the original bytes could not be decoded here.",
    "private-use": "Private-use character: a font-specific glyph with no standard meaning.",
    "entity": "Stranded HTML entity: a quotation mark or space was lost here.",
    "glued-question-mark": "Question mark inside Han text with no question: probably a lost character.",
    "rare-run": "Cluster of rare characters: probably garbled bytes, not real words.",
    "mixed-script": "Characters of the other script inside this run: probably garbled bytes.",
    "pinyin-damaged": "Damaged pinyin annotation: the annotated character is lost.",
}


@dataclass(frozen=True)
class Damage:
    start: int  # offsets in the text given to find_damage
    end: int
    kind: str

    @property
    def message(self) -> str:
        return MESSAGES.get(self.kind, "Suspicious text.")


_is_han = is_han


_REPLACEMENT = re.compile("\ufffd+")
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]+")
_ENTITY_NAMES = (
    "ldquo|rdquo|lsquo|rsquo|nbsp|mdash|ndash|hellip|middot|quot|amp|lt|gt|bull|times|copy|reg|"
    "laquo|raquo|emsp|ensp|thinsp|deg|yen|sect|para|rarr|larr"
)
# "ldquo;" not preceded by a letter or "&", or a full "&name;" / "&#123;" left unexpanded.
_ENTITY = re.compile(rf"(?<![A-Za-z&])(?:{_ENTITY_NAMES});|&(?:{_ENTITY_NAMES}|#x?[0-9a-fA-F]+);")
_QUESTION_WORDS = re.compile(
    "[吗嗎呢么麼麽谁誰哪何几幾怎啥岂豈难難]|什么|什麼|甚麼|多少|是否|是不是|有没有|有沒有|能否|可否|对不对|對不對|好不好"
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _regex_damage(text: str, pattern: re.Pattern[str], kind: str) -> list[Damage]:
    return [Damage(m.start(), m.end(), kind) for m in pattern.finditer(text)]


def find_replacement(text: str) -> list[Damage]:
    return _regex_damage(text, _REPLACEMENT, "replacement")


def find_private_use(text: str) -> list[Damage]:
    return _regex_damage(text, _PRIVATE, "private-use")


def find_entities(text: str) -> list[Damage]:
    return _regex_damage(text, _ENTITY, "entity")


def find_glued_question_marks(text: str) -> list[Damage]:
    """``?`` right after a Han character and followed by ``。，`` or Latin letters (``兼?。``,
    ``打?ldquo;``); or followed by Han in a sentence with no question word, when that happens at least
    twice in the same line (``怎么办?霍先生`` is a question, one ``控制?明星`` may be rhetorical)."""
    strong: list[Damage] = []
    weak: list[Damage] = []
    ends: list[int] | None = None
    for index in _iter_question_marks(text):
        if index == 0 or not _is_han(text[index - 1]):
            continue
        after = text[index + 1] if index + 1 < len(text) else "\n"
        if after in "。，、；," or after.isascii() and after.isalpha():
            strong.append(Damage(index, index + 1, "glued-question-mark"))
            continue
        if not _is_han(after):
            continue
        if ends is None:  # sentence ends, found once
            ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        k = bisect_left(ends, index - 1)  # the sentence so far: back to the previous sentence end
        begin = ends[k - 1] if k else -1
        if not _QUESTION_WORDS.search(text, begin + 1, index):
            weak.append(Damage(index, index + 1, "glued-question-mark"))
    # One "?" between Han characters in a line may be a rhetorical question; several are lost characters.
    kept: list[Damage] = []
    if len(weak) >= 2:
        newlines = [m.start() for m in re.finditer("\n", text)]
        per_line: dict[int, list[Damage]] = {}
        for d in weak:
            per_line.setdefault(bisect_left(newlines, d.start), []).append(d)
        kept = [d for group in per_line.values() if len(group) >= 2 for d in group]
    return sorted(strong + kept, key=lambda d: d.start)


def _iter_question_marks(text: str) -> Iterator[int]:
    start = text.find("?")
    while start != -1:
        yield start
        start = text.find("?", start + 1)


@functools.lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """The 3,755 characters of GB 2312 level 1 (the common ones), plus the Traditional forms of
    those, via OpenCC's character table, plus common written-Cantonese characters."""
    chars = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((high, low)).decode("gb2312"))
    for trad, simp in tables().t2s_char.items():
        if simp in chars:
            chars.add(trad)
    chars.update(CANTONESE)
    return frozenset(chars)


# Characters of written Cantonese, common in Hong Kong news quotes (rare in GB 2312, not garbled).
CANTONESE = set("佢哋咗嚟嘅喺冇唔啲嗰噉咁乜嘢睇俾嚿啱咩嘛嘞喇囉噃㗎嗮揾搵攞嘥瞓諗冚嗌嗱哂畀咪呢嘢乸嘈")


RARE_WINDOW = 8
RARE_MIN = 4


def _positions(text: str, chars: Set[str]) -> list[int]:
    """Offsets in ``text`` of any of ``chars`` (a regex of just these, so the scan runs in C)."""
    if not chars:
        return []
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in chars) + "]")
    return [m.start() for m in pattern.finditer(text)]


def _is_odd_char(ch: str, common: frozenset[str], kana_ok: bool) -> bool:
    """A character unlikely in Chinese news text: a rare Han character, private-use, U+FFFD, or
    (in a text that is not Japanese) kana."""
    if ch in common:
        return False
    if _is_han(ch):
        return True
    code = ord(ch)
    if 0xE000 <= code <= 0xF8FF or ch == "\ufffd":
        return True
    return not kana_ok and 0x3040 <= code <= 0x30FF


def find_rare_runs(text: str) -> list[Damage]:
    """At least ``RARE_MIN`` odd characters (rare Han, private-use, stray kana, U+FFFD) within
    ``RARE_WINDOW`` consecutive characters: garbled bytes, not words."""
    common = common_characters()
    unusual = set(text) - common
    if not unusual:
        return []
    kana_chars = [ch for ch in unusual if "\u3040" <= ch <= "\u30ff"]
    kana_ok = bool(kana_chars) and sum(text.count(ch) for ch in kana_chars) > 0.05 * max(1, len(text))
    odd = {ch for ch in unusual if _is_odd_char(ch, common, kana_ok)}
    if not odd:
        return []
    hits = _positions(text, odd)
    if len(hits) < RARE_MIN:
        return []
    found: list[Damage] = []
    for k in range(len(hits) - RARE_MIN + 1):
        first, last = hits[k], hits[k + RARE_MIN - 1]
        if last - first < RARE_WINDOW and "\n" not in text[first:last]:
            found.append(Damage(first, last + 1, "rare-run"))
    return found


MIXED_WINDOW = 8
MIXED_MIN = 3


def find_mixed_script(text: str, script: str) -> list[Damage]:
    """At least ``MIXED_MIN`` characters of the other script among ``MIXED_WINDOW`` consecutive Han
    characters. A single stray character (a name) is not reported."""
    t = tables()
    if script == TRADITIONAL:
        other = t.simplified_only
    elif script == SIMPLIFIED:
        other = t.traditional_only
    else:
        return []
    hits = _positions(text, other.intersection(text))
    if len(hits) < MIXED_MIN:
        return []
    found: list[Damage] = []
    for k in range(len(hits) - MIXED_MIN + 1):
        first, last = hits[k], hits[k + MIXED_MIN - 1]
        if last - first < MIXED_WINDOW and all(_is_han(ch) for ch in text[first : last + 1]):
            found.append(Damage(first, last + 1, "mixed-script"))
    return found


MERGE_GAP = 2  # spans of one kind this close together are one site
MAX_REPORTS = 300  # per text: beyond this the page is garbled throughout, and more warnings do not help


def merge(damages: list[Damage]) -> list[Damage]:
    """Sort, and merge spans of the same kind that overlap or nearly touch; at most MAX_REPORTS."""
    merged: list[Damage] = []
    for damage in sorted(damages, key=lambda d: (d.kind, d.start, d.end)):
        if merged and merged[-1].kind == damage.kind and damage.start <= merged[-1].end + MERGE_GAP:
            last = merged[-1]
            merged[-1] = Damage(last.start, max(last.end, damage.end), last.kind)
        else:
            merged.append(damage)
    merged.sort(key=lambda d: (d.start, d.end, d.kind))
    return merged[:MAX_REPORTS]


def find_damage(text: str, script: str = SIMPLIFIED, skip: tuple[tuple[int, int], ...] = ()) -> list[Damage]:
    """Every damaged span of ``text``; ``skip`` spans (already reported, such as damaged pinyin)
    are not reported again as glued question marks."""
    skipped = {i for start, end in skip for i in range(start, end)}

    def fresh(found: list[Damage]) -> list[Damage]:
        return [d for d in found if not all(i in skipped for i in range(d.start, d.end))]

    damages: list[Damage] = []
    damages += fresh(find_replacement(text))
    damages += find_private_use(text)
    damages += find_entities(text)
    damages += fresh(find_glued_question_marks(text))
    damages += find_rare_runs(text)
    damages += find_mixed_script(text, script)
    return merge(damages)
