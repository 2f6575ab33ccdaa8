"""The team store when things go wrong: the server stops, the client is killed, an answer is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid

import psycopg

from jingtui.store.factory import open_store
from jingtui.store.model import make_claim
from jingtui.store.pg import ops

TEXT = "国内生产总值增长百分之五。撸起袖子加油干。一位村民说起了往事。"


def claim(start: int, end: int, label: str = "metric"):
    return make_claim("a.md", TEXT, start, end, label, text_sha256="h1", reviewer="ann")


def server_rows(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT id, label, note FROM claims ORDER BY created_at").fetchall()


def test_work_goes_on_while_the_server_is_stopped_and_is_sent_in_order_once(pg_db, tmp_path) -> None:
    cluster, name = pg_db
    url = cluster.url(name, "ann")
    store = open_store(url, local_dir=tmp_path)
    try:
        first = store.add(claim(0, 12))
        assert store.claims("a.md")[0].id == first.id and store.status() == ""
        cluster.stop()
        try:
            second = store.add(claim(13, 21, "slogan"))  # kept locally, acknowledged
            store.update(first.id, note="离线")
            store.set_state("a.md", done=True)
            assert not store.online and "unreachable" in store.status() and "3 changes kept" in store.status()
            assert {c.id: c.note for c in store.claims("a.md")} == {first.id: "离线", second.id: ""}
            assert store.reconnect(now=True) is False
        finally:
            cluster.start()
        assert store.reconnect(now=True) is True
        assert store.status() == "" and store.waiting == 0
        assert [(r[0], r[2]) for r in server_rows(url)] == [(first.id, "离线"), (second.id, "")]
        assert open_store(url).done_articles() == ["a.md"]
    finally:
        store.close()


def test_a_change_sent_twice_is_applied_once(pg_url) -> None:
    with psycopg.connect(pg_url.replace("postgres@", "ann@"), autocommit=True) as conn:
        doc = vars(claim(0, 12)).copy()
        op = {"op_id": uuid.uuid4().hex, "kind": "add", "claims": [doc]}
        assert ops.apply(conn, op, "ann").applied is True
        assert ops.apply(conn, op, "ann").applied is False  # the answer was lost, the change sent again
        assert conn.execute("SELECT count(*) FROM claims").fetchone() == (1,)


CHILD = textwrap.dedent("""
    import sys
    from jingtui.store.factory import open_store
    from jingtui.store.model import make_claim
    text = "国内生产总值增长百分之五。撸起袖子加油干。一位村民说起了往事。"
    store = open_store(sys.argv[1], local_dir=sys.argv[2])
    for i in range(10_000):
        c = make_claim(f"k{i}.md", text, 0, 12, "metric", text_sha256="h", reviewer="ann")
        store.add(c)
        print(c.id, flush=True)  # acknowledged
""")


def _kill_after(url: str, folder, acknowledged: int) -> list[str]:
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, str(folder)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    ids = [child.stdout.readline().strip() for _ in range(acknowledged)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    return ids


def test_kill_9_of_a_client_loses_nothing_it_acknowledged(pg_db, tmp_path) -> None:
    cluster, name = pg_db
    url = cluster.url(name, "ann")
    ids = _kill_after(url, tmp_path, 40)
    stored = {row[0] for row in server_rows(url)}
    assert set(ids) <= stored


def test_kill_9_while_the_server_is_away_loses_nothing_either(pg_db, tmp_path) -> None:
    cluster, name = pg_db
    url = cluster.url(name, "ann")
    child = subprocess.Popen([sys.executable, "-c", CHILD.replace("range(10_000)", "range(100_000)"), url,
                              str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    before = [child.stdout.readline().strip() for _ in range(5)]
    cluster.stop()
    try:
        after = [child.stdout.readline().strip() for _ in range(30)]  # acknowledged from the local journal
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    finally:
        cluster.start()
    deadline = time.monotonic() + 10
    while True:  # the next start sends what the killed one kept
        try:
            with open_store(url, local_dir=tmp_path) as store:
                assert store.waiting == 0
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    stored = [row[0] for row in server_rows(url)]
    assert set(before + after) <= set(stored) and len(stored) == len(set(stored))


def test_a_server_restarted_between_two_calls_is_met_on_a_new_connection(pg_db, tmp_path) -> None:
    import threading

    cluster, name = pg_db
    url = cluster.url(name, "ann")
    resynced = threading.Event()
    with open_store(url, local_dir=tmp_path) as store:
        listener = store.listen(lambda changes: resynced.set() if any(c.kind == "resync" for c in changes) else None)
        try:
            assert listener.connected.wait(5)
            first = store.add(claim(0, 12))
            cluster.stop()
            cluster.start()
            assert [c.id for c in store.claims("a.md")] == [first.id] and store.online
            store.add(claim(13, 21, "slogan"))
            assert store.online and store.waiting == 0 and len(server_rows(url)) == 2
            assert resynced.wait(5)  # the listener is back and says everything may have changed
        finally:
            listener.stop()
