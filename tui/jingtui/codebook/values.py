"""Typed values of claim fields and article variables, checked against their :class:`FieldSpec`.

``check_value(spec, "1,234")`` -> ``1234`` for a number; a value that does not fit raises ValueError with
one sentence. Values not described by any spec (the suggestion rules add ``raw``, ``qualifier`` ...) are
kept as they are by :func:`check_values`: a codebook describes what it knows, it never drops data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from jingtui.codebook.model import FieldSpec, Value

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "是", "对", "有"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "否", "不", "无"})
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def check_value(spec: FieldSpec, value: Any) -> Value | None:
    """``value`` as the type of ``spec`` wants it; None for an empty value; ValueError if it does not fit."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    name = spec.title
    if spec.type == "text":
        return value if isinstance(value, str) else str(value)
    if spec.type == "number":
        if isinstance(value, bool):
            raise ValueError(f"{name} is a number, not yes or no.")
        if isinstance(value, (int, float)):
            return value
        text = str(value).strip().replace(",", "").replace("，", "")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{name} is a number; {value!r} is not one.") from None
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    if spec.type == "boolean":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(f"{name} is yes or no; {value!r} is neither.")
    if spec.type == "choice":
        text = str(value).strip()
        if text in spec.choices:
            return text
        raise ValueError(f"{name} is one of {', '.join(spec.choices)}; {value!r} is not.")
    if spec.type == "date":
        text = str(value).strip()
        m = _DATE.fullmatch(text)
        try:
            if m is None:
                raise ValueError
            year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
            date(year, month, day)
        except ValueError:
            raise ValueError(f"{name} is a date written YYYY-MM-DD (or YYYY-MM, YYYY); {value!r} is not.") from None
        parts = [m.group(1)] + [f"{int(g):02d}" for g in (m.group(2), m.group(3)) if g]
        return "-".join(parts)
    raise ValueError(f"{name} has the unknown type {spec.type!r}.")


def check_values(specs: Iterable[FieldSpec], values: dict[str, Any]) -> dict[str, Any]:
    """The values with each one a spec describes checked (empty ones removed); others kept as they are.
    ValueError (one sentence) on the first value that does not fit."""
    by_id = {s.id: s for s in specs}
    out: dict[str, Any] = {}
    for key, value in values.items():
        spec = by_id.get(key)
        if spec is None:
            out[key] = value
            continue
        checked = check_value(spec, value)
        if checked is not None:
            out[key] = checked
    return out


def format_value(value: Any) -> str:
    """A value as a form shows it: yes / no for booleans, numbers without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
