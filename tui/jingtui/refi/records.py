"""Plain records of what a REFI project holds, shared by the writer and the reader (no XML here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from jingtui.refi.codes import RefiCode

VariableType = Literal["Text", "Boolean", "Integer", "Float", "Date", "DateTime"]


@dataclass(frozen=True)
class Selection:
    """A coded span of a text source. ``start``/``end`` are code points of the source text (LF line ends).

    ``code`` is the coded code's GUID; ``user`` the creating user's GUID (or None); ``note`` the text of
    the notes linked to the selection; ``quote`` the text the span covers when it is known.
    """

    guid: str
    start: int
    end: int
    code: str
    coding_guid: str = ""
    user: str | None = None
    created: str | None = None
    modified: str | None = None
    note: str = ""
    quote: str = ""
    claim_id: str = ""  # writing: the claim the selection stands for


@dataclass
class TextSource:
    """A text source: its text (LF line ends, no BOM), variables and coded selections."""

    guid: str
    name: str
    text: str | None
    variables: dict[str, str] = field(default_factory=dict)  # variable name -> value (as text)
    selections: list[Selection] = field(default_factory=list)
    crlf_at: frozenset[int] = frozenset()  # reading: offsets of LFs that were CR LF in the file
    path: str = ""  # the internal file the text came from (reading) or goes to (writing)


@dataclass(frozen=True)
class Variable:
    guid: str
    name: str
    type: VariableType = "Text"


@dataclass
class Project:
    """A REFI project as jingtui writes or reads it."""

    name: str
    origin: str = ""
    created: str | None = None
    description: str = ""
    users: dict[str, str] = field(default_factory=dict)  # GUID -> name
    codes: list[RefiCode] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    sources: list[TextSource] = field(default_factory=list)
    sets: dict[str, list[str]] = field(default_factory=dict)  # set name -> member source GUIDs
    skipped: list[str] = field(default_factory=list)  # reading: sources that are not text, as phrases
