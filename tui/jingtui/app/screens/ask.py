"""A one-line question (the name of a new code, a new name): ``enter`` answers, ``escape`` cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from jingtui.app import keymap
from jingtui.app.screens.dialog import DialogScreen
from jingtui.app.type_ahead import TypesAhead


class AskDialog(TypesAhead, DialogScreen["str | None"]):
    """Dismisses with the text typed (stripped; may be empty), or None when cancelled."""

    DEFAULT_CSS = """
    AskDialog > #ask-box {
        width: 70%;
        max-width: 80;
        height: auto;
    }
    """

    BINDINGS = keymap.bindings("ask")  # noqa: RUF012 (Textual reads it)

    def __init__(self, title: str, question: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-box", classes="dialog-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = "enter ok · esc cancel"
            yield Static(self.question, markup=False)
            yield Input(value=self.value, id="ask-input")

    def on_mount(self) -> None:
        self.ready_to_type(self.query_one("#ask-input", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
