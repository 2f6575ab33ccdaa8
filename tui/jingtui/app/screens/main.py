"""Small screens of the main view: a fallback help listing used until the full help screen exists."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from jingtui.app import keymap


class FallbackHelp(ModalScreen[None]):
    """Every key, grouped, from the keymap; escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "close")]
    DEFAULT_CSS = """
    FallbackHelp { align: center middle; }
    FallbackHelp > VerticalScroll { width: 90%; max-width: 110; height: 90%; border: round $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, entries=keymap.KEYMAP) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=False)
        table.add_column("keys", style="bold", no_wrap=True)
        table.add_column("action")
        group = None
        for g, keys, description in keymap.help_rows():
            if g != group:
                table.add_row(Text(g, style="bold underline"), "")
                group = g
            table.add_row(Text(keys), Text(description))
        with VerticalScroll():
            yield Static(Text("jingtui — keys (escape closes)", style="bold"))
            yield Static(table)
