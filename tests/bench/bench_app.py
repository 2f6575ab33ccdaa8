"""Benchmarks of the app (run on demand): ``/work/venv/bin/python tests/bench/bench_app.py``.

1. Process start to the article list shown, for the five seeds and for 1,000 articles (a fresh Python
   process each time, so Textual's import is included), median of 3.
2. Opening an article of about 20,000 characters: cold (never cleaned, cleaning cache emptied) and
   cached (opened before: read again from disk, cleaned text from the cleaning cache, the panes' wrapped
   documents reused), median of 5, from ``show_article`` to the next painted frame.
3. Tag to screen: a Pilot round trip (key ``1`` pressed, claim saved, the next frame painted) with 0,
   10,000 and 100,000 claims already in the database, median of 15, and the store call alone; also the
   startup with 100,000 claims.

Options: ``--quick`` skips the 100,000-claim case.
"""

from __future__ import annotations

import asyncio
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
sys.path.insert(0, str(REPO / "tui"))

CHILD = r"""
import asyncio, sys, time
t0 = float(sys.argv[1])
from pathlib import Path
from jingtui.app.app import JingtuiApp

async def main():
    app = JingtuiApp(Path(sys.argv[2]), Path(sys.argv[3]), reviewer="bench")
    async with app.run_test(size=(160, 48)) as pilot:
        while app.first_frame_at is None:
            await asyncio.sleep(0.005)
        shown = app.first_frame_at - t0
        assert app.article_list.options.option_count == len(app.order)
        print(f"{shown:.4f}")

asyncio.run(main())
"""


def make_corpus(target: Path, count: int) -> Path:
    """``count`` articles: the seeds over and over, each copy made distinct by a line of its own."""
    target.mkdir(parents=True, exist_ok=True)
    seeds = sorted(p for p in SEEDS.iterdir() if p.is_file())
    for i in range(count):
        seed = seeds[i % len(seeds)]
        data = seed.read_bytes()
        (target / f"{i:04d}_{seed.name}").write_bytes(data + f"\n\n第{i}篇。\n".encode("utf-8"))
    return target


def startup_seconds(root: Path, db: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, repr(t0), str(root), str(db)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO / "tui")},
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-2000:])
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def make_long_article(root: Path, chars: int = 20000) -> str:
    """A plain-text article of about ``chars`` characters, one paragraph per line."""
    from jingtui.app import services

    paragraphs: list[str] = []
    total = 0
    for seed in sorted(p for p in SEEDS.iterdir() if p.is_file()):
        article = services.read_article(SEEDS, seed.name)
        for line in article.original.split("\n"):
            line = line.strip()
            if len(line) > 40:
                paragraphs.append(line)
                total += len(line) + 1
    text = []
    size = 0
    i = 0
    while size < chars:
        p = paragraphs[i % len(paragraphs)] + f"（{i}）"
        text.append(p)
        size += len(p) + 1
        i += 1
    name = "long_article.txt"
    (root / name).write_text("长文章标题\n\n" + "\n\n".join(text) + "\n", encoding="utf-8")
    return name


async def open_times(root: Path, db: Path, name: str) -> tuple[float, float, int]:
    """Median seconds from ``show_article`` to the next painted frame: cold (never cleaned, not in any
    cache) and cached (read again from disk, cleaned text from the cleaning cache)."""
    from jingtui.app.app import JingtuiApp

    async def open_and_paint(app) -> float:
        painted = asyncio.Event()
        t = time.perf_counter()
        app.show_article(name)
        app.call_after_refresh(painted.set)
        await painted.wait()
        return time.perf_counter() - t

    cold, cached = [], []
    size = 0
    for run in range(5):
        app = JingtuiApp(root, db, reviewer="bench")
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            app.workers.cancel_all()
            other = next(p for p in app.order if p != name)
            app.show_article(other)
            await pilot.pause()
            shutil.rmtree(root / ".jingtui" / "cache", ignore_errors=True)
            entry = app.entries[name]
            entry.article = entry.clean = None
            cold.append(await open_and_paint(app))
            size = len(entry.clean.text)
            app.show_article(other)
            await pilot.pause()
            entry.article = entry.clean = None  # read again from disk and the cleaning cache
            cached.append(await open_and_paint(app))
    return statistics.median(cold), statistics.median(cached), size


def fill_store(db: Path, root: Path, claims: int) -> None:
    """Put ``claims`` claims into the database, spread over the corpus's articles."""
    from jingtui.app import services

    if claims == 0:
        return
    store, session = services.open_store(db, "bench")
    paths = services.discover_paths(root)
    cleaner = services.Cleaner(root)
    texts = {}
    for p in paths:
        clean = cleaner.clean(services.read_article(root, p))
        texts[p] = clean
    per = max(1, claims // len(paths))
    made = 0
    bulk = getattr(store, "add_many", None)
    from jingtui.store.model import make_claim

    batch = []
    while made < claims:
        for p in paths:
            clean = texts[p]
            n = len(clean.text)
            for k in range(per):
                if made >= claims:
                    break
                start = (k * 7) % max(1, n - 10)
                claim = make_claim(p, clean.text, start, start + 5, "metric", text_sha256=clean.sha256, reviewer="bench")
                if bulk is not None:
                    batch.append(claim)
                else:
                    session.tag(p, clean.text, clean.sha256, start, start + 5, "metric")
                made += 1
    if bulk is not None:
        bulk(batch)
    close = getattr(store, "close", None)
    if close:
        close()


async def tag_latency(root: Path, db: Path, rounds: int = 15) -> tuple[float, float, float]:
    """Medians, in seconds: key pressed -> claim saved and the next frame painted; the store call
    alone; the same round trip for a key bound to nothing (Pilot's own overhead)."""
    from jingtui.app.app import JingtuiApp

    app = JingtuiApp(root, db, reviewer="bench")
    times, store_times = [], []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        app.workers.cancel_all()
        session = app.session
        real_tag = session.tag

        def timed_tag(*args, **kwargs):
            t = time.perf_counter()
            try:
                return real_tag(*args, **kwargs)
            finally:
                store_times.append(time.perf_counter() - t)

        session.tag = timed_tag
        pane = app.cleaned_pane
        spans = pane.nav.spans
        for i in range(rounds):
            start, _ = spans[(i * 3 + 2) % len(spans)]
            pane.move_to_offset(start)
            await pilot.press(*["shift+right"] * 4)  # a selection: a new claim, never a relabel
            await pilot.pause()
            painted = asyncio.Event()
            t = time.perf_counter()
            await pilot.press("1")
            app.call_after_refresh(painted.set)
            await painted.wait()
            times.append(time.perf_counter() - t)
        baseline = []
        for _ in range(rounds):  # the same round trip for a key bound to nothing: Pilot's own cost
            painted = asyncio.Event()
            t = time.perf_counter()
            await pilot.press("f12")
            app.call_after_refresh(painted.set)
            await painted.wait()
            baseline.append(time.perf_counter() - t)
    return statistics.median(times), statistics.median(store_times), statistics.median(baseline)


def main() -> None:
    quick = "--quick" in sys.argv
    sys.stdout.reconfigure(line_buffering=True)
    work = Path(tempfile.mkdtemp(prefix="jingtui-bench-"))
    try:
        seeds = work / "seeds"
        shutil.copytree(SEEDS, seeds, ignore=shutil.ignore_patterns(".jingtui"))
        print(f"startup, seeds (5 articles):      {startup_seconds(seeds, work / 'db-seeds.json') * 1000:7.0f} ms")
        big = make_corpus(work / "big", 1000)
        print(f"startup, 1,000 articles:          {startup_seconds(big, work / 'db-big.json') * 1000:7.0f} ms")
        long_root = work / "long"
        shutil.copytree(SEEDS, long_root, ignore=shutil.ignore_patterns(".jingtui"))
        name = make_long_article(long_root)
        cold, cached, size = asyncio.run(open_times(long_root, work / "db-long.json", name))
        print(f"open a {size:,}-character article: cold {cold * 1000:6.1f} ms, cached {cached * 1000:6.1f} ms")
        claims_corpus = work / "claims-corpus"
        make_corpus(claims_corpus, 1000)  # 100,000 claims = 100 per article
        for claims in (0, 10_000) + (() if quick else (100_000,)):
            db = work / f"db-{claims}.json"
            t = time.perf_counter()
            fill_store(db, claims_corpus, claims)
            filled = time.perf_counter() - t
            latency, store, baseline = asyncio.run(tag_latency(claims_corpus, db))
            line = (
                f"tag to screen, {claims:>7,} claims:   {latency * 1000:6.1f} ms "
                f"(Pilot round trip of a no-op key {baseline * 1000:.1f} ms; store call {store * 1000:.1f} ms; "
                f"database filled in {filled:.1f} s)"
            )
            if claims == 100_000:
                line += f"; startup {startup_seconds(claims_corpus, db, runs=1) * 1000:.0f} ms"
            print(line, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
