"""A bar chart of one number per month, drawn with Rich block characters (no plotting library).

:func:`chart_lines` is the drawing (plain: values in, lines of text out): one bar per month, eight steps
per row with ``▁▂▃▄▅▆▇█``, the largest value on the axis at the left, each year under its first month,
and every month of the timeline given its column, so an empty month is a visible gap (zero: no bar, the
axis marked ``·``; None, a month without a value: blank). When the months do not fit the width, they
are grouped (quarters, years, five years) and the chart's title says so. :class:`MonthChart` is the
widget that draws it at its own size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"
GROUPS = ((1, "month"), (3, "quarter"), (12, "year"), (60, "five years"))


SCALES = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))  # SI prefixes: an axis reads across languages


def format_axis(value: float) -> str:
    """A value for the axis in a few cells: ``12``, ``1,234``, ``12.3k``, ``1.5M``, ``24.7G`` (three
    significant digits from ten thousand on; ``万``/``亿`` are not used: an axis reads across languages)."""
    if abs(value) >= 10_000:
        for scale, prefix in SCALES:
            scaled = float(f"{value / scale:.3g}")  # rounded first: 999,999 is 1M, not 1e+03k
            if abs(scaled) >= 1 and (abs(scaled) < 1000 or prefix == "T"):
                return f"{scaled:g}{prefix}" if abs(scaled) < 1e6 else f"{value:.3g}"
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:.3g}"


def group_months(months: Sequence[str], values: Sequence[float | None], width: int,
                 *, add: bool = True) -> tuple[list[str], list[float | None], str]:
    """``months`` and ``values`` in groups that fit ``width`` columns: the first group size (months,
    quarters, years, five years) with one column each; ``add``: a group's values summed (counts), else its
    last value (a metric's latest). Returns the groups' first months, their values and the group's name."""
    size, name = next(((size, name) for size, name in GROUPS if math.ceil(len(months) / size) <= width),
                      GROUPS[-1])
    if size == 1:
        return list(months), list(values), name
    # groups aligned on the calendar: quarters start in Jan/Apr/Jul/Oct, years in January
    starts: list[str] = []
    grouped: list[float | None] = []
    for month, value in zip(months, values, strict=True):
        index = (int(month[:4]) * 12 + int(month[5:7]) - 1) // size
        if not starts or index != (int(starts[-1][:4]) * 12 + int(starts[-1][5:7]) - 1) // size:
            starts.append(month)
            grouped.append(None if not add else 0)
        if value is not None:
            grouped[-1] = (grouped[-1] or 0) + value if add else value
    return starts, grouped, name


def chart_lines(months: Sequence[str], values: Sequence[float | None], *, width: int, height: int,
                add: bool = True, bar_style: Style | str = "") -> tuple[list[Text], str]:
    """The chart as ``height`` lines of bars, an axis line (``─`` under a value, one ``·`` under a zero,
    blank under a month without a value) and a line of years, at most ``width`` cells wide; and the name of
    what one column is (``month``, ``quarter``, ...)."""
    if not months:
        return [Text("No dated month.", style="dim")], "month"
    top = max((v for v in values if v is not None), default=0.0)
    label_width = len(format_axis(max(top, 0.0))) + 1
    starts, grouped, group = group_months(months, values, max(1, width - label_width), add=add)
    top = max((v for v in grouped if v is not None and v > 0), default=0.0)
    label_width = len(format_axis(top)) + 1
    column = max(1, min(3, (width - label_width) // len(starts)))
    bar = column - 1 if column > 1 else 1
    eighths = [0 if v is None or v <= 0 or top <= 0 else max(1, round(v / top * height * 8)) for v in grouped]
    lines = []
    for row in range(height - 1, -1, -1):
        label = format_axis(top) if row == height - 1 else ""
        line = Text(label.rjust(label_width - 1) + "▕", style="dim")
        for h in eighths:
            line.append(BLOCKS[min(8, max(0, h - row * 8))] * bar, style=bar_style)
            line.append(" " * (column - bar))
        lines.append(line)
    axis = Text("0".rjust(label_width - 1) + "▕", style="dim")
    for value in grouped:
        axis.append(" " * column if value is None else "─" * column if value else "·" + " " * (column - 1),
                    style="dim")
    years = [" "] * (label_width + column * len(starts))
    free = 0  # the first cell a year label may take
    for i, start in enumerate(starts):
        at = label_width + i * column
        if (i == 0 or start[:4] != starts[i - 1][:4]) and at >= free:
            label = start[:4]  # the first month and the last are in the chart's title
            years[at:at + len(label)] = label
            free = at + len(label) + 1
    return [*lines, axis, Text("".join(years).rstrip()[:width], style="dim")], group


class MonthChart(Widget):
    """Draws ``values`` per month of ``months`` (see :func:`chart_lines`) at the widget's size."""

    DEFAULT_CSS = """
    MonthChart {
        height: 1fr;
        min-height: 6;
        max-height: 22;
        padding: 0 1;
    }
    MonthChart > .month-chart--bar {
        color: $accent;
    }
    """

    COMPONENT_CLASSES = {"month-chart--bar"}

    months: reactive[tuple[str, ...]] = reactive(tuple)
    values: reactive[tuple[float | None, ...]] = reactive(tuple)
    adds = True  # counts (grouped months summed); False: a metric's values (the latest of a group)
    group = "month"  # what one column is, as last drawn (month, quarter, year, five years)
    title = ""

    def show(self, months: Sequence[str], values: Sequence[float | None], *, adds: bool = True,
             title: str = "") -> None:
        """Draw ``values`` per month; ``title`` is the line above the bars, ``{per}`` in it becomes what one
        bar is (``month``, or ``quarter`` ... when the months do not fit the width)."""
        self.adds, self.title = adds, title
        self.set_reactive(MonthChart.months, tuple(months))
        self.values = tuple(values)
        self.refresh()

    def render(self) -> Text:
        width, height = self.content_size.width, self.content_size.height
        style = self.get_component_rich_style("month-chart--bar")
        summed = "summed" if self.adds else "the latest value"
        # what a column is depends on the width only; the title says it, and a narrow terminal wraps the
        # title: the bars give way to its rows, never the axis and the years under them
        _, self.group = chart_lines(self.months, self.values, width=max(8, width), height=1, add=self.adds)
        per = self.group if self.group == "month" else f"{self.group} ({summed})"
        title = Text(self.title.replace("{per}", per), style="bold")
        title_rows = len(title.wrap(self.app.console, max(1, width)))
        lines, _ = chart_lines(self.months, self.values, width=max(8, width), height=max(1, height - 2 - title_rows),
                               add=self.adds, bar_style=style)
        return Text("\n").join([title, *lines])
