"""Benchmarks of the claim store (run on demand): ``python tests/bench/bench_store.py``.

1. Tag latency (``AnnotationSession.tag``: validate, journal append + fdatasync, apply) with 0, 10,000
   and 100,000 claims already stored over 1,000 articles: median and p95 of 1,000 tags.
2. Open (snapshot load + indexes), open after a crash (replaying 1,000 journaled tags), and close after
   tagging (compaction to a new snapshot) with those databases; ``claims(article)``, ``counts()`` and
   ``claims()`` at that size. The median fdatasync of this disk is printed first: on a shared machine it
   varies from 0.3 to 4 ms and is the floor of a durable tag (the store's own work is ~0.1 ms).
3. ``add_many`` of 100,000 claims (one journal write) and the snapshot size.

Options: ``--quick`` skips the 100,000-claim case; ``--dir PATH`` puts the databases there (default: a
temporary folder; use a real disk, fsync on tmpfs costs nothing).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tui"))

from jingtui.store import AnnotationSession, ClaimStore, make_claim  # noqa: E402

ARTICLES = 1000
TEXT = (
    "今年以来，全市公安机关坚持以人民为中心的发展思想，共破获刑事案件1234起，抓获犯罪嫌疑人567名，"
    "同比分别上升12.3%和8.9%。村民老张说，现在办事不用出村，让群众少跑腿、数据多跑路，日子越过越好。\n"
) * 20
SHA = hashlib.sha256(TEXT.encode()).hexdigest()
LABELS = ("metric", "slogan", "anecdote")


def synthetic_claims(n: int) -> list:
    """``n`` realistic claims (quote 10-50 characters, full context) spread over 1,000 articles."""
    claims = []
    for i in range(n):
        start = (i * 37) % (len(TEXT) - 60)
        claims.append(make_claim(f"articles/{i % ARTICLES:04d}.md", TEXT, start, start + 10 + i % 41,
                                 LABELS[i % 3], text_sha256=SHA, original_span=(start + 80, start + 120),
                                 reviewer="bench"))
    return claims


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


class Clock:
    """Wall-clock and CPU time of a block (CPU time shows the cost when other processes share the cores)."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{ms(self.wall)} (CPU {ms(self.cpu)})"


def fsync_latency(folder: Path, count: int = 300) -> float:
    """Median cost of appending one line and fdatasync on this disk: the floor of a durable tag."""
    path = folder / "fsync-probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    times = []
    for _ in range(count):
        began = time.perf_counter()
        os.write(fd, b"x" * 700 + b"\n")
        os.fdatasync(fd)
        times.append(time.perf_counter() - began)
    os.close(fd)
    path.unlink()
    return statistics.median(times)


def tag_latency(db: Path, count: int = 1000, *, sync: bool = True, crash: bool = False,
                round_number: int = 0) -> tuple[float, float, float]:
    """(median, p95) of ``count`` tags, and the time to close (compaction) or 0 when ``crash``.

    Each round tags spans of another length (the session refuses the same span and label twice).
    """
    store = ClaimStore.open(db, sync=sync)
    session = AnnotationSession(store, "bench")
    times = []
    for i in range(count):
        start = (i * 13) % (len(TEXT) - 40)
        article = f"articles/{(i * 7) % ARTICLES:04d}.md"
        began = time.perf_counter()
        session.tag(article, TEXT, SHA, start, start + 20 + round_number, LABELS[i % 3])
        times.append(time.perf_counter() - began)
    times.sort()
    began = time.perf_counter()
    if crash:  # as after kill -9: no compaction, the journal keeps the tags
        store._journal.close()
        store._lock.release()
    else:
        store.close()
    return statistics.median(times), times[int(len(times) * 0.95)], time.perf_counter() - began


def run(folder: Path, sizes: list[int]) -> None:
    print(f"claims over {ARTICLES} articles; databases in {folder}")
    print(f"fdatasync of one 700-byte append on this disk right now: median {ms(fsync_latency(folder))}")
    for n in sizes:
        db = folder / f"db{n}" / "annotations.json"
        claims = synthetic_claims(n)
        store = ClaimStore.open(db)
        with Clock() as added:
            store.add_many(claims)
        del claims
        store.close()
        size = db.stat().st_size
        with Clock() as opened:
            store = ClaimStore.open(db)
        began = time.perf_counter()
        for i in range(100):
            store.claims(f"articles/{i:04d}.md")
        per_article = (time.perf_counter() - began) / 100
        began = time.perf_counter()
        store.counts()
        counts = time.perf_counter() - began
        store.close()
        with ClaimStore.open(db, read_only=True) as reader, Clock() as all_claims:
            everything = len(reader.claims())
        median, p95, _ = tag_latency(db, crash=True)
        began = time.perf_counter()
        ClaimStore.open(db).close()
        replayed = time.perf_counter() - began
        quick, _, _ = tag_latency(db, sync=False, round_number=1)
        with Clock() as compacted:
            tag_latency(db, 100, round_number=2)
        print(f"\n{n:>7,} claims  snapshot {size / 1e6:.1f} MB")
        print(f"  tag (session.tag, durable)  median {ms(median)}  p95 {ms(p95)}  "
              f"(1,000 tags; without fdatasync: {ms(quick)})")
        print(f"  open                        {opened}")
        print(f"  open + replay of 1,000 journaled tags + close: {ms(replayed)}")
        print(f"  add_many({n:,})  {added}")
        print(f"  open, 100 tags, close (new snapshot): {compacted}")
        print(f"  claims(article) {ms(per_article)}   counts() {ms(counts)}   "
              f"claims() of all {everything:,}: {all_claims}")
        shutil.rmtree(db.parent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-claim case")
    parser.add_argument("--dir", type=Path, help="where to put the databases")
    parser.add_argument("--sizes", type=lambda v: [int(x) for x in v.split(",")], help="e.g. 0,10000,100000")
    args = parser.parse_args()
    sizes = args.sizes or ([0, 10_000] if args.quick else [0, 10_000, 100_000])
    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=True)
        run(args.dir, sizes)
    else:
        with tempfile.TemporaryDirectory(prefix="bench_store_") as folder:
            run(Path(folder), sizes)


if __name__ == "__main__":
    main()
