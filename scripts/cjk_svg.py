"""Fix the widths of Chinese text in Rich/Textual SVG screenshots.

Rich's ``Console.export_svg`` (which ``App.export_screenshot`` uses) places every text run at the right
cell column but sets its ``textLength`` to ``char_width * len(text)``: a run of Chinese characters, two
cells each, is squeezed into half its width and the text after it looks misplaced (Rich issue 2742).
``fix_cjk_text_widths`` rewrites each run's ``textLength`` to ``char_width * cell_len(text)``, with the
character width read back from the run itself, so the SVG does not depend on Rich's font settings.
Runs whose cell count equals their character count (all ASCII, for instance) are left byte for byte
as they were.
"""

from __future__ import annotations

import html
import re

from rich.cells import cell_len

# <text ... textLength="402.6" ...>escaped content</text>; content never holds "<" (Rich escapes it).
_TEXT_RUN = re.compile(
    r'(?P<open><text\b[^>]*?\btextLength=")(?P<length>[-+0-9.eE]+)(?P<rest>"[^>]*>)'
    r"(?P<content>[^<]*)(?P<close></text>)"
)


def _format_length(value: float) -> str:
    # The same formatting Rich uses for its attributes.
    return format(value, "g")


def _has_wide(text: str) -> bool:
    return any(ord(ch) >= 0x1100 and cell_len(ch) == 2 for ch in text)


def _char_width(svg: str) -> float | None:
    """The width of one cell, read from the runs that have no wide characters (the most common value)."""
    counts: dict[float, int] = {}
    for match in _TEXT_RUN.finditer(svg):
        text = html.unescape(match["content"])
        if not text or _has_wide(text):
            continue
        try:
            width = round(float(match["length"]) / len(text), 4)
        except ValueError:
            continue
        counts[width] = counts.get(width, 0) + 1
    if not counts:
        return None
    return max(counts, key=counts.__getitem__)


def fix_cjk_text_widths(svg: str) -> str:
    """Return ``svg`` with each text run's ``textLength`` set from its cell width, not its length.

    The width of one cell is read back from the SVG (``textLength / len`` of the runs without wide
    characters, which Rich got right; failing those, of the run itself); the new length is that width
    times ``rich.cells.cell_len`` of the run's unescaped text. Text elements without ``textLength``
    (the window title) and runs without wide characters are unchanged. Applying it twice changes
    nothing more whenever the SVG has at least one run without wide characters (any real screen).
    """
    shared_width = _char_width(svg)

    def fix(match: re.Match[str]) -> str:
        text = html.unescape(match["content"])
        if not _has_wide(text):
            return match[0]
        chars = len(text)
        cells = cell_len(text)
        if shared_width is not None:
            char_width = shared_width
        else:
            try:
                char_width = float(match["length"]) / chars
            except ValueError:
                return match[0]
        return (
            match["open"]
            + _format_length(char_width * cells)
            + match["rest"]
            + match["content"]
            + match["close"]
        )

    return _TEXT_RUN.sub(fix, svg)


_X_ATTR = re.compile(r'\bx="(?P<x>[-+0-9.eE]+)"')
_TEXT_LENGTH_ATTR = re.compile(r'\s*\btextLength="[^"]*"')


def split_text_into_cells(svg: str) -> str:
    """Return ``svg`` with every text run split into one ``<text>`` per character, each at its cell.

    For rasterisers that ignore ``textLength`` and per-character ``x`` lists (librsvg 2.54, used by
    ``rsvg-convert``): there, a run is drawn with the font's own advances, so a Chinese glyph (1 em)
    is narrower than its two cells and everything after it in the run drifts left. One element per
    character puts each glyph exactly on the terminal grid. Spaces are dropped (backgrounds are
    separate ``<rect>`` elements). Meant for the PNG only: the SVG files keep their runs, fixed by
    :func:`fix_cjk_text_widths`, which browsers render correctly.
    """
    shared_width = _char_width(svg)

    def split(match: re.Match[str]) -> str:
        text = html.unescape(match["content"])
        position = _X_ATTR.search(match["open"])
        if not text or position is None:
            return match[0]
        if shared_width is not None:
            char_width = shared_width
        else:
            try:
                char_width = float(match["length"]) / max(1, cell_len(text))
            except ValueError:
                return match[0]
        head = match["open"][: -len('textLength="')].rstrip()
        tail = match["rest"][1:]  # drop the closing quote of textLength
        x = float(position["x"])
        cells_text: list[tuple[float, str]] = []  # (x, the character and any zero-width marks after it)
        for ch in text:
            cells = cell_len(ch)
            if cells == 0 and cells_text and not ch.isspace():
                cells_text[-1] = (cells_text[-1][0], cells_text[-1][1] + ch)  # a combining mark
                continue
            if not ch.isspace() and cells:
                cells_text.append((x, ch))
            x += char_width * cells
        pieces = []
        for at, chars in cells_text:
            opening = _X_ATTR.sub('x="' + _format_length(at) + '"', head, count=1)
            pieces.append(f"{opening}{tail}{html.escape(chars)}</text>")
        return "".join(pieces)

    return _TEXT_RUN.sub(split, svg)
