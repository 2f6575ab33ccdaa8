"""Benchmarks of the app (run on demand): ``python tests/bench/bench_app.py``.

1. Process start to the article list shown, for the five seeds and for 1,000 articles (a fresh Python
   process each time, so Textual's import is included), median of 3.
2. Opening an article of about 20,000 characters: cold (never cleaned, cleaning cache emptied) and
   cached (opened before: read again from disk, cleaned text from the cleaning cache, the panes' wrapped
   documents reused), median of 5, from ``show_article`` to the next painted frame.
3. Tag to screen with 0, 10,000 and 100,000 claims already in the database, medians and 95th
   percentiles: in-process (the key event posted to the app -> the end of the first screen update after
   the tag, split into dispatch, action, wait and paint; 40 tags), a Pilot round trip (``pilot.press("1")``
   -> claim saved and the next frame painted; 15 tags) beside the same round trip for a key bound to
   nothing (mostly Pilot's own cost), and the store call alone; also the startup with 100,000 claims.

Options: ``--quick`` skips the 100,000-claim case; ``--tag-only`` measures tag to screen only.
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
        assert app.reader.article_list.options.option_count == len(app.reader.order)
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
        (target / f"{i:04d}_{seed.name}").write_bytes(data + f"\n\n第{i}篇。\n".encode())
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
        app.reader.show_article(name)
        app.call_after_refresh(painted.set)
        await painted.wait()
        return time.perf_counter() - t

    cold, cached = [], []
    size = 0
    for _run in range(5):
        app = JingtuiApp(root, db, reviewer="bench")
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            app.workers.cancel_all()
            other = next(p for p in app.reader.order if p != name)
            app.reader.show_article(other)
            await pilot.pause()
            shutil.rmtree(root / ".jingtui" / "cache", ignore_errors=True)
            entry = app.reader.entries[name]
            entry.article = entry.clean = None
            cold.append(await open_and_paint(app))
            size = len(entry.clean.text)
            app.reader.show_article(other)
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
                claim = make_claim(p, clean.text, start, start + 5, "metric", text_sha256=clean.sha256,
                                   reviewer="bench")
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


def summary(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank), in milliseconds."""
    ordered = sorted(times)
    p95 = ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


class FrameClock:
    """Tag to screen inside the app: from the key event being posted to the app to the end of the
    first screen update (compositor refresh) after ``action_tag`` returned, with the split into
    dispatch (key to action), action (store call and repaint requests), wait (until the screen's update
    timer runs, incl. layout) and paint (the compositor rendering the changed lines)."""

    def __init__(self, app) -> None:
        self.app = app
        self.samples: list[tuple[float, float, float, float, float]] = []
        self._armed = False
        self._acted = None
        self._frame = asyncio.Event()
        screen = app.screen
        real_refresh = screen._compositor_refresh  # Textual 8.2.8: called by the update timer
        real_tag = app.reader.action_tag

        def compositor_refresh() -> None:
            start = time.perf_counter()
            real_refresh()
            if self._armed and self._acted is not None:
                end = time.perf_counter()
                self._armed = False
                a0, a1 = self._acted
                self.samples.append((end - self._t0, a0 - self._t0, a1 - a0, start - a1, end - start))
                self._frame.set()

        def action_tag(index: int) -> None:
            a0 = time.perf_counter()
            real_tag(index)
            self._acted = (a0, time.perf_counter())

        screen._compositor_refresh = compositor_refresh
        app.reader.action_tag = action_tag

    async def press(self, key: str) -> None:
        """Post ``key`` to the app as the terminal driver does and wait for the frame that shows it."""
        from textual import events

        self._frame.clear()
        self._acted = None
        self._armed = True
        self._t0 = time.perf_counter()
        self.app.post_message(events.Key(key, key))
        await asyncio.wait_for(self._frame.wait(), 10)


async def tag_latency(root: Path, db: Path, rounds: int = 15, in_process_rounds: int = 40) -> dict:
    """Tag to screen, in milliseconds, as (median, p95):

    - ``harness``: a Pilot round trip, key ``1`` pressed -> claim saved and the next frame painted;
    - ``noop``: the same round trip for a key bound to nothing (the harness's own cost);
    - ``screen``: in-process, key event posted -> end of the first screen update after the tag (see
      ``FrameClock``), with its parts ``dispatch``, ``action``, ``wait``, ``paint``;
    - ``store``: the store call alone."""
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
        pane = app.reader.cleaned_pane
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
        clock = FrameClock(app)
        text = pane.index.text
        used = {(c.start, c.end) for c in app.reader.claims}
        candidates = (
            (a + shift, a + shift + 4)
            for shift in range(6, 200, 3)
            for k, (a, _) in enumerate(spans)
            if k % 2 and a + shift + 4 <= len(text)
        )
        for _i in range(in_process_rounds):
            start, end = next(c for c in candidates if c not in used and text[c[0]:c[1]].strip() == text[c[0]:c[1]])
            used.add((start, end))  # a new claim each time, never a relabel nor a refused duplicate
            pane.move_to_offset(start)
            pane.select_offsets(start, end)
            await pilot.pause()
            await pilot.pause()
            await asyncio.sleep(0.02)  # keys come apart: the screen's update timer is not mid-period
            count = len(app.reader.claims)
            await clock.press("1")
            assert len(app.reader.claims) == count + 1, "the key did not tag"
    parts = list(zip(*clock.samples, strict=True))
    names = ("screen", "dispatch", "action", "wait", "paint")
    result = {name: summary(list(values)) for name, values in zip(names, parts, strict=True)}
    result.update(harness=summary(times), noop=summary(baseline), store=summary(store_times))
    return result


def measure_startup_and_open(work: Path) -> None:
    """Print the startup times (seeds, 1,000 articles) and the open times of a long article."""
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


def main() -> None:
    quick = "--quick" in sys.argv
    tag_only = "--tag-only" in sys.argv
    sys.stdout.reconfigure(line_buffering=True)
    work = Path(tempfile.mkdtemp(prefix="jingtui-bench-"))
    try:
        if not tag_only:
            measure_startup_and_open(work)
        claims_corpus = work / "claims-corpus"
        make_corpus(claims_corpus, 1000)  # 100,000 claims = 100 per article
        for claims in (0, 10_000) + (() if quick else (100_000,)):
            db = work / f"db-{claims}.json"
            t = time.perf_counter()
            fill_store(db, claims_corpus, claims)
            filled = time.perf_counter() - t
            r = asyncio.run(tag_latency(claims_corpus, db))
            line = (
                f"tag to screen, {claims:>7,} claims: in-process {r['screen'][0]:5.1f} ms (p95 {r['screen'][1]:.1f}; "
                f"dispatch {r['dispatch'][0]:.1f}, action {r['action'][0]:.1f}, wait {r['wait'][0]:.1f}, "
                f"paint {r['paint'][0]:.1f}); Pilot round trip {r['harness'][0]:.1f} ms (p95 {r['harness'][1]:.1f}), "
                f"no-op key through Pilot {r['noop'][0]:.1f} ms (p95 {r['noop'][1]:.1f}); "
                f"store call {r['store'][0]:.1f} ms; database filled in {filled:.1f} s"
            )
            if claims == 100_000:
                line += f"; startup {startup_seconds(claims_corpus, db, runs=1) * 1000:.0f} ms"
            print(line, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
