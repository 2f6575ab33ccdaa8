"""The commands' tables, readable on any terminal width.

A command builds a :class:`TextTable` (column names and plain-text rows) and prints it with
:func:`print_table`. On a terminal wide enough for every column (short values on one line, long values
at least :data:`WRAPPED_MIN` cells wide) it is a boxed table; on a narrower one each row becomes a block
of ``name  value`` lines under the row's first value, rather than a table squeezed into columns a few
cells wide. Every value is shown as text: a title holding ``[bold]`` prints as written, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

#: a wrapped column narrower than this many cells is too hard to read: below it, rows become blocks
WRAPPED_MIN = 14


@dataclass(frozen=True)
class Column:
    """One column: its name, how its values are aligned, and whether they may wrap over lines."""

    name: str
    justify: Literal["left", "right"] = "left"
    wrap: bool = True  # False for short values read at a glance (numbers, dates, encodings)
    style: str = ""


@dataclass
class TextTable:
    """A titled table of text values; ``caption`` is printed under it."""

    title: str
    columns: Sequence[Column]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    caption: str = ""

    def add_row(self, *values: str) -> None:
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        self.rows.append(tuple(values))


def needed_width(table: TextTable) -> int:
    """Cells the boxed table needs: short values whole, long ones at least :data:`WRAPPED_MIN` wide."""
    total = len(table.columns) + 1  # the vertical borders
    for index, column in enumerate(table.columns):
        widest = max((cell_len(row[index]) for row in table.rows), default=0)
        content = widest if not column.wrap else min(widest, WRAPPED_MIN)
        total += max(content, cell_len(column.name)) + 2  # one cell of padding on each side
    return total


def boxed(table: TextTable) -> Table:
    """The table as a Rich table (values folded within their column when they are long)."""
    result = Table(title=Text(table.title) if table.title else None, title_justify="left",
                   caption=Text(table.caption) if table.caption else None, caption_justify="left")
    for column in table.columns:
        result.add_column(column.name, justify=column.justify, style=column.style or None,
                          no_wrap=not column.wrap, overflow="fold")
    for row in table.rows:
        result.add_row(*(Text(value) for value in row))
    return result


def stacked(table: TextTable) -> RenderableType:
    """The table as one block per row: the first value as a heading, then ``name  value`` lines."""
    from rich.console import Group

    parts: list[RenderableType] = []
    if table.title:
        parts.append(Text(table.title, style="italic"))
    names = [column.name for column in table.columns[1:]]
    name_width = 2 + max((cell_len(name) for name in names), default=0)  # the same in every block
    for row in table.rows:
        parts.append(Text(row[0], style=f"bold {table.columns[0].style}".strip()))
        fields = Table.grid(padding=(0, 1))
        fields.add_column(width=name_width, no_wrap=True, style="dim")
        fields.add_column(overflow="fold")
        shown = [(name, value) for name, value in zip(names, row[1:], strict=True) if value]
        for name, value in shown:
            fields.add_row(Text(f"  {name}"), Text(value))
        if shown:
            parts.append(fields)
    if table.caption:
        parts.append(Text(table.caption, style="dim"))
    return Group(*parts)


def render(table: TextTable, width: int) -> RenderableType:
    """The boxed table if it fits in ``width`` cells, else the stacked form."""
    return boxed(table) if needed_width(table) <= width else stacked(table)


def print_table(console: Console, table: TextTable) -> None:
    console.print(render(table, console.width))
