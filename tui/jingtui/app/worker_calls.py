"""Results of a worker thread handed to the app's event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App


def hand_over(app: App[Any], callback: Callable[..., Any], *args: Any) -> bool:
    """``callback(*args)`` on the app's event loop, from a worker thread; nothing when the app is closing
    (its loop no longer takes calls, and a result nobody will see is no error). False then: a thread with
    more to hand over can stop."""
    try:
        app.call_from_thread(callback, *args)
    except RuntimeError:
        return False
    return True
