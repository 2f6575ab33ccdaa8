"""The note dialog: edit the note of one claim.

Shows the claim's quote and a one-line input prefilled with its note. ``enter`` or ``ctrl+s`` saves
(the dialog returns the new note, possibly empty: an empty note clears it); ``escape`` cancels (returns
``None``, nothing changes).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from jingtui.app import keymap
from jingtui.app.screens.dialog import DialogScreen
from jingtui.app.type_ahead import TypesAhead

QUOTE_PREVIEW_CHARS = 400


class NoteDialog(TypesAhead, DialogScreen[str | None]):
    """Edit a claim's note; dismisses with the new note, or ``None`` when cancelled."""

    DEFAULT_CSS = """
    NoteDialog > #note-box {
        width: 80%;
        max-width: 90;
        height: auto;
        max-height: 80%;
    }
    NoteDialog #note-quote {
        height: auto;
        max-height: 12;
        overflow-y: auto;
        margin-bottom: 1;
        color: $text-muted;
    }
    """

    BINDINGS = keymap.bindings("note")

    def __init__(self, quote: str, note: str = "") -> None:
        super().__init__()
        self.quote = quote
        self.note = note

    def compose(self) -> ComposeResult:
        quote = " ".join(self.quote.split())
        if len(quote) > QUOTE_PREVIEW_CHARS:
            quote = quote[:QUOTE_PREVIEW_CHARS] + "…"
        with Vertical(id="note-box", classes="dialog-box") as box:
            box.border_title = "Note"
            box.border_subtitle = "enter save · esc cancel"
            yield Static(f"“{quote}”", id="note-quote", markup=False)
            yield Input(
                value=self.note,
                placeholder="A note on this claim",
                id="note-input",
                select_on_focus=False,  # typing should not wipe the note
            )

    def on_mount(self) -> None:
        self.ready_to_type(self.query_one("#note-input", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note-input", Input).value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
