"""The codebook panel: the tree of codes with their claims, and the definition of the code under the cursor.

Keys (all shown at the bottom): ``enter`` tags the selection with the code under the cursor (or recodes the
claim under the reader's cursor); ``a`` adds a code under it, ``A`` a code at the top; ``r`` renames it;
``m`` moves it under another code (the picker chooses where; pick nothing at the top: ``escape`` keeps it);
``M`` merges it into another code (its claims move with it); ``s`` splits it (a sibling with the same
definition and fields, for the claims to be recoded to). Each change is written to ``codebook.toml``
keeping its comments and order, and ``u`` in the reader undoes it. Claims whose code is no longer in the
codebook are listed under "Unknown codes": ``enter`` on one recodes the claim under the reader's cursor,
and the picker can recode them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from jingtui.app import keymap
from jingtui.app.screens.dialog import DialogScreen
from jingtui.codebook import Code, Codebook
from jingtui.util.plural import counted

UNKNOWN = "\x00unknown"


@dataclass(frozen=True)
class PanelAction:
    """What the coder asked for in the panel: ``verb`` (tag, add, add_top, rename, move, merge, split,
    recode_unknown) on ``code`` (a code id; for recode_unknown the unknown code)."""

    verb: str
    code: str | None = None


def swatch(colour: str | None) -> Text:
    return Text("▌", style=colour) if colour else Text(" ")


def details(book: Codebook, code: Code, counts: dict[str, int]) -> Text:
    """What the panel says of a code: path, id, key, colour, definition, rules, examples, fields."""
    text = Text()
    text.append(book.path_of(code.id), style="bold")
    text.append(
        f"\nid {code.id}" + (f" · key {code.key}" if code.key else "") + (f" · {code.colour}" if code.colour else "")
    )
    if code.suggested_by:
        text.append(f" · suggested by {code.suggested_by}")
    below = sum(counts.get(d.id, 0) for d in book.descendants(code.id))
    text.append(f"\n{counts.get(code.id, 0)} claims" + (f", {below} more below it" if below else ""))
    for title, value in (("Definition", code.definition), ("Use when", code.inclusion), ("Not when", code.exclusion)):
        if value:
            text.append(f"\n\n{title}: ", style="bold")
            text.append(value)
    if code.examples:
        text.append("\n\nExamples:", style="bold")
        for example in code.examples:
            text.append(f"\n  “{example}”")
    if code.fields:
        text.append("\n\nFields: ", style="bold")
        text.append(", ".join(f"{f.title} ({f.type}{': ' + ' | '.join(f.choices) if f.choices else ''})"
                              for f in code.fields))
    return text


class CodebookPanel(DialogScreen["PanelAction | None"]):
    """The codebook as a tree; dismisses with a :class:`PanelAction`, or None when closed."""

    DEFAULT_CSS = """
    CodebookPanel > #panel-box {
        width: 95%;
        height: 90%;
        padding: 0;
    }
    CodebookPanel #panel-tree {
        width: 1fr;
        min-width: 30;
    }
    CodebookPanel #panel-details {
        width: 1fr;
        padding: 0 1;
        border-left: solid $primary 30%;
    }
    """

    BINDINGS = keymap.bindings("codebook")  # noqa: RUF012 (Textual reads the class attribute)

    def __init__(self, codebook: Codebook, counts: dict[str, int] | None = None, *, current: str | None = None,
                 unknown: dict[str, int] | None = None) -> None:
        super().__init__()
        self.codebook = codebook
        self.counts = counts or {}
        self.current = current
        self.unknown = unknown or {}

    def compose(self) -> ComposeResult:
        with Vertical(id="panel-box", classes="dialog-box") as box:
            box.border_title = f"Codebook · {counted(len(self.codebook), 'code')} · version {self.codebook.version}"
            box.border_subtitle = ("enter tag/recode · a add under · A add at top · r rename · m move · "
                                   "M merge into · s split · esc close")
            with Horizontal():
                yield Tree("codes", id="panel-tree")
                yield Static("", id="panel-details")

    def on_mount(self) -> None:
        tree = self.query_one("#panel-tree", Tree)
        tree.show_root = False
        tree.guide_depth = 2
        nodes: dict[str, TreeNode] = {}
        cursor_node = None
        for code in self.codebook.walk():
            parent = nodes.get(code.parent or "", tree.root)
            row = Text.assemble(swatch(code.colour), " ", code.name,
                                  (f" [{code.key}]" if code.key else "", "dim"),
                                  (f" {self.counts[code.id]}" if self.counts.get(code.id) else "", "dim"))
            node = parent.add(row, data=code.id, expand=True)
            if not self.codebook.children(code.id):
                node.allow_expand = False
            nodes[code.id] = node
            if code.id == self.current:
                cursor_node = node
        if self.unknown:
            lost = tree.root.add(Text("Unknown codes (kept; recode their claims)", style="italic"), data=UNKNOWN,
                                 expand=True)
            for lost_code, n in sorted(self.unknown.items()):
                lost.add_leaf(Text.assemble(("? ", "bold red"), lost_code, (f" {n}", "dim")),
                              data=f"{UNKNOWN}:{lost_code}")
        tree.focus()
        self.call_after_refresh(self.place_cursor, cursor_node)

    def place_cursor(self, node: TreeNode | None) -> None:
        tree = self.query_one("#panel-tree", Tree)
        if node is not None:
            tree.move_cursor(node)
        elif tree.cursor_line < 0:
            tree.cursor_line = 0
        self.show(tree.cursor_node)

    def code_under_cursor(self) -> str | None:
        node = self.query_one("#panel-tree", Tree).cursor_node
        return node.data if node is not None and node.data and not str(node.data).startswith(UNKNOWN) else None

    def show(self, node: TreeNode | None) -> None:
        box = self.query_one("#panel-details", Static)
        data = node.data if node is not None else None
        code = self.codebook.code(data) if isinstance(data, str) else None
        if code is not None:
            box.update(details(self.codebook, code, self.counts))
        elif isinstance(data, str) and data.startswith(f"{UNKNOWN}:"):
            label = data.split(":", 1)[1]
            box.update(Text(f"{label}: {self.unknown.get(label, 0)} claims use this code, which is not in the "
                            "codebook. They are kept; enter recodes the claim under the reader's cursor, or "
                            "merge them by adding a code with this id."))
        else:
            box.update("")

    @on(Tree.NodeHighlighted, "#panel-tree")
    def highlighted(self, event: Tree.NodeHighlighted) -> None:
        self.show(event.node)

    @on(Tree.NodeSelected, "#panel-tree")
    def selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        data = event.node.data
        if isinstance(data, str) and data.startswith(f"{UNKNOWN}:"):
            self.dismiss(PanelAction("recode_unknown", data.split(":", 1)[1]))
        elif isinstance(data, str) and data in self.codebook:
            self.dismiss(PanelAction("tag", data))

    def action_act(self, verb: str) -> None:
        code = self.code_under_cursor()
        if code is None and verb != "add_top":
            self.notify("Put the cursor on a code first.", severity="warning")
            return
        self.dismiss(PanelAction(verb, code))

    def action_close(self) -> None:
        self.dismiss(None)
