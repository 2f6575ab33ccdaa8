"""Benchmark: export and import of 100,000 claims over 1,000 articles.

    python tests/bench/bench_export.py [--articles 1000] [--claims-per-article 100] [--runs 3]

Builds a synthetic corpus (plain-text Chinese articles) and a database in a temporary folder, then runs
each measured step in a fresh Python process (so peak memory, ``ru_maxrss``, is the step's own) and
prints the median time and the peak memory of:

* ``export json``: ``jingtui export DIR -o FILE`` (the reference JSON), and the other formats;
* ``import``: ``import_claims`` of that JSON into an empty database, with the caches warm (the usual
  case: the corpus was opened) and cold (``.jingtui/cache`` removed: every article is read and cleaned).
* ``export json (cache cold)``: the export of a corpus whose caches were removed (every article read).

Steps run with Python's bytecode cache, after one warm-up export; the CPU seconds beside each median are
less sensitive to a busy machine than the wall time.

Goals (issue 6): JSON export < 2 s, import < 5 s, memory < 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHRASES = [
    "今年全省地区生产总值增长百分之五点二，", "撸起袖子加油干，", "他说：“我们一定能做到。”",
    "全年完成投资三千二百亿元，", "坚持以人民为中心的发展思想，", "记者走进村里看到，",
    "群众的获得感、幸福感、安全感不断增强。", "共破获刑事案件一万二千起，", "同比下降百分之十三。",
    "为实现“十四五”良好开局贡献力量。", "老张今年六十二岁，", "每天清晨五点就起床巡逻。",
]


def build(folder: Path, articles: int, per_article: int) -> tuple[Path, Path]:
    """The synthetic corpus and its database (claims made on the cleaned texts)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tui"))
    from jingtui.store.claims import ClaimStore
    from jingtui.store.model import make_claim
    from jingtui.workspace import Cleaner, read_article

    rng = random.Random(6)
    root = folder / "corpus"
    for i in range(articles):
        sub = root / f"part{i // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        paragraphs = ["".join(rng.choice(PHRASES) for _ in range(rng.randint(4, 8))) for _ in range(12)]
        (sub / f"article{i:04d}.txt").write_text(f"第{i}号文章：合成的测试新闻\n\n" + "\n\n".join(paragraphs) + "\n",
                                                   encoding="utf-8")
    cleaner = Cleaner(root)
    claims = []
    labels = ("metric", "slogan", "anecdote")
    for i in range(articles):
        rel = f"part{i // 100:02d}/article{i:04d}.txt"
        clean = cleaner.clean(read_article(root, rel))
        n = len(clean.text)
        for j in range(per_article):
            start = rng.randrange(0, n - 40)
            end = start + rng.randint(5, 40)
            claim = make_claim(rel, clean.text, start, end, labels[j % 3], text_sha256=clean.sha256,
                               original_span=clean.to_original.to_original(start, end),
                               reviewer=("ann", "bo")[j % 2], note="备注" if j % 10 == 0 else "")
            if j % 3 == 0:
                claim.fields = {"value": j, "unit": "%"}
            claims.append(claim)
    db = root / ".jingtui" / "annotations.json"
    with ClaimStore.open(db) as store:
        store.add_many(claims)
        for i in range(0, articles, 3):
            store.set_state(f"part{i // 100:02d}/article{i:04d}.txt", done=True)
    return root, db


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(kind: str, root: Path, db: Path, out: Path, fmt: str) -> None:
    """One measured step in this process; prints a JSON line with seconds, phases and peak MB."""
    start = time.perf_counter()
    phases: dict[str, float] = {}
    if kind == "export":
        from jingtui.export.run import Selection, plan_export, write_export
        from jingtui.export.writer import atomic_output
        from jingtui.workspace import open_store

        with open_store(db, read_only=True) as store:
            phases["open database"] = time.perf_counter() - start
            plan = plan_export(root, store, Selection())
        phases["choose claims"] = time.perf_counter() - start - sum(phases.values())
        with atomic_output(out, newline="" if fmt == "csv" else "\n") as stream:
            count = write_export(stream, fmt, root, plan)
        phases["read articles and write"] = time.perf_counter() - start - sum(phases.values())
    else:
        from jingtui.export.importer import merge_claims, prepare_import
        from jingtui.store.claims import ClaimStore

        claims = prepare_import(db, root)  # here ``db`` is the export file, ``out`` the new database
        phases["read, check, re-anchor"] = time.perf_counter() - start
        with ClaimStore.open(out) as store:
            report = merge_claims(store, claims)
            del claims
            phases["store (add_many)"] = time.perf_counter() - start - sum(phases.values())
        phases["close database"] = time.perf_counter() - start - sum(phases.values())
        count = report.added
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": _peak_mb(),
                      "count": count, "phases": phases}))


# The steps run as a user's command would: with Python's bytecode cache (a development shell may turn it
# off with PYTHONDONTWRITEBYTECODE, which adds ~0.1 s of compiling to every run).
STEP_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(kind: str, root: Path, db: Path, out: Path, fmt: str = "json") -> dict:
    done = subprocess.run([sys.executable, __file__, "--step", kind, str(root), str(db), str(out), fmt],
                          check=True, capture_output=True, text=True, env=STEP_ENV)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--claims-per-article", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--step", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        kind, root, db, out, fmt = args.step
        step(kind, Path(root), Path(db), Path(out), fmt)
        return

    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        t0 = time.perf_counter()
        root, db = build(folder, args.articles, args.claims_per_article)
        print(f"built {args.articles} articles, {args.articles * args.claims_per_article} claims "
              f"in {time.perf_counter() - t0:.1f} s")
        exports = folder / "exports"
        exports.mkdir()
        results: dict[str, list[dict]] = {}
        measure("export", root, db, exports / "warm-up.json")  # bytecode written, files in the page cache
        for fmt in ("json", "jsonl", "csv", "w3c"):
            for _ in range(args.runs if fmt == "json" else 1):
                results.setdefault(f"export {fmt}", []).append(measure("export", root, db, exports / f"e.{fmt}", fmt))
        size = (exports / "e.json").stat().st_size
        for run in range(args.runs):
            fresh = folder / f"fresh{run}" / "annotations.json"
            results.setdefault("import (cache warm)", []).append(measure("import", root, exports / "e.json", fresh))
        shutil.rmtree(root / ".jingtui" / "cache")  # a corpus never opened on this machine
        results["export json (cache cold)"] = [measure("export", root, db, exports / "cold.json")]
        shutil.rmtree(root / ".jingtui" / "cache")
        fresh = folder / "fresh-cold" / "annotations.json"
        results["import (cache cold)"] = [measure("import", root, exports / "e.json", fresh)]
        print(f"JSON export file: {size / 1e6:.1f} MB")
        for name, runs in results.items():
            seconds = statistics.median(r["seconds"] for r in runs)
            peak = max(r["peak_mb"] for r in runs)
            phases = ", ".join(f"{k} {statistics.median(r['phases'][k] for r in runs):.2f}"
                               for k in runs[0]["phases"])
            cpu = statistics.median(r["cpu"] for r in runs)
            print(f"{name:22s} median {seconds:6.2f} s ({cpu:.2f} s CPU) over {len(runs)} run(s), peak {peak:6.0f} MB, "
                  f"{runs[0]['count']} claims ({phases})")
        print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
              f"({os.cpu_count()} cores)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
