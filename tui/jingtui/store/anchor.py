"""Re-anchoring: put claims back on an article's cleaned text after the text changed.

Pure functions. A claim carries its quote, up to 32 characters of context on each side and the
``text_sha256`` of the text its offsets refer to. When the text changes, the quote is looked for:

1. exact occurrences of the quote, ranked by how much of the stored context they share (characters of
   the prefix matching backwards plus characters of the suffix matching forwards), then by distance to
   the old offset; this covers "exact with context" and "exact quote alone";
2. otherwise a fuzzy match: windows around the regions that share text with the quote
   (``difflib``), refined edge by edge, kept if their similarity ratio with the quote is >= 0.8;
3. otherwise the claim is marked ``orphaned``: offsets kept, never deleted.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Callable

from jingtui.store.model import CONTEXT_CHARS, Claim

FUZZY_THRESHOLD = 0.8
ToOriginal = Callable[[int, int], "tuple[int, int]"]


@dataclass
class ReanchorReport:
    """How many claims of an article moved, stayed, or could not be placed."""

    moved: int = 0
    unchanged: int = 0
    orphaned: int = 0
    orphaned_ids: list[str] = field(default_factory=list)


def reanchor(claim: Claim, text: str, text_sha256: str, to_original: ToOriginal | None = None) -> Claim:
    """The claim placed on ``text`` (a new Claim), or the same claim marked orphaned."""
    if (
        claim.text_sha256 == text_sha256
        and claim.status == "active"
        and 0 <= claim.start < claim.end <= len(text)
        and text[claim.start : claim.end] == claim.quote
    ):
        return claim
    span = find_exact(claim, text) or find_fuzzy(
        claim.quote, text, claim.start, prefix=claim.prefix, suffix=claim.suffix
    )
    if span is None:
        return dataclasses.replace(claim, status="orphaned")
    return place(claim, text, text_sha256, span[0], span[1], to_original)


def place(claim: Claim, text: str, text_sha256: str, start: int, end: int,
          to_original: ToOriginal | None = None) -> Claim:
    """The claim moved onto ``text[start:end]`` with fresh quote, context and offsets."""
    if (start, end) == (claim.start, claim.end) and claim.original_start >= 0 and to_original is None:
        original = (claim.original_start, claim.original_end)
    else:
        original = to_original(start, end) if to_original is not None else (-1, -1)
    return dataclasses.replace(
        claim,
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        original_start=original[0],
        original_end=original[1],
        text_sha256=text_sha256,
        status="active",
    )


def find_exact(claim: Claim, text: str) -> tuple[int, int] | None:
    """The best exact occurrence of the quote: most shared context, then nearest the old offset."""
    quote = claim.quote
    if not quote:
        return None
    best: tuple[int, int, int] | None = None  # (-score, distance, start)
    at = text.find(quote)
    while at >= 0:
        score = _common_suffix(claim.prefix, text[max(0, at - CONTEXT_CHARS) : at]) + _common_prefix(
            claim.suffix, text[at + len(quote) : at + len(quote) + CONTEXT_CHARS]
        )
        key = (-score, abs(at - claim.start), at)
        if best is None or key < best:
            best = key
        at = text.find(quote, at + 1)
    return None if best is None else (best[2], best[2] + len(quote))


def find_fuzzy(quote: str, text: str, hint: int = 0, threshold: float = FUZZY_THRESHOLD, *, prefix: str = "",
               suffix: str = "") -> tuple[int, int] | None:
    """The span of ``text`` most similar to ``quote`` (ratio >= ``threshold``), or None.

    Among windows of similar ratio, those whose surroundings match the claim's ``prefix`` and ``suffix``
    win: that keeps an edited last character inside the span rather than cutting it off.
    """
    size = len(quote)
    if not size or not text:
        return None
    blocks = SequenceMatcher(None, text, quote, autojunk=False).get_matching_blocks()
    candidates = {min(max(0, hint), max(0, len(text) - size))}
    for a, b, n in blocks:
        if n >= min(3, size):
            candidates.add(max(0, a - b))
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(quote)

    def ratio(start: int, end: int) -> float:
        matcher.set_seq1(text[start:end])
        return matcher.ratio()

    context_size = max(1, len(prefix) + len(suffix))

    def score(start: int, end: int) -> float:
        shared = _common_suffix(prefix, text[max(0, start - CONTEXT_CHARS) : start]) + _common_prefix(
            suffix, text[end : end + CONTEXT_CHARS]
        )
        return ratio(start, end) + 0.1 * shared / context_size

    slack = max(2, size // 4)
    best: tuple[float, int, int, int] | None = None  # (ratio, -distance, start, end)
    last = -len(text) - 1
    for candidate in sorted(candidates):
        if candidate - last <= slack // 2:
            continue  # the refinement below already explores this neighbourhood
        last = candidate
        matcher.set_seq1(text[max(0, candidate - slack) : candidate + size + slack])
        if matcher.quick_ratio() * (size + size + 2 * slack) / (2 * size) < threshold:
            continue  # even the best window here cannot share enough characters with the quote
        start, end = candidate, min(len(text), candidate + size)
        for _round in range(2):  # refine the start, then the end, twice
            start = max(
                range(max(0, start - slack), min(end, start + slack + 1)),
                key=lambda s: (score(s, end), -abs(s - start)),
            )
            end = max(
                range(max(start + 1, end - slack), min(len(text), end + slack) + 1),
                key=lambda e: (score(start, e), -abs(e - end)),
            )
        start, end = _trim(text, start, end)
        if start >= end:
            continue
        if ratio(start, end) < threshold:
            continue
        key = (score(start, end), -abs(start - hint), start, end)
        if best is None or key > best:
            best = key
    return None if best is None else (best[2], best[3])


def reanchor_article(store, article: str, text: str, text_sha256: str,
                     to_original: ToOriginal | None = None) -> ReanchorReport:
    """Re-anchor every claim of ``article`` on ``text`` and save the changed ones in one write."""
    report = ReanchorReport()
    changed: list[Claim] = []
    for claim in store.claims(article):
        placed = reanchor(claim, text, text_sha256, to_original)
        if placed is claim:
            report.unchanged += 1
            continue
        if placed.status == "orphaned":
            report.orphaned += 1
            report.orphaned_ids.append(placed.id)
            if claim.status != "orphaned":
                changed.append(placed)
            continue
        if (placed.start, placed.end) == (claim.start, claim.end) and claim.status == "active":
            report.unchanged += 1
        else:
            report.moved += 1
        changed.append(placed)
    if changed:
        store.put_many(changed)
    return report


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
