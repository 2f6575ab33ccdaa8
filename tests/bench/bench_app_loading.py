"""Opening a folder of many never-opened articles: how long until every article is cleaned, and the
longest the event loop is blocked meanwhile (a probe task asks to wake every 10 ms).

    python tests/bench/bench_app_loading.py [ARTICLES] [--no-child]

ARTICLES (default 1,000) variants of the seeds, each with bytes of its own; a headless app opens the
folder cold (empty caches), then again warm. ``--no-child`` turns off the child process that cleans
into the caches first (``jingtui.workspace.parallel_clean.clean_into_cache`` via
``jingtui.workspace.child_process``), so the background thread cleans every article itself, as before.

Figures: tests/bench/README.md.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tui"))

import bench_corpus_view_suggestions as shared  # noqa: E402  (make_corpus)
from lag_probe import LagProbe  # noqa: E402


async def measure(count: int) -> None:
    from jingtui.app.app import JingtuiApp

    root = Path(tempfile.mkdtemp(prefix="bench-loading-")) / "corpus"
    root.mkdir()
    shared.make_corpus(root, count)
    for run in ("cold", "warm"):
        app = JingtuiApp(root, root.parent / "db.json", reviewer="bench")
        probe = LagProbe()
        start = time.perf_counter()
        async with app.run_test(size=(160, 48)) as pilot:
            probe.start()
            await pilot.pause()
            while not all(e.stage >= 2 or e.clean is not None or e.error for e in app.reader.entries.values()):
                await asyncio.sleep(0.05)
            worst = probe.stop()
        print(f"{count:,} articles {run}: all cleaned after {time.perf_counter() - start:.1f} s; "
              f"longest stall {worst * 1000:.0f} ms")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--no-child" in sys.argv:
        from jingtui.workspace import parallel_clean

        parallel_clean.MIN_ARTICLES = 10**9
    asyncio.run(measure(int(args[0]) if args else 1000))


if __name__ == "__main__":  # a spawned child imports this module again: it must not run the benchmark
    main()
