"""Changes to a codebook file that keep the user's comments, order and layout (through ``tomlkit``).

Each function takes the file's text and returns the new text; nothing is written here. Every result
is read back with :func:`parse_codebook` before it is returned, so a change can never leave a file that
jingtui would refuse. :func:`render_codebook` writes a codebook that has no file yet (the default one,
or one read from a ``.qdc``) as TOML with a short comment on each part.
"""

from __future__ import annotations

import re
from typing import Any, cast

import tomlkit
from tomlkit.items import AoT, Table

from jingtui.codebook.model import Code, Codebook, DocumentVariable, FieldSpec
from jingtui.codebook.parse import CodebookError, parse_codebook

HEADER = """\
# The codebook of this corpus: jingtui reads it when it opens the folder (README: "The codebook").
# Each [[codes]] table is one code: id (stable, what claims keep), name, parent (a code id), key,
# colour, definition, inclusion, exclusion, examples, suggested_by (metric | slogan | anecdote) and
# [[codes.fields]] (id, name, type = text | number | choice | boolean | date, choices).
# Each [[variables]] table is an attribute of a whole article, typed the same way.
"""


def _spec_table(spec: FieldSpec, array: bool = True) -> Table:
    table = tomlkit.table()
    table.add("id", spec.id)
    if spec.name and spec.name != spec.id:
        table.add("name", spec.name)
    table.add("type", spec.type)
    if spec.choices:
        table.add("choices", list(spec.choices))
    if spec.description:
        table.add("description", spec.description)
    return table


def _code_table(code: Code) -> Table:
    table = tomlkit.table()
    table.add("id", code.id)
    table.add("name", code.name)
    for key in ("parent", "key", "colour", "definition", "inclusion", "exclusion"):
        value = getattr(code, key)
        if value:
            table.add(key, value)
    if code.examples:
        table.add("examples", list(code.examples))
    if code.suggested_by:
        table.add("suggested_by", code.suggested_by)
    if code.fields:
        fields = tomlkit.aot()
        for spec in code.fields:
            fields.append(_spec_table(spec))
        table.add("fields", fields)
    return table


def render_codebook(book: Codebook, header: str = HEADER) -> str:
    """``book`` as the text of a new codebook file."""
    doc = tomlkit.document()
    for line in header.splitlines():
        doc.add(tomlkit.comment(line.lstrip("# ").rstrip()))
    doc.add(tomlkit.nl())
    codes = tomlkit.aot()
    for code in book.codes:
        codes.append(_code_table(code))
    doc.add("codes", codes)
    if book.variables:
        variables = tomlkit.aot()
        for var in book.variables:
            variables.append(_spec_table(var))
        doc.add("variables", variables)
    text = tomlkit.dumps(doc)
    parse_codebook(text, source="the new codebook")
    return text


def _doc(text: str) -> tomlkit.TOMLDocument:
    return tomlkit.parse(text)


def _codes(doc: Any) -> AoT:
    if "codes" not in doc:
        doc.add("codes", tomlkit.aot())
    return cast(AoT, doc["codes"])


def _index(doc: Any, code_id: str) -> int:
    for i, table in enumerate(_codes(doc)):
        if table.get("id") == code_id:
            return i
    raise CodebookError(f"There is no code '{code_id}' in the codebook.")


_CRAMPED = re.compile(r"(?<=[^\n])\n(?=\[\[(?:codes|variables)\]\]\n)")


def _finish(doc: Any, source: str) -> str:
    text = _CRAMPED.sub("\n\n", tomlkit.dumps(doc))  # a blank line before an appended table
    parse_codebook(text, source=source)  # never hand back a file jingtui would refuse
    return text


def add_code(text: str, code: Code, source: str = "codebook.toml") -> str:
    """The file with ``code`` appended as a new [[codes]] table (after the last code)."""
    doc = _doc(text)
    codes = _codes(doc)
    if any(t.get("id") == code.id for t in codes):
        raise CodebookError(f"There is already a code with the id '{code.id}'.")
    codes.append(_code_table(code))
    return _finish(doc, source)


def update_code(text: str, code_id: str, source: str = "codebook.toml", **changes: Any) -> str:
    """The file with keys of one code changed in place (``name=``, ``parent=``, ``key=``, ``colour=``, ...);
    a value of None or "" removes the key."""
    doc = _doc(text)
    table = _codes(doc)[_index(doc, code_id)]
    for key, value in changes.items():
        if key == "colour" and "color" in table:
            key = "color"
        if value in (None, "", ()):
            if key in table:
                del table[key]
        elif key in table:
            table[key] = list(value) if isinstance(value, tuple) else value
        else:
            table.add(key, list(value) if isinstance(value, tuple) else value)
    return _finish(doc, source)


def rename_code(text: str, code_id: str, name: str, source: str = "codebook.toml") -> str:
    return update_code(text, code_id, source, name=name)


def move_code(text: str, code_id: str, parent: str | None, source: str = "codebook.toml") -> str:
    """The code put under ``parent`` (None: at the top); a move under its own descendant is refused."""
    return update_code(text, code_id, source, parent=parent)


def remove_code(text: str, code_id: str, adopt_to: str | None = None, source: str = "codebook.toml") -> str:
    """The file without the code; its children go to ``adopt_to`` (None: to the removed code's parent)."""
    doc = _doc(text)
    codes = _codes(doc)
    i = _index(doc, code_id)
    parent = codes[i].get("parent")
    if adopt_to is not None and adopt_to not in _subtree(codes, code_id):
        parent = adopt_to  # (a code below the removed one cannot adopt its own ancestors)
    for table in codes:
        if table.get("parent") == code_id:
            if parent:
                table["parent"] = parent
            else:
                del table["parent"]
    del codes[i]
    return _finish(doc, source)


def _subtree(codes: AoT, code_id: str) -> set[str]:
    """The ids of the codes below ``code_id`` in the file's tables."""
    below: set[str] = set()
    frontier = {code_id}
    while frontier:
        frontier = {t.get("id") for t in codes if t.get("parent") in frontier} - below
        below |= frontier
    return below


def merge_code(text: str, code_id: str, into: str, source: str = "codebook.toml") -> str:
    """``code_id`` merged into ``into``: removed from the file, its children moved under ``into``.
    The claims are relabelled by the caller (the store), which is what makes it a merge."""
    if code_id == into:
        raise CodebookError("A code cannot be merged into itself.")
    doc = _doc(text)
    _index(doc, into)
    return remove_code(text, code_id, adopt_to=into, source=source)


def add_variable(text: str, variable: DocumentVariable, source: str = "codebook.toml") -> str:
    doc = _doc(text)
    if "variables" not in doc:
        doc.add("variables", tomlkit.aot())
    if any(t.get("id") == variable.id for t in doc["variables"]):
        raise CodebookError(f"There is already a variable with the id '{variable.id}'.")
    doc["variables"].append(_spec_table(variable))
    return _finish(doc, source)
