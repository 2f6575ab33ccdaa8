"""Sentence and clause boundaries in Chinese text, aware of quotation marks.

Offsets are code points into the given text; spans never contain a newline and carry no leading or
trailing whitespace. The reader (sentence motions) and the detectors share these helpers.
"""

from __future__ import annotations

import re
from typing import Any

from jingtui.util.han import is_han

# Characters that end a sentence. ASCII ! ? ; count only next to Han text (see _is_cjk_context).
SENTENCE_END = frozenset("。！？；…!?;")
# Characters that end a clause (besides sentence ends). ASCII , : only next to Han text.
CLAUSE_END = frozenset("，、：,:")
ENUMERATION = "、"
_CLAUSE_TRIM = SENTENCE_END | CLAUSE_END  # left out at the end of a clause, 、 included
OPENING_QUOTES = "“‘「『《〈【〔（(\""
CLOSING_QUOTES = "”’」』》〉】〕）)\""
_PAIRS = dict(zip("“‘「『《〈【〔（(", "”’」』》〉】〕）)", strict=True))
# Trailing characters that still belong to the sentence that just ended.
_TRAILERS = frozenset("”’」』》〉】〕）)\"…")
_LEADING_JUNK = re.compile(r"^[\s——\-–•·●▪■◆◇○※*>]+")
_ASCII_SOFT = frozenset("!?;,:")


_is_han = is_han


def _is_cjk_context(text: str, i: int) -> bool:
    """An ASCII punctuation mark at ``i`` acts as Chinese punctuation when it touches Han text."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before.isdigit() and after.isdigit():
        return False  # 1,000 or 14:22
    return bool((before and (_is_han(before) or before in CLOSING_QUOTES))
                or (after and (_is_han(after) or after in OPENING_QUOTES)))


def _trim(text: str, start: int, end: int, strip_leading_junk: bool = False) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if strip_leading_junk and start < end:
        m = _LEADING_JUNK.match(text, start, end)
        if m and m.end() < end:
            start = m.end()
    return start, end


def _split(text: str, stops: frozenset[Any], *, quote_aware: bool, strip_leading_junk: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    depth: list[str] = []  # expected closing quotes
    i = 0

    def emit(end: int) -> None:
        s, e = _trim(text, start, end, strip_leading_junk)
        if s < e:
            spans.append((s, e))

    # Only newlines, quotation marks and stops matter: jump from one to the next.
    interesting = re.compile("[" + re.escape("".join(sorted(set(stops) | set("\n\"“‘「『”’」』")))) + "]")
    while i < n:
        m = interesting.search(text, i)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if ch == "\n":
            emit(i)
            depth.clear()
            start = i + 1
            i += 1
            continue
        if quote_aware:
            if ch == '"':  # ASCII double quote: toggles, when a partner follows on the line
                line_end = text.find("\n", i)
                if depth and depth[-1] == '"':
                    depth.pop()
                elif text.find('"', i + 1, n if line_end < 0 else line_end) >= 0:
                    depth.append('"')
                i += 1
                continue
            if ch in _PAIRS and ch not in "《〈【〔（(":
                # Only a quotation that closes on the same line counts (damaged text has strays).
                line_end = text.find("\n", i)
                if text.find(_PAIRS[ch], i + 1, n if line_end < 0 else line_end) >= 0:
                    depth.append(_PAIRS[ch])
                i += 1
                continue
            if depth and ch == depth[-1]:
                depth.pop()
                i += 1
                continue
        if ch in stops and (ch not in _ASCII_SOFT or _is_cjk_context(text, i)):
            # Inside quotation marks a stop only counts when the quotation closes right after it.
            j = i + 1
            while j < n and text[j] in stops and text[j] in SENTENCE_END and text[j] != "\n":
                j += 1  # runs such as …… or ？！
            if depth:
                k = j
                while k < n and depth and text[k] == depth[-1]:
                    depth.pop()
                    k += 1
                if k == j or ch not in SENTENCE_END:
                    i = j
                    continue
                j = k
            else:
                while j < n and text[j] in _TRAILERS and text[j] not in OPENING_QUOTES:
                    j += 1
            emit(j)
            start = j
            i = j
            continue
        i += 1
    emit(n)
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of ``text`` as ``(start, end)`` offsets, in order.

    A sentence ends at 。！？；… (and ASCII !?; next to Han text), at a line end, and takes the closing
    quotation marks that follow its end (``……。”``). A stop inside quotation marks does not end the
    sentence unless the quotation closes right after it.
    """
    return _split(text, SENTENCE_END, quote_aware=True, strip_leading_junk=False)


def clause_spans(text: str, *, enumeration: bool = True) -> list[tuple[int, int]]:
    """Clauses of ``text``: sentences further cut at ，、： (ASCII , : next to Han text).

    Punctuation inside quotation marks does not cut (``“转观念促发展，转作风促落实”`` stays whole).
    The cutting punctuation itself is left out of the span.
    With ``enumeration=False`` the enumeration comma 、 does not cut either, so a clause keeps its
    list of items together. Leading dashes and bullets (``——``) are left out of the span.
    """
    stops = SENTENCE_END | CLAUSE_END
    if not enumeration:
        stops = stops - {ENUMERATION}
    spans = []
    for start, end in _split(text, frozenset(stops), quote_aware=True, strip_leading_junk=True):
        while end > start and (text[end - 1] in _CLAUSE_TRIM or text[end - 1].isspace()):
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def merge_enumerations(text: str, clauses: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``clause_spans(text)`` joined back across the enumeration comma 、: the same spans as
    ``clause_spans(text, enumeration=False)`` without a second pass over the text."""
    merged: list[tuple[int, int]] = []
    for start, end in clauses:
        if merged:
            gap = text[merged[-1][1]:start]
            if gap.strip() == ENUMERATION:
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged


def span_containing(spans: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The span of ``spans`` (sorted, disjoint) that contains ``offset``, or None."""
    from bisect import bisect_right

    i = bisect_right(spans, (offset, float("inf"))) - 1
    if 0 <= i < len(spans) and spans[i][0] <= offset < spans[i][1]:
        return spans[i]
    return None
