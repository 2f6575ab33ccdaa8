"""Benchmarks of the codebook (run on demand): ``python tests/bench/bench_codebook.py [--quick]``.

1. Startup cost of the codebook: reading ``codebook.toml`` of a 300-code, 4-level codebook (Chinese names,
   keys, colours, fields, two variables) against the default codebook, in fresh processes, and building
   the picker's index (done when the picker first opens). Median of 15 runs each.
2. Picker filtering: :meth:`CodeFinder.find` for every prefix (1 to 3 characters) of every code's hint,
   pinyin initials and name in the 300-code codebook; median and worst time per keystroke, and whether
   every code is first for its hint of at most 3 letters (so: picker key, at most 3 letters, enter).
3. Agreement per code with the roll-up to every parent: 100,000 claims (two reviewers, 1,000 articles of
   5,000 characters, leaf codes of the 300-code codebook), ``agreement(..., groups=...)``; ``--quick``
   uses 10,000 claims.

Figures go in tests/bench/README.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tui"))
sys.path.insert(0, str(ROOT / "tests"))

from codebook_sample import large_codebook, large_codebook_text
from jingtui.codebook.finder import CodeFinder
from jingtui.export.agreement import Span, agreement

LOAD = ("import time, sys; t = time.perf_counter(); from jingtui.codebook import load_codebook; "
        "b = load_codebook(sys.argv[1]); print(time.perf_counter() - t)")


def startup(runs: int = 15) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big, default = Path(tmp) / "big", Path(tmp) / "default"
        big.mkdir()
        default.mkdir()
        (big / "codebook.toml").write_text(large_codebook_text(), encoding="utf-8")
        times: dict[str, list[float]] = {"default": [], "300 codes": []}
        for _ in range(runs):
            for name, folder in (("default", default), ("300 codes", big)):
                out = subprocess.run([sys.executable, "-c", LOAD, str(folder)], capture_output=True, text=True,
                                     check=True, env={"PYTHONPATH": str(ROOT / "tui")})
                times[name].append(float(out.stdout))
        for name, values in times.items():
            print(f"load codebook, {name}: median {statistics.median(values) * 1000:.1f} ms")
        diff = statistics.median(times["300 codes"]) - statistics.median(times["default"])
        print(f"  difference: {diff * 1000:.1f} ms (goal: under 50 ms)")
    book = large_codebook()
    t = time.perf_counter()
    CodeFinder(book)
    print(f"picker index of 300 codes: {(time.perf_counter() - t) * 1000:.1f} ms (once, when the picker opens)")


def picker() -> None:
    finder = CodeFinder(large_codebook())
    times = []
    for entry in finder.entries:
        for text in (entry.hint, entry.initials, entry.name):
            for i in range(1, min(3, len(text)) + 1):
                t = time.perf_counter()
                finder.find(text[:i])
                times.append(time.perf_counter() - t)
    first = sum(finder.find(e.hint)[0].code.id == e.code.id and len(e.hint) <= 3 for e in finder.entries)
    times.sort()
    print(f"picker filtering, {len(times)} keystrokes: median {statistics.median(times) * 1000:.2f} ms, "
          f"p99 {times[int(len(times) * 0.99)] * 1000:.2f} ms, worst {times[-1] * 1000:.2f} ms (goal: under 16 ms)")
    print(f"codes first for their hint of at most 3 letters: {first} of {len(finder.entries)}")


def agreement_rollup(claims: int) -> None:
    book = large_codebook()
    leaves = [c.id for c in book.codes if not book.children(c.id)]
    groups = {c.id: frozenset({c.id} | {d.id for d in book.descendants(c.id)})
              for c in book.walk() if book.children(c.id)}
    rng = random.Random(1)
    a: list[Span] = []
    b: list[Span] = []
    lengths = {}
    per_article = claims // 2 // 1000
    for n in range(1000):
        article = f"a{n:04d}.txt"
        lengths[article] = 5000
        for _ in range(per_article):
            s = rng.randrange(4900)
            e = min(5000, s + rng.randint(5, 100))
            code = rng.choice(leaves)
            a.append(Span(article, code, s, e))
            if rng.random() < 0.7:
                their_code = code if rng.random() < 0.8 else rng.choice(leaves)
                b.append(Span(article, their_code, max(0, s + rng.randint(-3, 3)), e))
            else:
                s = rng.randrange(4900)
                b.append(Span(article, rng.choice(leaves), s, s + 20))
    t = time.perf_counter()
    report = agreement(a, b, lengths, labels=book.ids, groups=groups)
    elapsed = time.perf_counter() - t
    print(f"agreement per code with roll-up, {len(a) + len(b):,} claims, {len(report.by_label)} codes, "
          f"{len(report.by_parent)} parents: {elapsed:.2f} s (goal: under 3 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 claims for agreement, 5 startup runs")
    args = parser.parse_args()
    startup(5 if args.quick else 15)
    picker()
    agreement_rollup(10_000 if args.quick else 100_000)


if __name__ == "__main__":
    main()
