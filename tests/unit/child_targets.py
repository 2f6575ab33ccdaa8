"""Module-level functions for tests/unit/test_child_process.py (a spawned child imports them by name)."""

from __future__ import annotations

import time

from jingtui.errors import UserError


def count_to(n: int, *, progress, cancelled) -> list[int]:
    for i in range(n):
        progress(i + 1, n)
    return list(range(n))


def refuse(*, progress, cancelled) -> None:
    raise UserError("The folder is gone.")


def crash(*, progress, cancelled) -> None:
    raise ValueError("a bug")


def forever(*, progress, cancelled) -> None:
    progress(0, 1)
    while True:
        time.sleep(0.05)


def _sleep_forever() -> None:
    while True:
        time.sleep(0.05)


def forever_with_a_worker(*, progress, cancelled) -> None:
    import multiprocessing

    worker = multiprocessing.get_context("fork").Process(target=_sleep_forever)
    worker.start()
    progress(worker.pid, 0)
    _sleep_forever()
