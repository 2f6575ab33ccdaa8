"""Numbers as Chinese news writes them: 10600余, 1.4万, 225.76万, 62.52%, 一千二百, 两成.

``NUMBER_RE`` finds number tokens; ``parse_number`` turns the text of one into a float.
"""

from __future__ import annotations

import re

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

# Arabic digits, optional thousands separators and decimals.
ARABIC = r"\d+亿(?:\d+[千百])+\d*万?|\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A Chinese numeral of two characters or more that contains a unit (十, 百, 千, 万, 亿), e.g. 一千二百,
# 三十, 十二; or any single digit (handled by the caller's context rules).
CHINESE = r"[零〇一二两三四五六七八九十百千万亿]+"


def _chinese_to_int(s: str) -> float | None:
    """一千二百 -> 1200, 两万三千 -> 23000, 十二 -> 12, 三百零五 -> 305, 一二三 -> 123."""
    if not s:
        return None
    if all(ch in CN_DIGITS for ch in s):  # digit by digit: 二〇二一
        return float(int("".join(str(CN_DIGITS[ch]) for ch in s)))
    total = 0
    section = 0
    digit = None
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        elif ch in CN_BIG_UNITS:
            section += digit or 0
            if section == 0:
                section = 1
            total = (total + section) * CN_BIG_UNITS[ch] if CN_BIG_UNITS[ch] > 10_000 else total + section * CN_BIG_UNITS[ch]
            section = 0
            digit = None
        else:
            return None
    return float(total + section + (digit or 0))


def parse_number(s: str) -> float | None:
    """The value of one number token: ``"1.4万"`` -> 14000, ``"10,600"`` -> 10600, ``"一千二百"`` -> 1200.

    Accepts Arabic digits (full-width too) with an optional trailing 万/亿/千/百 multiplier (``225.76万``,
    ``209.76亿``, ``5万亿``), and Chinese numerals. Returns None when ``s`` is not a number.
    """
    s = s.strip().translate(FULLWIDTH_DIGITS)
    if not s:
        return None
    m = re.fullmatch(r"(\d+(?:,\d{3})*(?:\.\d+)?)([十百千万亿]*)", s)
    if m:
        value = float(m.group(1).replace(",", ""))
        for ch in m.group(2):
            value *= CN_SMALL_UNITS.get(ch) or CN_BIG_UNITS[ch]
        return _tidy(value)
    if re.fullmatch(r"\d+亿(?:\d+[千百])+\d*万?", s):  # 1亿8千5百万: Arabic digits with Chinese units
        digits = "零一二三四五六七八九"
        if all(len(run) == 1 for run in re.findall(r"\d+", s[s.index("亿") + 1:])):
            head, tail = s.split("亿", 1)
            rest = _chinese_to_int("".join(digits[int(ch)] if ch.isdigit() else ch for ch in tail)) or 0
            return _tidy(float(head) * 100_000_000 + rest)
        return None
    if re.fullmatch(CHINESE, s):
        value = _chinese_to_int(s)
        return None if value is None else _tidy(value)
    return None


def _tidy(value: float) -> float:
    """Round away binary noise (1.4 * 10000 = 14000.000000000002)."""
    rounded = round(value, 6)
    return float(int(rounded)) if rounded == int(rounded) else rounded


def as_json_number(value: float | None) -> int | float | None:
    """An int when the value is whole (14000, not 14000.0), for JSON and tables."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
