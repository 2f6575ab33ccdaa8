"""How long the corpus view blocks the UI when it shows its tables, and when it sorts the metrics.

    python tests/bench/bench_dialogs_corpus_view.py [METRICS]     (default 10,000 metric rows)

1,000 articles, 500 slogans (200 shown), METRICS metric rows (the first 500 shown). Prints medians of
5 runs: ``show`` and ``sort`` (sort all rows by value), each as the time until every row is in its table
and painted, and as the longest the event loop was blocked meanwhile (``freeze``: what the reviewer
feels; measured by a probe task that wakes every 5 ms). The figures are computed in a worker beforehand
(jingtui.suggest.stats), so none of this includes them.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

from textual.app import App

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lag_probe import LagProbe  # noqa: E402

from jingtui.app.screens.corpus_view import ArticleRow, CorpusData, CorpusView, MetricRow, SloganRow


def corpus(metrics: int) -> CorpusData:
    return CorpusData(
        articles=[ArticleRow(f"a{i}.txt", f"标题{i}", {"metric": i % 7, "slogan": 1}, i % 3 == 0) for i in range(1000)],
        slogans=[SloganRow(f"口号{i}", i, [f"a{j}.txt" for j in range(i % 5 + 1)]) for i in range(500)],
        metrics=[MetricRow(f"主语{i}", float(i * 37 % 1000), "起", "+5%", f"a{i % 1000}.txt", "q")
                 for i in range(metrics)],
    )


async def filled(pilot, view: CorpusView) -> None:
    await pilot.pause()
    while view.filling:
        await pilot.pause(0.01)


async def once(data: CorpusData) -> tuple[float, float, float, float]:
    app = App()
    probe = LagProbe(0.005)
    async with app.run_test(size=(160, 48)) as pilot:
        view = CorpusView(Path("/tmp"), Path("/tmp/none.json"), loader=lambda root, db: CorpusData())
        app.push_screen(view)
        await pilot.pause()
        await app.workers.wait_for_complete()
        probe.start()
        start = time.perf_counter()
        view._show(data)
        await filled(pilot, view)
        shown, shown_freeze = time.perf_counter() - start, probe.stop()
        probe.start()
        start = time.perf_counter()
        view.sort_metrics("value")
        await filled(pilot, view)
        return shown, shown_freeze, time.perf_counter() - start, probe.stop()


def main() -> None:
    metrics = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    data = corpus(metrics)
    runs = [asyncio.run(once(data)) for _ in range(5)]
    print(f"{metrics:,} metric rows, 1,000 articles")
    ms = lambda i: statistics.median(r[i] for r in runs) * 1000  # noqa: E731
    print(f"show  median {ms(0):.0f} ms until filled, longest freeze {ms(1):.0f} ms")
    print(f"sort  median {ms(2):.0f} ms until filled, longest freeze {ms(3):.0f} ms")


if __name__ == "__main__":
    main()
