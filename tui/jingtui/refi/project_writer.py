"""Writing a ``.qdpx``: ``project.qde`` (the XML) and ``sources/<GUID>.txt`` in one ZIP.

Pure apart from the ZIP it writes to: the caller hands a :class:`~jingtui.refi.records.Project` whose
selections count code points of their source's text; positions are written in the chosen
:class:`~jingtui.refi.positions.Counting`, which the project's description names. The XML is built as
text (element order as the schema's sequences want it); notes become ``<Note>`` elements linked from
their selection by ``<NoteRef>``; sets list their member sources.
"""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from jingtui.refi import guids, xmltext
from jingtui.refi.codes import NAMESPACE_PROJECT, codes_xml
from jingtui.refi.positions import Counter, Counting
from jingtui.refi.records import Project, Selection, TextSource

_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
SOURCES_FOLDER = "sources"
PROJECT_FILE = "project.qde"


def internal_name(source: TextSource) -> str:
    return f"{source.guid}.txt"


def _when(name: str, value: str | None) -> str:
    return f' {name}="{value}"' if value and _DATETIME.match(value) else ""


def _user(name: str, value: str | None) -> str:
    return f' {name}="{value}"' if value else ""


def _selection_xml(selection: Selection, counter: Counter, note_guid: str | None) -> str:
    start, end = counter.to_units(selection.start), counter.to_units(selection.end)
    user = f' creatingUser="{selection.user}"' if selection.user else ""
    created = _when("creationDateTime", selection.created)
    modified = selection.modified if selection.modified != selection.created else None
    note = f'\n<NoteRef targetGUID="{note_guid}"/>' if note_guid else ""
    return (f'<PlainTextSelection guid="{selection.guid}" name="{xmltext.attr(selection.quote)}" '
            f'startPosition="{start}" endPosition="{end}"{user}{created}'
            f'{_user("modifyingUser", selection.user if modified else None)}{_when("modifiedDateTime", modified)}>\n'
            f'<Coding guid="{selection.coding_guid}"{user}{created}><CodeRef targetGUID="{selection.code}"/></Coding>'
            f'{note}\n</PlainTextSelection>\n')


_VALUE_ELEMENTS = {"Text": "TextValue", "Boolean": "BooleanValue", "Integer": "IntegerValue", "Float": "FloatValue",
                   "Date": "DateValue", "DateTime": "DateTimeValue"}
_VALUE_PATTERNS = {"Boolean": re.compile(r"^(true|false)$"), "Integer": re.compile(r"^-?\d+$"),
                   "Float": re.compile(r"^-?\d+(\.\d+)?$"), "Date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
                   "DateTime": _DATETIME}


def _variable_value(guid: str, value: str, type_name: str) -> str:
    element = _VALUE_ELEMENTS.get(type_name, "TextValue")
    return (f'      <VariableValue>\n        <VariableRef targetGUID="{guid}"/>\n'
            f'        <{element}>{xmltext.text(value)}</{element}>\n      </VariableValue>\n')


def project_xml(project: Project, counting: Counting, sources: Iterable[TextSource] | None = None) -> Iterator[str]:
    """The ``project.qde`` document in pieces (join them, or write them one by one).

    ``sources`` (default ``project.sources``) is read once, lazily: an export streams its articles.
    Inside a text source each selection starts a line of its own, without indentation (a project of
    100,000 claims is ~50 MB of XML; indentation would add a tenth).
    """
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="{NAMESPACE_PROJECT}" '
            f'name="{xmltext.attr(project.name)}" origin="{xmltext.attr(project.origin)}"'
            f'{_when("creationDateTime", project.created)}{_when("modifiedDateTime", project.created)}>\n')
    yield head
    if project.users:
        yield "  <Users>\n" + "".join(f'    <User guid="{guid}" name="{xmltext.attr(name)}"/>\n'
                                      for guid, name in project.users.items()) + "  </Users>\n"
    if project.codes:
        yield codes_xml(project.codes) + "\n"
    variables = {variable.name: variable for variable in project.variables}
    if variables:
        yield "  <Variables>\n" + "".join(
            f'    <Variable guid="{v.guid}" name="{xmltext.attr(v.name)}" typeOfVariable="{v.type}"/>\n'
            for v in variables.values()) + "  </Variables>\n"
    notes: list[tuple[str, Selection]] = []
    opened = False
    for source in project.sources if sources is None else sources:
        if not opened:
            yield "  <Sources>\n"
            opened = True
        counter = Counter(source.text or "", counting)
        parts = [(f'    <TextSource guid="{source.guid}" name="{xmltext.attr(source.name)}" '
                 f'plainTextPath="internal://{internal_name(source)}">\n')]
        for selection in source.selections:
            note_guid = None
            if selection.note:
                note_guid = guids.note_guid(selection.claim_id or selection.guid)
                notes.append((note_guid, selection))
            parts.append(_selection_xml(selection, counter, note_guid))
        for name, value in source.variables.items():
            variable = variables.get(name)
            if variable is None or value is None or value == "":
                continue
            pattern = _VALUE_PATTERNS.get(variable.type)
            if pattern is not None and not pattern.match(value):
                continue
            parts.append(_variable_value(variable.guid, value, variable.type))
        parts.append("    </TextSource>\n")
        yield "".join(parts)
    if opened:
        yield "  </Sources>\n"
    if notes:
        yield "  <Notes>\n"
        for note_guid, selection in notes:
            yield (f'    <Note guid="{note_guid}" name="{xmltext.attr(_note_name(selection))}"'
                   f'{_user("creatingUser", selection.user)}{_when("creationDateTime", selection.created)}'
                   f'{_user("modifyingUser", selection.user)}{_when("modifiedDateTime", selection.modified)}>\n'
                   f'      <PlainTextContent>{xmltext.text(selection.note)}</PlainTextContent>\n    </Note>\n')
        yield "  </Notes>\n"
    sets = {name: members for name, members in project.sets.items() if members}
    if sets:
        yield "  <Sets>\n"
        for name, members in sets.items():
            yield (f'    <Set guid="{guids.set_guid(name)}" name="{xmltext.attr(name)}">\n'
                   + "".join(f'      <MemberSource targetGUID="{guid}"/>\n' for guid in members) + "    </Set>\n")
        yield "  </Sets>\n"
    if project.description:
        yield f"  <Description>{xmltext.text(project.description)}</Description>\n"
    yield "</Project>\n"


def _note_name(selection: Selection) -> str:
    quote = " ".join(selection.quote.split())
    return "Note: " + (quote if len(quote) <= 40 else quote[:40] + "…")


def write_qdpx(stream: BinaryIO, project: Project, counting: Counting, *,
               sources: Iterable[TextSource] | None = None, compresslevel: int = 1) -> None:
    """Write the project as a ``.qdpx`` ZIP to a binary stream: ``project.qde``, then ``sources/``.

    ``sources`` (default ``project.sources``) is consumed once while the XML is written; the texts are
    kept (as UTF-8) until the XML is done and then stored. Deflate level 1: a third of level 6's time,
    a file a quarter larger.
    """
    texts: list[tuple[str, bytes]] = []

    def collected(items: Iterable[TextSource]) -> Iterator[TextSource]:
        for source in items:
            texts.append((internal_name(source), (source.text or "").encode("utf-8", "replace")))
            yield source

    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        info = zipfile.ZipInfo(PROJECT_FILE, date_time=time.localtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as qde:
            pending: list[bytes] = []
            size = 0
            for piece in project_xml(project, counting, collected(project.sources if sources is None else sources)):
                chunk = piece.encode("utf-8")
                pending.append(chunk)
                size += len(chunk)
                if size >= 1 << 20:
                    qde.write(b"".join(pending))
                    pending, size = [], 0
            qde.write(b"".join(pending))
        for name, data in texts:
            archive.writestr(f"{SOURCES_FOLDER}/{name}", data)
