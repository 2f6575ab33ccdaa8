"""A claim: a span of an article's cleaned text, tagged with a label."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from typing import Any

DEFAULT_LABELS = ("metric", "slogan", "anecdote")
CONTEXT_CHARS = 32


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_claim_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Claim:
    article: str  # Article.path
    label: str
    start: int  # code-point offsets into CleanText.text
    end: int
    quote: str  # == text[start:end]
    prefix: str = ""  # up to CONTEXT_CHARS before
    suffix: str = ""  # up to CONTEXT_CHARS after
    original_start: int = -1
    original_end: int = -1
    note: str = ""
    reviewer: str = ""
    origin: str = "manual"  # manual | suggested | adjudicated (a consensus claim)
    status: str = "active"  # active | orphaned
    text_sha256: str = ""
    fields: dict[str, Any] = field(default_factory=dict)  # structured fields (metric value, slogan canonical form)
    id: str = field(default_factory=new_claim_id)
    created_at: str = field(default_factory=utc_now)
    updated_at: str = ""
    codebook_version: str = ""  # Codebook.version the claim was made (or last recoded) under; "" before codebooks

    def __post_init__(self) -> None:
        if not self.updated_at:
            self.updated_at = self.created_at

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def make_claim(
    article: str,
    text: str,
    start: int,
    end: int,
    label: str,
    *,
    text_sha256: str,
    original_span: tuple[int, int] = (-1, -1),
    reviewer: str = "",
    origin: str = "manual",
    note: str = "",
    codebook_version: str = "",
) -> Claim:
    """A claim over ``text[start:end]`` with its quote and context filled in."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"claim span {start}-{end} is outside a text of {len(text)} characters")
    return Claim(
        article=article,
        label=label,
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        original_start=original_span[0],
        original_end=original_span[1],
        note=note,
        reviewer=reviewer,
        origin=origin,
        text_sha256=text_sha256,
        codebook_version=codebook_version,
    )


@dataclass
class ArticleState:
    """Where the reviewer is in one article: done or not, cursor offset, seconds spent, the cleaning
    overrides (passages brought back into the cleaned text or sent out of it: block key -> ``keep`` |
    ``drop``, see ``jingtui.clean.overrides``), and the values of the codebook's document variables for
    it (``{variable id: value}``, typed as the codebook says)."""

    done: bool = False
    position: int = 0  # offset into CleanText.text
    seconds: float = 0.0
    updated_at: str = ""
    cleaning_overrides: dict[str, str] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
