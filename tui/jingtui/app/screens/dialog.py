"""The look every dialog shares: a box in the middle of the screen with a rounded border in the theme's
primary colour, its titles centred, on the surface colour. A dialog subclasses :class:`DialogScreen` and
gives its box the class ``dialog-box``; its own ``DEFAULT_CSS`` says only the box's size and what is
inside it."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class DialogScreen(ModalScreen[ResultT]):
    """A modal dialog (returns a ``ResultT`` through ``dismiss``)."""

    DEFAULT_CSS = """
    DialogScreen {
        align: center middle;
    }
    DialogScreen > .dialog-box {
        border: round $primary;
        border-title-align: center;
        border-subtitle-align: center;
        background: $surface;
        padding: 0 1;
    }
    """
