"""A codebook file (TOML) -> :class:`Codebook`, or one sentence naming the file, the line and the problem.

The file is read with the standard library's ``tomllib`` (fast; comments and layout do not matter here);
writing back goes through :mod:`jingtui.codebook.edit`, which keeps them. Everything the file may hold is
described in README ("The codebook") and ``jingtui/data/codebook.schema.json``.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from typing import Any

from jingtui.codebook.model import (
    DETECTORS,
    FIELD_TYPES,
    Code,
    Codebook,
    DocumentVariable,
    FieldSpec,
)
from jingtui.errors import UserError

_toml: Any
if sys.version_info >= (3, 11):
    import tomllib as _toml
else:  # Python 3.10: tomlkit (a dependency for writing) reads it too
    _toml = None

# the line of a key of the entry being read; the error to raise with a line and one sentence
LineOf = Callable[[str | None], int]
Fail = Callable[[int, str], "CodebookError"]

CODE_KEYS = ("id", "name", "parent", "key", "colour", "color", "definition", "inclusion", "exclusion",
             "examples", "fields", "suggested_by")
SPEC_KEYS = ("id", "name", "type", "choices", "description")
TOP_KEYS = ("codebook", "codes", "variables")
NAMED_COLOURS = {
    "black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
    "yellow": "#ffff00", "cyan": "#00ffff", "magenta": "#ff00ff", "grey": "#808080", "gray": "#808080",
    "orange": "#ffa500", "purple": "#800080", "brown": "#a52a2a", "pink": "#ffc0cb", "gold": "#ffd700",
    "teal": "#008080", "navy": "#000080", "maroon": "#800000", "olive": "#808000", "lime": "#00ff00",
    "silver": "#c0c0c0", "crimson": "#dc143c", "indigo": "#4b0082", "violet": "#ee82ee",
}
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?")


class CodebookError(UserError):
    """A codebook file that cannot be used; ``str()`` is one sentence with the file and line."""


def normalise_colour(value: str) -> str | None:
    """``#abc`` -> ``#aabbcc``, a colour name -> its hex; None when it is neither."""
    value = value.strip()
    if _HEX.fullmatch(value):
        digits = value[1:].lower()
        return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)
    return NAMED_COLOURS.get(value.lower())


class _Lines:
    """Where the tables of the file start, so a problem found after parsing can name its line."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.codes: list[int] = []  # 0-based line of each [[codes]]
        self.fields: list[list[int]] = []  # per code: lines of its [[codes.fields]]
        self.variables: list[int] = []
        self.ends: list[int] = []  # every header line, to find where a table stops
        for n, line in enumerate(self.lines):
            m = _HEADER.match(line)
            if not m:
                continue
            name = m.group(2).replace('"', "").replace("'", "").replace(" ", "")
            self.ends.append(n)
            if m.group(1) == "[[" and name == "codes":
                self.codes.append(n)
                self.fields.append([])
            elif m.group(1) == "[[" and name == "codes.fields" and self.fields:
                self.fields[-1].append(n)
            elif m.group(1) == "[[" and name == "variables":
                self.variables.append(n)

    def _in_table(self, start: int | None, key: str | None) -> int:
        if start is None:
            return 1 if self.lines else 0
        if key:
            stop = next((e for e in self.ends if e > start), len(self.lines))
            pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
            for n in range(start + 1, stop):
                if pattern.match(self.lines[n]):
                    return n + 1
        return start + 1

    def code(self, i: int, key: str | None = None) -> int:
        return self._in_table(self.codes[i] if i < len(self.codes) else None, key)

    def field(self, i: int, j: int, key: str | None = None) -> int:
        if i < len(self.fields) and j < len(self.fields[i]):
            return self._in_table(self.fields[i][j], key)
        return self.code(i, "fields")

    def variable(self, i: int, key: str | None = None) -> int:
        return self._in_table(self.variables[i] if i < len(self.variables) else None, key)


def code_key_line(text: str, index: int) -> int:
    """The line of ``key = ...`` in the ``index``-th ``[[codes]]`` table of a codebook file's ``text`` (the
    table's first line when it has no key; 1-based)."""
    return _Lines(text).code(index, "key")


def _load_toml(text: str) -> tuple[dict[str, Any] | None, int, str]:
    """(data, 0, "") or (None, line, problem)."""
    if _toml is not None:
        try:
            return _toml.loads(text), 0, ""
        except _toml.TOMLDecodeError as exc:
            message = str(exc)
            m = re.search(r"\(at line (\d+), column \d+\)", message)
            line = int(m.group(1)) if m else 1
            if m is None and "end of document" in message:
                line = max(1, len(text.splitlines()))
            problem = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message).rstrip(".")
            return None, line, problem[:1].lower() + problem[1:]
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        return tomlkit.parse(text).unwrap(), 0, ""
    except ParseError as exc:
        return None, exc.line, str(exc).split(" at line")[0].rstrip(".").lower()


def parse_codebook(text: str, source: str = "codebook.toml") -> Codebook:
    """The codebook written in ``text``; :class:`CodebookError` naming ``source`` and a line if it is bad."""
    text = text.lstrip("\ufeff")
    data, line, problem = _load_toml(text)
    if data is None:
        raise CodebookError(f"{source}, line {line}: this is not valid TOML ({problem}).")
    return _build(data, _Lines(text), source, with_lines=True)


def codebook_from_data(data: dict[str, Any], source: str) -> Codebook:
    """A codebook from plain data (as :meth:`Codebook.to_dict` or a file gives it: ``codes``, ``variables``),
    checked by the same rules as a file; :class:`CodebookError` naming ``source`` when it is bad."""
    if not isinstance(data, dict):
        raise CodebookError(f"{source}: the codebook is not a table of codes and variables.")
    codes = data.get("codes", [])
    clean = {
        "codes": [{k: v for k, v in c.items() if k in CODE_KEYS} if isinstance(c, dict) else c for c in codes]
        if isinstance(codes, list) else codes,
        "variables": data.get("variables", []),
    }
    return _build(clean, _Lines(""), source, with_lines=False)


def _build(data: dict[str, Any], lines: _Lines, source: str, *, with_lines: bool) -> Codebook:
    def fail(at: int, what: str) -> CodebookError:
        return CodebookError(f"{source}, line {at}: {what}." if with_lines and at else f"{source}: {what}.")

    for key in data:
        if key not in TOP_KEYS:
            raise fail(_top_line(lines, key),
                       f"unknown table or key '{key}' (a codebook has [codebook], [[codes]] and [[variables]])")
    raw_codes = data.get("codes", [])
    if not isinstance(raw_codes, list) or not all(isinstance(c, dict) for c in raw_codes):
        raise fail(_top_line(lines, "codes"), "codes must be written as [[codes]] tables")
    codes = [_code(raw, i, lines, fail) for i, raw in enumerate(raw_codes)]
    _check_codes(codes, lines, fail)
    raw_vars = data.get("variables", [])
    if not isinstance(raw_vars, list) or not all(isinstance(v, dict) for v in raw_vars):
        raise fail(_top_line(lines, "variables"), "variables must be written as [[variables]] tables")
    variables = [_spec(raw, functools.partial(lines.variable, i), fail, "variable", "", DocumentVariable)
                 for i, raw in enumerate(raw_vars)]
    _unique([v.id for v in variables], lambda j: lines.variable(j, "id"), fail, "variable id")
    return Codebook(tuple(codes), tuple(variables), source=source)


def _top_line(lines: _Lines, key: str) -> int:
    pattern = re.compile(rf"^\s*\[*\s*[\"']?{re.escape(key)}[\"']?\s*[\].=]")
    return next((n + 1 for n, text in enumerate(lines.lines) if pattern.match(text)), 1 if lines.lines else 0)


def _text(raw: dict[str, Any], key: str, at: LineOf, fail: Fail, what: str, *, required: bool = False) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            raise fail(at(None), f"{what} has no {key}")
        return ""
    if not isinstance(value, str):
        raise fail(at(key), f"the {key} of {what} must be text in quotes")
    return value.strip() if key in ("id", "name", "parent", "key") else value


def _code(raw: dict[str, Any], i: int, lines: _Lines, fail: Fail) -> Code:
    def at(key: str | None) -> int:
        return lines.code(i, key)

    what = f"code {i + 1}"
    code_id = _text(raw, "id", at, fail, what, required=True)
    what = f"code '{code_id}'"
    known = ", ".join(k for k in CODE_KEYS if k != "color")
    for name in raw:
        if name not in CODE_KEYS:
            raise fail(at(name), f"{what} has an unknown key '{name}' (known: {known})")
    if not code_id or any(ch.isspace() for ch in code_id) or "/" in code_id:
        raise fail(at("id"), f"the id '{code_id}' must be one word without spaces or '/'")
    name = _text(raw, "name", at, fail, what) or code_id
    if "/" in name:
        raise fail(at("name"), f"the name of {what} contains '/', which separates the names of a code path")
    if isinstance(raw.get("key"), int) and not isinstance(raw.get("key"), bool):
        raw = dict(raw, key=str(raw["key"]))  # key = 4 means the key 4
    key = _text(raw, "key", at, fail, what) or None
    if key is not None and any(ch.isspace() for ch in key):
        raise fail(at("key"), f"the key of {what} must be one key without spaces")
    colour = None
    colour_key = "colour" if "colour" in raw else "color"
    if raw.get(colour_key) is not None:
        written = raw[colour_key]
        colour = normalise_colour(written) if isinstance(written, str) else None
        if colour is None:
            raise fail(at(colour_key), f"the colour {written!r} of {what} is not #RRGGBB, #RGB or a colour name")
    examples = raw.get("examples", ())
    if isinstance(examples, str):
        examples = (examples,)
    if not isinstance(examples, (list, tuple)) or not all(isinstance(e, str) for e in examples):
        raise fail(at("examples"), f"the examples of {what} must be a list of texts")
    detector = raw.get("suggested_by")
    if detector is not None and detector not in DETECTORS:
        raise fail(at("suggested_by"),
                   f"{what} is suggested_by {detector!r}, which is not a detector ({', '.join(DETECTORS)})")
    raw_fields = raw.get("fields", [])
    if not isinstance(raw_fields, list) or not all(isinstance(f, dict) for f in raw_fields):
        raise fail(at("fields"), f"the fields of {what} must be [[codes.fields]] tables")
    specs = [_spec(f, functools.partial(lines.field, i, j), fail, "field", what, FieldSpec)
             for j, f in enumerate(raw_fields)]
    _unique([s.id for s in specs], lambda j: lines.field(i, j, "id"), fail, f"field id in {what}")
    return Code(
        id=code_id, name=name, parent=_text(raw, "parent", at, fail, what) or None, key=key, colour=colour,
        definition=_text(raw, "definition", at, fail, what), inclusion=_text(raw, "inclusion", at, fail, what),
        exclusion=_text(raw, "exclusion", at, fail, what), examples=tuple(examples), fields=tuple(specs),
        suggested_by=detector,
    )


def _spec(raw: dict[str, Any], at: LineOf, fail: Fail, kind_word: str, owner: str, cls: Any) -> Any:
    of = f" of {owner}" if owner else ""
    spec_id = _text(raw, "id", at, fail, f"a {kind_word}{of}", required=True)
    if not spec_id or any(ch.isspace() for ch in spec_id):
        raise fail(at("id"), f"the id '{spec_id}' of a {kind_word}{of} must be one word without spaces")
    what = f"{kind_word} '{spec_id}'{of}"
    for key in raw:
        if key not in SPEC_KEYS:
            raise fail(at(key), f"{what} has an unknown key '{key}' (known: {', '.join(SPEC_KEYS)})")
    kind = raw.get("type", "text")
    if kind not in FIELD_TYPES:
        raise fail(at("type"), f"{what} has the unknown type {kind!r} (one of {', '.join(FIELD_TYPES)})")
    choices = raw.get("choices", ())
    if not isinstance(choices, (list, tuple)) or not all(isinstance(c, str) for c in choices):
        raise fail(at("choices"), f"the choices of {what} must be a list of texts")
    if kind == "choice" and not choices:
        raise fail(at("type"), f"{what} is a choice with no choices")
    if kind != "choice" and choices:
        raise fail(at("choices"), f"{what} has choices but its type is {kind}, not choice")
    if len(set(choices)) != len(choices):
        raise fail(at("choices"), f"{what} lists a choice twice")
    return cls(id=spec_id, name=_text(raw, "name", at, fail, what) or spec_id, type=kind, choices=tuple(choices),
               description=_text(raw, "description", at, fail, what))


def _unique(ids: list[str], line_of: Callable[[int], int], fail: Fail, what: str) -> None:
    seen: dict[str, int] = {}
    for j, value in enumerate(ids):
        if value in seen:
            first = line_of(seen[value])
            where = f" (first on line {first})" if first else ""
            raise fail(line_of(j), f"the {what} '{value}' is used twice{where}")
        seen[value] = j


def _check_codes(codes: list[Code], lines: _Lines, fail: Fail) -> None:
    _unique([c.id for c in codes], lambda j: lines.code(j, "id"), fail, "code id")
    keys = [c.key for c in codes if c.key]
    index_of_key = [j for j, c in enumerate(codes) if c.key]
    _unique(keys, lambda n: lines.code(index_of_key[n], "key"), fail, "key")
    index = {c.id: j for j, c in enumerate(codes)}
    for j, code in enumerate(codes):
        if code.parent is None:
            continue
        if code.parent not in index:
            raise fail(lines.code(j, "parent"),
                       f"code '{code.id}' has the parent '{code.parent}', which is not a code id")
        seen = [code.id]
        at = code
        while at.parent is not None:
            if at.parent in seen:
                loop = " -> ".join([*seen, at.parent])
                raise fail(lines.code(j, "parent"), f"the parents of code '{code.id}' go round in a cycle ({loop})")
            seen.append(at.parent)
            at = codes[index[at.parent]]
