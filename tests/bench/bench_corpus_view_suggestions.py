"""The corpus view with suggestions (``g``) on 1,000 articles: how long until they are shown, and how long
the event loop is ever blocked meanwhile.

    python tests/bench/bench_corpus_view_suggestions.py [ARTICLES] [RUNS]   (default 1000 3)

The corpus: ARTICLES variants of the five seeds in a temporary folder (each a seed with one ASCII line of
its own appended, so every file has its own bytes and a cold run cleans every one of them). For each run a
fresh app opens the view (figures from claims: none), then ``g`` is pressed; measured until the view
shows the data with suggestions and every table is filled:

- ``cold``: the corpus's caches (``.jingtui/cache``: read articles, cleaned texts) removed first;
- ``warm``: the caches full (the cold run made them);
- ``stall``: the longest the event loop was blocked meanwhile: a probe task asks to wake every 10 ms
  and records how late it wakes;
- ``key``: the longest time, meanwhile, between a key sent (``1``/``2``, switching tabs, every 0.5 s)
  and the tab switched (what the reviewer feels);
- ``warm, no keys``: as warm, with no key sent (what the worker alone does to the screen);
- ``idle``: the same keys before ``g``, no worker running (what switching tabs costs anyway).

Prints the median and the worst of RUNS runs.

Figures: tests/bench/README.md.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual import events
from textual.app import App
from textual.widgets import TabbedContent

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tui"))

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lag_probe import LagProbe  # noqa: E402

from jingtui.app.screens.corpus_view import CorpusView  # noqa: E402

SEEDS = REPO / "data" / "seeds"


def make_corpus(root: Path, count: int) -> None:
    seeds = sorted(p for p in SEEDS.iterdir() if p.is_file() and not p.name.startswith("."))
    for i in range(count):
        seed = seeds[i % len(seeds)]
        data = seed.read_bytes() + f"\n\nNo. {i}\n".encode("ascii")  # ASCII: the same bytes in any encoding
        (root / f"a{i:04}_{seed.name}").write_bytes(data)


def send(app: App, key: str) -> None:
    """A key as the terminal sends it (Pilot's press waits for an idle process: not while a worker runs)."""
    event = events.Key(key, key)
    event.set_sender(app)
    app._driver.send_message(event)


async def switch_tabs(view: CorpusView, app: App, probe: LagProbe, done, every: float = 0.5) -> tuple[float, float]:
    """Send ``1``/``2`` (switch tabs) every ``every`` s until ``done()``; (longest key latency, longest
    stall). A key's latency: from sent to the tab switched."""
    tabs = view.query_one(TabbedContent)
    probe.start()
    worst_key, sent, wanted, next_key = 0.0, None, None, time.perf_counter() + every
    while True:
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        if sent is not None and tabs.active == wanted:
            worst_key, sent = max(worst_key, now - sent), None
        if sent is None and done():
            return worst_key, probe.stop()
        if sent is None and now >= next_key:
            wanted = "slogans" if tabs.active != "slogans" else "articles"
            send(app, "2" if wanted == "slogans" else "1")
            sent, next_key = now, now + every


async def once(root: Path, keys: bool = True) -> tuple[float, float, float, float, float, int]:
    """(seconds until shown, longest stall, longest key latency; the same two with no worker running,
    suggestions) for one run; ``keys=False``: no key sent while the worker runs."""
    app = App()
    probe = LagProbe()
    async with app.run_test(size=(160, 48)) as pilot:
        view = CorpusView(root, root / ".jingtui" / "annotations.json")
        app.push_screen(view)
        await pilot.pause()
        await app.workers.wait_for_complete()
        while view.filling or view.data is None:
            await pilot.pause(0.01)
        idle_until = time.perf_counter() + 2.2  # four keys, no worker: what switching tabs costs anyway
        idle_key, idle_stall = await switch_tabs(view, app, probe, lambda: time.perf_counter() > idle_until)
        start = time.perf_counter()
        send(app, "g")
        key, stall = await switch_tabs(
            view, app, probe,
            lambda: view.data is not None and view.data.with_suggestions and not view.filling and not view.suggesting,
            every=0.5 if keys else float("inf"),
        )
        return time.perf_counter() - start, stall, key, idle_stall, idle_key, view.data.suggestions


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_corpus(root, count)
        results: dict[str, list] = {"cold": [], "warm": [], "warm, no keys": []}
        for _ in range(runs):
            shutil.rmtree(root / ".jingtui", ignore_errors=True)
            results["cold"].append(asyncio.run(once(root)))
            results["warm"].append(asyncio.run(once(root)))
            results["warm, no keys"].append(asyncio.run(once(root, keys=False)))
    print(f"{count:,} articles, {runs} runs, {results['warm'][0][5]:,} suggestions")
    every = [r for rows in results.values() for r in rows]
    ms = lambda values: f"median {statistics.median(values) * 1000:.0f} ms, worst {max(values) * 1000:.0f} ms"  # noqa: E731
    for name, rows in results.items():
        keys = f"; key {ms([r[2] for r in rows])}" if "no keys" not in name else ""
        print(f"{name}  median {statistics.median(r[0] for r in rows):.1f} s until shown; "
              f"stall {ms([r[1] for r in rows])}{keys}")
    print(f"idle  (no worker, same keys) stall {ms([r[3] for r in every])}; key {ms([r[4] for r in every])}")


if __name__ == "__main__":
    main()
