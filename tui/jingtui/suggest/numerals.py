"""Numerals as Chinese writes them, read and written with exact arithmetic (``Fraction``, never float).

``parse_numeral`` reads one numeral: Arabic digits (full-width too, ``1,234.5`` with separators), Chinese
numerals (五十四, 两千零五, 一点二, 廿三, 〇/零), the financial forms (壹贰叁, 拾佰仟), and both mixed with
the big units 万, 亿, 万亿 and 兆 (``10亿7400万`` = 1,074,000,000; ``五十四万亿`` = 54 × 10^12). It returns
None for what is not one well-formed numeral: ``千千万万`` (an idiom), ``十四五`` (a plan's name), ``1.2.3``.
A run of bare digits (``二〇二一``, ``一四五九``) reads digit by digit: whether that is a quantity, a year or a
name is the caller's decision (``quantity_reading``).

``format_chinese`` writes a whole number the way a report does (``一百零七亿四千万``); for every n with
0 <= n < 10^16, ``parse_numeral(format_chinese(n)) == n``.

兆 is 10^12 (万亿, as Taiwan and financial Chinese use it); 兆 before 瓦/赫/帕/字节 is the SI prefix mega
and belongs to the unit, which the caller handles.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9}
# Financial (大写) and Traditional forms, and the contractions 廿 卅 卌, as their plain forms.
_VARIANTS = str.maketrans({"壹": "一", "贰": "二", "貳": "二", "叁": "三", "參": "三", "叄": "三", "肆": "四",
                           "伍": "五", "陆": "六", "陸": "六", "柒": "七", "捌": "八", "玖": "九", "拾": "十",
                           "佰": "百", "仟": "千", "萬": "万", "億": "亿", "兩": "两", "貮": "二", "弍": "二",
                           "廿": "二十", "卅": "三十", "卌": "四十", "點": "点"})
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8, "万亿": 10**12, "兆": 10**12}
# Characters a numeral may be made of (after normalising); used by callers' regexes.
NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿兆点"
VARIANT_CHARS = "壹贰貳叁參叄肆伍陆陸柒捌玖拾佰仟萬億兩貮弍廿卅卌點"

_ARABIC_RE = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_BAD_COMMAS_RE = re.compile(r"\d,(?!\d{3}(?:\D|$))")

Token = tuple[str, Fraction]  # ("n", value, from Arabic or a Chinese digit) | ("u", multiplier) | ("z", 0 for 零)


def normalize(text: str) -> str:
    """Full-width digits and signs as ASCII, financial and Traditional numerals as the plain ones."""
    text = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    return text.translate(_VARIANTS)


def _tokens(s: str) -> list[tuple[str, Fraction, bool]] | None:
    """``s`` as (kind, value, chinese) tokens: n (a number), u (a unit), z (零). None on a foreign character."""
    out: list[tuple[str, Fraction, bool]] = []
    i = 0
    while i < len(s):
        ch = s[i]
        m = _ARABIC_RE.match(s, i) if ch.isdigit() else None
        if m:
            out.append(("n", Fraction(m.group(0).replace(",", "")), False))
            i = m.end()
            continue
        if s.startswith("万亿", i):
            out.append(("u", Fraction(BIG_UNITS["万亿"]), True))
            i += 2
            continue
        if ch in DIGITS:
            out.append(("z" if DIGITS[ch] == 0 else "n", Fraction(DIGITS[ch]), True))
        elif ch in SMALL_UNITS:
            out.append(("u", Fraction(SMALL_UNITS[ch]), True))
        elif ch in BIG_UNITS:
            out.append(("u", Fraction(BIG_UNITS[ch]), True))
        else:
            return None
        i += 1
    return out


def _small_section(tokens: list[tuple[str, Fraction, bool]]) -> Fraction | None:
    """A section below 10^4: 两千零五, 三百六 (= 360), 十二, 8千5百, 7400. Units strictly falling."""
    total = Fraction(0)
    pending: Fraction | None = None
    pending_chinese = False
    last_unit: Fraction | None = None
    zero_seen = False
    for kind, value, chinese in tokens:
        if kind == "z":
            if pending is not None:
                return None  # 五零
            zero_seen = True
            continue
        if kind == "n":
            if pending is not None:
                return None  # two numbers in a row: 十四五
            pending, pending_chinese = value, chinese
            continue
        # a unit (十 百 千)
        if last_unit is not None and value >= last_unit:
            return None  # 千千, 十百
        if pending is None:
            if last_unit is not None or zero_seen:
                return None  # 一千零百
            pending = Fraction(1)  # 十二, 百万
        elif pending_chinese and pending >= 10:
            return None
        total += pending * value
        last_unit = value
        pending = None
        zero_seen = False
    if pending is not None:
        if last_unit is not None and not zero_seen and pending < 10 and pending.denominator == 1:
            pending *= last_unit / 10  # 三百六 = 360, 十五 = 15, 两千五 = 2500, 3千5 = 3500
        total += pending
    elif zero_seen:
        return None  # a trailing 零: 一百零
    return total


def _section(tokens: list[tuple[str, Fraction, bool]]) -> Fraction | None:
    """The value of ``tokens``, split at the first occurrence of its highest big unit (10^4 and up)."""
    if not tokens:
        return None
    big = [(v, i) for i, (k, v, _) in enumerate(tokens) if k == "u" and v >= 10**4]
    if not big:
        return _small_section(tokens)
    unit = max(v for v, _ in big)
    at = next(i for v, i in big if v == unit)
    left, right = tokens[:at], tokens[at + 1:]
    head = _section(left) if left else Fraction(1)  # 万人, 亿元: the unit alone counts one
    if head is None:
        return None
    value = head * unit
    if right and right[0][0] == "u":
        return None  # 亿万, 一亿万: an idiom or a slip, not one number
    colloquial = len(right) == 1 and right[0][0] == "n" and right[0][1] < 10 and right[0][1].denominator == 1
    while right and right[0][0] == "z":
        right = right[1:]  # 一亿零五百万
        if not right:
            return None
    if colloquial:
        return value + right[0][1] * unit / 10  # 一万五 = 15000, 一亿五 = 1.5亿
    if right:
        tail = _section(right)
        if tail is None or tail >= unit:
            return None  # 一亿二亿
        value += tail
    return value


def parse_numeral(text: str) -> Fraction | None:
    """The exact value of one numeral (see the module docstring), or None."""
    s = normalize(text.strip()).replace(" ", "")
    if not s or _BAD_COMMAS_RE.search(s):
        return None
    if "点" in s:  # 一点二, 三十七点五, 一点二万亿: a decimal written in Chinese
        m = re.fullmatch(r"([^点]*)点([零〇○一二三四五六七八九]+)([万亿兆千百]*)", s)
        if not m:
            return None
        whole = parse_numeral(m.group(1)) if m.group(1) else Fraction(0)
        if whole is None or not float(whole).is_integer():
            return None
        digits = "".join(str(DIGITS[ch]) for ch in m.group(2))
        value = whole + Fraction(int(digits), 10 ** len(digits))
        scale = _multiplier(m.group(3))
        return None if scale is None else value * scale
    if s in ("零", "〇", "○"):
        return Fraction(0)
    tokens = _tokens(s)
    if not tokens:
        return None
    if len(tokens) >= 2 and all(k in "nz" and c and v < 10 for k, v, c in tokens):
        return Fraction(int("".join(str(int(v)) for _, v, _ in tokens)))  # 二〇二一, 一四五九: digit by digit
    if len(tokens) == 1 and tokens[0][0] == "u" and tokens[0][1] >= 10**4:
        return None  # 万 alone is no numeral
    if sum(1 for k, _, c in tokens if k == "n" and not c) > 0 and any(k == "n" and c for k, _, c in tokens):
        return None  # 3千五: Arabic and Chinese digits mixed
    return _section(tokens)


def _multiplier(units: str) -> Fraction | None:
    """万亿 -> 10^12, 千万 -> 10^7, "" -> 1."""
    value = Fraction(1)
    i = 0
    while i < len(units):
        if units.startswith("万亿", i):
            value *= 10**12
            i += 2
            continue
        ch = units[i]
        if ch in SMALL_UNITS:
            value *= SMALL_UNITS[ch]
        elif ch in BIG_UNITS:
            value *= BIG_UNITS[ch]
        else:
            return None
        i += 1
    return value


_CN_DIGITS = "零一二三四五六七八九"


def _format_section(n: int) -> str:
    """0 < n < 10^4: 两千零五 is 二千零五 here (the formal form), 十二 not 一十二 at the head."""
    out: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_CN_DIGITS[d] + name)
    return "".join(out)


def format_chinese(n: int | Fraction) -> str:
    """A whole number 0 <= n < 10^16 in Chinese numerals: 1074000000 -> 一十亿七千四百万 written 十亿七千四百万."""
    n = int(n)
    if n < 0 or n >= 10**16:
        raise ValueError("format_chinese writes whole numbers from 0 to 10^16 - 1")
    if n == 0:
        return "零"
    parts: list[str] = []
    groups = [(10**12, "万亿"), (10**8, "亿"), (10**4, "万"), (1, "")]
    need_zero = False
    for size, name in groups:
        g = n // size % 10**4 if size < 10**12 else n // size
        if g == 0:
            need_zero = bool(parts)
            continue
        section = _format_section(g)
        if parts and (need_zero or g < 1000):
            section = "零" + section
        need_zero = False
        parts.append(section + name)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def format_decimal(value: Fraction, places: int) -> str:
    """A decimal in Chinese numerals: 1.2 -> 一点二 (``places`` digits after 点, trailing zeros dropped)."""
    whole = int(value)
    frac = value - whole
    digits = str(int(frac * 10**places)).rjust(places, "0").rstrip("0") if places else ""
    return format_chinese(whole) + ("点" + "".join(_CN_DIGITS[int(d)] for d in digits) if digits else "")


__all__ = ["NUMERAL_CHARS", "VARIANT_CHARS", "format_chinese", "format_decimal", "normalize", "parse_numeral"]
