"""The REFI-QDA project schema (``Project-mrt2019.xsd``, shipped beside this module), checked with the
standard library only.

The schema is small and regular ("Venetian blind": named complex types of sequences or choices of
elements, attributes with simple types), so this reads the XSD itself and checks a parsed ``.qde``
against it: the root, every element allowed where it stands and in the order its sequence gives, the
required children and attributes, no unknown attributes, and the value of every attribute and simple
element (GUIDs, integers, booleans, dates, colours, enumerations). What it does not check (the few
identity rules an XSD cannot say either, such as a CodeRef pointing to a code) the reader checks.
The test suite validates the same documents with ``xmlschema``.

:func:`check_project` returns the first problem as one sentence, or None.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

XSD = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NAMESPACE = "urn:QDA-XML:project:1.0"
SCHEMA_FILE = "Project-mrt2019.xsd"

_DATE = r"-?\d{4,}-\d{2}-\d{2}"
_ZONE = r"(Z|[+-]\d{2}:\d{2})?"
_BUILTIN = {
    "string": None,
    "token": None,
    "integer": re.compile(r"^\s*[+-]?\d+\s*$"),
    "boolean": re.compile(r"^\s*(true|false|0|1)\s*$"),
    "date": re.compile(rf"^\s*{_DATE}{_ZONE}\s*$"),
    "dateTime": re.compile(rf"^\s*{_DATE}T\d{{2}}:\d{{2}}:\d{{2}}(\.\d+)?{_ZONE}\s*$"),
}


@dataclass
class _Complex:
    children: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)  # name -> (type, min, max, order)
    attributes: dict[str, tuple[str, bool]] = field(default_factory=dict)  # name -> (type, required)


@dataclass
class _Schema:
    root: tuple[str, str]  # (element name, type)
    complex: dict[str, _Complex]
    simple: dict[str, tuple[re.Pattern[str] | None, frozenset[str]]]  # name -> (pattern, enumeration)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _type_name(value: str) -> str:
    return value.split(":", 1)[-1]


@lru_cache(maxsize=1)
def schema() -> _Schema:
    """The project schema, read from the XSD shipped with the package."""
    text = resources.files("jingtui.refi").joinpath(SCHEMA_FILE).read_bytes()
    xsd = ET.fromstring(text)
    q = f"{{{XSD}}}"
    root_el = xsd.find(f"{q}element")
    assert root_el is not None
    complex_types: dict[str, _Complex] = {}
    for ctype in xsd.findall(f"{q}complexType"):
        spec = _Complex()
        order = 0

        def particles(group: ET.Element, inherited_order: int | None, spec: _Complex = spec) -> None:
            nonlocal order
            for item in group:
                kind = _local(item.tag)
                if kind == "element":
                    maximum = item.get("maxOccurs", "1")
                    spec.children[item.get("name", "")] = (
                        _type_name(item.get("type", "string")), int(item.get("minOccurs", "1")),
                        -1 if maximum == "unbounded" else int(maximum),
                        inherited_order if inherited_order is not None else order)
                    if inherited_order is None:
                        order += 1
                elif kind in ("sequence", "choice"):
                    # the elements of a choice share one place in the order; a repeated choice any order
                    repeated = kind == "choice" and item.get("maxOccurs") == "unbounded"
                    particles(item, order if kind == "choice" else inherited_order, spec)
                    if kind == "choice" and inherited_order is None:
                        order += 1
                    if repeated:
                        for name, (tname, _minimum, _maximum, place) in list(spec.children.items()):
                            spec.children[name] = (tname, 0, -1, place)

        for group in ctype:
            if _local(group.tag) in ("sequence", "choice"):
                particles(group if _local(group.tag) == "sequence" else _wrap(group), None, spec)
        for attribute in ctype.findall(f"{q}attribute"):
            spec.attributes[attribute.get("name", "")] = (_type_name(attribute.get("type", "string")),
                                                          attribute.get("use") == "required")
        complex_types[ctype.get("name", "")] = spec
    simple_types: dict[str, tuple[re.Pattern[str] | None, frozenset[str]]] = {}
    for stype in xsd.findall(f"{q}simpleType"):
        restriction = stype.find(f"{q}restriction")
        pattern_el = restriction.find(f"{q}pattern") if restriction is not None else None
        pattern = re.compile(f"^(?:{pattern_el.get('value')})$") if pattern_el is not None else None
        values = frozenset(e.get("value", "") for e in (restriction if restriction is not None else [])
                           if _local(e.tag) == "enumeration")
        simple_types[stype.get("name", "")] = (pattern, values)
    return _Schema((root_el.get("name", ""), _type_name(root_el.get("type", ""))), complex_types, simple_types)


def _wrap(choice: ET.Element) -> ET.Element:
    holder = ET.Element(f"{{{XSD}}}sequence")
    holder.append(choice)
    return holder


def _value_ok(spec: _Schema, type_name: str, value: str) -> bool:
    if type_name == "string":
        return True
    if type_name in spec.simple:
        pattern, values = spec.simple[type_name]
        if pattern is not None and not values and pattern.match(value):  # the common case: no spaces to collapse
            return True
        token = " ".join(value.split())
        return (pattern is None or bool(pattern.match(token))) and (not values or token in values)
    if type_name == "decimal":
        try:
            Decimal(value.strip())
        except InvalidOperation:
            return False
        return True
    pattern = _BUILTIN.get(type_name)
    return pattern is None or bool(pattern.match(value))


def _describe(element: ET.Element) -> str:
    name = _local(element.tag)
    guid = element.get("guid")
    return f"the {name} element (guid {guid})" if guid else f"the {name} element"


def check_project(root: ET.Element) -> str | None:
    """The first way ``root`` (a parsed ``.qde``) breaks the project schema, as a phrase; None if it follows it."""
    spec = schema()
    root_name, root_type = spec.root
    if root.tag != f"{{{NAMESPACE}}}{root_name}":
        if _local(root.tag) == root_name:
            return f"its root element is not in the REFI-QDA project namespace {NAMESPACE}"
        return f"its root element is {_local(root.tag)}, not {root_name}"
    prefix = f"{{{NAMESPACE}}}"
    stack: list[tuple[ET.Element, str]] = [(root, root_type)]
    while stack:
        element, type_name = stack.pop()
        ctype = spec.complex.get(type_name)
        if ctype is None:  # a simple element: a value, no children
            if len(element):
                return f"{_describe(element)} holds elements where the schema allows only text"
            if not _value_ok(spec, type_name, element.text or ""):
                return f"{_describe(element)} holds {element.text!r}, not a valid {type_name}"
            continue
        for name, value in element.attrib.items():
            if name.startswith("{"):
                if name.startswith(f"{{{XSI}}}"):
                    continue
                return f"{_describe(element)} has the unknown attribute {name}"
            attribute = ctype.attributes.get(name)
            if attribute is None:
                return f"{_describe(element)} has the unknown attribute {name}"
            if not _value_ok(spec, attribute[0], value):
                return f"{_describe(element)} has {name}={value!r}, not a valid {attribute[0]}"
        for name, (_atype, required) in ctype.attributes.items():
            if required and name not in element.attrib:
                return f"{_describe(element)} has no {name}"
        last = -1
        counts: dict[str, int] = {}
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or not tag.startswith(prefix):
                if not isinstance(tag, str):  # a comment or processing instruction
                    continue
                return f"{_describe(element)} holds {_local(tag)} from another namespace"
            name = tag[len(prefix):]
            allowed = ctype.children.get(name)
            if allowed is None:
                return f"{_describe(element)} may not hold a {name}"
            child_type, _minimum, maximum, order = allowed
            if order < last:
                return f"{_describe(element)} holds its {name} out of the schema's order"
            last = order
            counts[name] = counts.get(name, 0) + 1
            if maximum != -1 and counts[name] > maximum:
                return f"{_describe(element)} holds more than {maximum} {name}"
            stack.append((child, child_type))
        for name, (_ctype, minimum, _maximum, _order) in ctype.children.items():
            if minimum and counts.get(name, 0) < minimum:
                return f"{_describe(element)} has no {name}"
    return None
