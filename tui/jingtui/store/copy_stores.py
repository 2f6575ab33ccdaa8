"""Copy a whole store to another (either kind), streaming the claims, and count both sides."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jingtui.errors import UserError
from jingtui.store.location import Location, is_server_url, redact
from jingtui.store.transfer import Rows, Tally, counted, file_reviewer, tally


@dataclass
class CopyResult:
    source: Tally
    target: Tally

    @property
    def complete(self) -> bool:
        return self.source.same(self.target)


def copy_stores(source: Location, target: Location, *, reviewer: str | None = None) -> CopyResult:
    """Copy every row of ``source`` into ``target`` (same claim ids replaced); counts and checksums of both."""
    if str(source) == str(target):
        raise UserError("Give two different databases to copy between.")
    if not is_server_url(source) and not Path(source).exists():
        raise UserError(f"There is no annotation database at {source}.")
    read = Tally()
    with _Side(source, read_only=True) as src:
        who = reviewer or _default_reviewer(src)
        found = src.rows(who)
        with _Side(target, read_only=False) as dst:
            dst.load(counted(src.claim_documents(), read), found, who)
        for kind, items in (("states", found.states), ("settings", found.settings),
                            ("rejections", found.rejections)):
            for item in items:
                read.add(kind, item)
    with _Side(target, read_only=True) as dst:
        written = tally(dst.claim_documents(), dst.rows(who))
    return CopyResult(read, written)


def _default_reviewer(side: _Side) -> str:
    if side.team:
        return str(side.store.reviewer)
    name = file_reviewer(side.store.claim_documents())
    if name is None:
        if len(side.store) == 0:
            return ""
        raise UserError(f"The claims of {side.location} are of several reviewers; say whose article states "
                        "it holds with --reviewer NAME.")
    return name


class _Side:
    """One end of a copy: a TinyDB file or a team database, opened for what a copy needs."""

    def __init__(self, location: Location, *, read_only: bool) -> None:
        from jingtui.store.factory import open_store

        self.location = redact(location)
        self.team = is_server_url(location)
        self.store: Any = open_store(location, read_only=read_only, create=not read_only)

    def __enter__(self) -> _Side:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.close()

    def claim_documents(self) -> Any:
        return self.store.claim_documents()

    def rows(self, reviewer: str) -> Rows:
        if self.team:
            from jingtui.store.pg.transfer import pg_rows

            return pg_rows(self.store.connection)
        from jingtui.store.transfer import tinydb_rows

        return tinydb_rows(self.store, reviewer)

    def load(self, claims: Any, found: Rows, reviewer: str) -> None:
        if self.team:
            import psycopg

            from jingtui.store.pg.connect import first_line
            from jingtui.store.pg.transfer import load_pg

            try:
                load_pg(self.store.connection, claims, found)
            except psycopg.errors.InsufficientPrivilege:
                raise UserError(f"The team database {self.location} refused rows of other reviewers; copy into it "
                                "as its owner (the role that ran db init). Nothing was copied.") from None
            except psycopg.Error as exc:
                raise UserError(f"The team database {self.location} refused the copy ({first_line(exc)}); "
                                "nothing was copied.") from None
            return
        from jingtui.store.transfer import load_tinydb

        load_tinydb(self.store, claims, found, reviewer)
