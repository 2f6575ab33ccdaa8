"""The REFI ``<CodeBook><Codes><Code …>`` tree: written from a codebook, read back into plain codes.

Used by the project export and import (:mod:`jingtui.export.qdpx_export`, ``qdpx_import``) and by the
codebook exchange (``jingtui codebook import/export FILE.qdc``). Stable entry points:

* :func:`refi_codes` (a codebook's codes -> :class:`RefiCode` list, GUIDs derived from the code ids),
* :func:`codes_xml` (the ``<CodeBook>`` element of a project, as text),
* :func:`codebook_document` (a whole ``.qdc`` file, as bytes),
* :func:`parse_codebook` (a ``.qdc`` file, or the codebook of a ``.qde``, -> :class:`RefiCode` list),
* :func:`codes_from_element` (the same from an already parsed ``<CodeBook>`` or ``<Codes>`` element).

A code is given as any object with ``id``, ``name``, ``parent`` (the parent's id or None), ``colour``
(``#RRGGBB`` or None) and ``definition`` (text; written as the code's ``<Description>``): the codebook's
own codes, or :func:`label_codes` for a bare list of labels. Parents are written before their children
whatever the input order; a code whose parent is missing goes to the top.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from jingtui.refi import guids, xmltext
from jingtui.refi.errors import RefiError
from jingtui.refi.safexml import parse_xml

NAMESPACE_PROJECT = "urn:QDA-XML:project:1.0"
NAMESPACE_CODEBOOK = "urn:QDA-XML:codebook:1.0"

# The colours the reader shows the default labels in (ArticlePane.DEFAULT_CSS, app/widgets/text_panes.py),
# for programs that show colours.
DEFAULT_COLOURS = {"metric": "#1F5FB4", "slogan": "#B8860B", "anecdote": "#2E8B57"}
OTHER_COLOUR = "#8A2BE2"
_COLOUR = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


class CodeLike(Protocol):
    """What the REFI tree needs of a code."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def parent(self) -> str | None: ...
    @property
    def colour(self) -> str | None: ...
    @property
    def definition(self) -> str: ...


@dataclass(frozen=True)
class LabelCode:
    """A code made from a bare label (before a codebook exists): its name is its id."""

    id: str
    name: str
    parent: str | None = None
    colour: str | None = None
    definition: str = ""


def label_codes(labels: Iterable[str]) -> list[LabelCode]:
    """Codes for plain labels, with the reader's colours for the default three."""
    return [LabelCode(label, label, None, DEFAULT_COLOURS.get(label, OTHER_COLOUR)) for label in dict.fromkeys(labels)]


@dataclass(frozen=True)
class RefiCode:
    """One code of a REFI codebook. ``guid`` and ``parent`` (the parent's GUID) are normalised GUIDs."""

    guid: str
    name: str
    parent: str | None = None
    colour: str | None = None  # "#RRGGBB"
    description: str = ""
    codable: bool = True
    id: str | None = None  # our code id, when the code came from our codebook


def normalise_colour(value: str | None) -> str | None:
    """``#RRGGBB`` in upper case from ``#RGB`` or ``#rrggbb``; None for anything else."""
    if not value or not _COLOUR.match(value.strip()):
        return None
    digits = value.strip()[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits.upper()


def refi_codes(codes: Iterable[CodeLike]) -> list[RefiCode]:
    """The codes of a codebook as REFI codes (GUIDs from the ids), parents before their children."""
    items = list(codes)
    known = {code.id for code in items}
    children: dict[str | None, list[CodeLike]] = {}
    for code in items:
        parent = code.parent if code.parent in known and code.parent != code.id else None
        children.setdefault(parent, []).append(code)
    result: list[RefiCode] = []
    seen: set[str] = set()

    def visit(parent: str | None) -> None:
        for code in children.get(parent, []):
            if code.id in seen:
                continue
            seen.add(code.id)
            result.append(RefiCode(guid=guids.code_guid(code.id), name=code.name or code.id,
                                   parent=guids.code_guid(parent) if parent is not None else None,
                                   colour=normalise_colour(code.colour), description=code.definition or "",
                                   id=code.id))
            visit(code.id)

    visit(None)
    for code in items:  # a cycle of parents: what was not reached goes to the top
        if code.id not in seen:
            seen.add(code.id)
            result.append(RefiCode(guids.code_guid(code.id), code.name or code.id, None,
                                   normalise_colour(code.colour), code.definition or "", True, code.id))
            visit(code.id)
    return result


def codes_xml(codes: Sequence[RefiCode], indent: str = "  ") -> str:
    """The ``<CodeBook>`` element of a project (namespace inherited from the document) holding ``codes``."""
    return "\n".join([f"{indent}<CodeBook>", *_codes_lines(codes, indent, 2), f"{indent}</CodeBook>"])


def _codes_lines(codes: Sequence[RefiCode], indent: str, depth: int) -> list[str]:
    """The ``<Codes>`` element as lines, indented ``depth`` levels, the codes nested as a tree."""
    if not codes:
        raise ValueError("a REFI codebook needs at least one code")
    children: dict[str | None, list[RefiCode]] = {}
    known = {code.guid for code in codes}
    for code in codes:
        children.setdefault(code.parent if code.parent in known else None, []).append(code)
    lines = [f"{indent * depth}<Codes>"]

    def write(code: RefiCode, level: int) -> None:
        pad = indent * level
        head = (f'{pad}<Code guid="{code.guid}" name="{xmltext.attr(code.name)}" '
                f'isCodable="{"true" if code.codable else "false"}"')
        if code.colour:
            head += f' color="{code.colour}"'
        inner = children.get(code.guid, [])
        if not code.description and not inner:
            lines.append(head + "/>")
            return
        lines.append(head + ">")
        if code.description:
            lines.append(f"{pad}{indent}<Description>{xmltext.text(code.description)}</Description>")
        for child in inner:
            write(child, level + 1)
        lines.append(f"{pad}</Code>")

    for top in children.get(None, []):
        write(top, depth + 1)
    lines.append(f"{indent * depth}</Codes>")
    return lines


def codebook_document(codes: Sequence[RefiCode], *, origin: str = "jingtui") -> bytes:
    """A whole ``.qdc`` codebook file (REFI-QDA 1.5, section 5.2), UTF-8."""
    inner = "\n".join(_codes_lines(codes, "  ", 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<CodeBook xmlns="{NAMESPACE_CODEBOOK}" '
            f'origin="{xmltext.attr(origin)}">\n{inner}\n</CodeBook>\n').encode()


def parse_codebook(data: bytes, *, name: str = "the codebook") -> list[RefiCode]:
    """The codes of a ``.qdc`` file or of a project's ``.qde`` (either namespace); RefiError when unusable."""
    root = parse_xml(data, name=name)
    if _local(root.tag) == "Project":
        book = next((child for child in root if _local(child.tag) == "CodeBook"), None)
        if book is None:
            return []
        return codes_from_element(book, name=name)
    if _local(root.tag) != "CodeBook" or _namespace(root.tag) not in (NAMESPACE_CODEBOOK, NAMESPACE_PROJECT):
        raise RefiError(f"{name} is not a REFI-QDA codebook (its root element is {_local(root.tag)}, not CodeBook).")
    return codes_from_element(root, name=name)


def codes_from_element(element: ET.Element, *, name: str = "the codebook") -> list[RefiCode]:
    """The codes under a ``<CodeBook>`` or ``<Codes>`` element, parents before children."""
    codes_el = element if _local(element.tag) == "Codes" else next(
        (child for child in element if _local(child.tag) == "Codes"), None)
    if codes_el is None:
        raise RefiError(f"{name} has a CodeBook without Codes.")
    result: list[RefiCode] = []

    def visit(parent_el: ET.Element, parent: str | None) -> None:
        for code_el in parent_el:
            if _local(code_el.tag) != "Code":
                continue
            guid_text, code_name = code_el.get("guid"), code_el.get("name")
            if guid_text is None or not guids.is_guid(guid_text) or code_name is None:
                raise RefiError(f"{name} has a Code without a valid guid and name.")
            guid = guids.normalise(guid_text)
            description = next((child.text or "" for child in code_el if _local(child.tag) == "Description"), "")
            codable = (code_el.get("isCodable") or "true").strip().lower() not in ("false", "0")
            result.append(RefiCode(guid, code_name, parent, normalise_colour(code_el.get("color")),
                                   description, codable))
            visit(code_el, guid)

    visit(codes_el, None)
    return result


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
