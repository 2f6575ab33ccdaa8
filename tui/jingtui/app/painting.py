"""What the two text panes paint, computed from plain values: claims in layers, warnings, dimmed lines,
the current paragraph, suggestions and search matches; and which original rows each cleaned row came from.

No widgets here: the reader screen hands in the texts, their line indexes and its state, and gets
``Decorations`` back for each pane.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from jingtui.app.text_lines import Decorations, LineIndex
from jingtui.clean.model import KEPT_CLASSES, CleanText
from jingtui.store.model import DEFAULT_LABELS, Claim
from jingtui.suggest.model import Suggestion

RowSpan = tuple[int, int, int]  # (row, start column, end column)


DEFAULT_COLOURS = {"metric": "#1f5fb4", "slogan": "#b8860b", "anecdote": "#2e8b57"}  # as in ArticlePane.DEFAULT_CSS


def label_class(label: str, layer: int, colour: str | None = None) -> str:
    """The component class of a claim of ``label`` painted in ``layer`` (0: background, 1: underline).

    A code with a colour of its own (from the codebook) gets ``code:<colour>:<layer>``, which the panes
    turn into a style; the default codes in their default colours keep the classes of ``ArticlePane.DEFAULT_CSS``."""
    if colour and DEFAULT_COLOURS.get(label) != colour:
        return f"code:{colour}:{layer}"
    name = label if label in DEFAULT_LABELS else "other"
    return f"claim--{name}" if layer == 0 else f"claim2--{name}"


def claim_layers(claims: list[Claim]) -> list[tuple[Claim, int]]:
    """Each claim with its layer: 0 unless it overlaps one of the last 50 layer-0 claims before it (then 1)."""
    result: list[tuple[Claim, int]] = []
    placed: list[tuple[int, int]] = []
    window: deque[tuple[int, int]] = deque()  # (index in placed, end), ends decreasing: the window's max end
    for claim in sorted(claims, key=lambda c: (c.start, -(c.end - c.start))):
        if claim.end > claim.start:  # every placed claim starts at or before it: overlap = an end after its start
            layer = 1 if window and window[0][1] > claim.start else 0
        else:
            layer = 1 if any(s < claim.end and claim.start < e for s, e in placed[-50:]) else 0
        result.append((claim, layer))
        if layer == 0:
            placed.append((claim.start, claim.end))
            n = len(placed) - 1
            while window and window[-1][1] <= claim.end:
                window.pop()
            window.append((n, claim.end))
            while window[0][0] <= n - 50:
                window.popleft()
    return result


@dataclass
class Alignment:
    """For each cleaned row: the original rows of its paragraph and the column of its first character."""

    start_rows: list[int] = field(default_factory=list)
    end_rows: list[int] = field(default_factory=list)
    start_cols: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.start_rows)

    def cleaned_row_of(self, original_row: int) -> int:
        """The cleaned row whose paragraph starts at or before ``original_row``."""
        return max(0, bisect_right(self.start_rows, original_row) - 1)


def align_paragraphs(original_text: str, clean: CleanText, oindex: LineIndex, cindex: LineIndex) -> Alignment:
    """For each cleaned row, the original rows its paragraph came from."""
    rows = len(cindex.starts)
    starts, ends, cols = [0] * rows, [0] * rows, [0] * rows
    by_row = {cindex.location(para.start)[0]: para for para in clean.paragraphs}
    last_start = last_end = last_col = 0
    for row in range(rows):
        para = by_row.get(row)
        if para is not None and para.original_start >= 0:
            first = para.original_start
            limit = min(max(para.original_end, first), len(original_text))
            while first < limit and original_text[first].isspace():
                first += 1
            last_start, last_col = oindex.location(first)
            last_end = oindex.location(max(para.original_start, para.original_end - 1))[0]
        elif para is None:
            a, b = cindex.row_span(row)
            if b > a:
                os_, oe = clean.to_original.to_original(a, b)
                last_start, last_col = oindex.location(os_)
                last_end = oindex.location(max(os_, oe - 1))[0]
        starts[row], ends[row], cols[row] = last_start, max(last_start, last_end), last_col
    return Alignment(starts, ends, cols)


class ClaimPieces:
    """Each claim's class and (row, start, end) pieces in both panes, kept while the texts stay the same:
    a tag repaints without splitting every other claim again."""

    def __init__(self) -> None:
        self._made_for: tuple[CleanText, LineIndex, LineIndex] | None = None
        self._pieces: dict[tuple[object, ...], tuple[str, list[RowSpan], list[RowSpan]]] = {}

    def pieces(self, clean: CleanText, cidx: LineIndex, oidx: LineIndex, claims: list[Claim],
               colours: dict[str, str] | None = None) -> Iterable[tuple[str, list[RowSpan], list[RowSpan]]]:
        made_for = self._made_for
        if (made_for is None or made_for[0] is not clean or made_for[1] is not cidx or made_for[2] is not oidx
                or len(self._pieces) > 4 * len(claims) + 256):
            self._pieces.clear()
            self._made_for = (clean, cidx, oidx)
        for claim, layer in claim_layers(claims):
            colour = (colours or {}).get(claim.label)
            key = (claim.id, claim.status, claim.label, layer, claim.start, claim.end,
                   claim.original_start, claim.original_end, colour)
            found = self._pieces.get(key)
            if found is None:
                found = self._pieces[key] = claim_spans(clean, cidx, oidx, claim, layer, colour)
            yield found


def claim_spans(clean: CleanText, cidx: LineIndex, oidx: LineIndex, claim: Claim, layer: int,
                colour: str | None = None) -> tuple[str, list[RowSpan], list[RowSpan]]:
    """A claim's class and its (row, start column, end column) pieces in the cleaned and original panes."""
    cls = "pane--orphan" if claim.status != "active" else label_class(claim.label, layer, colour)
    cspans: list[RowSpan] = []
    if claim.status == "active" and claim.end <= len(clean.text):
        cspans = list(cidx.spans_by_row(claim.start, claim.end))
    ostart, oend = claim.original_start, claim.original_end
    if (ostart < 0 or oend <= ostart) and claim.end <= len(clean.to_original):
        ostart, oend = clean.to_original.to_original(claim.start, claim.end)
    return cls, cspans, list(oidx.spans_by_row(ostart, oend))


@dataclass(frozen=True)
class SearchPaint:
    """Search matches to mark in one pane: their starts and the length of the term."""

    pane: str  # "cleaned" | "original"
    starts: list[int]
    length: int


def paint(clean: CleanText, cidx: LineIndex, oidx: LineIndex, *, cursor_row: int, alignment: Alignment,
          claims: list[Claim], pieces: ClaimPieces, suggestions: list[Suggestion],
          search: SearchPaint | None, colours: dict[str, str] | None = None) -> tuple[Decorations, Decorations]:
    """The decorations of the cleaned and the original pane."""
    cdeco, odeco = Decorations(), Decorations()
    # dimmed lines of the original: what cleaning left out
    for line in clean.lines:
        if line.kind not in KEPT_CLASSES:
            for row, a, b in oidx.spans_by_row(line.original_start, line.original_end):
                odeco.add(row, a, b, "pane--dim")
    # current paragraph in both panes
    if 0 <= cursor_row < len(cidx.starts):
        cdeco.add(cursor_row, 0, None, "pane--current")
        if cursor_row < len(alignment.start_rows):
            for orow in range(alignment.start_rows[cursor_row], alignment.end_rows[cursor_row] + 1):
                a, b = oidx.row_span(orow)
                if b > a:
                    odeco.add(orow, 0, None, "pane--current")
    for suggestion in suggestions:
        for r, a, b in cidx.spans_by_row(suggestion.start, suggestion.end):
            cdeco.add(r, a, b, "pane--suggestion")
    for cls, cspans, ospans in pieces.pieces(clean, cidx, oidx, claims, colours):
        for r, a, b in cspans:
            cdeco.add(r, a, b, cls)
        for r, a, b in ospans:
            odeco.add(r, a, b, cls)
    for warning in clean.warnings:
        for r, a, b in cidx.spans_by_row(warning.start, warning.end):
            cdeco.add(r, a, b, "pane--warning")
        if warning.original_start >= 0:
            for r, a, b in oidx.spans_by_row(warning.original_start, warning.original_end):
                odeco.add(r, a, b, "pane--warning")
    if search is not None:
        deco, index = (cdeco, cidx) if search.pane == "cleaned" else (odeco, oidx)
        for start in search.starts:
            for r, a, b in index.spans_by_row(start, start + search.length):
                deco.add(r, a, b, "pane--match")
    return cdeco, odeco
