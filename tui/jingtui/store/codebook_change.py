"""Undoable changes of the codebook made while reading: the file's text before and after, and the claims
a merge (or a recode) moves from one code to another; and an article's variables.

They are history commands like the claim commands (:mod:`jingtui.store.history`): ``u`` undoes a rename,
a move, a merge, a split or a new code as it undoes a tag. Applying writes the codebook file atomically;
reverting writes the text it had before (so the user's comments and order come back too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jingtui.store.protocol import Store
from jingtui.util.fileio import atomic_write_text


@dataclass
class CodebookChange:
    """``path`` goes from ``before`` (None: the file did not exist) to ``after``; the claims in ``moved``
    (claim id -> (old code, new code)) are recoded with it."""

    path: Path
    before: str | None
    after: str
    what: str  # e.g. "rename 物价 → 价格"
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)
    article: str = ""
    claim_id: str | None = None
    version_after: str = ""  # the codebook version recoded claims get
    version_before: dict[str, str] = field(default_factory=dict)  # claim id -> its version before

    def apply(self, store: Store) -> None:
        atomic_write_text(self.path, self.after)
        for claim_id, (_old, new) in self.moved.items():
            claim = store.get(claim_id)
            if claim is not None:
                self.version_before.setdefault(claim_id, claim.codebook_version)
                store.update(claim_id, label=new, codebook_version=self.version_after or claim.codebook_version)

    def revert(self, store: Store) -> None:
        if self.before is None:
            self.path.unlink(missing_ok=True)
        else:
            atomic_write_text(self.path, self.before)
        for claim_id, (old, _new) in self.moved.items():
            if store.get(claim_id) is not None:
                store.update(claim_id, label=old, codebook_version=self.version_before.get(claim_id, ""))

    def describe(self) -> str:
        return self.what


@dataclass
class SetVariables:
    """An article's document variables, before and after."""

    article: str
    before: dict[str, Any]
    after: dict[str, Any]
    claim_id: str | None = None

    def apply(self, store: Store) -> None:
        store.set_state(self.article, variables=dict(self.after))

    def revert(self, store: Store) -> None:
        store.set_state(self.article, variables=dict(self.before))

    def describe(self) -> str:
        return f"variables of {self.article}"
