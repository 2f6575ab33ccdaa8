"""Benchmark of corpus search (run on demand): ``python tests/bench/bench_search.py [--copies N] [--runs N]``.

A corpus of the seeds repeated (``--copies`` times five articles, default 200: 1,000 articles) in a temporary
folder; every article cleaned once first (the cleaning cache warm). Timed: ``search_corpus`` for a
two-character query (reading each article through the workspace, its cleaned text from the cache, the
hits), and ``find_hits`` alone over texts already in memory (the pure keyword-in-context part).
Figures: tests/bench/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tui"))

from jingtui.search.corpus_search import search_corpus
from jingtui.search.kwic import ArticleFacts, Query, find_hits
from jingtui.workspace import Workspace

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


def median_ms(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="发展")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        root.mkdir()
        for i in range(args.copies):
            for seed in sorted(SEEDS.glob("*.txt")):
                shutil.copy(seed, root / f"{i:05d}_{seed.name}")
        ws = Workspace(root)
        triples = [(p, ws.clean(ws.read(p)).text, ArticleFacts()) for p in ws.paths()]
        query = Query(args.query)
        hits = len(find_hits(triples, query).hits)
        print(f"{len(triples)} articles, {hits} hits of {args.query}")
        whole = median_ms(lambda: search_corpus(ws, query), args.runs)
        print(f"search_corpus (warm cleaning cache): median {whole:.0f} ms")
        print(f"find_hits (texts in memory): median {median_ms(lambda: find_hits(triples, query), args.runs):.0f} ms")


if __name__ == "__main__":
    main()
