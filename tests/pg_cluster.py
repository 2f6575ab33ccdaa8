"""A private PostgreSQL cluster for the tests: started once per test session as the ``postgres`` user
(PostgreSQL refuses to run as root) in a temporary folder, reached only through its Unix socket there.

Each test gets a fresh database copied from a template that already holds the jingtui schema
(``CREATE DATABASE ... TEMPLATE``: a few milliseconds). Without PostgreSQL the tests are skipped,
unless ``JINGTUI_REQUIRE_PG=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

BIN_CANDIDATES = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin")
TEMPLATE = "jingtui_template"
REVIEWERS = ("ann", "bo")
ADJUDICATOR = "carol"


class Unavailable(RuntimeError):
    """PostgreSQL cannot be started here."""


def find_bin() -> Path:
    for folder in BIN_CANDIDATES:
        if (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise Unavailable("no PostgreSQL server programs (pg_ctl, initdb) are installed")


@dataclass
class Cluster:
    folder: Path
    bin: Path
    counter: int = 0

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql://{user}@/{database}?host={quote(str(self.folder), safe='')}"

    def _as_postgres(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=60)

    durable: bool = False  # True: fsync and synchronous commit as a real server has them (benchmarks)

    def start(self) -> None:
        fast = "" if self.durable else " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-w",
                          "-o", f"-k {self.folder} -c listen_addresses='' -c max_connections=200{fast}", "start")

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def new_database(self) -> str:
        """A fresh database with the jingtui schema; returns its name."""
        import psycopg

        self.counter += 1
        name = f"t{os.getpid()}_{self.counter}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")  # names made here, not input
        return name


def start_cluster(*, durable: bool = False) -> Cluster:
    """initdb + start as postgres in a new temporary folder, with the template database and test roles."""
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        raise Unavailable("runuser is missing (needed to run PostgreSQL as postgres)")
    bin_dir = find_bin()
    folder = Path(tempfile.mkdtemp(prefix="jingtui-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    cluster = Cluster(folder, bin_dir, durable=durable)
    try:
        cluster._as_postgres(str(bin_dir / "initdb"), "-D", str(cluster.data), "-A", "trust", "-E", "UTF8",
                             "--locale=C.UTF-8", "--no-sync")
        cluster.start()
    except (subprocess.CalledProcessError, OSError, KeyError, LookupError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        shutil.rmtree(folder, ignore_errors=True)
        raise Unavailable(f"PostgreSQL did not start: {detail.strip()[:500]}") from exc
    _prepare_template(cluster)
    _watch(cluster, os.getpid())
    return cluster


def _watch(cluster: Cluster, owner: int) -> None:
    """Stop and remove the cluster if the test process dies without its teardown (killed, timed out)."""
    stop = " ".join([*(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []),
                     str(cluster.bin / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate", "stop"])
    script = (f"while kill -0 {owner} 2>/dev/null; do sleep 2; done; "
              f"if [ -d {cluster.data} ]; then {stop} >/dev/null 2>&1; rm -rf {cluster.folder}; fi")
    subprocess.Popen(["sh", "-c", script], start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _prepare_template(cluster: Cluster) -> None:
    import psycopg

    from jingtui.store.pg import schema

    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    with psycopg.connect(cluster.url(TEMPLATE), autocommit=True) as conn:
        schema.upgrade(conn, TEMPLATE)
        for name in REVIEWERS:
            schema.add_member(conn, name)
        schema.add_member(conn, ADJUDICATOR, adjudicator=True)


def remove_cluster(cluster: Cluster) -> None:
    cluster.stop("immediate")
    shutil.rmtree(cluster.folder, ignore_errors=True)
