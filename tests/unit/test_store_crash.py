"""kill -9 during a burst of tags: nothing acknowledged is lost, the file on disk always parses."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import tinydb

from jingtui.store import ClaimStore

CHILD = r"""
import sys
from pathlib import Path
from jingtui.store import durable_tables
durable_tables.COMPACT_MIN_BYTES = 30_000  # compact often, so some kills land inside a compaction
from jingtui.store import AnnotationSession, ClaimStore

store = ClaimStore.open(Path(sys.argv[1]))
session = AnnotationSession(store, "crash")
text = "全市公安机关共破获刑事案件1234起，抓获犯罪嫌疑人567名，同比分别上升12.3%和8.9%。" * 3
out = sys.stdout
i = 0
while True:
    start = (i * 7) % (len(text) - 10)
    claim = session.tag(f"r{sys.argv[2]}-{i % 5}.md", text, "sha", start, start + 1 + i % 9, "metric")
    out.write("+" + claim.id + "\n"); out.flush()
    if i % 5 == 3:
        session.delete(claim.id)
        out.write("-" + claim.id + "\n"); out.flush()
    elif i % 11 == 4:
        session.relabel(claim.id, "slogan")
        out.write("~" + claim.id + "\n"); out.flush()
    i += 1
"""


def burst_and_kill(db: Path, acks: int, round_number: int) -> list[str]:
    """Run the child until it acknowledged ``acks`` changes, SIGKILL it, return every line it printed."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(round_number)], stdout=subprocess.PIPE, env=env)
    lines: list[str] = []
    assert child.stdout is not None
    while len(lines) < acks:
        line = child.stdout.readline()
        assert line, "the child died before the kill"
        lines.append(line.decode().strip())
    os.kill(child.pid, signal.SIGKILL)
    rest, _ = child.communicate()
    lines += [line.decode().strip() for line in rest.split(b"\n")[:-1]]  # complete lines only
    assert child.returncode == -signal.SIGKILL
    return lines


def test_kill_9_loses_nothing_acknowledged(tmp_path: Path) -> None:
    db = tmp_path / "corpus" / ".jingtui" / "annotations.json"
    rng = random.Random(5)
    present: dict[str, str] = {}  # id -> label, as acknowledged
    for round_number in range(3):
        lines = burst_and_kill(db, rng.randint(60, 400), round_number)
        for line in lines:
            sign, claim_id = line[0], line[1:]
            if sign == "+":
                present[claim_id] = "metric"
            elif sign == "-":
                present.pop(claim_id)
            else:
                present[claim_id] = "slogan"
        # the snapshot on disk always parses, as JSON and as a plain TinyDB file
        with db.open(encoding="utf-8") as handle:
            json.load(handle)
        plain = tinydb.TinyDB(db)
        plain.table("claims").all()
        plain.close()
        with ClaimStore.open(db) as store:  # reopening replays the journal
            stored = {claim.id: claim.label for claim in store.claims()}
            # at most one change was in flight, unacknowledged: it may or may not have been kept
            last = lines[-1][1:]
            extra = stored.keys() - present.keys()
            missing = present.keys() - stored.keys()
            relabelled = {k for k in stored.keys() & present.keys() if stored[k] != present[k]}
            assert len(extra) + len(missing) + len(relabelled) <= 1, (extra, missing, relabelled)
            assert missing <= {last} and relabelled <= {last}
            present = stored
            for claim in store.claims():
                assert claim.quote and claim.end > claim.start
        assert not list(db.parent.glob("annotations.json.tmp-*"))
