"""The one amount a phrase states, read as a linguist would: exact, approximate, a range, a ratio or percentage points.

``read_quantity("国内生产总值从五十四万亿元增长到八十万亿元")`` gives value 80×10^12 元, from 54×10^12,
change +26×10^12 (kind exact); ``read_quantity("提高一点二个百分点")`` a change of +1.2 percentage points;
``read_quantity("千千万万个家庭")`` None. Values are exact (``Fraction``); ``change`` is signed (a fall is
negative), where the fields of a claim keep its size and a direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from jingtui.suggest.amounts import POINT_UNITS, Quantity, date_spans, find_quantities
from jingtui.suggest.quantities import Change, find_changes

ReadingKind = Literal["exact", "approximate", "range", "ratio", "percentage_points"]
RATIO_UNITS = frozenset({"%", "‰"})


@dataclass(frozen=True)
class QuantityReading:
    """``value`` in ``unit`` (None when the phrase states only a change); ``low``/``high`` bound a range
    or an approximation where the words give a bound; ``from_value`` and ``change`` for a movement."""

    value: Fraction | None
    unit: str
    kind: ReadingKind
    low: Fraction | None = None
    high: Fraction | None = None
    from_value: Fraction | None = None
    change: Fraction | None = None
    qualifier: str = ""
    raw: str = ""


def _kind(unit: str, q: Quantity | None) -> ReadingKind:
    if q is not None and q.exactness == "range":
        return "range"
    if unit in POINT_UNITS:
        return "percentage_points"
    if unit in RATIO_UNITS or (q is not None and q.unit == "" and q.kind == "percent"):
        return "ratio"
    if q is not None and q.exactness == "approximate":
        return "approximate"
    return "exact"


def _signed(c: Change) -> Fraction | None:
    if c.amount is None:
        return None
    return -c.amount if c.direction == "down" else c.amount


def read_quantity(phrase: str) -> QuantityReading | None:
    """The main amount of ``phrase`` (the first one not part of a change), with the change around it."""
    masked = date_spans(phrase)
    quantities = find_quantities(phrase, masked=masked)
    changes = find_changes(phrase, masked=masked)
    moving = [c for c in changes if c.to_value is not None]
    if moving:
        c = moving[0]
        inner = next((q for q in quantities if q.end == c.end), None)
        return QuantityReading(c.to_value, c.unit, _kind(c.unit, inner), from_value=c.from_value,
                               change=(c.to_value or Fraction(0)) - (c.from_value or Fraction(0)), raw=c.raw)
    spans = [(c.start, c.end) for c in changes]
    plain = [q for q in quantities if not any(s <= q.start < e for s, e in spans)]
    change = next((c for c in changes if c.amount is not None), None)
    if plain:
        q = plain[0]
        value = None if q.exactness == "range" else q.value  # a range has two ends, no one value
        return QuantityReading(value, q.unit, _kind(q.unit, q), q.low, q.high,
                               change=_signed(change) if change else None, qualifier=q.qualifier, raw=q.raw)
    if change is not None:
        inner = next((q for q in quantities if change.start <= q.start < change.end), None)
        unit = change.unit or (inner.unit if inner is not None else "")  # 增加1200万人: the change counts 人
        return QuantityReading(None, unit, _kind(unit, inner), change=_signed(change), raw=change.raw)
    return None


__all__ = ["QuantityReading", "ReadingKind", "read_quantity"]
