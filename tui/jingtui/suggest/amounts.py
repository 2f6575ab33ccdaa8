"""Amounts inside a piece of text: a number with its unit, exact, approximate or a range.

Pure functions over strings; every pattern is a module constant; values are exact (``Fraction``, see
``numerals``). Dates (2021年, 1月10日), ordinals (第三个), codes, phone numbers, names made of digits
(一四五九), plan names (十四五), idioms (千千万万, 成千上万) and number formulas (五位一体) carry no amount.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from jingtui.suggest.numerals import parse_numeral

# Measure words and units, longest first so 亿元 wins over 元 and 人次 over 人.
UNITS = tuple(sorted({
    "个百分点", "百分点", "平方公里", "平方米", "平方千米", "立方米", "人次", "家次", "辆次", "架次", "户次", "亿元",
    "万元", "千元", "美元", "港元", "欧元", "日元", "英镑", "元", "公里", "千米", "公顷", "千克", "公斤", "吨", "斤",
    "亩", "米", "个多月", "个多小时", "千瓦时", "千瓦", "兆瓦", "标准箱", "大项", "小项", "个小时", "个工作日",
    "个星期", "小时", "分钟", "个月", "秒", "天", "年", "周岁", "岁", "人", "名", "位", "户", "家", "辆", "台", "部",
    "套", "件", "起", "宗", "个", "项", "条", "笔", "次", "场", "期", "处", "所", "座", "间", "类", "批", "份", "张",
    "支", "只", "头", "箱", "袋", "盒", "瓶", "枚", "路", "栋", "幢", "倍", "例", "种", "本", "篇", "册", "床", "组",
    "队", "轮", "单", "班", "网点", "架", "艘", "口", "棵", "株", "度",
}, key=len, reverse=True))
DURATION_UNITS = frozenset({"个小时", "个工作日", "个星期", "小时", "分钟", "秒", "天", "个月", "年"})
MONEY_UNITS = frozenset({"亿元", "万元", "千元", "美元", "港元", "欧元", "日元", "英镑", "元"})
PERCENT_UNITS = frozenset({"%", "‰", "个百分点", "百分点"})
POINT_UNITS = frozenset({"个百分点", "百分点"})
# Units that follow a single Chinese digit (两名民警) and still make a count worth proposing.
SMALL_CN_UNITS = frozenset({"名", "人", "起", "家", "户", "件", "位", "宗", "例"})
# Durations that a single Chinese digit may count, 一 included: 一个多月, 两个小时.
MONTH_HOUR_UNITS = frozenset({"个月", "个小时", "个多月", "个多小时"})
# 年 counts as a unit only in a duration (连续8年, 近5年, 3年来), never as a year (2021年).
YEAR_BEFORE = ("连续", "近", "长达", "历时", "累计", "已", "先后", "多", "超过", "逾", "整整")
YEAR_AFTER = ("来", "间", "内", "以来", "之久", "多", "时间", "的时间", "历史", "文明")
# The word before an amount that makes it approximate, and how: a ceiling (近), a floor (超) or either (约).
APPROXIMATE_BEFORE = {"超过": "超", "将近": "近", "接近": "近", "近": "近", "超": "超", "逾": "逾", "约": "约",
                      "大约": "约", "不下": "超", "不少于": "超", "不低于": "超"}
FLOOR_QUALIFIERS = frozenset({"超", "逾", "余", "多", "以上", "之多", "上"})
CEILING_QUALIFIERS = frozenset({"近", "以下", "以内"})
# After the unit: the number names a formula, not an amount (五位一体, 三位一体, 两翼齐飞 ...).
FORMULA_AFTER = ("一体", "合一", "联动", "并举", "并重", "齐飞", "共治")
IDIOMS = ("千千万万", "成千上万", "成百上千", "成千成万", "千万万", "亿万", "万万千千", "千百万", "一五一十",
          "三三两两", "七七八八", "十全十美", "九九八十一", "千千", "万万")

IDIOM_RE = re.compile("|".join(sorted(IDIOMS, key=len, reverse=True)))
_APPROX_BEFORE_RE = re.compile("(?:" + "|".join(sorted(APPROXIMATE_BEFORE, key=len, reverse=True)) + ")$")
_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
_CN_DIGIT = "零〇○一二两三四五六七八九壹贰貳叁參叄肆伍陆陸柒捌玖兩"
_CN_CHARS = f"{_CN_DIGIT}十百千万亿兆拾佰仟萬億廿卅卌"
_CN = f"[{_CN_CHARS}]"
_A = r"\d+(?:,\d{3})*(?:[.．]\d+)?"
# 千 before 米/瓦/克 and 兆 before 瓦/赫/帕 belong to the unit (千米, 兆瓦), not to the number.
_MULT = r"(?:[十百万亿萬億]|千(?!米|瓦|克)|兆(?!瓦|赫|帕|焦|字节|比特))"
NUMBER = rf"{_A}(?:{_MULT}+\d+(?![\d.,]))*|{_CN}+(?:[点點][{_CN_DIGIT}]+)?"
QUANTITY_RE = re.compile(
    rf"(?P<num>{NUMBER})"
    rf"(?:(?P<mult0>{_MULT}*)[-－~～—–至到](?P<num2>{NUMBER}))?"
    rf"(?P<mult>{_MULT}*)"
    r"(?P<q1>余|多|几)?"
    r"(?P<mult2>[万亿萬億]?)"
    r"(?P<close>[”\"]?)"
    rf"(?:(?P<pct>[%％‰])|(?P<unit>{_UNIT_ALT}))?"
    r"(?P<q2>余|多|以上|左右|之多|以下|以内)?"
)
# 近百, 上千, 数十万, 几百: a lone order of magnitude after a word of approximation.
VAGUE_RE = re.compile(rf"(?P<word>近|上|数|几|逾|超|过)(?P<mag>[十百千万亿]+)(?P<q>余|多)?(?P<unit>{_UNIT_ALT})")
# 三四十人, 七八个, 十二三岁, 一两个, 两三千: two neighbouring digits, a range.
RANGE_CN_RE = re.compile(
    rf"(?<![{_CN_DIGIT}十百千])(?P<ten>十)?(?P<a>[一二两三四五六七八])(?P<b>[二两三四五六七八九])"
    rf"(?P<mag>[十百千万亿]*)(?P<unit>{_UNIT_ALT})"
)
TENTHS_RE = re.compile(r"(?<![零〇一二两三四五六七八九十])(?P<num>[一二两三四五六七八九]|十)成"
                       r"(?!为|立|功|员|果|绩|本|就|长|熟|型|交|效|都|了|事|人|才|全|色|分|品|套|年)")
# 百分之五, 千分之三, 三分之一, 百分之一点五.
FRACTION_RE = re.compile(rf"(?P<den>{_CN}+|\d+)分之(?P<num>{_CN}+(?:点[{_CN_DIGIT}]+)?|\d+(?:\.\d+)?)")
_DIGIT_VALUES = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

DATE_RE = re.compile(
    r"(?=[\d截早晚上下午凌])"  # a quick first-character test (the regex is tried at every position)
    r"(?:(?:截至|截止|截止到|截至到)?\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?(?:以来|起|底|初|末|上半年|下半年|前三季度|一季度|全年)?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*月(?:份|底|初|中旬|上旬|下旬)?|\d{1,2}:\d{2}(?::\d{2})?"
    r"|\d{4}-\d{1,2}-\d{1,2}|[早晚上下午凌晨]{1,2}\d{1,2}\s*[点时](?:\d{1,2}分)?)"
)
Exactness = Literal["exact", "approximate", "range"]


@dataclass(frozen=True)
class Quantity:
    """One amount with its unit, inside the scanned text.

    ``value`` is exact; for a range it is the low end and ``high`` the high end; ``low``/``high`` bound an
    approximate amount where the words give a bound (超300 -> low 300, 近百 -> high 100).
    """

    start: int
    end: int
    value: Fraction
    unit: str  # "" when the number stands with a multiplier only (1.4万)
    qualifier: str  # 余, 多, 以上, 近, 超, 约 ... or ""
    raw: str
    kind: str  # count | percent | money | duration | tenths
    exactness: Exactness = "exact"
    low: Fraction | None = None
    high: Fraction | None = None


def date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of dates and times (2021年, 1月10日, 14:22), which are never quantities."""
    return [m.span() for m in DATE_RE.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` lies inside one of ``spans`` (sorted, from one regex: disjoint)."""
    i = bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _category(unit: str) -> str:
    if unit in PERCENT_UNITS:
        return "percent"
    if unit in MONEY_UNITS:
        return "money"
    if unit in DURATION_UNITS:
        return "duration"
    return "count"


def _bounds(value: Fraction, qualifier: str) -> tuple[Exactness, Fraction | None, Fraction | None]:
    if not qualifier or qualifier == "达":
        return "exact", None, None
    if qualifier in FLOOR_QUALIFIERS:
        return "approximate", value, None
    if qualifier in CEILING_QUALIFIERS:
        return "approximate", None, value
    return "approximate", None, None


def _is_idiom(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps an idiom made of numerals (千千万万, 成千上万)."""
    return any(m.start() < end and start < m.end() for m in IDIOM_RE.finditer(text, max(0, start - 4), end + 4))


def _is_formula(text: str, start: int, end: int) -> bool:
    """五位一体, “四个全面”, “两个百年”: a small Chinese number naming a formula or slogan, not an amount."""
    if text.startswith(FORMULA_AFTER, end):
        return True
    if text[start - 1:start] in "“\"‘「":
        close = re.match(r"[\u4e00-\u9fff]{0,6}[”\"’」]", text[end:end + 8])
        return close is not None
    return False


def find_quantities(text: str, *, masked: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Amounts with a unit, a multiplier or a percent sign, in order of position.

    ``masked``: the date spans of ``text`` (``date_spans(text)``), when the caller has them already.
    """
    if masked is None:
        masked = date_spans(text)
    # The specific forms first (数十万 before 十万), then plain amounts, then tenths, none overlapping.
    plain = [q for q in (_reading(text, m, masked) for m in QUANTITY_RE.finditer(text)) if q is not None]
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for group in (_fractions(text), _vague(text, masked), _ranges_cn(text, masked), plain, _tenths(text, masked)):
        for q in group:
            if not any(s < q.end and q.start < e for s, e in taken):
                found.append(q)
                taken.append((q.start, q.end))
    found.sort(key=lambda q: q.start)
    return found


def _reading(text: str, m: re.Match[str], masked: list[tuple[int, int]]) -> Quantity | None:
    num, num2 = m.group("num"), m.group("num2")
    unit = m.group("unit") or ""
    pct = m.group("pct")
    is_arabic = num[0].isdigit()
    mult = (m.group("mult") or "") + (m.group("mult2") or "")
    if not (unit or pct or (is_arabic and mult)):
        return None  # a bare number (phone, code, year) or a Chinese numeral without a unit
    start, end = m.start(), m.end()
    if _inside(masked, start, end) or (not is_arabic and _is_idiom(text, start, end)):
        return None
    before = text[max(0, start - 4):start]
    after = text[end:end + 3]
    if before.endswith(("第", "第(", "第（")):
        return None  # ordinal: 第三个, 第(193)期
    negative = before[-1:] in ("-", "－", "负") and not (before[-2:-1].isascii() and before[-2:-1].isalnum())
    if negative:
        start -= 1  # 人口自然增长率为-1.48‰
    elif before[-1:].isascii() and (before[-1:].isalnum() or before[-1:] in "-_/.+#") and before[-1:] != "":
        return None  # part of a code: ICP备09083931, A-1024, 1+4+N
    if after[:1].isascii() and after[:1].isalpha():
        return None  # 5G, 3D
    qualifier = m.group("q1") or m.group("q2") or ""
    if pct:
        unit = "‰" if pct == "‰" else "%"
    if unit.startswith("个多"):
        unit, qualifier = "个" + unit[2:], qualifier or "多"  # 一个多月 -> 1 个月, qualifier 多
    if m.group("close") and unit not in DURATION_UNITS and len(unit) < 2 and not pct:
        return None  # “312”人才: a code in quotation marks, not a count
    if num2 is not None and num2[0].isdigit() != is_arabic:
        return None
    if not is_arabic:
        if not unit:
            return None
        if start > 0 and text[start - 1] in _CN_CHARS:
            return None  # inside a longer run of numerals
        digits = num + (m.group("mult") or "")
        lone = len(digits) == 1
        if re.fullmatch(f"[{_CN_DIGIT}]{{2,}}", num) and not mult:
            return None  # 一四五九: digits read one by one name something, they count nothing
        if lone and digits in "十百千" and qualifier in ("余", "多", "几"):
            pass  # 十余人, 百余家
        elif lone and not (digits in "二两三四五六七八九" and unit in SMALL_CN_UNITS) \
                and not (unit in MONTH_HOUR_UNITS and digits in "一二两三四五六七八九"):
            return None
        if lone and _is_formula(text, start, end):
            return None
    elif not unit and not mult or not unit and mult and len(num) >= 7:
        return None
    if unit == "年":
        duration = qualifier in ("多", "余") or num2 is not None  # 五千多年, 3至5年
        if not (duration or any(before.endswith(w) for w in YEAR_BEFORE)
                or any(text.startswith(w, end) for w in YEAR_AFTER)):
            return None
        if is_arabic and (parse_numeral(num) or 0) >= 200:
            return None
    if is_arabic and not pct and not mult and len(num.replace(",", "").split(".")[0]) >= 9 and unit == "":
        return None
    if m.group("q1") == "几":
        base = parse_numeral(num + (m.group("mult") or ""))
        if base is None or base % 10 or base >= 100:
            return None  # 十几, 二十几: 11-19, 21-29
        scale = parse_numeral(m.group("mult2")) if m.group("mult2") else Fraction(1)
        assert scale is not None
        low, high = (base + 1) * scale, (base + 9) * scale
        return Quantity(start, end, low, unit, "几", text[start:end], _category(unit), "range", low, high)
    if not qualifier:
        qm = _APPROX_BEFORE_RE.search(before)
        if qm:
            qualifier = APPROXIMATE_BEFORE[qm.group(0)]
    if num2 is not None:
        # 5-10万: the multiplier belongs to both ends; 5万-10万: each has its own
        first = parse_numeral(num + (m.group("mult0") or mult))
        last = parse_numeral(num2 + mult)
        if last is None or first is None or last <= first:
            return None
        return Quantity(start, end, first, unit, qualifier, text[start:end], _category(unit), "range", first, last)
    value = parse_numeral(num + mult)
    if value is None:
        return None
    if negative:
        value = -value
    exactness, low_b, high_b = _bounds(value, qualifier)
    return Quantity(start, end, value, unit, qualifier, text[start:end], _category(unit), exactness, low_b, high_b)


def _vague(text: str, masked: list[tuple[int, int]]) -> list[Quantity]:
    """近百人 (about 100, at most), 上千家 (1000 or more), 数十万人 (200,000 to 900,000)."""
    out = []
    for m in VAGUE_RE.finditer(text):
        if _inside(masked, m.start(), m.end()) or _is_idiom(text, m.start(), m.end()):
            continue
        mag = parse_numeral("一" + m.group("mag"))  # 万 alone is no numeral, 一万 is
        if mag is None:
            continue
        word, unit = m.group("word"), m.group("unit")
        if word in ("数", "几"):
            low, high = 2 * mag, 9 * mag
            out.append(Quantity(m.start(), m.end(), low, unit, word, m.group(0), _category(unit), "range", low, high))
            continue
        qualifier = {"过": "超", "上": "上"}.get(word) or APPROXIMATE_BEFORE[word]
        exactness, low_b, high_b = _bounds(mag, qualifier)
        out.append(Quantity(m.start(), m.end(), mag, unit, qualifier, m.group(0), _category(unit), exactness,
                            low_b, high_b))
    return out


def _ranges_cn(text: str, masked: list[tuple[int, int]]) -> list[Quantity]:
    """三四十人 = 30 to 40, 七八个 = 7 to 8, 十二三岁 = 12 to 13, 三五天 = 3 to 5."""
    out = []
    for m in RANGE_CN_RE.finditer(text):
        a, b = _DIGIT_VALUES[m.group("a")], _DIGIT_VALUES[m.group("b")]
        if not (b == a + 1 or (a, b) in ((3, 5), (1, 2))):
            continue
        if _inside(masked, m.start(), m.end()) or _is_formula(text, m.start(), m.end()):
            continue
        scale = parse_numeral(m.group("mag")) if m.group("mag") else Fraction(1)
        if scale is None:
            continue
        base = 10 if m.group("ten") else 0
        if base and m.group("mag"):
            continue  # 十二三百: not a form
        low, high = (base + a) * scale, (base + b) * scale
        unit = m.group("unit")
        out.append(Quantity(m.start(), m.end(), low, unit, "", m.group(0), _category(unit), "range", low, high))
    return out


def _tenths(text: str, masked: list[tuple[int, int]]) -> list[Quantity]:
    """两成 = 20%, after a word that makes it a share (占两成, 近三成, 三成以上)."""
    out = []
    for m in TENTHS_RE.finditer(text):
        value = parse_numeral(m.group("num"))
        if value is None or _inside(masked, m.start(), m.end()):
            continue
        before = text[max(0, m.start() - 2):m.start()]
        after = text[m.end():m.end() + 2]
        if not (before.endswith(("近", "超", "约", "逾", "占", "达", "了", "降", "升", "长", "增", "减", "过"))
                or after.startswith(("以上", "左右", "多"))):
            continue
        qualifier = next((APPROXIMATE_BEFORE[w] for w in ("超过", "将近", "接近", "近", "超", "逾", "约")
                          if before.endswith(w)), "")
        if not qualifier and after.startswith(("以上", "左右", "多")):
            qualifier = "以上" if after.startswith("以上") else "左右" if after.startswith("左右") else "多"
        exactness, low, high = _bounds(value * 10, qualifier)
        out.append(Quantity(m.start(), m.end(), value * 10, "%", qualifier, m.group(0), "tenths", exactness, low, high))
    return out


def _fractions(text: str) -> list[Quantity]:
    """百分之五 = 5%, 千分之三 = 3‰, 三分之一 = 1/3 (unit "")."""
    out = []
    for m in FRACTION_RE.finditer(text):
        den, num = parse_numeral(m.group("den")), parse_numeral(m.group("num"))
        if den is None or num is None or den == 0:
            continue
        if den == 100:
            value, unit = num, "%"
        elif den == 1000:
            value, unit = num, "‰"
        else:
            value, unit = num / den, ""
        end = m.end()
        qualifier = ""
        for q in ("以上", "左右", "以下", "多"):
            if text.startswith(q, end):
                qualifier, end = q, end + len(q)
                break
        qm = None if qualifier else _APPROX_BEFORE_RE.search(text, max(0, m.start() - 3), m.start())
        if qm:
            qualifier = APPROXIMATE_BEFORE[qm.group(0)]
        exactness, low, high = _bounds(value, qualifier)
        out.append(Quantity(m.start(), end, value, unit, qualifier, text[m.start():end], "percent",
                            exactness, low, high))
    return out


__all__ = ["MONEY_UNITS", "PERCENT_UNITS", "POINT_UNITS", "UNITS", "Quantity", "date_spans", "find_quantities"]
