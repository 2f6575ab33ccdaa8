"""Reading a ``.qdpx`` into plain records: users, codes, text sources with their selections, sets.

The ``.qde`` is checked against the project schema first (:mod:`jingtui.refi.schema`); then every text
source's text is read (``PlainTextContent`` or its internal file: a BOM is dropped, CR LF and CR become
LF), and each selection's positions are turned into code points of that text with the counting the
project declares (our own description), the one given, or the one its origin suggests. Where a
program wrote the selected text as the selection's name (ATLAS.ti does, cut at about 100 characters),
a span that does not start with it is moved to the nearest place that does, within a few characters:
positions are never trusted alone. Picture, PDF, audio and video sources are listed as skipped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from jingtui.refi import guids
from jingtui.refi.archive import QdpxArchive
from jingtui.refi.codes import NAMESPACE_PROJECT, codes_from_element
from jingtui.refi.errors import RefiError
from jingtui.refi.positions import (
    Counter,
    Counting,
    counting_for_origin,
    described_counting,
)
from jingtui.refi.records import Project, Selection, TextSource, Variable
from jingtui.refi.safexml import parse_xml
from jingtui.refi.schema import check_project

Q = f"{{{NAMESPACE_PROJECT}}}"
_KINDS = {"PictureSource": "picture", "PDFSource": "PDF", "AudioSource": "audio", "VideoSource": "video"}
_CODING, _CODEREF, _NOTEREF, _DESCRIPTION = (f"{Q}{name}" for name in ("Coding", "CodeRef", "NoteRef", "Description"))
NAME_WINDOW = 16  # how far a span may be moved to start with the selection's name


def normalise_text(data: bytes) -> tuple[str, frozenset[int]] | None:
    """A source file's text with LF line ends and no BOM, and where CR LF pairs stood; None if undecodable."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    text = text.lstrip("\ufeff")
    if "\r" not in text:
        return text, frozenset()
    crlf: set[int] = set()
    pieces: list[str] = []
    length = 0
    for index, piece in enumerate(text.split("\r\n")):
        if index:
            crlf.add(length)
            pieces.append("\n")
            length += 1
        piece = piece.replace("\r", "\n")
        pieces.append(piece)
        length += len(piece)
    return "".join(pieces), frozenset(crlf)


def read_project(archive: QdpxArchive, *, counting: Counting | None = None) -> tuple[Project, Counting]:
    """The project in ``archive`` and the counting its positions were read with; RefiError when unusable."""
    name = str(archive.path)
    root = parse_xml(archive.qde, name=f"{name} ({archive.qde_name})")
    problem = check_project(root)
    if problem is not None:
        raise RefiError(f"{name} does not follow the REFI-QDA project schema: {problem}; nothing was imported.")
    description = _text(root.find(f"{Q}Description"))
    origin = root.get("origin", "")
    counting = counting or described_counting(description) or counting_for_origin(origin)
    project = Project(name=root.get("name", ""), origin=origin, created=root.get("creationDateTime"),
                      description=description)
    for user in root.iterfind(f"{Q}Users/{Q}User"):
        guid = guids.normalise(user.get("guid", ""))
        project.users[guid] = user.get("name") or user.get("id") or guid
    book = root.find(f"{Q}CodeBook")
    if book is not None:
        project.codes = codes_from_element(book, name=name)
    for variable in root.iterfind(f"{Q}Variables/{Q}Variable"):
        project.variables.append(Variable(guids.normalise(variable.get("guid", "")), variable.get("name", ""),
                                          variable.get("typeOfVariable", "Text")))  # type: ignore[arg-type]
    notes = {guids.normalise(note.get("guid", "")): _note_text(note, archive)
             for note in root.iterfind(f"{Q}Notes/{Q}Note")}
    variable_names = {v.guid: v.name for v in project.variables}
    sources = root.find(f"{Q}Sources")
    for element in sources if sources is not None else []:
        kind = element.tag.removeprefix(Q)
        label = element.get("name") or element.get("guid", "")
        if kind != "TextSource":
            project.skipped.append(f"{_KINDS.get(kind, kind)} source {label!r}")
            continue
        project.sources.append(_text_source(element, archive, counting, notes, variable_names))
    for set_el in root.iterfind(f"{Q}Sets/{Q}Set"):
        project.sets[set_el.get("name", "")] = [guids.normalise(m.get("targetGUID", ""))
                                                for m in set_el.iterfind(f"{Q}MemberSource")]
    return project, counting


def _text(element: ET.Element | None) -> str:
    return (element.text or "") if element is not None else ""


def _note_text(note: ET.Element, archive: QdpxArchive) -> str:
    content = note.find(f"{Q}PlainTextContent")
    if content is not None:
        return (content.text or "").strip()
    path = note.get("plainTextPath")
    if path and path.startswith("internal://"):
        data = archive.source(path)
        decoded = normalise_text(data) if data is not None else None
        if decoded is not None:
            return decoded[0].strip()
    return _text(note.find(f"{Q}Description")).strip()


def _source_text(element: ET.Element, archive: QdpxArchive) -> tuple[str, frozenset[int], str] | None:
    content = element.find(f"{Q}PlainTextContent")
    if content is not None:
        decoded = normalise_text((content.text or "").encode("utf-8"))
        return (decoded[0], decoded[1], "") if decoded else None
    path = element.get("plainTextPath") or ""
    if not path.startswith("internal://"):
        return None
    data = archive.source(path)
    if data is None:
        return None
    decoded = normalise_text(data)
    return (decoded[0], decoded[1], path) if decoded else None


def _text_source(element: ET.Element, archive: QdpxArchive, counting: Counting, notes: dict[str, str],
                 variable_names: dict[str, str]) -> TextSource:
    found = _source_text(element, archive)
    text, crlf, path = found if found is not None else (None, frozenset(), element.get("plainTextPath") or "")
    source = TextSource(guid=guids.normalise(element.get("guid", "")), name=element.get("name", ""), text=text,
                        crlf_at=crlf, path=path)
    for value in element.iterfind(f"{Q}VariableValue"):
        ref = value.find(f"{Q}VariableRef")
        if ref is None:
            continue
        variable = variable_names.get(guids.normalise(ref.get("targetGUID", "")))
        holder = next((child for child in value if child.tag != f"{Q}VariableRef"), None)
        if variable is not None and holder is not None:
            source.variables[variable] = (holder.text or "").strip()
    counter = Counter(text, counting, crlf) if text is not None else None
    for sel in element.iterfind(f"{Q}PlainTextSelection"):
        source.selections.extend(_selections(sel, text, counter, notes))
    return source


def _selections(sel: ET.Element, text: str | None, counter: Counter | None, notes: dict[str, str]) -> list[Selection]:
    units_start, units_end = int(sel.get("startPosition", "0")), int(sel.get("endPosition", "0"))
    if units_end < units_start:
        units_start, units_end = units_end, units_start
    name = sel.get("name") or ""
    if text is not None and counter is not None:
        start = min(len(text), max(0, counter.to_offset(units_start)))
        end = min(len(text), max(start, counter.to_offset(units_end, round_up=True)))
        start, end = _shift_to_name(text, start, end, name)
        quote = text[start:end]
    else:
        start, end = units_start, units_end
        quote = "" if _cut(name) else name
    note_parts: list[str] = []
    codings: list[ET.Element] = []
    for child in sel:  # Description, Coding*, NoteRef* (the schema's order, checked already)
        tag = child.tag
        if tag == _CODING:
            codings.append(child)
        elif tag == _DESCRIPTION:
            note_parts.append((child.text or "").strip())
        elif tag == _NOTEREF:
            note_parts.append(notes.get(guids.normalise(child.get("targetGUID", "")), ""))
    user = sel.get("creatingUser")
    guid = guids.normalise(sel.get("guid", ""))
    created, modified = sel.get("creationDateTime"), sel.get("modifiedDateTime")
    result = []
    for coding in codings:
        ref = None
        coding_notes = list(note_parts)
        for child in coding:
            if child.tag == _CODEREF:
                ref = child
            elif child.tag == _NOTEREF:
                coding_notes.append(notes.get(guids.normalise(child.get("targetGUID", "")), ""))
        if ref is None:
            continue
        note = "\n\n".join(part for part in dict.fromkeys(coding_notes) if part)
        coder = coding.get("creatingUser") or user
        result.append(Selection(
            guid=guid, start=start, end=end, code=guids.normalise(ref.get("targetGUID", "")),
            coding_guid=guids.normalise(coding.get("guid", "")), user=guids.normalise(coder) if coder else None,
            created=coding.get("creationDateTime") or created, modified=modified, note=note, quote=quote))
    return result


def _cut(name: str) -> bool:
    return name.endswith(("…", "...")) or not name


def _shift_to_name(text: str, start: int, end: int, name: str) -> tuple[int, int]:
    """Move the span to start with the selection's name when the name is the selected text (maybe cut)."""
    probe = name.rstrip("…").rstrip(".") if _cut(name) else name
    probe = probe.strip()
    if len(probe) < 2 or text.startswith(probe, start) or text[start:end].strip().startswith(probe[: end - start]):
        return start, end
    low, high = max(0, start - NAME_WINDOW), min(len(text), start + NAME_WINDOW + len(probe))
    places = [at for at in _find_all(text, probe, low, high)]
    if not places:
        return start, end
    best = min(places, key=lambda at: abs(at - start))
    shift = best - start
    return best, min(len(text), max(best + 1, end + shift))


def _find_all(text: str, probe: str, low: int, high: int) -> Iterator[int]:
    at = text.find(probe, low, high)
    while at >= 0:
        yield at
        at = text.find(probe, at + 1, high)


def read_qdpx(path: Path, *, counting: Counting | None = None) -> tuple[Project, Counting]:
    """Open, check and read a ``.qdpx`` file (see :func:`read_project`)."""
    from jingtui.refi.archive import open_qdpx

    with open_qdpx(path) as archive:
        return read_project(archive, counting=counting)
