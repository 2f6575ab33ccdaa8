"""How long the event loop is ever blocked: a task asks to wake every ``interval`` seconds and records
the longest gap between two wake-ups beyond the interval. Shared by the benchmarks of the app."""

from __future__ import annotations

import asyncio
import time


class LagProbe:
    """The longest the event loop kept a task that wakes every ``interval`` seconds waiting."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.worst = 0.0
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(self.interval)
            now = time.perf_counter()
            self.worst = max(self.worst, now - last - self.interval)
            last = now

    def start(self) -> None:
        self.worst = 0.0
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> float:
        assert self._task is not None
        self._task.cancel()
        return self.worst
