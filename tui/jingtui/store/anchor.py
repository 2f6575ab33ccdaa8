"""Re-anchoring: put claims back on an article's cleaned text after the text changed.

Pure functions. A claim carries its quote, up to 32 characters of context on each side and the
``text_sha256`` of the text its offsets refer to. When the text changes, the quote is looked for:

1. exact occurrences of the quote, ranked by how much of the stored context they share (characters of
   the prefix matching backwards plus characters of the suffix matching forwards), then by distance to
   the old offset; this covers "exact with context" and "exact quote alone";
2. otherwise a fuzzy match: places where the quote's character n-grams line up, refined edge by edge,
   kept if ``difflib``'s similarity ratio with the quote is >= 0.8 (a 50-character quote in a
   20,000-character text: a few ms);
3. otherwise the claim is marked ``orphaned``: offsets kept, never deleted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from jingtui.store.model import CONTEXT_CHARS, Claim

if TYPE_CHECKING:
    from jingtui.store.protocol import Store

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
    """The span of ``text`` most similar to ``quote`` (difflib ratio >= ``threshold``), or None.

    Candidate places come from character n-grams of the quote voting for an alignment; each is refined
    edge by edge (coarse, then fine) on matching characters over the longer of window and quote, with
    a bonus where the surroundings match the claim's ``prefix`` and ``suffix``: an edited first or last
    character stays inside the span. The place found must reach ``threshold`` in difflib's ratio.
    """
    size = len(quote)
    if size < 2 or not text:
        return None
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(quote)

    def ratio(start: int, end: int) -> float:
        matcher.set_seq1(text[start:end])
        return matcher.ratio()

    context_size = max(1, len(prefix) + len(suffix))

    def score(start: int, end: int) -> float:
        """Matching characters over the longer of window and quote, plus a bonus for shared context.

        Unlike difflib's ratio this does not prefer a window that drops a changed first or last
        character; the tiny length term prefers the quote's own length among equals.
        """
        length = end - start
        matched = ratio(start, end) * (length + size) / 2
        shared = _common_suffix(prefix, text[max(0, start - CONTEXT_CHARS) : start]) + _common_prefix(
            suffix, text[end : end + CONTEXT_CHARS]
        )
        return matched / max(length, size) + 0.1 * shared / context_size - 0.001 * abs(length - size) / size

    slack = max(2, size // 4)
    needed = threshold * size / (2 - threshold)  # fewest matching characters a window needs to pass
    best: tuple[float, int, int, int] | None = None  # (score, -distance, start, end)
    for candidate in _aligned_starts(quote, text):
        matcher.set_seq1(text[max(0, candidate - slack) : candidate + size + slack])
        if matcher.quick_ratio() * (len(matcher.a) + size) / 2 < needed:  # type: ignore[attr-defined]
            continue  # no window here shares enough characters with the quote
        start, end = candidate, min(len(text), candidate + size)
        for _round in range(2):  # refine the start, then the end, twice (_best_edge calls each lambda at once)
            start = _best_edge(max(0, start - slack), min(end - 1, start + slack), start,
                               lambda s: score(s, end))  # noqa: B023
            end = _best_edge(max(start + 1, end - slack), min(len(text), end + slack), end,
                             lambda e: score(start, e))  # noqa: B023
        start, end = _trim(text, start, end)
        if start >= end or ratio(start, end) < threshold:
            continue
        key = (score(start, end), -abs(start - hint), start, end)
        if best is None or key > best:
            best = key
    return None if best is None else (best[2], best[3])


def _aligned_starts(quote: str, text: str, limit: int = 5, common: int = 64) -> list[int]:
    """Where the quote may start in ``text``: n-grams of the quote vote for an alignment (best first).

    An n-gram found more than ``common`` times says nothing and is skipped.
    """
    size = len(quote)
    gram = 2 if size < 12 else 3
    width = max(1, size // 8)
    votes: dict[int, int] = {}
    sums: dict[int, int] = {}
    for i in range(size - gram + 1):
        piece = quote[i : i + gram]
        if piece.isspace():
            continue
        hits: list[int] = []
        at = text.find(piece)
        while at >= 0 and len(hits) <= common:
            hits.append(at)
            at = text.find(piece, at + 1)
        if len(hits) > common:
            continue
        for at in hits:
            key = (at - i) // width
            votes[key] = votes.get(key, 0) + 1
            sums[key] = sums.get(key, 0) + at - i
    ranked = sorted(votes, key=lambda k: (-(votes.get(k - 1, 0) + votes[k] + votes.get(k + 1, 0)), k))
    return [max(0, sums[k] // votes[k]) for k in ranked[:limit]]


def _best_edge(low: int, high: int, current: int, value: Callable[[int], float]) -> int:
    """The position in ``[low, high]`` with the highest ``value`` (nearest ``current`` on ties): coarse, then fine."""
    if high < low:
        return current
    step = max(1, int((high - low) ** 0.5 / 2))

    def pick(positions: Iterable[int]) -> int:
        return max(positions, key=lambda x: (value(x), -abs(x - current)))

    found = pick({*range(low, high + 1, step), min(max(current, low), high), high})
    if step > 1:
        found = pick(range(max(low, found - step + 1), min(high, found + step - 1) + 1))
    return found


def reanchor_article(store: Store, article: str, text: str, text_sha256: str,
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
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
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
