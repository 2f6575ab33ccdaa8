"""The figures over time (issue 18 item 4): what the corpus view's chart and ``jingtui stats --by month``
cost on a generated corpus (tests/bench/make_corpus.py), and the pure counting and drawing alone.

    python tests/bench/make_corpus.py /tmp/corpus10k --count 10000
    python tests/bench/bench_month_figures.py /tmp/corpus10k [--repeat 3]

Prints medians: the figures per month through a warm corpus index (dates of every file, claims, metric
values), a query's hits per month through the search index (first: the index built; then warm, the
CorpusSearch kept as the chart keeps it), ``month_counts`` over 100,000 claims, and drawing a 240-month
chart. Figures go in tests/bench/README.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tui"))

from jingtui.app.widgets.month_chart import chart_lines  # noqa: E402
from jingtui.search.corpus_search import CorpusSearch  # noqa: E402
from jingtui.search.month_figures import corpus_month_figures, query_series  # noqa: E402
from jingtui.search.per_month import month_counts, month_range  # noqa: E402
from jingtui.workspace import Workspace  # noqa: E402


def median_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--query", default="公安")
    args = parser.parse_args()

    start = time.perf_counter()
    figures = corpus_month_figures(Workspace(args.corpus))
    print(f"figures per month, first run (index filled as needed): {time.perf_counter() - start:.2f} s; "
          f"{len(figures.timeline)} months, {figures.counts.article_series().total:,} articles")
    warm = median_of(args.repeat, lambda: corpus_month_figures(Workspace(args.corpus)))
    print(f"figures per month, warm index: median {warm:.3f} s")

    searcher = CorpusSearch(Workspace(args.corpus))
    start = time.perf_counter()
    result = query_series(searcher.workspace, args.query, timeline=figures.timeline, searcher=searcher)
    print(f"hits of {args.query} per month, first (search index refreshed): {time.perf_counter() - start:.2f} s; "
          f"{result.series.total:,} hits")
    warm = median_of(args.repeat, lambda: query_series(searcher.workspace, args.query, timeline=figures.timeline,
                                                       searcher=searcher))
    print(f"hits of {args.query} per month, warm (CorpusSearch kept): median {warm:.3f} s")

    rng = random.Random(1)
    dates = {f"a{i}": f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02}-01" for i in range(100_000)}
    paths = list(dates)
    claims = [(rng.choice(paths), rng.choice(("metric", "slogan", "anecdote"))) for _ in range(100_000)]
    pure = median_of(args.repeat, lambda: month_counts(dates, claims).to_dict())
    print(f"month_counts + to_dict, 100,000 articles and claims: median {pure * 1000:.0f} ms")
    months = month_range("2005-01", "2024-12")
    values = [rng.randint(0, 50) for _ in months]
    draw = median_of(args.repeat * 10, lambda: chart_lines(months, values, width=120, height=20))
    print(f"drawing {len(months)} months at 120x20: median {draw * 1000:.1f} ms")


if __name__ == "__main__":
    main()
