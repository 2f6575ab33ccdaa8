"""Quantities, changes and rankings inside a piece of text (the evidence of a metric claim).

Pure functions over strings; every pattern is a module constant. Dates (2021年, 1月10日), ordinals
(第三个), phone, hotline and licence numbers carry no unit and are not quantities.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from jingtui.suggest.numbers import ARABIC, parse_number
from jingtui.util.han import HAN

# Measure words and units, longest first so 亿元 wins over 元 and 人次 over 人.
UNITS = (
    "个百分点", "百分点", "平方公里", "平方米", "立方米", "人次", "家次", "辆次", "架次", "户次", "余人",
    "亿元", "万元", "千元", "美元", "港元", "欧元", "元", "公里", "千米", "公顷", "千克", "公斤", "吨", "亩", "米",
    "大项", "小项", "个多小时", "个多月", "个小时", "个工作日", "个星期", "小时", "分钟", "个月", "秒", "天", "年",
    "人", "名", "位", "户", "家", "辆", "台", "部", "套", "件", "起", "宗", "个", "项", "条", "笔", "次", "场",
    "期", "处", "所", "座", "间", "类", "批", "份", "张", "支", "只", "头", "箱", "袋", "盒", "瓶", "枚", "路",
    "栋", "幢", "倍", "例", "种", "本", "篇", "册", "床", "组", "队", "轮", "单",
    "班", "网点",
)
UNITS = tuple(sorted(set(UNITS) - {"余人"}, key=len, reverse=True))
DURATION_UNITS = frozenset({"个多小时", "个多月", "个小时", "个工作日", "个星期", "小时", "分钟", "秒", "天", "个月", "年"})
MONEY_UNITS = frozenset({"亿元", "万元", "千元", "美元", "港元", "欧元", "元"})
PERCENT_UNITS = frozenset({"%", "个百分点", "百分点"})
# Units that follow a single Chinese digit (两名民警) and still make a count worth proposing.
SMALL_CN_UNITS = frozenset({"名", "人", "起", "家", "户", "件", "位", "宗", "例"})
# Durations that a single Chinese digit may count, 一 included: 一个多月, 两个小时.
MONTH_HOUR_UNITS = frozenset({"个月", "个多月", "个小时", "个多小时"})
# 年 counts as a unit only in a duration (连续8年, 近5年, 3年来), never as a year (2021年).
YEAR_BEFORE = ("连续", "近", "长达", "历时", "累计", "已", "先后", "多", "超过", "逾", "整整")
YEAR_AFTER = ("来", "间", "内", "以来", "之久", "多")
QUALIFIERS_BEFORE = ("超过", "达到", "共计", "累计", "合计", "多达", "高达", "将近", "接近", "近", "超", "逾", "约", "达", "共")
APPROXIMATE_BEFORE = {"超过": "超", "将近": "近", "接近": "近", "近": "近", "超": "超", "逾": "逾", "约": "约"}

_APPROX_BEFORE_RE = re.compile("(?:" + "|".join(sorted(APPROXIMATE_BEFORE, key=len, reverse=True)) + ")$")
_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
_CN = "[零〇一二两三四五六七八九十百千万亿]"
QUANTITY_RE = re.compile(
    rf"(?P<num>{ARABIC}|{_CN}+)"
    r"(?P<mult>[十百千万亿]*)"
    r"(?P<q1>余|多)?"
    r"(?P<mult2>[万亿]?)"
    r"(?P<close>[”\"]?)"
    rf"(?:(?P<pct>[%％])|(?P<unit>{_UNIT_ALT}))?"
    r"(?P<q2>余|多|以上|左右|之多|以下|以内)?"
)
TENTHS_RE = re.compile(r"(?<![零〇一二两三四五六七八九十])(?P<num>[一二两三四五六七八九]|十)成(?!为|立|功|员|果|绩|本|就|长|熟|型|交|效|都|了|事|人|才|全|色|分|品|套|年)")
PERCENT_WORDS_RE = re.compile(r"百分之(?P<num>[零〇一二两三四五六七八九十百点]+)")

CHANGE_VERBS = ("上升", "下降", "增长", "减少", "提升", "提高", "增加", "降低", "下滑", "回落", "攀升",
                "上涨", "下跌", "增幅", "降幅", "减幅", "增", "降", "减", "涨", "跌")
UP_VERBS = frozenset({"上升", "增长", "提升", "提高", "增加", "攀升", "上涨", "增幅", "增", "涨"})
COMPARE_MARKERS = ("同比", "环比", "比上年", "比去年", "较上年", "较去年", "较同期", "比同期", "与去年同期相比",
                   "与上年相比", "较上年同期", "较去年同期", "年均", "平均")
_VERB_ALT = "|".join(sorted(CHANGE_VERBS, key=len, reverse=True))
_CMP_ALT = "|".join(sorted((re.escape(c) for c in COMPARE_MARKERS), key=len, reverse=True))
_AMOUNT = rf"(?P<amount>(?:{ARABIC})(?:[%％]|个百分点|百分点|倍|成)?|[一二两三四五六七八九十]+(?:成|倍|个百分点))"
# 同比分别下降62.52%, 同比大幅下降: a comparison marker, a few characters, a verb, maybe an amount.
CHANGE_MARKED_RE = re.compile(
    rf"(?P<marker>{_CMP_ALT})(?P<mid>[^，。；！？,;、]{{0,8}}?)(?P<verb>{_VERB_ALT})了?{_AMOUNT}?"
)
# 提升30%, 增长了1.5倍: a verb followed at once by an amount.
CHANGE_BARE_RE = re.compile(rf"(?P<verb>{_VERB_ALT})了?{_AMOUNT}")
# A change without a number still is a metric claim when it is a comparison (同比大幅下降) or a
# double movement (双下降).
DOUBLE_CHANGE_RE = re.compile(r"双(?:下降|上升|提升|增长|减少|降低|提高)")
# 与去年持平, 同比持平: no movement, still a comparison.
FLAT_RE = re.compile(rf"(?:{_CMP_ALT}|与(?:去年|上年|同期|上年同期|去年同期))[^，。；！？,;、]{{0,4}}?持平|持平")

RANK_SCOPES = ("全国", "全省", "全市", "全区", "全县", "全州", "全盟", "全系统", "全行业", "全球", "世界", "省内",
               "市内", "同类城市", "同级", "全警")
RANK_TARGETS = rf"(?:第[一二三四五六七八九十\d]+(?:名|位|方阵|梯队|等次)?(?![{HAN}])|第[一二三四五六七八九十\d]+(?:名|位|方阵|梯队|等次)|前列|首位|前茅|榜首|前三|前五|前十|率先|领先|首个|首家|第一方阵)"
RANK_SCOPE_RE = re.compile(rf"(?P<scope>{'|'.join(RANK_SCOPES)})[^，。；！？,;]{{0,16}}?(?P<target>{RANK_TARGETS})")
# 世界公认的最安全地区之一, 全国最大的…之一: a superlative with a scope.
SUPERLATIVE_RE = re.compile(rf"(?P<scope>{'|'.join(RANK_SCOPES)})[^，。；！？,;]{{0,10}}?最[{HAN}]{{1,10}}?之一")
RANK_VERB_RE = re.compile(rf"(?:列|位居|位列|排名|排在|名列|位于|跃居|跻身|稳居|居)[^，。；！？,;]{{0,16}}?(?P<target>{RANK_TARGETS})")
ZERO_TARGETS = ("发案", "差错", "感染", "事故", "伤亡", "死亡", "投诉", "失误", "漏洞", "上访", "失分", "事件",
                "故障", "纰漏", "缺陷", "污染", "逃逸", "越级")
ZERO_RE = re.compile(rf"[“\"]?零(?:{'|'.join(ZERO_TARGETS)})[”\"]?")
COMPLETE_RE = re.compile(rf"全部(?:[{HAN}]{{0,2}}?)(?:告破|侦破|破获|办结|销号|清零|到位|达标|完成|抓获|整改)|全破|全覆盖|百分之百")

DATE_RE = re.compile(
    r"(?=[\d截早晚上下午凌])"  # a quick first-character test (the regex is tried at every position)
    r"(?:(?:截至|截止|截止到|截至到)?\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?(?:以来|起|底|初|末|上半年|下半年|前三季度|一季度|全年)?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*月(?:份|底|初|中旬|上旬|下旬)?|\d{1,2}:\d{2}(?::\d{2})?"
    r"|\d{4}-\d{1,2}-\d{1,2}|[早晚上下午凌晨]{1,2}\d{1,2}\s*[点时](?:\d{1,2}分)?)"
)
PERIOD_RE = re.compile(
    r"(?=[\d截今去上下全一近前二三四])"
    r"(?:(?:截至|截止|截止到|截至到)\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底)?"
    r"|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:以来|起|底|上半年|下半年|前三季度|一季度|二季度|三季度|四季度|全年)?"
    r"|今年(?:以来|上半年|下半年|前三季度)?|(?<![与比较])去年(?:以来|全年)?|上半年|下半年|全年|一年来|近年来|近\d+年"
    r"|(?:前)?[一二三四]季度|\d{1,2}月(?:份)?(?:以来)?)"
)


@dataclass(frozen=True)
class Quantity:
    """One number with its unit, inside the scanned text."""

    start: int
    end: int
    value: float
    unit: str  # "" when the number stands with a multiplier only (1.4万)
    qualifier: str  # 余, 多, 以上, 近, 超, 约 ... or ""
    raw: str
    kind: str  # count | percent | money | duration | tenths


@dataclass(frozen=True)
class Change:
    start: int
    end: int
    direction: str  # up | down | flat
    amount: float | None
    unit: str  # % | 个百分点 | 倍 | "" (a unit of a count)
    compared: bool  # 同比, 环比, 比上年 ...
    raw: str


@dataclass(frozen=True)
class Rank:
    start: int
    end: int
    rank: int | None
    scope: str
    raw: str


def date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of dates and times (2021年, 1月10日, 14:22), which are never quantities."""
    return [m.span() for m in DATE_RE.finditer(text)]


_masked_spans = date_spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` lies inside one of ``spans`` (sorted, from one regex: disjoint)."""
    i = bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def find_quantities(text: str, *, masked: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Numbers with a unit, a multiplier or a percent sign, in order of position.

    ``masked``: the date spans of ``text`` (``date_spans(text)``), when the caller has them already.
    """
    if masked is None:
        masked = _masked_spans(text)
    found: list[Quantity] = []
    for m in QUANTITY_RE.finditer(text):
        num = m.group("num")
        if not num or not (m.group("unit") or m.group("pct") or (num[0].isdigit() and (m.group("mult") or m.group("mult2")))):
            continue  # a bare number (phone, code, year) or a Chinese numeral without a unit
        start, end = m.start(), m.end()
        if _inside(masked, start, end):
            continue
        before = text[max(0, start - 4):start]
        after = text[end:end + 3]
        if before.endswith("第") or before.endswith("第(") or before.endswith("第（"):
            continue  # ordinal: 第三个, 第(193)期
        if before[-1:].isascii() and (before[-1:].isalnum() or before[-1:] in "-_/.+#") and before[-1:] != "":
            continue  # part of a code: ICP备09083931, A-1024, 1+4+N
        if after[:1].isascii() and after[:1].isalpha():
            continue  # 5G, 3D
        unit = m.group("unit") or ""
        pct = m.group("pct")
        is_arabic = num[0].isdigit()
        mult = (m.group("mult") or "") + (m.group("mult2") or "")
        qualifier = m.group("q1") or m.group("q2") or ""
        if pct:
            unit = "%"
        if unit.startswith("个多"):
            unit, qualifier = "个" + unit[2:], qualifier or "多"  # 一个多月 -> 1 个月, qualifier 多
        if m.group("close") and unit not in DURATION_UNITS and len(unit) < 2 and not pct:
            continue  # “312”人才: a code in quotation marks, not a count
        if not is_arabic:
            # Chinese numerals: 一千二百人 (a compound), or 两名 (one digit, a count of people or cases).
            digits = num + (m.group("mult") or "")
            compound = len(digits) >= 2 and any(ch in "十百千万亿" for ch in digits)
            if not unit:
                continue
            if not compound and not (digits in "二两三四五六七八九" and unit in SMALL_CN_UNITS) \
                    and not (len(digits) == 1 and unit in MONTH_HOUR_UNITS):
                continue
            if text[start - 1:start] in "一二两三四五六七八九十百千万亿零〇" and start > 0:
                continue
        else:
            if not unit and not mult:
                continue
            if not unit and mult and len(num) >= 7:
                continue
        if unit == "年":
            value_text = num
            if not (any(before.endswith(w) for w in YEAR_BEFORE) or any(text.startswith(w, end) for w in YEAR_AFTER)):
                continue
            if is_arabic and float(value_text.replace(",", "")) >= 200:
                continue
        if unit and unit not in PERCENT_UNITS and unit not in UNITS and unit != "%":
            continue
        if is_arabic and not pct and not mult and len(num.replace(",", "").split(".")[0]) >= 9 and unit in ("", "号"):
            continue
        value = parse_number(num + mult)
        if value is None:
            continue
        if not qualifier:
            qm = _APPROX_BEFORE_RE.search(before)
            if qm:
                qualifier = APPROXIMATE_BEFORE[qm.group(0)]
        if unit in PERCENT_UNITS:
            kind = "percent"
        elif unit in MONEY_UNITS:
            kind = "money"
        elif unit in DURATION_UNITS:
            kind = "duration"
        else:
            kind = "count"
        found.append(Quantity(start, end, value, unit, qualifier, text[start:end], kind))
    for m in TENTHS_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is not None and not _inside(masked, m.start(), m.end()):
            before = text[max(0, m.start() - 2):m.start()]
            after = text[m.end():m.end() + 2]
            contexty = any(before.endswith(w) for w in ("近", "超", "约", "逾", "占", "达", "了", "降", "升", "长", "增", "减", "过")) \
                or after.startswith(("以上", "左右", "多"))
            if contexty:
                qualifier = next((APPROXIMATE_BEFORE[w] for w in QUALIFIERS_BEFORE
                                  if before.endswith(w) and w in APPROXIMATE_BEFORE), "")
                if not qualifier and after.startswith(("以上", "左右", "多")):
                    qualifier = "以上" if after.startswith("以上") else after[:2] if after.startswith("左右") else "多"
                found.append(Quantity(m.start(), m.end(), value * 10, "%", qualifier, m.group(0), "tenths"))
    for m in PERCENT_WORDS_RE.finditer(text):
        value = parse_number(m.group("num").split("点")[0]) if "点" in m.group("num") else parse_number(m.group("num"))
        if value is not None:
            found.append(Quantity(m.start(), m.end(), value, "%", "", m.group(0), "percent"))
    found.sort(key=lambda q: q.start)
    return found


def find_changes(text: str, *, masked: list[tuple[int, int]] | None = None) -> list[Change]:
    """Movements such as 同比提升51.46%, 下降16.5%, 同比大幅下降, 双下降."""
    changes: list[Change] = []
    if masked is None:
        masked = _masked_spans(text)
    taken: list[tuple[int, int]] = []
    for regex in (CHANGE_MARKED_RE, CHANGE_BARE_RE):
        for m in regex.finditer(text):
            verb = m.group("verb")
            marker = m.groupdict().get("marker")
            amount_text = m.group("amount")
            if len(verb) == 1 and not amount_text:
                continue  # 增, 降 alone are parts of words (增强)
            if _inside(masked, m.start("verb"), m.end("verb")):
                continue
            if any(s <= m.start("verb") < e for s, e in taken):
                continue
            amount = None
            unit = ""
            if amount_text:
                um = re.match(rf"({ARABIC}|[一二两三四五六七八九十]+)(.*)", amount_text)
                amount = parse_number(um.group(1)) if um else None
                unit = um.group(2) if um else ""
                if unit == "％":
                    unit = "%"
                if unit == "成" and amount is not None:
                    amount, unit = amount * 10, "%"
            direction = "up" if verb in UP_VERBS else "down"
            taken.append(m.span())
            changes.append(Change(m.start(), m.end(), direction, amount, unit, bool(marker), m.group(0)))
    for m in DOUBLE_CHANGE_RE.finditer(text):
        direction = "up" if any(v in m.group(0) for v in UP_VERBS) else "down"
        changes.append(Change(m.start(), m.end(), direction, None, "", True, m.group(0)))
    for m in FLAT_RE.finditer(text):
        if m.group(0) == "持平" and not re.search(r"(?:去年|上年|同期|此前|往年)", text[max(0, m.start() - 12):m.start()]):
            continue  # 持平 alone needs something it is level with
        changes.append(Change(m.start(), m.end(), "flat", 0.0, "", True, m.group(0)))
    changes.sort(key=lambda c: c.start)
    return changes


_CN_RANK = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def find_ranks(text: str) -> list[Rank]:
    """Rankings: 全省第一, 列36个市直部门第一, 位居全国前列, 在全省率先."""
    ranks: list[Rank] = []
    seen: set[int] = set()
    for regex in (RANK_SCOPE_RE, RANK_VERB_RE, SUPERLATIVE_RE):
        for m in regex.finditer(text):
            target = m.groupdict().get("target") or ""
            if m.end() in seen:
                continue
            seen.add(m.end())
            rank: int | None = None
            tm = re.match(r"第([一二三四五六七八九十]|\d+)", target) if target else None
            if tm:
                g = tm.group(1)
                rank = int(g) if g.isdigit() else _CN_RANK.get(g)
            elif target in ("首位", "榜首", "首个", "首家"):
                rank = 1
            scope = m.groupdict().get("scope") or ""
            ranks.append(Rank(m.start(), m.end(), rank, scope, m.group(0)))
    ranks.sort(key=lambda r: r.start)
    return ranks


def find_zero_claims(text: str) -> list[tuple[int, int]]:
    """零发案, “零差错”, 零事故 ..."""
    return [m.span() for m in ZERO_RE.finditer(text)]


def find_completions(text: str) -> list[tuple[int, int]]:
    """全部告破, 全破, 全覆盖, 全部整改销号 ..."""
    return [m.span() for m in COMPLETE_RE.finditer(text)]


def find_period(text: str) -> str:
    """The first period expression (截至2021年12月12日, 2021年, 今年以来, 上半年), or ""."""
    m = PERIOD_RE.search(text)
    return m.group(0) if m else ""
