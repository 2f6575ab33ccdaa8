"""Parsing XML from a file someone sent: no document type, no entities, one sentence when it breaks.

REFI files never need a DTD; one that declares a document type or entities (the "billion laughs"
expansion, external entities) is refused before the parser sees it. In a well-formed document the
bytes ``<!DOCTYPE`` and ``<!ENTITY`` can stand only in the prolog, a comment or a CDATA section
(text escapes ``<``), so looking for them refuses every DTD and, at worst, a file with such a comment.
REFI files are UTF-8 (standard section 5.1); a file in UTF-16 is refused too, since the bytes would
not show its DTD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from jingtui.refi.errors import RefiError


def parse_xml(data: bytes, *, name: str = "the file") -> ET.Element:
    """The root element of ``data``; RefiError (one sentence) for broken XML, UTF-16 or a DTD."""
    if b"\x00" in data[:512]:
        raise RefiError(f"{name} is not UTF-8 XML (REFI-QDA files are UTF-8); it was not read.")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise RefiError(f"{name} declares a document type or entities, which REFI-QDA files never need; "
                        "it was not read.")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        where = f" at line {line}" if line else ""
        raise RefiError(f"{name} is not well-formed XML{where}; it may be damaged or cut short.") from None
