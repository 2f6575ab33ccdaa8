"""Number tokens as Chinese news writes them (10600余, 1.4万, 225.76万, 62.52%, 一千二百, 两成), and their JSON form.

``ARABIC`` is the pattern of an Arabic number token; ``parse_number`` gives the exact value of one token
(see ``numerals.parse_numeral``); ``as_json_number`` the int or float a table or a JSON file shows.
"""

from __future__ import annotations

from fractions import Fraction

from jingtui.suggest.numerals import parse_numeral

# Arabic digits, optional thousands separators and decimals; 1亿8千5百万 and 10亿7400万 compounds first.
ARABIC = r"\d+(?:[.．]\d+)?(?:万亿|亿|万)(?:\d+[千百万])+\d*万?|\d+(?:,\d{3})+(?:[.．]\d+)?|\d+(?:[.．]\d+)?"


def parse_number(s: str) -> Fraction | None:
    """The exact value of one number token: ``"1.4万"`` -> 14000, ``"10,600"`` -> 10600, ``"一千二百"`` -> 1200."""
    return parse_numeral(s)


def as_json_number(value: Fraction | float | None) -> int | float | None:
    """An int when the value is whole (14000, not 14000.0), else a float, for JSON and tables."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return int(value) if float(value).is_integer() else value
