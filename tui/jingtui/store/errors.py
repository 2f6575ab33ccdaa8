"""Errors of the claim store: one plain sentence each, with a machine-readable kind."""

from __future__ import annotations

from jingtui.errors import UserError

KINDS = ("corrupt", "foreign", "locked", "unwritable", "version", "missing", "unreachable", "conflict", "denied")


class StoreError(UserError):
    """The database cannot be opened or written.

    ``kind`` is one of ``corrupt`` (not valid JSON or malformed), ``foreign`` (valid JSON but not a
    jingtui database), ``locked`` (another jingtui holds it), ``unwritable`` (no permission or no space),
    ``version`` (written by a newer format), ``missing`` (``create=False`` and no file); for the team
    server also ``unreachable`` (cannot connect or log in), ``conflict`` (the row changed since it was
    read) and ``denied`` (another reviewer's row).
    ``str(error)`` is the sentence to show.
    """

    def __init__(self, kind: str, message: str, exit_code: int = 2) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown store error kind {kind!r}")
        super().__init__(message, exit_code)
        self.kind = kind
        self.message = message


class ClaimError(UserError, ValueError):
    """A change to a claim that cannot be made (unknown label, span outside the text)."""


def repair_advice(db_path: object) -> str:
    """The end of the sentence for a damaged database: what to run to get every readable record back."""
    return (f"it was left untouched; `jingtui db repair {db_path} -o NEW.json` copies every readable record into a "
            "new file (or start afresh with --db NEW_PATH).")
