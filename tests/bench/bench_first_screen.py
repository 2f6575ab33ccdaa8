"""Process start to the first screen with the article list, against a trivial Textual app in the same run.

    python tests/bench/bench_first_screen.py [FOLDER ...] [--runs 5] [--cold-only | --warm-only]

Each run is a fresh Python process (imports included) that starts the app headless (160x48) and
prints the seconds from just before the process was started to the first frame with the list
(``JingtuiApp.first_frame_at``). The trivial app (a Static in an App) is timed the same way, runs
interleaved, so the machine's load weighs on both alike. FOLDER defaults to the five seeds (copied to a
temporary folder). "cold": the folder's ``.jingtui`` (index, caches, database) removed before each run,
as for a folder never opened here; "warm": opened before. The figure is the median; the ratio is
jingtui's median over the trivial app's. A folder whose files are still being found at the first frame
(it shows the first ones) also gets the time until every file is listed. Figures: tests/bench/README.md
(note the load: ``uptime``).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "data" / "seeds"

JINGTUI = r"""
import asyncio, sys, time
t0 = float(sys.argv[1])
from pathlib import Path
from jingtui.app.app import JingtuiApp

async def main():
    app = JingtuiApp(Path(sys.argv[2]), reviewer="bench")
    async with app.run_test(size=(160, 48)) as pilot:
        while app.first_frame_at is None:
            await asyncio.sleep(0.002)
        shown = app.first_frame_at - t0
        rows = app.reader.article_list.options.option_count
        while app.reader.loader.listing:  # the rest of a large folder is still being found
            await asyncio.sleep(0.005)
        listed = time.time() - t0
        print(f"{shown:.4f} {rows} {listed:.4f} {app.reader.article_list.options.option_count}")

if __name__ == "__main__":
    asyncio.run(main())
"""

TRIVIAL = r"""
import asyncio, sys, time
t0 = float(sys.argv[1])
from textual.app import App
from textual.widgets import Static

class Trivial(App):
    shown = None
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.first)
    def first(self):
        self.shown = time.time()

async def main():
    app = Trivial()
    async with app.run_test(size=(160, 48)) as pilot:
        while app.shown is None:
            await asyncio.sleep(0.002)
        print(f"{app.shown - t0:.4f} 0 {app.shown - t0:.4f} 0")

if __name__ == "__main__":
    asyncio.run(main())
"""


def timed(code: str, *args: str) -> tuple[float, int, float, int]:
    """(seconds to the first frame, rows in it, seconds until every file is listed, rows then)."""
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code, repr(t0), *args], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO / "tui")}, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    shown, rows, listed, listed_rows = out.stdout.split()[-4:]
    return float(shown), int(rows), float(listed), int(listed_rows)


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def measure(folder: Path, runs: int, modes: list[str]) -> None:
    for mode in modes:
        ours, trivial, listed, rows, all_rows = [], [], [], 0, 0
        if mode == "warm":
            timed(JINGTUI, str(folder))  # opened once before
        for _ in range(runs):
            if mode == "cold":
                shutil.rmtree(folder / ".jingtui", ignore_errors=True)
            seconds, rows, whole, all_rows = timed(JINGTUI, str(folder))
            ours.append(seconds)
            listed.append(whole)
            trivial.append(timed(TRIVIAL)[0])
        a, b = statistics.median(ours), statistics.median(trivial)
        print(f"{folder.name} ({rows:,} rows) {mode}: jingtui median {a:.2f} s (min {min(ours):.2f}, max "
              f"{max(ours):.2f}); trivial Textual app {b:.2f} s; ratio {a / b:.1f}x; load {load()}", flush=True)
        if all_rows != rows:
            print(f"    every file listed ({all_rows:,} rows): median {statistics.median(listed):.2f} s "
                  f"(min {min(listed):.2f}, max {max(listed):.2f})", flush=True)


def main() -> None:
    # Both apps start from bytecode, as an installed package does (PYTHONDONTWRITEBYTECODE would make the
    # edited modules of a checkout compile on every start and count against jingtui alone).
    compileall.compile_dir(str(REPO / "tui" / "jingtui"), quiet=1)
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-only", action="store_true")
    parser.add_argument("--warm-only", action="store_true")
    args = parser.parse_args()
    modes = ["cold"] if args.cold_only else ["warm"] if args.warm_only else ["cold", "warm"]
    if args.folders:
        for folder in args.folders:
            measure(folder, args.runs, modes)
        return
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        shutil.copytree(SEEDS, seeds, ignore=shutil.ignore_patterns(".jingtui"))
        measure(seeds, args.runs, modes)


if __name__ == "__main__":
    main()
