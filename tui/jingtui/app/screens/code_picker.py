"""The code picker: find a code by hint, key, name, path or pinyin initials and tag with it.

Typing filters the codebook (:class:`jingtui.codebook.finder.CodeFinder`); ``enter`` takes the
highlighted code, ``up``/``down`` move through the matches, ``escape`` cancels. Every code shows its
hint (at most three letters, unique in the codebook: with the picker open, any code is its hint and
``enter`` away). When the typed text names no code, the last row offers to add it as a new code (a path
such as ``经济/工资`` puts it under 经济); the picker then dismisses with a :class:`NewCode`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from jingtui.app import keymap
from jingtui.app.screens.dialog import DialogScreen
from jingtui.app.type_ahead import TypesAhead
from jingtui.codebook import PATH_SEPARATOR, Codebook
from jingtui.codebook.finder import CodeFinder

SHOWN = 40  # matches listed at once
NEW = "\x00new"  # the option id of "add as a new code"


@dataclass(frozen=True)
class NewCode:
    """The coder asked for a code the codebook does not have: ``name`` under ``parent`` (a code id or None)."""

    name: str
    parent: str | None = None


def swatch(colour: str | None) -> Text:
    return Text("  ", style=f"on {colour}") if colour else Text("  ")


class CodePicker(TypesAhead, DialogScreen["str | NewCode | None"]):
    """Pick a code; dismisses with its id, a :class:`NewCode`, or None when cancelled."""

    DEFAULT_CSS = """
    CodePicker > #picker-box {
        width: 80%;
        max-width: 100;
        height: 80%;
    }
    CodePicker #picker-list {
        height: 1fr;
        border: none;
    }
    CodePicker #picker-definition {
        height: auto;
        max-height: 4;
        color: $text-muted;
    }
    """

    BINDINGS = keymap.bindings("picker")  # noqa: RUF012 (Textual reads the class attribute)

    def __init__(self, codebook: Codebook, finder: CodeFinder | None = None, *, title: str = "Code",
                 counts: dict[str, int] | None = None) -> None:
        super().__init__()
        self.codebook = codebook
        self.finder = finder or CodeFinder(codebook)
        self.title_text = title
        self.counts = counts or {}
        self.query_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="dialog-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = "type hint, name, path, key or pinyin initials · enter tag · esc cancel"
            yield Input(placeholder="物价, 经济/物价, wj, 4 ...", id="picker-input")
            yield OptionList(id="picker-list")
            yield Static("", id="picker-definition", markup=False)

    def on_mount(self) -> None:
        self.refill("")
        self.ready_to_type(self.query_one("#picker-input", Input))

    # ---- filtering
    def options_for(self, query: str) -> list[Option]:
        options = []
        for entry in self.finder.find(query, limit=SHOWN):
            code = entry.code
            row = Text.assemble(
                swatch(code.colour), " ", (f"{entry.hint:<4}", "bold"), " ",
                ("  " * self.codebook.depth(code.id) if not query else ""),
                (self.codebook.path_of(code.id) if query else code.name),
                (f"  [{code.key}]" if code.key else "", "dim"),
                (f"  {self.counts[code.id]}" if self.counts.get(code.id) else "", "dim"),
            )
            options.append(Option(row, id=code.id))
        name = query.strip().strip(PATH_SEPARATOR)
        if name and not any(self.codebook.name_of(o.id or "") == name or self.codebook.path_of(o.id or "") == name
                            for o in options[:1]):
            options.append(Option(Text.assemble(("+ ", "bold"), f"New code “{name}”"), id=NEW))
        return options

    def refill(self, query: str) -> None:
        self.query_text = query
        found = self.query("#picker-list").results(OptionList)
        listing = next(found, None)
        if listing is None:  # a late keystroke after the picker closed
            return
        listing.clear_options()
        listing.add_options(self.options_for(query))
        if listing.option_count:
            listing.highlighted = 0
        self.show_definition()

    @on(Input.Changed, "#picker-input")
    def typed(self, event: Input.Changed) -> None:
        self.refill(event.value)

    @on(OptionList.OptionHighlighted, "#picker-list")
    def highlighted(self) -> None:
        self.show_definition()

    def show_definition(self) -> None:
        listing = next(self.query("#picker-list").results(OptionList), None)
        if listing is None:
            return
        text = ""
        if listing.highlighted is not None and listing.option_count:
            option_id = listing.get_option_at_index(listing.highlighted).id or ""
            code = self.codebook.code(option_id)
            if code is not None:
                text = " · ".join(part for part in (self.codebook.path_of(code.id), code.definition) if part)
            elif option_id == NEW:
                text = "Adds the code to codebook.toml (comments and order kept); u undoes."
        self.query_one("#picker-definition", Static).update(text)

    # ---- choosing
    def action_move(self, step: int) -> None:
        listing = self.query_one("#picker-list", OptionList)
        if not listing.option_count:
            return
        current = listing.highlighted if listing.highlighted is not None else 0
        listing.highlighted = max(0, min(listing.option_count - 1, current + step))

    @on(Input.Submitted, "#picker-input")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose()

    @on(OptionList.OptionSelected, "#picker-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose()

    def choose(self) -> None:
        listing = self.query_one("#picker-list", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return
        option_id = listing.get_option_at_index(listing.highlighted).id or ""
        if option_id == NEW:
            self.dismiss(self.new_code(self.query_text))
        else:
            self.dismiss(option_id)

    def new_code(self, typed: str) -> NewCode:
        """``经济/工资``: 工资 under the code whose path is 经济 (when there is one)."""
        text = typed.strip().strip(PATH_SEPARATOR)
        if PATH_SEPARATOR in text:
            head, name = text.rsplit(PATH_SEPARATOR, 1)
            parent = self.codebook.by_path(head) or self.codebook.code(head.strip())
            if parent is not None:
                return NewCode(name.strip(), parent.id)
            text = name
        return NewCode(text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
