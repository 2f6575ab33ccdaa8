"""Body text a rule may have lost: prose left out of the cleaned text, said out loud.

Two signals, both on the classified lines (after the reviewer's overrides):

* **Removed prose near the body.** A block left out by a *positional* rule (outside the content
  container, before the title or the body, after the body, furniture, a caption in a run of three or
  more with no photo between them) that reads as prose (sentence punctuation and length, few links),
  inside the body or within ``NEAR`` blocks of it. Blocks removed by a pattern (copyright, menus,
  bylines, credits) are furniture by what they say, not by where they are, and are not flagged; nor
  are blocks the reviewer sent out, a single caption under a photo, or a repeat of text still kept.
* **A short body.** The kept text holds less than ``SHORT_SHARE`` of the page's prose characters:
  then every removed prose block is flagged, wherever it is, and the article gets one more warning
  saying how much is kept.

Neighbouring flagged blocks make one passage (one warning). Each finding is ``(original_start,
original_end, kind, message)``; the pipeline places it in the text.
"""

from __future__ import annotations

from jingtui.clean.line_facts import Line
from jingtui.clean.model import KEPT_CLASSES

NEAR = 3  # blocks between a removed prose block and the nearest kept body block
SHORT_SHARE = 0.5
SHORT_MIN_LOST = 150  # characters of prose left out before a short body is worth a warning
# Rules that remove a block for what it says (it is furniture wherever it stands).
_PATTERN_RULES = frozenset({"empty", "image", "chrome-pattern", "breadcrumb", "menu", "empty-label", "byline",
                            "date-line", "duplicate-title", "duplicate", "reviewer-removed"})
_ENDS = "。！？!?…"
_CLAUSE = "，。！？；、,!?;"
CAPTION_RUN = 3  # consecutive prose "captions" with no photo between them: a lead or body, not captions

REMOVED_PROSE = "removed-prose"
SHORT_BODY = "short-body"


def reads_as_prose(line: Line) -> bool:
    """Sentence-like text: long with clause breaks, or a full sentence ending in a full stop."""
    text = line.text
    if line.kind == "image" or line.link_density > 0.3 or len(text) < 12:
        return False
    clauses = sum(1 for ch in text if ch in _CLAUSE)
    ends = text.rstrip("”」』\"’）)")[-1:] in tuple(_ENDS)
    return len(text) >= 40 and clauses >= 2 or len(text) >= 18 and ends and clauses >= 2 \
        or "。" in text[:-1] and len(text) >= 20


def _caption_runs(lines: list[Line]) -> set[int]:
    """Indices of prose-like captions in runs of ``CAPTION_RUN`` or more (no photo between them)."""
    found: set[int] = set()
    run: list[int] = []
    ends: list[Line | None] = [*lines, None]
    for line in ends:
        if line is not None and line.cls == "caption" and reads_as_prose(line):
            run.append(line.index)
            continue
        if len(run) >= CAPTION_RUN:
            found.update(run)
        run = []
    return found


def _photo_caption(lines: list[Line], line: Line) -> bool:
    """A caption next to a photo (or where one was, after a gap): a caption indeed."""
    if line.cls != "caption":
        return False
    i = line.index
    beside = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    return line.rule == "caption-after-gap" or any(ln.kind == "image" or ln.cls == "image" for ln in beside)


def _removed_candidates(lines: list[Line]) -> list[Line]:
    runs = _caption_runs(lines)
    return [ln for ln in lines if ln.cls not in KEPT_CLASSES and ln.rule not in _PATTERN_RULES
            and (ln.index in runs or not _photo_caption(lines, ln)) and reads_as_prose(ln)]


def _passages(lines: list[Line], flagged: list[Line]) -> list[list[Line]]:
    """Flagged blocks grouped into passages: neighbours with nothing kept between them."""
    passages: list[list[Line]] = []
    for line in flagged:
        if passages:
            prev = passages[-1][-1]
            between = lines[prev.index + 1 : line.index]
            if line.index - prev.index <= 3 and not any(ln.cls in KEPT_CLASSES for ln in between):
                passages[-1].append(line)
                continue
        passages.append([line])
    return passages


def body_loss(lines: list[Line]) -> list[tuple[int, int, str, str]]:
    """Findings for the removed prose of one classified article (see the module's docstring)."""
    kept = [ln.index for ln in lines if ln.cls in ("body", "heading") and ln.text]
    candidates = _removed_candidates(lines)
    if not candidates:
        return []
    kept_chars = sum(len(ln.text) for ln in lines if ln.cls in KEPT_CLASSES)
    prose_chars = kept_chars + sum(len(ln.text) for ln in candidates)
    lost = sum(len(ln.text) for ln in candidates)
    short = kept_chars < SHORT_SHARE * prose_chars and lost >= SHORT_MIN_LOST
    findings: list[tuple[int, int, str, str]] = []
    first, last = (kept[0], kept[-1]) if kept else (len(lines), -1)
    flagged = [ln for ln in candidates if short or first - NEAR <= ln.index <= last + NEAR]
    for passage in _passages(lines, flagged):
        rules = sorted({ln.rule for ln in passage})
        count = f"{len(passage)} blocks" if len(passage) > 1 else "a block"
        findings.append((passage[0].start, passage[-1].end, REMOVED_PROSE,
                         f"Prose left out of the text ({count}, rule: {', '.join(rules)}); "
                         "bring it back if it belongs to the article."))
    if short:
        biggest = max(candidates, key=lambda ln: len(ln.text))
        findings.append((biggest.start, biggest.end, SHORT_BODY,
                         f"The cleaned text keeps {kept_chars} characters of the page's {prose_chars} "
                         "characters of prose: body text may have been removed (marked in the original)."))
    return findings


__all__ = ["NEAR", "REMOVED_PROSE", "SHORT_BODY", "body_loss", "reads_as_prose"]
