"""The commands' tables (jingtui.commands.tables): a boxed table where it fits, blocks of lines where not."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from conftest import assert_readable
from jingtui.commands.tables import WRAPPED_MIN, Column, TextTable, needed_width, print_table


def _table() -> TextTable:
    table = TextTable("2 files", (Column("path"), Column("title"), Column("date", wrap=False),
                                  Column("chars", justify="right", wrap=False)))
    table.add_row("新闻/甲.md", "[bold]标题[/bold]甲乙丙丁戊己庚辛壬癸", "2024-01-02", "12,345")
    table.add_row("b.txt", "", "", "3")
    return table


def _printed(table: TextTable, width: int) -> str:
    out = io.StringIO()
    print_table(Console(file=out, width=width, color_system=None), table)
    return out.getvalue()


def test_a_row_needs_a_value_per_column() -> None:
    with pytest.raises(ValueError):
        _table().add_row("c.txt", "标题")


def test_short_values_whole_long_ones_wrapped_at_a_readable_width() -> None:
    # borders 5, padding 2 per column; path 10 and date 10 whole, title cut to WRAPPED_MIN, chars 6
    assert needed_width(_table()) == 5 + 4 * 2 + 10 + WRAPPED_MIN + 10 + 6


@pytest.mark.parametrize("width", [100, 60, 40, 30])
def test_the_table_is_boxed_where_it_fits_and_stacked_where_not(width: int) -> None:
    out = _printed(_table(), width)
    assert_readable(out, width)
    boxed = width >= needed_width(_table())
    assert ("┃ path" in out) is boxed
    assert "[bold]标题" in out  # data, never markup
    assert "2024-01-02" in out and "12,345" in out
    if not boxed:
        lines = out.splitlines()
        assert lines[0].strip() == "2 files" and lines[1].strip() == "新闻/甲.md"
        assert [line.split()[0] for line in lines if line.startswith("  ") and line.split()[0] in ("date", "chars")] \
            == ["date", "chars", "chars"]  # empty values are left out of a block
