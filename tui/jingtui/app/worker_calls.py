"""Results of a worker thread handed to the app's event loop."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.app import App


def hand_over(app: App[Any], callback: Callable[..., Any], *args: Any) -> None:
    """``callback(*args)`` on the app's event loop, from a worker thread; nothing when the app is closing
    (its loop no longer takes calls, and a result nobody will see is no error)."""
    with contextlib.suppress(RuntimeError):
        app.call_from_thread(callback, *args)
