"""Running a slow, pure function in a child process: its progress reported, cancellable, its answer returned.

A thread shares the interpreter lock with the screen: a worker thread that cleans and suggests over
1,000 articles made the corpus view stall for 0.2-0.5 s at a time and took three times as long as
the same work alone. A child process has a lock of its own. :func:`run_in_child` starts one (always
*spawn*: the app has threads, and forking a process with threads is unsafe), calls
``target(*args, progress=..., cancelled=...)`` there, passes its progress reports back as they come,
and returns what it returns. Cancelling ends the child at once, with any worker processes it started
(it runs in a process group of its own; that also keeps the terminal's ctrl+c away from it).

``target`` must be a module-level function whose module does not import Textual (the child imports
it), and its arguments and answer must pickle. A :class:`~jingtui.errors.UserError` in the child is
raised again here as one; any other failure becomes :class:`ChildFailed` with one sentence, and a child
that cannot be started at all :class:`ChildUnavailable` (the caller may then do the work itself).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jingtui.errors import UserError

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess
    from multiprocessing.queues import Queue

POLL_SECONDS = 0.05  # how often the parent looks at cancellation while it waits


class ChildFailed(Exception):
    """The child process failed (the message is one sentence) or ended without an answer."""


class ChildUnavailable(ChildFailed):
    """No child process could be started here (no semaphores, a sandbox): do the work in this one."""


def _child_main(target: Callable[..., Any], args: tuple[Any, ...], channel: Queue[tuple[Any, ...]]) -> None:
    """In the child: run ``target`` and put ``("progress", done, total)`` messages, then the answer."""
    import os

    if hasattr(os, "setpgrp"):  # a process group of its own: ending it ends the workers it starts too
        with contextlib.suppress(OSError):
            os.setpgrp()

    with contextlib.suppress(OSError):  # nothing the child prints may reach the terminal the screen is drawn on
        sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - open for the child's life

    def progress(done: int, total: int) -> None:
        channel.put(("progress", done, total))

    try:
        result = target(*args, progress=progress, cancelled=lambda: False)
    except UserError as exc:
        channel.put(("user-error", str(exc)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as one sentence
        channel.put(("error", f"{type(exc).__name__}: {exc}"))
    else:
        channel.put(("done", result))


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real standard error to hand it.

    The tracker is started on first use and given ``sys.stderr.fileno()``; under a running Textual app
    ``sys.stderr`` is the app's print capture, whose ``fileno()`` is -1, and starting the child then
    fails ("bad value(s) in fds_to_keep"). For that moment the process's own standard error stands in.
    """
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        resource_tracker.ensure_running()
        return
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def run_in_child(target: Callable[..., Any], args: tuple[Any, ...] = (), *,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Any:
    """``target(*args, progress=..., cancelled=...)`` computed in a child process.

    Returns its answer, or None when ``cancelled()`` became true first (the child is then ended).
    ``progress(done, total)`` is called here, in the calling thread, for each report of the child.
    Raises UserError for the child's UserError, ChildFailed for anything else.
    """
    try:
        _start_resource_tracker()
        context = multiprocessing.get_context("spawn")
        channel = context.Queue()
        child = context.Process(target=_child_main, args=(target, args, channel))  # may start workers of its own
        child.start()
    except (OSError, ValueError, RuntimeError, ImportError) as exc:
        raise ChildUnavailable(f"No helper process could be started ({type(exc).__name__}: {exc}).") from exc
    try:
        while True:
            if cancelled is not None and cancelled():
                return None
            try:
                message = channel.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if child.is_alive():
                    continue
                try:  # it may have put its answer just before it ended
                    message = channel.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    raise ChildFailed(f"The helper process ended without an answer (exit code {child.exitcode}).") \
                        from None
            kind = message[0]
            if kind == "progress":
                if progress is not None:
                    progress(message[1], message[2])
            elif kind == "done":
                return message[1]
            elif kind == "user-error":
                raise UserError(message[1])
            else:
                raise ChildFailed(message[1])
    finally:
        _end(child)
        channel.cancel_join_thread()
        channel.close()


def _end(child: BaseProcess) -> None:
    """End the child and any worker processes it started (they share its process group, see
    :func:`_child_main`); a no-op for a child that has finished and left none behind."""
    import os
    import signal

    if hasattr(os, "killpg") and child.pid is not None:
        # OSError: no such group: the child ended, with its workers, or never made its own
        with contextlib.suppress(OSError):
            os.killpg(child.pid, signal.SIGTERM)
    if child.is_alive():
        child.terminate()
    child.join(timeout=2)
