"""The article list over a large corpus, in one process: first screen, filter per keystroke, memory, and
the longest event-loop stall while the helper process cleans the corpus in the background.

    python tests/bench/bench_article_list.py FOLDER [--clean-seconds 60] [--query 公安局]

FOLDER: a corpus made by ``make_corpus.py`` and opened before (its index filled: ``jingtui list FOLDER``).
Measured: seconds from the app's start to the first frame with the list; the filter, typed one character
at a time (each keystroke: filter over every title and redraw the list's rows: median and worst); the
peak resident memory of the app's process; then, for ``--clean-seconds``, the longest stall of the event
loop (a task that wakes every 10 ms) while the helper process cleans, how many articles it cleaned, and
the CPU seconds its processes used (over the wall time: about 2.0 means both cores). Linux only (/proc).
Figures: tests/bench/README.md (note the load: ``uptime``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tui"))

from lag_probe import LagProbe  # noqa: E402


def cleaned_now(root: Path) -> int:
    """Articles whose cleaned facts in the index are this cleaner's (those of an older one are cleaned again)."""
    import sqlite3

    from jingtui.index import index_path
    from jingtui.workspace.index_fill import cleaner_version

    with sqlite3.connect(index_path(root)) as db:
        return int(db.execute("SELECT count(*) FROM articles WHERE stage >= 2 AND cleaner = ?",
                              (cleaner_version(),)).fetchone()[0])


def children_cpu(pid: int) -> float:
    """CPU seconds (user + system) of every living descendant of ``pid``."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        here = todo.pop()
        for child, parent in parents.items():
            if parent == here:
                total += times[child]
                todo.append(child)
    return total


async def measure(root: Path, clean_seconds: float, query: str) -> None:
    from jingtui.app.app import JingtuiApp

    began = time.perf_counter()
    app = JingtuiApp(root, reviewer="bench")
    async with app.run_test(size=(160, 48)) as pilot:
        while app.first_frame_at is None:
            await asyncio.sleep(0.002)
        first = time.perf_counter() - began
        reader = app.reader
        listing = reader.article_list
        shown = len(reader.order)
        while reader.loader.listing:  # the rest of the rows, read behind the first frame
            await asyncio.sleep(0.005)
        listed = time.perf_counter() - began
        print(f"{len(reader.order):,} articles: first frame {first:.2f} s ({shown:,} rows), every row listed "
              f"{listed:.2f} s", flush=True)
        times, screen = [], []
        for _ in range(3):
            for size in range(1, len(query) + 1):
                t = time.perf_counter()
                listing.filter_text = query[:size]
                listing.rebuild()
                times.append(time.perf_counter() - t)
                await pilot.pause()
                screen.append(time.perf_counter() - t)
                shown = listing.options.option_count
            listing.filter_text = ""
            listing.rebuild()
            await pilot.pause()
        print(f"filter {query!r} typed 3 times: per keystroke median {statistics.median(times) * 1000:.0f} ms, "
              f"worst {max(times) * 1000:.0f} ms (the first: the titles lower-cased once); to the screen updated "
              f"median {statistics.median(screen) * 1000:.0f} ms ({shown:,} shown at the end)", flush=True)
        print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)
        if clean_seconds <= 0:
            return
        cleaned_before = cleaned_now(root)
        probe = LagProbe()
        probe.start()
        cpu_before, t0 = children_cpu(os.getpid()), time.perf_counter()
        while time.perf_counter() - t0 < clean_seconds:
            await asyncio.sleep(0.5)
            cpu_now = children_cpu(os.getpid())
        wall = time.perf_counter() - t0
        worst = probe.stop()
        cleaned = cleaned_now(root) - cleaned_before
        print(f"background for {wall:.0f} s: longest stall {worst * 1000:.0f} ms; {cleaned:,} articles cleaned; "
              f"helper processes' CPU {cpu_now - cpu_before:.0f} s ({(cpu_now - cpu_before) / wall:.2f} cores); "
              f"{listing.border_subtitle}", flush=True)
    print(f"load {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--clean-seconds", type=float, default=60)
    parser.add_argument("--query", default="公安局")
    args = parser.parse_args()
    asyncio.run(measure(args.folder, args.clean_seconds, args.query))


if __name__ == "__main__":  # a spawned child imports this module again: it must not run the benchmark
    main()
