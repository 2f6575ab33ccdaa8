"""Team store benchmarks against a private PostgreSQL on a local Unix socket (started here as postgres,
with fsync and synchronous commit on, as a real server has them). Figures: tests/bench/README.md.

    python tests/bench/bench_team_store.py ack [--n 300]
    python tests/bench/bench_team_store.py reviewers [--reviewers 20] [--rate 10] [--seconds 60]
    python tests/bench/bench_team_store.py open [--claims 1000000]
    python tests/bench/bench_team_store.py app-open [--claims 1000000] [--keep DIR] [--runs 7]
    python tests/bench/bench_team_store.py export [--claims 1000000] [--keep DIR] [--runs 1]

``ack``: one reviewer tagging through AnnotationSession.tag, time until the call returns (after COMMIT).
``reviewers``: N processes, each a reviewer tagging ``rate`` claims a second and listening to the others
(LISTEN/NOTIFY), keeping a mirror of their claims as an app does; at the end every claim acknowledged
must be in the database exactly once and every mirror equal to the database.
``open``: the store's share of the app's first screen (open, labels, counts, states, the first
article's claims) with an empty database and with ``--claims`` claims.
``app-open``: the app's start to its first frame (a fresh process, as ``bench_app.py``) on 200 articles
(the seeds over and over), with an empty team database and with one holding ``--claims`` claims: 50 on
each of the 200 articles (made on their current texts), the rest on 20,000 articles of other corpora
sharing the database; the starts alternate between the two databases, and the median of the run-by-run
differences is printed with the medians. ``--keep DIR`` as for ``export``.
``export``: ``jingtui export DIR --db URL --format jsonl`` of ``--claims`` claims over 1,000 articles in a
fresh process: wall time, CPU time and peak memory (maximum resident set size). ``--keep DIR`` keeps the
cluster, the corpus and the filled database in ``DIR`` (made on the first run, reused by the next ones:
inserting a million claims takes minutes); the corpus's caches are removed before each export, so every
run starts cold as a fresh one does. ``BENCH_PROFILE=FILE`` writes a cProfile of the export's process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from jingtui.store.factory import open_store  # noqa: E402
from jingtui.store.pg import schema  # noqa: E402
from jingtui.store.session import AnnotationSession  # noqa: E402
from pg_cluster import remove_cluster, start_cluster  # noqa: E402

TEXT = "国内生产总值增长百分之五。撸起袖子加油干。一位村民说起了往事。" * 20


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def fresh_database(cluster, reviewers: list[str]) -> str:
    import psycopg

    name = cluster.new_database()
    with psycopg.connect(cluster.url(name), autocommit=True) as conn:
        for who in reviewers:
            schema.add_member(conn, who)
    return name


def bench_ack(cluster, n: int) -> None:
    name = fresh_database(cluster, ["ann"])
    with open_store(cluster.url(name, "ann")) as store:
        session = AnnotationSession(store, "ann")
        times = []
        for i in range(n):
            start = (i * 7) % (len(TEXT) - 10)
            began = time.perf_counter()
            session.tag(f"a{i % 20}.md", TEXT, "h", start, start + 5, "metric")
            times.append((time.perf_counter() - began) * 1000)
    print(f"ack: {n} tags, median {statistics.median(times):.2f} ms, p90 {percentile(times, 0.9):.2f} ms, "
          f"p99 {percentile(times, 0.99):.2f} ms")


def reviewer(url: str, who: str, rate: float, seconds: float, out, ready) -> None:
    mirror: dict[str, str] = {}  # others' claim id -> article, as the app would draw them
    lock = threading.Lock()
    store = open_store(url)

    def reload() -> None:
        with lock:
            mirror.clear()
            for doc in store.claim_documents():
                if doc["reviewer"] != who:
                    mirror[doc["id"]] = doc["article"]

    def on_changes(changes) -> None:
        with lock:
            for change in changes:
                if change.kind == "resync":
                    threading.Thread(target=reload).start()
                elif change.reviewer == who:
                    continue
                elif change.kind == "claim.delete":
                    mirror.pop(change.claim_id, None)
                else:
                    mirror[change.claim_id] = change.article

    listener = store.listen(on_changes)
    listener.connected.wait(10)
    reload()  # what is there already, as an app reads it when it opens; changes from now on arrive
    ready.wait()  # every reviewer listens before anyone tags
    session = AnnotationSession(store, who)
    acked, latencies = [], []
    began = time.monotonic()
    i = 0
    while time.monotonic() - began < seconds:
        due = began + i / rate
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        start = (i * 11) % (len(TEXT) - 10)
        t = time.perf_counter()
        claim = session.tag(f"a{i % 50}.md", TEXT, "h", start, start + 5 + i % 3, "metric")
        latencies.append((time.perf_counter() - t) * 1000)
        acked.append(claim.id)
        i += 1
    time.sleep(2.0)  # the last notifications arrive
    listener.stop()
    with lock:
        seen = dict(mirror)
    store.close()
    out.put((who, acked, latencies, sorted(seen)))


def server_cpu_seconds(cluster) -> float:
    """CPU seconds of the server's processes so far: the postmaster's own and those of its ended backends."""
    pid = (cluster.data / "postmaster.pid").read_text().split()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime, stime, cutime, cstime


def bench_reviewers(cluster, count: int, rate: float, seconds: float) -> None:
    import psycopg

    names = [f"r{k:02d}" for k in range(count)]
    name = fresh_database(cluster, names)
    time.sleep(1.0)  # the backends that made the database have ended
    server_before = server_cpu_seconds(cluster)
    queue: multiprocessing.Queue = multiprocessing.Queue()
    ready = multiprocessing.Barrier(count)
    procs = [multiprocessing.Process(target=reviewer, args=(cluster.url(name, who), who, rate, seconds, queue, ready))
             for who in names]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    import resource

    clients_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    clients_cpu_seconds = clients_cpu.ru_utime + clients_cpu.ru_stime  # every reviewer process, listeners included
    time.sleep(1.0)  # their backends end
    server_seconds = server_cpu_seconds(cluster) - server_before
    with psycopg.connect(cluster.url(name)) as conn:
        rows = conn.execute("SELECT id, reviewer FROM claims").fetchall()
    stored = [r[0] for r in rows]
    acked = [cid for _who, ids, _l, _m in results for cid in ids]
    latencies = [ms for _who, _ids, lat, _m in results for ms in lat]
    lost = len(set(acked) - set(stored))
    duplicated = len(stored) - len(set(stored))
    differences = []
    for who, _ids, _l, seen in results:
        expected = {r[0] for r in rows if r[1] != who}
        differences.append((len(expected - set(seen)), len(set(seen) - expected)))
    mismatched = sum(1 for missing, extra in differences if missing or extra)
    if mismatched:
        print("reviewers: mirrors (missing, extra):", differences)
    print(f"reviewers: {count} x {rate}/s x {seconds:.0f} s: {len(acked)} acknowledged, {len(stored)} stored, "
          f"{lost} lost, {duplicated} duplicated; ack median {statistics.median(latencies):.2f} ms, "
          f"p99 {percentile(latencies, 0.99):.2f} ms, max {max(latencies):.1f} ms; "
          f"{mismatched} of {count} mirrors differ from the database; clients' CPU {clients_cpu_seconds:.1f} s "
          f"({clients_cpu_seconds / max(1, len(acked)) * 1000:.2f} ms per tag), server's CPU {server_seconds:.1f} s "
          f"({server_seconds / max(1, len(acked)) * 1000:.2f} ms per tag); load average {os.getloadavg()[0]:.1f}")


def bench_open(cluster, claims: int) -> None:
    def first_screen(url: str) -> float:
        began = time.perf_counter()
        with open_store(url) as store:
            store.labels()
            store.counts()
            store.done_articles()
            store.get_meta("last_article")
            store.claims("seed/000.md")
        return (time.perf_counter() - began) * 1000

    empty = fresh_database(cluster, ["ann"])
    full = fresh_database(cluster, ["ann"])
    seconds = fill(cluster, full, claims, "'bulk/' || (i % 20000) || '.md'")
    print(f"open: {claims} claims inserted in {seconds:.1f} s")
    for label, name in (("empty", empty), (f"{claims} claims", full)):
        times = [first_screen(cluster.url(name, "ann")) for _ in range(7)]
        print(f"open: first screen's store work, {label}: median {statistics.median(times):.1f} ms "
              f"(min {min(times):.1f}, max {max(times):.1f})")


def fill(cluster, name: str, claims: int, article_sql: str) -> float:
    """``claims`` claims inserted by the owner in one statement (``article_sql``: the article of claim i)."""
    import psycopg

    began = time.perf_counter()
    query = ("INSERT INTO claims (id, article, text_sha256, reviewer, label, start_offset, end_offset, quote, "
             f"prefix, suffix, created_at, updated_at) SELECT md5(i::text), {article_sql}, 'h', "
             "'r' || (i % 20), (ARRAY['metric','slogan','anecdote'])[1 + i % 3], i % 500, i % 500 + 6, "
             "'国内生产总值', '前文', '后文', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' "
             "FROM generate_series(1, {claims}) AS i").replace("%", "%%").replace("{claims}", "%s")
    with psycopg.connect(cluster.url(name), autocommit=True) as conn:
        with conn.transaction():
            conn.execute("SELECT set_config('jingtui.bulk', 'on', true)")
            conn.execute(query, (claims,))
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - began


APP_CHILD = r"""
import asyncio, sys, time
t0 = float(sys.argv[1])
from pathlib import Path
from jingtui.app.app import JingtuiApp

async def main():
    app = JingtuiApp(Path(sys.argv[2]), sys.argv[3], sys.argv[4])  # the reviewer as `jingtui open` makes it: the role
    async with app.run_test(size=(160, 48)) as pilot:
        while app.first_frame_at is None:
            await asyncio.sleep(0.005)
        print(f"{app.first_frame_at - t0:.4f} {time.process_time():.4f}")  # wall and CPU seconds to the first frame

asyncio.run(main())
"""


def bench_app_open(cluster, claims: int, folder: Path, runs: int = 7) -> None:
    import subprocess

    corpus = folder / "app-corpus"
    filled = folder / f"app-open-{claims}.database"  # the names of the databases already filled (--keep)
    if filled.exists() and corpus.is_dir():
        empty, full = filled.read_text().split()
        print(f"app-open: reusing databases {empty} (empty) and {full} ({claims} claims)")
    else:
        empty, full = fill_app_open(cluster, claims, corpus)
        filled.write_text(f"{empty} {full}")
    times: dict[str, list[float]] = {"empty": [], "full": []}
    cpu: dict[str, list[float]] = {"empty": [], "full": []}
    for _ in range(runs):  # in turn, so that a change of the machine's load touches both alike
        for label, name in (("empty", empty), ("full", full)):
            out = subprocess.run([sys.executable, "-c", APP_CHILD, str(time.time()), str(corpus),
                                  cluster.url(name, "ann"), "ann"], capture_output=True, text=True, timeout=120)
            if out.returncode:
                raise SystemExit(out.stderr[-2000:])
            wall, seconds = out.stdout.strip().splitlines()[-1].split()
            times[label].append(float(wall) * 1000)
            cpu[label].append(float(seconds) * 1000)
    for label, values in times.items():
        shown = "empty" if label == "empty" else f"{claims} claims"
        print(f"app-open: start to first frame, {shown}: median {statistics.median(values):.0f} ms "
              f"(min {min(values):.0f}, max {max(values):.0f}), CPU median {statistics.median(cpu[label]):.0f} ms")
    differences = [f - e for e, f in zip(times["empty"], times["full"], strict=True)]
    cpu_differences = [f - e for e, f in zip(cpu["empty"], cpu["full"], strict=True)]
    print(f"app-open: full minus empty, run by run: median {statistics.median(differences):+.0f} ms wall, "
          f"{statistics.median(cpu_differences):+.0f} ms CPU; load average {os.getloadavg()[0]:.1f}")


def fill_app_open(cluster, claims: int, corpus: Path) -> tuple[str, str]:
    """An empty database and one with ``claims`` claims, 50 of them on each of the 200 articles of
    ``corpus`` (made here)."""
    import psycopg
    from bench_app import make_corpus

    from jingtui.workspace import Workspace

    make_corpus(corpus, 200)
    workspace = Workspace(corpus)
    per_article = 50
    own: list[tuple] = []  # claims on the corpus's own articles, made on their current texts
    for rel in workspace.paths():
        clean = workspace.clean(workspace.read(rel))
        for k in range(per_article):
            start = (k * 37) % max(1, len(clean.text) - 6)
            own.append((f"{rel}-{k}", rel, clean.sha256, f"r{k % 20}", ("metric", "slogan", "anecdote")[k % 3],
                        start, start + 6, clean.text[start:start + 6], "2026-01-01T00:00:00Z"))
    empty = fresh_database(cluster, ["ann"])
    full = fresh_database(cluster, ["ann"])
    began = time.perf_counter()
    with psycopg.connect(cluster.url(full), autocommit=True) as conn, conn.transaction():
        conn.execute("SELECT set_config('jingtui.bulk', 'on', true)")
        with conn.cursor().copy("COPY claims (id, article, text_sha256, reviewer, label, start_offset, end_offset, "
                                "quote, created_at, updated_at) FROM STDIN") as copy:
            for row in own:
                copy.write_row((*row, row[-1]))
    seconds = time.perf_counter() - began
    seconds += fill(cluster, full, claims - len(own), "'archive/' || (i % 20000) || '.txt'")
    print(f"app-open: {claims} claims inserted in {seconds:.1f} s ({per_article} on each of the corpus's "
          f"{len(own) // per_article} articles, on their current texts; the rest on 20,000 other articles)")
    return empty, full


EXPORT_CHILD = r"""
import resource, sys, time
from pathlib import Path
from jingtui.export.run import export_to
t = time.perf_counter()
if len(sys.argv) > 4:
    import cProfile
    cProfile.run("export_to(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), fmt='jsonl')", sys.argv[4])
result = export_to(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), fmt="jsonl")
usage = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # the processes that cleaned the articles ahead
print(result.claims, f"{time.perf_counter() - t:.2f}", usage.ru_maxrss, f"{usage.ru_utime + usage.ru_stime:.2f}",
      f"{workers.ru_utime + workers.ru_stime:.2f}")
"""


def bench_export(cluster, claims: int, folder: Path, runs: int = 1) -> None:
    import shutil
    import subprocess

    import psycopg
    from bench_app import make_corpus

    corpus = folder / "corpus"
    filled = folder / f"export-{claims}.database"  # the name of a database already filled (--keep)
    if filled.exists() and corpus.is_dir():
        name = filled.read_text().strip()
        print(f"export: reusing database {name} with {claims} claims")
    else:
        make_corpus(corpus, 1000)
        names = sorted(p.name for p in corpus.iterdir() if p.is_file())
        name = fresh_database(cluster, ["ann"])
        with psycopg.connect(cluster.url(name), autocommit=True) as conn:
            conn.execute("CREATE TABLE bench_names (n int PRIMARY KEY, name text)")
            with conn.cursor().copy("COPY bench_names FROM STDIN") as copy:
                for i, article in enumerate(names):
                    copy.write_row((i, article))
        seconds = fill(cluster, name, claims, f"(SELECT name FROM bench_names WHERE n = i % {len(names)})")
        print(f"export: {claims} claims over {len(names)} articles inserted in {seconds:.1f} s")
        filled.write_text(name)
    out = folder / "export.jsonl"
    profile = [os.environ["BENCH_PROFILE"]] if os.environ.get("BENCH_PROFILE") else []
    for _ in range(runs):
        shutil.rmtree(corpus / ".jingtui", ignore_errors=True)  # cold caches, as in a fresh corpus
        began = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", EXPORT_CHILD, str(corpus), cluster.url(name, "ann"), str(out),
                               *profile],
                              capture_output=True, text=True, timeout=900)
        if done.returncode:
            raise SystemExit(done.stderr[-2000:])
        count, inside, rss_kb, cpu, workers = done.stdout.split()
        print(f"export: {count} claims to JSON Lines ({out.stat().st_size / 1e6:.0f} MB) in {float(inside):.1f} s "
              f"(process {time.perf_counter() - began:.1f} s, CPU {float(cpu):.1f} s and {float(workers):.1f} s "
              "in the workers cleaning ahead), "
              f"peak memory {int(rss_kb) / 1024:.0f} MB; load average {os.getloadavg()[0]:.1f}")


def kept_cluster(folder: Path):
    """The cluster kept in ``folder`` (started again), or a new one made there; the caller stops it."""
    import shutil

    from pg_cluster import Cluster, find_bin

    folder.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(folder / "pg", find_bin(), durable=True)
    if not cluster.data.is_dir():
        made = start_cluster(durable=True)  # initdb in a temporary folder, then moved here
        made.stop()
        shutil.move(str(made.folder), str(cluster.folder))
    cluster.counter = 1000 + len(list(folder.glob("*.database")))
    cluster.start()
    return cluster


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("ack", "reviewers", "open", "app-open", "export"))
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--rate", type=float, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="export: keep the cluster and the filled database in DIR")
    parser.add_argument("--runs", type=int, default=0,
                        help="export: how many exports of the same database (1); app-open: starts of each (7)")
    args = parser.parse_args()
    if args.what in ("export", "app-open") and args.keep is not None:
        cluster = kept_cluster(args.keep.resolve())
        try:
            if args.what == "export":
                bench_export(cluster, args.claims, args.keep.resolve(), args.runs or 1)
            else:
                bench_app_open(cluster, args.claims, args.keep.resolve(), args.runs or 7)
        finally:
            cluster.stop()
        return
    cluster = start_cluster(durable=True)
    try:
        if args.what == "ack":
            bench_ack(cluster, args.n)
        elif args.what == "reviewers":
            bench_reviewers(cluster, args.reviewers, args.rate, args.seconds)
        elif args.what == "open":
            bench_open(cluster, args.claims)
        else:
            import tempfile

            with tempfile.TemporaryDirectory() as folder:
                if args.what == "app-open":
                    bench_app_open(cluster, args.claims, Path(folder), args.runs or 7)
                else:
                    bench_export(cluster, args.claims, Path(folder), args.runs or 1)
    finally:
        remove_cluster(cluster)


if __name__ == "__main__":
    main()
