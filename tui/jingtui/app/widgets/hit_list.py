"""The corpus search's hits, one keyword-in-context row each, drawn only when on screen.

A row: the tick (``✓``), the coded mark (``◉`` in the colour of the code of a claim over the hit),
the article, the position, the left context right-aligned, the hit, the right context. The rows are a
``range`` over the :class:`~jingtui.search.index_scan.HitTable`: 500,000 hits cost no row objects.

The hit starts at the same cell in every row: the rows hold only characters whose width every terminal
agrees on (:mod:`~jingtui.app.widgets.steady_cells`: a curly quote, drawn two cells wide by a terminal set
for Chinese and counted one by Rich, would push the hit of its row a cell to the right).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text

from jingtui.app import keymap
from jingtui.app.widgets.line_list import LineList
from jingtui.app.widgets.steady_cells import UNSHOWN, steady
from jingtui.search.index_scan import HitTable
from jingtui.search.kwic import Hit

ARTICLE_CELLS = 18
FIXED_CELLS = 2 + 2 + ARTICLE_CELLS + 1 + 6 + 1  # tick, mark, article, position and their spaces
HIT_HALF = 4  # half the cells of a typical hit (four Chinese characters): the rows centre on it
TICK, CODED, CUT = "✓", "◉", "⋯"  # never a character of ambiguous width (see steady_cells)


def fit_left(text: str, cells: int) -> str:
    """The end of ``text`` that fits ``cells`` cells, padded on the left to exactly that width."""
    text = steady(text)
    while text and cell_len(text) > cells:
        text = text[1:]
    return " " * (cells - cell_len(text)) + text


def fit_right(text: str, cells: int) -> str:
    """The start of ``text`` that fits ``cells`` cells."""
    text = steady(text)
    while text and cell_len(text) > cells:
        text = text[:-1]
    return text


def article_label(path: str, title: str = "", cells: int = ARTICLE_CELLS) -> str:
    """The article's title (its file name when it has none) cut to ``cells`` cells, padded to exactly
    that width: a researcher knows articles by their headlines, seldom by their file names (the line
    under the list gives both for the highlighted hit)."""
    name = steady(" ".join(title.split()) or path.rsplit("/", 1)[-1])
    if cell_len(name) > cells:
        name = fit_right(name, cells - 1) + CUT
    return name + " " * (cells - cell_len(name))


def position_label(start: int) -> str:
    """The hit's offset in six cells (thousands, ``k``, from a million on)."""
    return f"{start:>6}" if start < 1_000_000 else f"{min(start // 1000, 99_999):>5}k"


def context_cells(width: int) -> int:
    """The cells of the left context in a row of ``width`` cells: the same for every row, whatever its
    hit (a regular expression's hits differ in length), so the hits line up."""
    return max(0, (width - FIXED_CELLS) // 2 - HIT_HALF)


def hit_row(hit: Hit, width: int, *, ticked: bool = False, code: str | None = None, colour: str = "") -> Text:
    """One row of ``width`` cells at most; the hit starts at cell ``FIXED_CELLS + context_cells(width)``
    in every row, whatever the characters around it."""
    left = context_cells(width)
    shown = fit_right(hit.hit, max(width // 3, 4)) or UNSHOWN  # a hit of format characters only: "?"
    right = min(left, max(0, width - FIXED_CELLS - left - cell_len(shown)))
    return Text.assemble(
        (f"{TICK} " if ticked else "  ", "bold"),
        (f"{CODED} " if code else "  ", colour or "bold"),
        (article_label(hit.path, hit.title), "dim"), " ",
        (position_label(hit.start), "dim"), " ",
        fit_left(hit.left, left),
        (shown, "bold reverse" if code is None else f"bold underline {colour}".strip()),
        fit_right(hit.right, right),
        no_wrap=True,
        overflow="crop",
    )


class HitList(LineList):
    """The hits of the last search; ``coded(i)`` gives the code of a claim over row ``i`` (or None)."""

    BINDINGS = keymap.bindings("hits")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.table: HitTable | None = None
        self.ticked: set[int] = set()
        self.coded: Callable[[int], str | None] = lambda _i: None
        self.colour_of: Callable[[str], str] = lambda _code: ""
        self.on_choose: Callable[[int], None] = lambda _i: None
        self.on_highlight: Callable[[int | None], None] = lambda _i: None
        self.generation = 0  # bumped when the marks change (the row cache keys on it)

    def show(self, table: HitTable | None) -> None:
        self.table = table
        self.ticked = set()
        self.generation += 1
        self._highlighted = None
        self.set_rows(range(len(table)) if table is not None else [])  # type: ignore[arg-type]
        self.scroll_to(y=0, animate=False)

    def marks_changed(self) -> None:
        self.generation += 1
        self._cache.clear()
        self.refresh()

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        LineList.highlighted.fset(self, index)  # type: ignore[attr-defined]
        self.on_highlight(self._highlighted)

    def row_key(self, index: int) -> str:
        return str(index)

    def cache_extra(self, index: int) -> tuple:
        return (index in self.ticked, self.generation)

    def prompt_at(self, index: int) -> Text:
        table = self.table
        if table is None:
            return Text("")
        code = self.coded(index)
        return hit_row(table.hit(index), self.text_width(), ticked=index in self.ticked, code=code,
                       colour=self.colour_of(code) if code else "")

    def chosen(self, index: int) -> None:
        self.on_choose(index)
