"""A keyboard form for typed values: a claim's fields (its code's ``fields``) or an article's variables.

One line per field: its name, an input, and what it takes (a number, a date, the choices numbered). A
choice can be typed as its text or its number, a yes/no as y/n. ``tab``/``shift+tab`` or ``up``/``down``
move between lines, ``enter`` on the last line or ``ctrl+s`` saves, ``escape`` cancels. A value that does
not fit its type is said on its line and nothing is saved until it is fixed.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from jingtui.app import keymap
from jingtui.app.screens.dialog import DialogScreen
from jingtui.codebook import FieldSpec
from jingtui.codebook.values import check_value, format_value


def hint(spec: FieldSpec) -> str:
    if spec.type == "choice":
        return "  ".join(f"{n}={choice}" for n, choice in enumerate(spec.choices, 1))
    return {"number": "a number", "date": "YYYY-MM-DD", "boolean": "y / n", "text": ""}.get(spec.type, "")


def parse(spec: FieldSpec, typed: str):
    """The typed text as the field's value (None when empty); a choice may be given by its number."""
    text = typed.strip()
    if spec.type == "choice" and text.isdigit() and 1 <= int(text) <= len(spec.choices) and text not in spec.choices:
        text = spec.choices[int(text) - 1]
    return check_value(spec, text)


class FieldForm(DialogScreen["dict | None"]):
    """Edit values of ``specs``; dismisses with ``{id: value}`` (values of other keys kept), or None."""

    DEFAULT_CSS = """
    FieldForm > #form-box {
        width: 80%;
        max-width: 100;
        height: auto;
        max-height: 90%;
    }
    FieldForm #form-rows {
        height: auto;
        max-height: 30;
    }
    FieldForm .form-row {
        height: 3;
    }
    FieldForm .form-name {
        width: 18;
        padding: 1 1 0 0;
    }
    FieldForm .form-input {
        width: 1fr;
    }
    FieldForm .form-hint {
        width: 30;
        padding: 1 0 0 1;
        color: $text-muted;
    }
    FieldForm #form-error {
        color: $error;
        height: auto;
    }
    """

    BINDINGS = keymap.bindings("form")  # noqa: RUF012 (Textual reads the class attribute)

    def __init__(self, title: str, specs: tuple[FieldSpec, ...] | list[FieldSpec], values: dict | None = None,
                 subtitle: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.specs = list(specs)
        self.values = dict(values or {})
        self.subtitle = subtitle

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box", classes="dialog-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = "enter next / save · ctrl+s save · esc cancel"
            if self.subtitle:
                yield Static(self.subtitle, markup=False)
            with VerticalScroll(id="form-rows"):
                for n, spec in enumerate(self.specs):
                    with Horizontal(classes="form-row"):
                        yield Label(spec.title, classes="form-name", markup=False)
                        yield Input(value=format_value(self.values.get(spec.id)), id=f"field-{n}",
                                    classes="form-input", select_on_focus=False)
                        yield Label(hint(spec), classes="form-hint", markup=False)
            yield Static("", id="form-error", markup=False)

    def on_mount(self) -> None:
        if self.specs:
            self.query_one("#field-0", Input).focus()

    def collect(self) -> dict | None:
        """The values typed, checked; None (and the problem said) when one does not fit."""
        values = dict(self.values)
        for n, spec in enumerate(self.specs):
            typed = self.query_one(f"#field-{n}", Input).value
            try:
                value = parse(spec, typed)
            except ValueError as exc:
                self.query_one("#form-error", Static).update(str(exc))
                self.query_one(f"#field-{n}", Input).focus()
                return None
            if value is None:
                values.pop(spec.id, None)
            else:
                values[spec.id] = value
        return values

    @on(Input.Submitted)
    def next_or_save(self, event: Input.Submitted) -> None:
        event.stop()
        last = f"field-{len(self.specs) - 1}"
        if event.input.id == last:
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        values = self.collect()
        if values is not None:
            self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
