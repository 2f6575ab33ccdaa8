"""Copying to a clipboard that works wherever the reviewer is, and the citation that goes with a claim.

``copy_with_fallback`` tries the system clipboard through pyperclip first (xclip, xsel, wl-copy,
pbcopy, Windows); where there is none (a bare server, an SSH session) it falls back to the terminal's
own clipboard through the OSC 52 escape sequence (Textual's ``App.copy_to_clipboard``), which most
modern terminals honour, also over SSH. It never raises and never opens an error dialog: the caller
shows the returned name in a notification so the reviewer knows where the text went.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

log = logging.getLogger(__name__)

SYSTEM_CLIPBOARD = "system clipboard"
TERMINAL_CLIPBOARD = "terminal clipboard (OSC 52)"


class _CopiesToClipboard(Protocol):
    def copy_to_clipboard(self, text: str) -> None: ...


def copy_with_fallback(app: _CopiesToClipboard, text: str, *, pyperclip_module: Any = None) -> str:
    """Copy ``text`` and return the name of the clipboard that received it.

    ``pyperclip_module`` replaces the real pyperclip (tests pass a fake one). Returns
    ``"system clipboard"`` when pyperclip succeeded, otherwise ``"terminal clipboard (OSC 52)"`` after
    handing the text to ``app.copy_to_clipboard``. Never raises.
    """
    module = pyperclip_module
    if module is None:
        try:
            import pyperclip as module
        except Exception as exc:  # noqa: BLE001 - edge: not installed, or broken on this platform
            log.debug("pyperclip unavailable: %s", exc)
            module = None
    if module is not None:
        try:
            module.copy(text)
        except Exception as exc:  # noqa: BLE001 - edge: PyperclipException and kin, no copy mechanism here
            log.debug("system clipboard failed, using OSC 52: %s", exc)
        else:
            return SYSTEM_CLIPBOARD
    try:
        app.copy_to_clipboard(text)
    except Exception as exc:  # noqa: BLE001 - edge: a driver that cannot write; the text stays in app.clipboard
        log.warning("terminal clipboard failed: %s", exc)
    return TERMINAL_CLIPBOARD


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def format_citation(
    quote: str,
    label: str,
    title: str | None,
    source: str | None,
    date: str | None,
    path: str | None,
    note: str = "",
) -> str:
    """A readable, self-contained citation of a claim, for pasting into notes or a manuscript.

    One line for the quote and its provenance, one more for the note when there is one::

        “全年破获刑事案件1.4万起” — 公安工作年度综述, 某某日报, 2021-01-10 (news/002.html) [metric]
        Note: compare with 2020

    Chinese corner quotes are used for the quote; whitespace inside the quote is collapsed to single
    spaces so the citation stays on one line; missing parts (no outlet, no date) are left out rather
    than shown empty.
    """
    parts = [p for p in (_clean(title), _clean(source), _clean(date)) if p]
    line = f"“{_clean(quote)}”"
    if parts:
        line += " — " + ", ".join(parts)
    if path:
        line += f" ({path})"
    if label:
        line += f" [{label}]"
    note = _clean(note)
    if note:
        line += f"\nNote: {note}"
    return line
