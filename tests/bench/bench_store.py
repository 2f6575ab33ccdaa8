"""Benchmarks of the claim store (run on demand): ``/work/venv/bin/python tests/bench/bench_store.py``.

1. Tag latency (``AnnotationSession.tag``: validate, journal append + fdatasync, apply) with 0, 10,000
   and 100,000 claims already stored over 1,000 articles: median and p95 of 1,000 tags.
2. Open (snapshot load + journal replay + indexes) and close (compaction to a new snapshot) with those
   databases; ``claims(article)`` and ``counts()`` at that size.
3. ``add_many`` of 100,000 claims (one journal write) and the snapshot size.

Options: ``--quick`` skips the 100,000-claim case; ``--dir PATH`` puts the databases there (default: a
temporary folder; use a real disk, fsync on tmpfs costs nothing).
"""

from __future__ import annotations

import argparse
import hashlib
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


def tag_latency(db: Path, count: int = 1000) -> tuple[float, float]:
    with ClaimStore.open(db) as store:
        session = AnnotationSession(store, "bench")
        times = []
        for i in range(count):
            start = (i * 13) % (len(TEXT) - 40)
            article = f"articles/{(i * 7) % ARTICLES:04d}.md"
            began = time.perf_counter()
            session.tag(article, TEXT, SHA, start, start + 20, LABELS[i % 3])
            times.append(time.perf_counter() - began)
        times.sort()
        return statistics.median(times), times[int(len(times) * 0.95)]


def run(folder: Path, sizes: list[int]) -> None:
    print(f"claims over {ARTICLES} articles; databases in {folder}")
    for n in sizes:
        db = folder / f"db{n}" / "annotations.json"
        claims = synthetic_claims(n)
        store = ClaimStore.open(db)
        began = time.perf_counter()
        store.add_many(claims)
        added = time.perf_counter() - began
        del claims
        began = time.perf_counter()
        store.close()
        closed = time.perf_counter() - began
        size = db.stat().st_size
        began = time.perf_counter()
        store = ClaimStore.open(db)
        opened = time.perf_counter() - began
        began = time.perf_counter()
        for i in range(100):
            store.claims(f"articles/{i:04d}.md")
        per_article = (time.perf_counter() - began) / 100
        began = time.perf_counter()
        store.counts()
        counts = time.perf_counter() - began
        store.close()
        median, p95 = tag_latency(db)
        print(f"\n{n:>7,} claims  snapshot {size / 1e6:.1f} MB")
        print(f"  tag (session.tag, durable)  median {ms(median)}  p95 {ms(p95)}  (1,000 tags)")
        print(f"  open                        {ms(opened)}")
        print(f"  add_many({n:,})             {ms(added)}   close (snapshot) {ms(closed)}")
        print(f"  claims(article)             {ms(per_article)}   counts() {ms(counts)}")
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
