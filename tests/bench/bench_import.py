"""Benchmark of ``jingtui import`` of 100,000 claims, the whole command (run on demand).

    python tests/bench/bench_import.py [--articles 1000] [--claims-per-article 100] [--runs 5]

The corpus, database and export of ``bench_export.py`` (synthetic articles, 100 claims each), then
``jingtui import FILE DIR --db NEW`` into an empty database, timed as a user runs it (a new process:
the interpreter's start and imports included), with the caches warm; wall and CPU seconds (the
machine is shared). Goal (issue 18): < 3 s for 100,000 claims. Figures: tests/bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_export import STEP_ENV, build  # noqa: E402

CPU: list[float] = []


def jingtui(*args: str) -> float:
    """Wall seconds of one command; its CPU seconds (user + system) are appended to :data:`CPU`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "jingtui", *args], check=True, capture_output=True, env=STEP_ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--claims-per-article", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        root, db = build(folder, args.articles, args.claims_per_article)
        export = folder / "export.json"
        jingtui("export", str(root), "--db", str(db), "-o", str(export))
        jingtui("import", str(export), str(root), "--db", str(folder / "warm-up.json"))  # caches, bytecode
        CPU.clear()
        times = [jingtui("import", str(export), str(root), "--db", str(folder / f"new{run}.json"))
                 for run in range(args.runs)]
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        walls = ", ".join(f"{t:.2f}" for t in times)
        print(f"jingtui import of {args.articles * args.claims_per_article:,} claims: median "
              f"{statistics.median(times):.2f} s wall, {statistics.median(CPU):.2f} s CPU; wall {walls} (load {load})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
