"""The main content of an HTML page: which blocks belong to the article, and which are the site around it.

Two generic signals, no site names:

* **Container vote.** Every prose block (long, punctuated, few links) votes with its characters for
  each element named in its container hint (``Block.container``: the reader's ids/classes of all its named
  ancestors). Of the elements holding nearly all the prose, the most specific wins (the one in
  the fewest blocks: it leaves out the sidebars); generic words such as ``content``, ``article``,
  ``text``, ``main``, ``body``, ``detail`` break ties, and ``foot``, ``nav``, ``side`` count against.
* **Densest run.** Without usable containers: the run of consecutive blocks with the highest score,
  where prose characters count for and link-heavy or very short blocks count against (a maximum
  subarray).

The content is then the winner's blocks, with short gaps between them filled (a photo in a sibling
element), grown over neighbouring prose blocks, without link-heavy blocks. The position relative to
the title is the line classifier's business: what comes before the title is chrome.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from jingtui.corpus.model import Block

MAX_GAP = 3  # blocks outside the container but between two of its blocks that still count as content
_PUNCT = "，。！？；：、,.!?;:"
_GENERIC = re.compile(r"content|article|text|main|body|detail|news|post|entry|story|zoom|wrap", re.IGNORECASE)
_NEGATIVE = re.compile(r"foot|header|nav|menu|side|right|comment|related|recommend|share|ad[_-]|banner|list",
                       re.IGNORECASE)


def _text(original: str, block: Block) -> str:
    return original[block.start : block.end].strip()


def _link_density(original: str, block: Block) -> float:
    length = max(1, block.end - block.start)
    return min(1.0, float(getattr(block, "link_chars", 0) or 0) / length)


def prose_score(text: str, link_density: float) -> int:
    """Characters of prose in a block: 0 for link-heavy or unpunctuated short text."""
    if link_density > 0.3:
        return 0
    punct = sum(1 for ch in text if ch in _PUNCT)
    if len(text) >= 40 and punct >= 2 or len(text) >= 15 and punct >= 1 and text[-1] in "。！？!?":
        return int(len(text) * (1 - link_density))
    return 0


def _segments(container: str) -> list[str]:
    """The elements named in a container hint (every named ancestor, outermost first)."""
    return [p for p in container.split(">") if p]


def _vote(original: str, blocks: Sequence[Block], scores: list[int]) -> str | None:
    """The element (``div#content``) that holds the prose: most prose characters, then the most
    specific one (in the fewest blocks, then the innermost), then a generic content-like name. Ties
    are broken by name, so the choice never depends on hashing order."""
    votes: dict[str, int] = {}
    spread: dict[str, int] = {}
    depth: dict[str, int] = {}  # smallest distance from the innermost element, over the prose blocks
    total = sum(scores)
    if not total:
        return None
    for block, score in zip(blocks, scores, strict=True):
        segments = _segments(getattr(block, "container", "") or "")
        for distance, segment in enumerate(reversed(segments)):
            if segment in segments[len(segments) - distance :]:
                continue  # the same name twice in one path counts once (the innermost)
            spread[segment] = spread.get(segment, 0) + 1
            if score:
                votes[segment] = votes.get(segment, 0) + score
                depth[segment] = min(depth.get(segment, distance), distance)
    if not votes:
        return None
    best_total = max(votes.values())
    if best_total < 0.5 * total:
        return None
    candidates = [c for c, v in votes.items() if v >= 0.92 * best_total]

    def key(segment: str) -> tuple[int, int, int, int, float, str]:
        generic = 1 if _GENERIC.search(segment) else 0
        negative = 1 if _NEGATIVE.search(segment) and not generic else 0
        return (-negative, -spread[segment], -depth[segment], generic, votes[segment], segment)

    return max(candidates, key=key)


def _in_container(block: Block, container: str) -> bool:
    return container in _segments(getattr(block, "container", "") or "")


def _densest_run(scores: list[int], original: str, blocks: Sequence[Block]) -> tuple[int, int] | None:
    best, best_range = 0, None
    current, start = 0, 0
    for i, (block, score) in enumerate(zip(blocks, scores, strict=True)):
        text = _text(original, block)
        if score:
            value = score
        elif getattr(block, "kind", "text") == "image":
            value = -2
        else:
            value = -max(2, int(len(text) * (0.5 + _link_density(original, block))))
        if current <= 0:
            current, start = value, i
        else:
            current += value
        if current > best:
            best, best_range = current, (start, i)
    return best_range


def main_content(original: str, blocks: Sequence[Block]) -> set[int] | None:
    """Indices of the blocks that make up the article's main content, or None if undecided."""
    blocks = list(blocks)
    if not blocks:
        return None
    texts = [_text(original, b) for b in blocks]
    densities = [_link_density(original, b) for b in blocks]
    scores = [prose_score(t, d) for t, d in zip(texts, densities, strict=True)]
    if not any(scores):
        return None
    container = _vote(original, blocks, scores)
    if container is not None:
        members = sorted(i for i, b in enumerate(blocks) if _in_container(b, container))
        chosen = set(members)
        # Fill short gaps between members (a photo or caption in a sibling element).
        for a, b in itertools.pairwise(members):
            if 1 < b - a <= MAX_GAP + 1:
                chosen.update(range(a + 1, b))
    else:
        found = _densest_run(scores, original, blocks)
        if found is None:
            return None
        chosen = set(range(found[0], found[1] + 1))
    # Grow over neighbouring prose blocks (a last paragraph in a sibling element).
    for i in sorted(chosen):
        j = i + 1
        while j < len(blocks) and scores[j] and j not in chosen:
            chosen.add(j)
            j += 1
        j = i - 1
        while j >= 0 and scores[j] and j not in chosen:
            chosen.add(j)
            j -= 1
    content = {i for i in chosen if densities[i] <= 0.5}
    return content or None
