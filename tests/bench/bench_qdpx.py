"""Benchmark: REFI-QDA project export and import of 100,000 claims over 1,000 articles (issue 17).

    python tests/bench/bench_qdpx.py [--articles 1000] [--claims-per-article 100] [--runs 3]

The corpus and database are the ones ``bench_export.py`` builds (two reviewers, notes, fields, a third of
the articles done). Each measured step runs in a fresh Python process (peak memory, ``ru_maxrss``, is the
step's own), with the caches warm (the usual case: the corpus was opened):

* ``export qdpx``: :func:`jingtui.export.qdpx_export.export_qdpx` (plan, read articles, write the ZIP, read
  every selection back), with ``--positions codepoints`` and ``utf16``;
* ``import qdpx``: ``prepare_qdpx_import`` of that file (read, check the schema, match by GUID, re-anchor)
  and ``merge_claims`` into an empty database.

Goals (issue 17): export < 5 s and < 500 MB; import < 10 s. Figures go in ``tests/bench/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
STEP_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def step(kind: str, root: Path, db: Path, out: Path, counting: str) -> None:
    start = time.perf_counter()
    phases: dict[str, float] = {}
    if kind == "export":
        from jingtui.export.qdpx_export import export_qdpx

        result = export_qdpx(root, db, out, counting=counting)
        assert result.check.ok, result.check.summary()
        count = result.claims
    else:
        from jingtui.export.importer import merge_claims
        from jingtui.export.qdpx_import import prepare_qdpx_import
        from jingtui.store.claims import ClaimStore

        prepared = prepare_qdpx_import(db, root)  # here ``db`` is the .qdpx, ``out`` the new database
        phases["read, check, match, re-anchor"] = time.perf_counter() - start
        with ClaimStore.open(out) as store:
            report = merge_claims(store, prepared.claims)
            phases["store"] = time.perf_counter() - start - sum(phases.values())
        count = report.added
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                      "peak_mb": usage.ru_maxrss / 1024, "count": count, "phases": phases}))


def measure(kind: str, root: Path, db: Path, out: Path, counting: str = "codepoints") -> dict:
    done = subprocess.run([sys.executable, __file__, "--step", kind, str(root), str(db), str(out), counting],
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
        kind, root, db, out, counting = args.step
        step(kind, Path(root), Path(db), Path(out), counting)
        return
    from bench_export import build

    folder = Path(tempfile.mkdtemp(prefix="bench-qdpx-"))
    try:
        t0 = time.perf_counter()
        root, db = build(folder, args.articles, args.claims_per_article)
        print(f"built {args.articles} articles, {args.articles * args.claims_per_article} claims "
              f"in {time.perf_counter() - t0:.1f} s")
        out = folder / "exports"
        out.mkdir()
        results: dict[str, list[dict]] = {}
        measure("export", root, db, out / "warm-up.qdpx")
        for _ in range(args.runs):
            results.setdefault("export qdpx", []).append(measure("export", root, db, out / "e.qdpx"))
        results["export qdpx utf16"] = [measure("export", root, db, out / "u.qdpx", "utf16")]
        for run in range(args.runs):
            fresh = folder / f"fresh{run}" / "annotations.json"
            results.setdefault("import qdpx", []).append(measure("import", root, out / "e.qdpx", fresh))
        print(f".qdpx file: {(out / 'e.qdpx').stat().st_size / 1e6:.1f} MB")
        for name, runs in results.items():
            seconds = statistics.median(r["seconds"] for r in runs)
            peak = max(r["peak_mb"] for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            phases = ", ".join(f"{k} {statistics.median(r['phases'][k] for r in runs):.2f}" for k in runs[0]["phases"])
            print(f"{name:18s} median {seconds:6.2f} s ({cpu:.2f} s CPU) over {len(runs)} run(s), "
                  f"peak {peak:5.0f} MB, {runs[0]['count']} claims {('(' + phases + ')') if phases else ''}")
        print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
