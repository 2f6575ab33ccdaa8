"""The quantity table (tests/data/quantities.tsv): real phrases of publicity texts with hand-checked readings,
and the round trip of Chinese numerals (written by ``format_chinese``, read back by ``parse_numeral``)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.suggest.numerals import format_chinese, format_decimal, parse_numeral
from jingtui.suggest.quantity_reading import read_quantity

TABLE = Path(__file__).parent.parent / "data" / "quantities.tsv"


def _rows() -> list[list[str]]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def _exact(cell: str) -> Fraction | None:
    return Fraction(cell) if cell else None


ROWS = _rows()


def test_the_table_is_big_enough():
    assert len(ROWS) >= 150
    assert len({r[0] for r in ROWS}) == len(ROWS), "a phrase is listed twice"


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_quantity_table(row):
    phrase, value, unit, kind, low, high, from_, change = row
    reading = read_quantity(phrase)
    if kind == "none":
        assert reading is None, reading
        return
    assert reading is not None
    got = (reading.value, reading.unit, reading.kind, reading.low, reading.high, reading.from_value, reading.change)
    want = (_exact(value), unit, kind, _exact(low), _exact(high), _exact(from_), _exact(change))
    assert got == want


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_format_then_parse_gives_the_number_back(n):
    assert parse_numeral(format_chinese(n)) == n


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=1, max_value=999))
def test_decimals_round_trip(whole, thousandths):
    value = whole + Fraction(thousandths, 1000)
    assert parse_numeral(format_decimal(value, 3)) == value


@pytest.mark.parametrize("text, value", [
    ("五十四万亿", 54 * 10**12), ("10亿7400万", 1_074_000_000), ("两千零五", 2005), ("廿", 20), ("廿三", 23),
    ("〇", 0), ("壹贰叁", 123), ("１２３", 123), ("1,234.5", Fraction("1234.5")), ("一点二", Fraction("1.2")),
    ("三百六", 360), ("一万五", 15000), ("1.2万亿", 12 * 10**11), ("5兆", 5 * 10**12),
])
def test_numerals(text, value):
    assert parse_numeral(text) == value


@pytest.mark.parametrize("text", ["千千万万", "十四五", "亿万", "万", "1.2.3", "一百零", "千千", "1,23"])
def test_not_numerals(text):
    assert parse_numeral(text) is None
