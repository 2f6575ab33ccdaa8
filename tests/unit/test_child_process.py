"""run_in_child: the answer, the progress, a UserError, a crash, cancelling."""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the spawned child finds child_targets the same way

import child_targets  # noqa: E402

from jingtui.errors import UserError  # noqa: E402
from jingtui.workspace.child_process import ChildFailed, run_in_child  # noqa: E402


def test_the_answer_and_every_progress_report_come_back() -> None:
    reports = []
    assert run_in_child(child_targets.count_to, (5,), progress=lambda d, t: reports.append((d, t))) == [0, 1, 2, 3, 4]
    assert reports == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_a_user_error_stays_a_user_error_and_a_crash_is_one_sentence() -> None:
    with pytest.raises(UserError, match="The folder is gone."):
        run_in_child(child_targets.refuse)
    with pytest.raises(ChildFailed, match="ValueError: a bug"):
        run_in_child(child_targets.crash)


def test_cancelling_ends_the_child() -> None:
    started = []
    deadline = time.monotonic() + 30

    def cancelled() -> bool:
        return bool(started) or time.monotonic() > deadline

    t = time.monotonic()
    assert run_in_child(child_targets.forever, progress=lambda d, t: started.append(d), cancelled=cancelled) is None
    assert started and time.monotonic() - t < 30


def test_a_child_that_cannot_start_says_so(monkeypatch) -> None:
    import multiprocessing.context

    from jingtui.workspace.child_process import ChildUnavailable

    def no_processes(self):
        raise OSError("no semaphores in this sandbox")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", no_processes)
    with pytest.raises(ChildUnavailable, match="no semaphores"):
        run_in_child(child_targets.count_to, (3,))


def test_cancelling_also_ends_the_workers_the_child_started() -> None:
    import os

    pids = []
    deadline = time.monotonic() + 30
    assert run_in_child(child_targets.forever_with_a_worker, progress=lambda pid, _t: pids.append(pid),
                        cancelled=lambda: bool(pids) or time.monotonic() > deadline) is None
    assert pids
    for _ in range(100):  # the worker is gone (not left behind, orphaned, waiting forever)
        try:
            os.kill(pids[0], 0)
        except ProcessLookupError:
            return
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pids[0], os.WNOHANG)  # not ours to reap, but harmless
        time.sleep(0.05)
    raise AssertionError(f"worker {pids[0]} still running")
