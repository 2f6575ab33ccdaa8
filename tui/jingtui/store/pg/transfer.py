"""The team database's side of ``jingtui db copy``: every row, of every reviewer (run it as the
database's owner: row-level security limits any other role to its own rows)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from jingtui.store.pg import ops, rows
from jingtui.store.pg.schema import CHANNEL
from jingtui.store.transfer import Rows

BATCH = 10_000


def pg_rows(conn: psycopg.Connection[Any]) -> Rows:
    found = Rows()
    for reviewer, article, done, position, seconds, updated_at, overrides, variables in conn.execute(
            "SELECT reviewer, article, done, position, seconds, updated_at, cleaning_overrides, variables "
            "FROM article_states"):
        found.states.append((reviewer, article, {"done": done, "position": position, "seconds": float(seconds),
                                                 "updated_at": updated_at, "cleaning_overrides": overrides or {},
                                                 "variables": dict(variables or {})}))
    for reviewer, key, value in conn.execute("SELECT reviewer, key, value FROM settings"):
        found.settings.append((reviewer, key, value))
    for reviewer, article, label, start, end, quote, created_at in conn.execute(
            "SELECT reviewer, article, label, start_offset, end_offset, quote, created_at FROM rejections"):
        found.rejections.append((reviewer, {"article": article, "label": label, "start": start, "end": end,
                                            "quote": quote, "created_at": created_at}))
    return found


def load_pg(conn: psycopg.Connection[Any], claims: Iterable[dict[str, Any]], found: Rows) -> None:
    """Write every claim (replacing one of the same id) and row in one transaction, one notification."""
    with conn.transaction():
        conn.execute("SELECT set_config('jingtui.bulk', 'on', true)")
        batch: list[tuple[Any, ...]] = []
        with conn.cursor() as cur:
            for doc in claims:
                batch.append(rows.doc_values(doc))
                if len(batch) >= BATCH:
                    cur.executemany(ops._UPSERT, batch)
                    batch = []
            if batch:
                cur.executemany(ops._UPSERT, batch)
            cur.executemany(
                "INSERT INTO article_states (reviewer, article, done, position, seconds, updated_at, "
                "cleaning_overrides, variables) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (reviewer, article) DO UPDATE SET done = EXCLUDED.done, position = EXCLUDED.position, "
                "seconds = EXCLUDED.seconds, updated_at = EXCLUDED.updated_at, "
                "cleaning_overrides = EXCLUDED.cleaning_overrides, variables = EXCLUDED.variables",
                [(r, a, s["done"], s["position"], s["seconds"], s["updated_at"],
                  Jsonb(s.get("cleaning_overrides") or {}), Jsonb(s.get("variables") or {}))
                 for r, a, s in found.states])
            cur.executemany("INSERT INTO settings (reviewer, key, value) VALUES (%s, %s, %s) "
                            "ON CONFLICT (key, reviewer) DO UPDATE SET value = EXCLUDED.value",
                            [(r, k, Jsonb(v)) for r, k, v in found.settings])
            cur.executemany(
                "INSERT INTO rejections (reviewer, article, label, start_offset, end_offset, quote, created_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                [(r, d["article"], d["label"], d["start"], d["end"], d["quote"], d["created_at"])
                 for r, d in found.rejections])
        conn.execute("INSERT INTO events (kind, reviewer, detail) VALUES ('copy', current_user, %s)",
                     (Jsonb({"states": len(found.states), "settings": len(found.settings),
                             "rejections": len(found.rejections)}),))
        conn.execute("SELECT pg_notify(%s, 'resync')", (CHANNEL,))
