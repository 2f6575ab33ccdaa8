"""The help screen: every key, in groups, in a scrollable modal.

The app builds the sections from its keymap (``jingtui.app.keymap``), so this screen never lists a key
the app does not have. Closes on ``escape``, ``q`` or ``?``.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from jingtui.app import keymap
from jingtui.app.screens.dialog import DialogScreen

Section = tuple[str, list[tuple[str, str]]]


def section_table(title: str, rows: list[tuple[str, str]], keys_width: int = 12) -> Table:
    """A two-column table (keys, description) under a bold group title; keys get ``keys_width`` cells."""
    table = Table(
        title=Text(title, style="bold"),
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 2, 0, 0),
        expand=True,
    )
    table.add_column("keys", style="bold", width=keys_width)  # long key lists wrap
    table.add_column("description", ratio=1)
    for keys, description in rows:
        table.add_row(keys, description)
    return table


class HelpScreen(DialogScreen[None]):
    """Every key of the app, grouped: ``sections`` is a list of (group title, [(keys, description)])."""

    DEFAULT_CSS = """
    HelpScreen > #help-box {
        width: 90%;
        max-width: 100;
        height: 90%;
    }
    HelpScreen #help-scroll {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    HelpScreen .help-section {
        margin-bottom: 1;
    }
    """

    BINDINGS = keymap.bindings("help")

    def __init__(self, sections: list[Section], *, title: str = "Keys") -> None:
        super().__init__()
        self.sections = [(name, list(rows)) for name, rows in sections]
        self.help_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog-box") as box:
            box.border_title = self.help_title
            box.border_subtitle = "↑ ↓ pgup pgdn scroll · esc q ? close"
            with VerticalScroll(id="help-scroll"):
                if not self.sections:
                    yield Static("No keys to show.", classes="help-section")
                keys_width = min(16, max((cell_len(k) for _, rows in self.sections for k, _ in rows), default=8))
                for name, rows in self.sections:
                    yield Static(section_table(name, rows, keys_width), classes="help-section")

    def on_mount(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
