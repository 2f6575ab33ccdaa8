"""Connections to the team server: credentials from the URL, ``PGPASSWORD``/``.pgpass`` or the
environment (libpq reads them); every message shows the URL redacted and never a password."""

from __future__ import annotations

from typing import Any

import orjson
import psycopg
from psycopg.types.json import set_json_dumps, set_json_loads

from jingtui.store.errors import StoreError
from jingtui.store.location import redact, scrub

CONNECT_TIMEOUT_S = 3


def connect(url: str, *, autocommit: bool = True, application_name: str = "jingtui") -> psycopg.Connection[Any]:
    """A connection to ``url``; StoreError ``unreachable`` (one sentence, password-free) when it fails."""
    try:
        conn = psycopg.connect(url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT_S,
                               application_name=application_name)
    except psycopg.Error as exc:
        raise unreachable(url, exc) from None
    set_json_loads(orjson.loads, conn)  # claim fields: 5x the json module's speed (an export reads a million)
    set_json_dumps(_dumps, conn)
    return conn


def _dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def unreachable(url: str, exc: BaseException) -> StoreError:
    """The sentence for a server that cannot be reached or refused the login."""
    detail = scrub(first_line(exc), url)
    return StoreError("unreachable", f"Cannot reach the team database {redact(url)} ({detail}).")


def first_line(exc: BaseException) -> str:
    """The first line of a driver error, without the trailing period."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__).rstrip(".")


def is_connection_error(exc: BaseException) -> bool:
    """Whether ``exc`` means the server is gone (stopped, network down), not that a statement was refused."""
    if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)):
        return not isinstance(exc, psycopg.errors.QueryCanceled)
    return False
