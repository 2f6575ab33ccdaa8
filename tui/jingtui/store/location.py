"""Where a claim store lives: a file path (TinyDB) or a server URL (PostgreSQL), and how to show it.

A location is given by ``--db`` or, when that is absent, the ``JINGTUI_DB`` environment variable;
without either, the corpus's own file ``<corpus>/.jingtui/annotations.json``. A server URL may carry a
password; :func:`redact` is the only way one is ever shown (messages, logs, the status line).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from jingtui.store.paths import default_db_path

ENV_VAR = "JINGTUI_DB"
SERVER_SCHEMES = ("postgresql://", "postgres://")

Location = Path | str  # a Path: a TinyDB file; a str: a server URL

_PASSWORD_IN_URL = re.compile(r"^(?P<scheme>[a-z]+://)(?P<user>[^:@/]*):(?P<password>[^@/]*)@", re.IGNORECASE)
_PASSWORD_PARAM = re.compile(r"(?P<key>(?:^|[?&\s])password=)(?P<value>[^&\s]*)", re.IGNORECASE)


def is_server_url(value: object) -> bool:
    """Whether ``value`` names a PostgreSQL server (``postgresql://...`` or ``postgres://...``)."""
    return isinstance(value, str) and value.lower().startswith(SERVER_SCHEMES)


def parse_location(value: str | os.PathLike[str]) -> Location:
    """A server URL as it is, anything else as an expanded path."""
    text = os.fspath(value)
    if is_server_url(text):
        return text
    return Path(text).expanduser()


def resolve_location(given: str | os.PathLike[str] | None, corpus_root: Path | None,
                     env: Mapping[str, str] | None = None) -> Location:
    """The database of a command: ``--db`` if given, else ``JINGTUI_DB``, else the corpus's own file."""
    environ = os.environ if env is None else env
    if given:
        return parse_location(given)
    from_env = environ.get(ENV_VAR, "").strip()
    if from_env:
        return parse_location(from_env)
    if corpus_root is None:
        raise ValueError("no database given and no corpus folder to find one in")
    return default_db_path(Path(corpus_root))


def redact(location: Location | str) -> str:
    """The location as it may be shown: a server URL's password replaced by ``***``."""
    text = os.fspath(location)
    if not is_server_url(text):
        return text
    text = _PASSWORD_IN_URL.sub(lambda m: f"{m['scheme']}{m['user']}:***@", text)
    return _PASSWORD_PARAM.sub(lambda m: f"{m['key']}***", text)


def scrub(message: str, location: Location | str) -> str:
    """``message`` with the location's password (if any) taken out wherever it appears."""
    text = os.fspath(location)
    if not is_server_url(text):
        return message
    message = message.replace(text, redact(text))
    for pattern in (_PASSWORD_IN_URL, _PASSWORD_PARAM):
        for match in pattern.finditer(text):
            secret = match["password"] if "password" in pattern.groupindex else match["value"]
            if secret:
                message = message.replace(secret, "***")
    return message
