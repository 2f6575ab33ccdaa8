"""The codebook: a research team's codes (with their definitions, keys, colours and fields) and the
article-level variables, as frozen values.

A :class:`Codebook` keeps its codes in file order and answers the questions the rest of jingtui asks:
the code with an id, a key or a path (``经济/物价``), a code's path, children and ancestors. Claims
keep a code's **id** (the claim's ``label``), never its name, so renaming a code changes no claim.
``version`` is a hash of the content (not of comments or layout): claims record the version they
were made under.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

FieldType = Literal["text", "number", "choice", "boolean", "date"]
FIELD_TYPES: tuple[str, ...] = get_args(FieldType)
Detector = Literal["metric", "slogan", "anecdote"]
DETECTORS: tuple[str, ...] = get_args(Detector)
PATH_SEPARATOR = "/"

Value = str | int | float | bool


@dataclass(frozen=True)
class FieldSpec:
    """A typed attribute: of a claim of some code (its ``fields``) or of an article (a variable)."""

    id: str
    name: str = ""
    type: FieldType = "text"
    choices: tuple[str, ...] = ()
    description: str = ""

    @property
    def title(self) -> str:
        """What a person reads: the name, or the id when there is none."""
        return self.name or self.id


@dataclass(frozen=True)
class DocumentVariable(FieldSpec):
    """An attribute of a whole article (genre, stance, level of government ...), with its values."""


@dataclass(frozen=True)
class Code:
    """One code of the codebook. ``parent`` is the id of its parent code, or None at the top."""

    id: str
    name: str
    parent: str | None = None
    key: str | None = None
    colour: str | None = None
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    examples: tuple[str, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    suggested_by: Detector | None = None

    def field_spec(self, field_id: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True)
class Codebook:
    """Codes in file order, the document variables, where they came from and a content hash."""

    codes: tuple[Code, ...]
    variables: tuple[DocumentVariable, ...] = ()
    source: str | None = field(default=None, compare=False)  # the file read, None for the default
    _by_id: dict[str, Code] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, Code] = field(init=False, repr=False, compare=False)
    _children: dict[str | None, tuple[Code, ...]] = field(init=False, repr=False, compare=False)
    _paths: dict[str, str] = field(init=False, repr=False, compare=False)
    _by_path: dict[str, str] = field(init=False, repr=False, compare=False)
    _version: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {c.id: c for c in self.codes}
        by_key = {c.key: c for c in self.codes if c.key}
        children: dict[str | None, list[Code]] = {}
        for code in self.codes:
            parent = code.parent if code.parent in by_id else None
            children.setdefault(parent, []).append(code)
        paths: dict[str, str] = {}
        for code in self.codes:
            names: list[str] = []
            seen: set[str] = set()
            at: Code | None = code
            while at is not None and at.id not in seen:  # a cycle never reaches here from a file, but stop
                seen.add(at.id)
                names.append(at.name)
                at = by_id.get(at.parent) if at.parent else None
            paths[code.id] = PATH_SEPARATOR.join(reversed(names))
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})
        object.__setattr__(self, "_paths", paths)
        by_path: dict[str, str] = {}
        for code_id, path in paths.items():
            by_path.setdefault(path, code_id)
        object.__setattr__(self, "_by_path", by_path)
        object.__setattr__(self, "_version", content_hash(self))

    # ---- identity
    @property
    def version(self) -> str:
        """A hash of the codes and variables (ids, names, hierarchy, keys, colours, texts, fields)."""
        return self._version

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._by_id

    def __len__(self) -> int:
        return len(self.codes)

    # ---- lookups
    def code(self, code_id: str) -> Code | None:
        return self._by_id.get(code_id)

    def by_key(self, key: str) -> Code | None:
        return self._by_key.get(key)

    def by_path(self, path: str) -> Code | None:
        """The code whose path of names is ``path`` (``经济/物价``); the first one if two share it."""
        path = PATH_SEPARATOR.join(part.strip() for part in path.strip().strip(PATH_SEPARATOR).split(PATH_SEPARATOR))
        code_id = self._by_path.get(path)
        return self._by_id[code_id] if code_id else None

    def named(self, text: str) -> Code | None:
        """The code a person names in a filter: by its id, its path (``经济/物价``) or its name (the first
        code of that name), in that order; None when no code is called so."""
        text = text.strip()
        if not text:
            return None
        found = self._by_id.get(text) or self.by_path(text)
        return found or next((c for c in self.codes if c.name == text), None)

    def path_of(self, code_id: str) -> str:
        """``经济/物价``: the names from the top down; an unknown id is returned as it is."""
        return self._paths.get(code_id, code_id)

    def name_of(self, code_id: str) -> str:
        code = self._by_id.get(code_id)
        return code.name if code else code_id

    def children(self, code_id: str | None = None) -> tuple[Code, ...]:
        """The codes right under ``code_id`` (under the top when None), in file order."""
        return self._children.get(code_id, ())

    def roots(self) -> tuple[Code, ...]:
        return self.children(None)

    def ancestors(self, code_id: str) -> tuple[Code, ...]:
        """The parent, its parent, ... up to the top code (nearest first)."""
        out: list[Code] = []
        code: Code | None = self._by_id.get(code_id)
        while code is not None and code.parent and code.parent in self._by_id and len(out) < len(self.codes):
            code = self._by_id[code.parent]
            out.append(code)
        return tuple(out)

    def descendants(self, code_id: str) -> tuple[Code, ...]:
        """Every code below ``code_id``, depth first in file order."""
        out: list[Code] = []
        stack = list(reversed(self.children(code_id)))
        while stack:
            code = stack.pop()
            out.append(code)
            stack.extend(reversed(self.children(code.id)))
        return tuple(out)

    def depth(self, code_id: str) -> int:
        return len(self.ancestors(code_id))

    def walk(self) -> tuple[Code, ...]:
        """All codes as a tree is read: each top code followed by its descendants."""
        out: list[Code] = []
        for root in self.roots():
            out.append(root)
            out.extend(self.descendants(root.id))
        return tuple(out)

    def keyed(self) -> tuple[Code, ...]:
        """The codes that have a key, in file order."""
        return tuple(c for c in self.codes if c.key)

    def for_detector(self, detector: str) -> Code | None:
        """The first code (in file order) whose suggestions come from ``detector``."""
        return next((c for c in self.codes if c.suggested_by == detector), None)

    def variable(self, variable_id: str) -> DocumentVariable | None:
        return next((v for v in self.variables if v.id == variable_id), None)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: what the export and ``jingtui codebook --json`` carry."""
        return {
            "version": self.version,
            "source": self.source,
            "codes": [dict(code_dict(c), path=self.path_of(c.id)) for c in self.codes],
            "variables": [spec_dict(v) for v in self.variables],
        }


def spec_dict(spec: FieldSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"id": spec.id, "name": spec.name, "type": spec.type}
    if spec.choices:
        data["choices"] = list(spec.choices)
    if spec.description:
        data["description"] = spec.description
    return data


def code_dict(code: Code) -> dict[str, Any]:
    """A code as plain data (empty optional parts left out)."""
    data: dict[str, Any] = {
        "id": code.id, "name": code.name, "parent": code.parent, "key": code.key, "colour": code.colour,
        "definition": code.definition, "inclusion": code.inclusion, "exclusion": code.exclusion,
        "examples": list(code.examples), "fields": [spec_dict(f) for f in code.fields],
        "suggested_by": code.suggested_by,
    }  # by hand: dataclasses.asdict deep-copies, a third of reading a 300-code codebook
    return {k: v for k, v in data.items() if v not in (None, "", [], ())}


def content_hash(book: Codebook) -> str:
    """16 hex digits of the SHA-256 of the codes and variables as canonical JSON."""
    payload = {"codes": [code_dict(c) for c in book.codes], "variables": [spec_dict(v) for v in book.variables]}
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]
