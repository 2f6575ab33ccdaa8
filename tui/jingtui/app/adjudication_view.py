"""What the adjudication screen shows, as Rich renderables (no widgets, no store): the lanes of an item (the
cleaned text around it once per reviewer and once for the consensus, each with its own claims marked), its
versions with the keys that take them, and one row of the disagreement list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table
from rich.text import Text

from jingtui.adjudicate.disagreements import Coded, Item

LABEL_STYLES = {"metric": "#ffffff on #1f5fb4", "slogan": "#000000 on #d7a72b", "anecdote": "#ffffff on #2e8b57"}
OTHER_STYLE = "#ffffff on #8a2be2"
FOCUS_STYLE = "bold underline"
CONTEXT = 80  # characters of context on each side when the paragraph is long
TAKE_KEYS = ("a", "b", "c")


def label_style(label: str) -> str:
    return LABEL_STYLES.get(label, OTHER_STYLE)


def excerpt_bounds(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[int, int]:
    """The paragraph around ``[start, end)``, cut to ``context`` characters on each side when longer."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    return max(left, start - context), min(right, max(end, start + 1) + context)


def lane(text: str, bounds: tuple[int, int], spans: Sequence[tuple[int, int, str]], focus: tuple[int, int]) -> Text:
    """``text[bounds]`` with ``spans`` (start, end, label) coloured by label and the item's extent underlined."""
    lo, hi = bounds
    out = Text(("…" if lo > 0 and text[lo - 1] != "\n" else "") + text[lo:hi].replace("\n", " ")
               + ("…" if hi < len(text) and text[hi] != "\n" else ""), no_wrap=False)
    shift = 1 if out.plain.startswith("…") and text[lo:lo + 1] != "…" else 0
    for s, e, label in spans:
        s, e = max(s, lo), min(e, hi)
        if s < e:
            out.stylize(label_style(label), s - lo + shift, e - lo + shift)
    fs, fe = max(focus[0], lo), min(focus[1], hi)
    if fs < fe:
        out.stylize(FOCUS_STYLE, fs - lo + shift, fe - lo + shift)
    return out


def lanes(text: str, item: Item, reviewers: Sequence[str], claims: Mapping[str, Sequence[tuple[int, int, str]]],
          consensus: str) -> Table:
    """One row per reviewer and one for the consensus: the item's paragraph with that one's claims marked."""
    bounds = excerpt_bounds(text, item.start, item.end)
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, style="bold", width=max(len(n) for n in (*reviewers, consensus)) + 2)
    grid.add_column(ratio=1, overflow="fold")  # Chinese has no spaces to wrap at: fold
    for key, name in zip(TAKE_KEYS, reviewers, strict=False):
        grid.add_row(f"{key} {name}", lane(text, bounds, claims.get(name, ()), (item.start, item.end)))
    grid.add_row(Text(f"= {consensus}", style="bold italic"),
                 lane(text, bounds, claims.get(consensus, ()), (item.start, item.end)))
    return grid


def version_text(version: Sequence[Coded]) -> Text:
    if not version:
        return Text("no claim here", style="dim italic")
    out = Text()
    for i, c in enumerate(version):
        if i:
            out.append("; ")
        out.append(f" {c.label} ", style=label_style(c.label))
        out.append(f" {c.start}–{c.end} 「{c.quote}」")
        if c.fields:
            out.append("  " + ", ".join(f"{k}={v}" for k, v in c.fields), style="italic")
    return out


def versions(item: Item, reviewers: Sequence[str], settled_as: str) -> Table:
    """Each reviewer's version with the key that takes it, and what the consensus holds."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1, overflow="fold")  # Chinese has no spaces to wrap at: fold
    for key, name, version in zip(TAKE_KEYS, reviewers, item.versions, strict=False):
        grid.add_row(f"{key}  {name}", version_text(version))
    grid.add_row("", Text(f"{item.describe()} · consensus: {settled_as}", style="italic"))
    return grid


def item_row(item: Item, reviewers: Sequence[str], settled: bool) -> Text:
    """One line of the disagreement list: settled mark, span, kinds, each reviewer's codes."""
    row = Text("✓ " if settled else "• ", style="green" if settled else "yellow")
    row.append(f"{item.start:>5}–{item.end:<5} ")
    row.append(f"{item.describe():<24} ", style="italic")
    for name, version in zip(reviewers, item.versions, strict=True):
        row.append(f" {name}: ")
        if version:
            for c in version:
                row.append(f" {c.label} ", style=label_style(c.label))
        else:
            row.append("—", style="dim")
    return row
