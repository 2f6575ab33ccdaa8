"""The one place a claim store is chosen: a file path opens the TinyDB store, a ``postgresql://`` URL the
team store. Used by ``open``, ``export``, ``import``, ``agree``, ``stats`` and ``suggest`` (through the
workspace) and by ``jingtui db``."""

from __future__ import annotations

from pathlib import Path

from jingtui.store.errors import StoreError
from jingtui.store.location import Location, is_server_url, parse_location
from jingtui.store.protocol import Store


def open_store(location: Location | str, *, read_only: bool = False, create: bool = True,
               reviewer: str | None = None, local_dir: Path | None = None) -> Store:
    """The store at ``location``; StoreError (one sentence, the URL without its password) when it cannot be used.

    ``reviewer``: whose article states and settings the team store reads and writes (default: the
    database role). ``local_dir``: where the team store keeps changes made while the server is away
    (none: such a change is refused instead). Both are ignored by the TinyDB store, whose file is one
    reviewer's.
    """
    if is_server_url(location):
        from jingtui.store.pg.store import PgClaimStore

        return PgClaimStore.open(str(location), read_only=read_only, reviewer=reviewer, local_dir=local_dir)
    from jingtui.store.claims import ClaimStore

    return ClaimStore.open(Path(location), create=create, read_only=read_only)


def store_exists(location: Location | str) -> bool:
    """Whether there is a database to read at ``location`` (a server is taken to exist: opening it says more)."""
    if is_server_url(location):
        return True
    return Path(location).exists()


def missing_database(location: Location | str) -> StoreError:
    return StoreError("missing", f"There is no annotation database at {location}; "
                                 "open the folder with jingtui first or give --db.")


__all__ = ["Location", "missing_database", "open_store", "parse_location", "store_exists"]
