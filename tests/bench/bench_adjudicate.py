"""Benchmarks of adjudication (run on demand): ``python tests/bench/bench_adjudicate.py [--runs N]``.

1. The disagreement list of a corpus: 1,000 articles, 100,000 claims (two reviewers, 50,000 each; about a
   third of B's claims moved, recoded or left out so there is something to settle). Timed from an open
   store: counting every article's agreed claims and disagreements against an empty consensus
   (``Adjudication.corpus_counts``, what the article list and corpus view show), and the full list with
   every reviewer's version of each disagreement (``Adjudication.corpus_items(agreed=False)``). The goal is under 2 s.
2. One article with 400 claims of three reviewers: its items (``Adjudication.items`` and ``decided``).
3. ``agreement()`` with u-alpha over the same 100,000 claims (the ``jingtui agree`` figures).

The screen's own opening time is measured by ``bench_adjudicate_screen.py``.
Figures: tests/bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tui"))

from jingtui.adjudicate.workbench import Adjudication
from jingtui.export.agreement import Span, agreement
from jingtui.store.claims import ClaimStore
from jingtui.store.model import make_claim

TEXT = ("今年以来，全市公安机关坚持以人民为中心的发展思想，共破获刑事案件1234起，抓获犯罪嫌疑人567名，"
        "同比分别上升12.3%和8.9%。村民老张说，现在办事不用出村，让群众少跑腿、数据多跑路，日子越过越好。\n") * 60
LABELS = ("metric", "slogan", "anecdote")


def two_reviewers(articles: int, per_article: int, reviewers=("A", "B"), article_prefix="a") -> list:
    """Claims of ``reviewers`` over ``articles`` articles, ``per_article`` each per reviewer, with disagreements."""
    claims = []
    for a in range(articles):
        path = f"{article_prefix}/{a:04d}.md"
        for i in range(per_article):
            start = 10 + i * ((len(TEXT) - 80) // per_article)
            label = LABELS[i % 3]
            for r, who in enumerate(reviewers):
                s, e, lab = start, start + 12 + i % 20, label
                twist = (a * 7 + i * 3 + r) % 9 if r else -1
                if twist == 0:
                    continue  # left out
                if twist == 1:
                    s += 2
                elif twist == 2:
                    lab = LABELS[(i + 1) % 3]
                claims.append(make_claim(path, TEXT, s, e, lab, text_sha256="x", reviewer=who))
    return claims


CPU: list[float] = []  # the CPU seconds of the last timed() (the machine is shared: wall time waits for it)


def timed(fn, runs: int) -> tuple[float, object]:
    times, cpu = [], []
    result = None
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    CPU[:] = [statistics.median(cpu)]
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = ClaimStore.open(Path(tmp) / "db.json", sync=False)
        claims = two_reviewers(1000, 50)
        store.add_many(claims)
        store.add_many(two_reviewers(1, 134, ("A", "B", "C"), "big"))
        print(f"{len(store)} claims in the store")
        work = Adjudication(store, ("A", "B"))
        seconds, counts = timed(work.corpus_counts, args.runs)
        total = sum(c.disagreements for c in counts.values())  # type: ignore[union-attr]
        print(f"corpus disagreement list, {len(counts)} articles, {total} disagreements: median {seconds:.3f} s "
              f"(CPU {CPU[0]:.3f} s)")
        seconds, _listed = timed(lambda: work.corpus_items(agreed=False), args.runs)
        print(f"corpus disagreement list with every version of each: median {seconds:.3f} s (CPU {CPU[0]:.3f} s)")
        three = Adjudication(store, ("A", "B", "C"))
        seconds, items = timed(lambda: (three.items("big/0000.md"), three.decided("big/0000.md")), args.runs * 4)
        print(f"one article of {sum(1 for c in store.claim_documents('big/0000.md'))} claims, 3 reviewers, "
              f"{len(items[0])} items: median {seconds * 1000:.1f} ms "
              f"(CPU {CPU[0] * 1000:.1f} ms)")  # type: ignore[index]
        spans = ([Span(c.article, c.label, c.start, c.end) for c in claims if c.reviewer == "A"],
                 [Span(c.article, c.label, c.start, c.end) for c in claims if c.reviewer == "B"])
        lengths = {c.article: len(TEXT) for c in claims}
        seconds, report = timed(lambda: agreement(*spans, lengths, labels=LABELS), max(1, args.runs // 2))
        print(f"agreement with u-alpha over {len(claims)} claims: median {seconds:.3f} s (CPU {CPU[0]:.3f} s) "
              f"(u-alpha {report.overall.u_alpha:.3f})")  # type: ignore[attr-defined]
        store.close(compact=False)


if __name__ == "__main__":
    main()
