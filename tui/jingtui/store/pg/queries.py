"""What the team store answers beyond the :class:`~jingtui.store.protocol.Store` protocol, found with
``getattr`` by the code that can use it: the article list's counts of some articles, the reviewers,
an export's plan (claims counted per article and label), and the listener for live
updates; and every claim streamed for an export. A mixin of :class:`~jingtui.store.pg.store.PgClaimStore`
(which provides ``_read``, ``claims`` and ``counts``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import psycopg

from jingtui.store.documents import claim_to_doc
from jingtui.store.model import Claim
from jingtui.store.pg import rows
from jingtui.store.pg.connect import connect

T = TypeVar("T")


class TeamQueries:
    url: str
    own_op_ids: set[str]
    _articles: dict[str, dict[str, Claim]]

    def _read(self, query: Callable[[psycopg.Connection[Any]], T], offline: Callable[[], T]) -> T:
        raise NotImplementedError  # the store's: the server, or what is kept when it is away

    def counts(self, article: str | None = None) -> dict[str, dict[str, int]]:
        raise NotImplementedError

    def claims(self, article: str | None = None, *, reviewer: str | None = None,
               status: str | None = None) -> list[Claim]:
        raise NotImplementedError

    def _all_rows(self, reviewer: str | None = None) -> Iterator[Any]:
        """Every claim row, streamed through a server-side cursor on a connection of its own."""
        conn = connect(self.url, autocommit=False)
        try:
            with conn.cursor(name="jingtui_claims") as cur:
                cur.itersize = 5000
                if reviewer is None:
                    cur.execute(f"SELECT {rows.SELECT_LIST} FROM claims {rows.ORDER}")
                else:
                    cur.execute(f"SELECT {rows.SELECT_LIST} FROM claims WHERE reviewer = %s {rows.ORDER}",
                                (reviewer,))
                yield from cur
        finally:
            conn.close()

    def claim_documents(self, article: str | None = None, *, reviewer: str | None = None) -> Iterator[dict[str, Any]]:
        """Claim documents (fresh dicts, the TinyDB store's shape), streamed when all are asked for."""
        if article is None:
            return (rows.row_doc(row) for row in self._all_rows(reviewer))

        def query(conn: psycopg.Connection[Any]) -> list[dict[str, Any]]:  # nothing kept: an export reads them all once
            if reviewer is None:
                found = conn.execute(f"SELECT {rows.SELECT_LIST} FROM claims WHERE article = %s", (article,))
            else:
                found = conn.execute(f"SELECT {rows.SELECT_LIST} FROM claims WHERE article = %s AND reviewer = %s",
                                     (article, reviewer))
            return [rows.row_doc(row) for row in found.fetchall()]
        return iter(self._read(query, lambda: [claim_to_doc(c) for c in self.claims(article, reviewer=reviewer)]))

    def listen(self, on_changes: Callable[[list[Any]], None], on_status: Callable[[bool], None] | None = None, *,
               with_claims: bool = False) -> Any:
        """Start a :class:`~jingtui.store.pg.listener.Listener` for the other reviewers' changes (this
        store's own are left out); stop it with its ``stop()``."""
        from jingtui.store.pg.listener import Listener

        return Listener(self.url, on_changes, on_status=on_status, ignore_op_ids=self.own_op_ids,
                        with_claims=with_claims).start()

    def claim_tally(self, article: str | None = None, *, reviewer: str | None = None) -> dict[str, dict[str, int]]:
        """Claims (every status) per article and label, counted by the server: what an export plans with
        before it reads one article's claims at a time (see :class:`jingtui.export.sources.ClaimsByArticle`)."""
        where, params = [], []
        for column, value in (("article", article), ("reviewer", reviewer)):
            if value is not None:
                where.append(f"{column} = %s")  # fixed column names; the values are bound
                params.append(value)
        condition = f"WHERE {' AND '.join(where)}" if where else ""

        def query(conn: psycopg.Connection[Any]) -> dict[str, dict[str, int]]:
            result: dict[str, dict[str, int]] = {}
            for a, label, n in conn.execute(
                    f"SELECT article, label, count(*) FROM claims {condition} GROUP BY article, label", params):
                result.setdefault(a, {})[label] = int(n)
            return result
        return self._read(query, lambda: {})

    def reviewers(self) -> list[str]:
        """The reviewers with active claims (from the counts table: cheap at any size)."""
        return self._read(lambda conn: [r for (r,) in conn.execute(
            "SELECT DISTINCT reviewer FROM claim_counts WHERE n > 0 ORDER BY reviewer")],
            lambda: sorted({c.reviewer for claims in self._articles.values() for c in claims.values()}))

    def counts_of(self, articles: list[str]) -> dict[str, dict[str, int]]:
        """:meth:`counts` of ``articles`` only (the article list's; found by the counts table's key, so a
        database holding a million claims of other articles costs nothing more)."""
        def query(conn: psycopg.Connection[Any]) -> dict[str, dict[str, int]]:
            result: dict[str, dict[str, int]] = {}
            for a, label, n in conn.execute("SELECT article, label, sum(n) FROM claim_counts WHERE article = ANY(%s) "
                                            "GROUP BY article, label HAVING sum(n) > 0", (articles,)):
                result.setdefault(a, {})[label] = int(n)
            return result
        wanted = set(articles)
        return self._read(query, lambda: {a: c for a, c in self.counts().items() if a in wanted})
