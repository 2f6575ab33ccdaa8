"""Quantities, changes and rankings inside a piece of text (the evidence of a metric claim).

Pure functions over strings; every pattern is a module constant. Dates (2021年, 1月10日), ordinals
(第三个), phone, hotline and licence numbers carry no unit and are not quantities.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

from jingtui.suggest.amounts import date_spans, find_quantities
from jingtui.suggest.numbers import ARABIC, parse_number
from jingtui.util.han import HAN

CHANGE_VERBS = ("上升", "下降", "增长", "减少", "提升", "提高", "增加", "降低", "下滑", "回落", "攀升",
                "上涨", "下跌", "增幅", "降幅", "减幅", "增", "降", "减", "涨", "跌")
UP_VERBS = frozenset({"上升", "增长", "提升", "提高", "增加", "攀升", "上涨", "增幅", "增", "涨"})
COMPARE_MARKERS = ("同比", "环比", "比上年", "比去年", "较上年", "较去年", "较同期", "比同期", "与去年同期相比",
                   "与上年相比", "较上年同期", "较去年同期", "年均", "平均")
_VERB_ALT = "|".join(sorted(CHANGE_VERBS, key=len, reverse=True))
_CMP_ALT = "|".join(sorted((re.escape(c) for c in COMPARE_MARKERS), key=len, reverse=True))
_CN_AMOUNT = r"[零〇一二两三四五六七八九十]+(?:点[一二三四五六七八九〇零]+)?"  # 三, 一点五
_AMOUNT = rf"(?P<amount>(?:{ARABIC})(?:万亿|[万亿])?(?:[%％‰]|个百分点|百分点|倍|成)?|{_CN_AMOUNT}(?:成|倍|个百分点))"
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
RANK_TARGETS = (rf"(?:第[一二三四五六七八九十\d]+(?:名|位|方阵|梯队|等次)?(?![{HAN}])"
                r"|第[一二三四五六七八九十\d]+(?:名|位|方阵|梯队|等次)"
                r"|前列|首位|前茅|榜首|前三|前五|前十|率先|领先|首个|首家|第一方阵)")
RANK_SCOPE_RE = re.compile(rf"(?P<scope>{'|'.join(RANK_SCOPES)})[^，。；！？,;]{{0,16}}?(?P<target>{RANK_TARGETS})")
# 世界公认的最安全地区之一, 全国最大的…之一: a superlative with a scope.
SUPERLATIVE_RE = re.compile(rf"(?P<scope>{'|'.join(RANK_SCOPES)})[^，。；！？,;]{{0,10}}?最[{HAN}]{{1,10}}?之一")
RANK_VERB_RE = re.compile(
    rf"(?:列|位居|位列|排名|排在|名列|位于|跃居|跻身|稳居|居)[^，。；！？,;]{{0,16}}?(?P<target>{RANK_TARGETS})")
ZERO_TARGETS = ("发案", "差错", "感染", "事故", "伤亡", "死亡", "投诉", "失误", "漏洞", "上访", "失分", "事件",
                "故障", "纰漏", "缺陷", "污染", "逃逸", "越级")
ZERO_RE = re.compile(rf"[“\"]?零(?:{'|'.join(ZERO_TARGETS)})[”\"]?")
COMPLETE_RE = re.compile(
    rf"全部(?:[{HAN}]{{0,2}}?)(?:告破|侦破|破获|办结|销号|清零|到位|达标|完成|抓获|整改)|全破|全覆盖|百分之百")

PERIOD_RE = re.compile(
    r"(?=[\d截今去上下全一近前二三四])"
    r"(?:(?:截至|截止|截止到|截至到)\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底)?"
    r"|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:以来|起|底|上半年|下半年|前三季度|一季度|二季度|三季度|四季度|全年)?"
    r"|今年(?:以来|上半年|下半年|前三季度)?|(?<![与比较])去年(?:以来|全年)?|上半年|下半年|全年|一年来|近年来|近\d+年"
    r"|(?:前)?[一二三四]季度|\d{1,2}月(?:份)?(?:以来)?)"
)


@dataclass(frozen=True)
class Change:
    """A movement. ``amount`` is its size (never negative; ``direction`` says which way); a change from
    one amount to another (从X增长到Y) also has ``from_value`` and ``to_value`` in ``unit``."""

    start: int
    end: int
    direction: str  # up | down | flat
    amount: Fraction | None
    unit: str  # % | 个百分点 | 倍 | "" (a unit of a count)
    compared: bool  # 同比, 环比, 比上年 ...
    raw: str
    from_value: Fraction | None = None
    to_value: Fraction | None = None


@dataclass(frozen=True)
class Rank:
    start: int
    end: int
    rank: int | None
    scope: str
    raw: str


_masked_spans = date_spans

# 从五十四万亿元增长到八十万亿元, 由3.2%降至2.9%: between the two amounts, a verb (maybe) and 到/至.
TRANSITION_BETWEEN_RE = re.compile(
    rf"^(?:[^，。；！？,;0-9]{{0,3}}?)?(?P<verb>{_VERB_ALT}|扩大|缩小|跃升|跃居|提速)?了?(?:到|至|为)$"
)
TRANSITION_FROM_RE = re.compile(r"(?:从|由)(?:去年的|上年的|原来的|原先的|的)?$")
TRANSITION_MARKER_RE = re.compile(r"[从由]")
TRANSITION_WINDOW_RE = re.compile(r"[^，。；！？,;!?\n]{0,60}")  # the rest of the clause
TRANSITION_TO_RE = re.compile(r"到|至|为")
DOUBLING_RE = re.compile(r"翻(?P<n>[一两二三四五]|\d)番")


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` lies inside one of ``spans`` (sorted, from one regex: disjoint)."""
    i = bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def find_changes(text: str, *, masked: list[tuple[int, int]] | None = None) -> list[Change]:
    """Movements such as 同比提升51.46%, 下降16.5%, 同比大幅下降, 双下降."""
    changes: list[Change] = []
    if masked is None:
        masked = _masked_spans(text)
    taken: list[tuple[int, int]] = []
    changes.extend(_transitions(text, masked, taken))
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
                um = re.match(rf"({ARABIC}(?:万亿|[万亿])?|{_CN_AMOUNT})(.*)", amount_text)
                amount = parse_number(um.group(1)) if um else None
                unit = um.group(2) if um else ""
                if unit == "％":
                    unit = "%"
                if unit == "成" and amount is not None:
                    amount, unit = amount * 10, "%"
            direction = "up" if verb in UP_VERBS else "down"
            taken.append(m.span())
            changes.append(Change(m.start(), m.end(), direction, amount, unit, bool(marker), m.group(0)))
    for m in DOUBLING_RE.finditer(text):
        n = parse_number(m.group("n"))
        if n is not None and not any(s <= m.start() < e for s, e in taken):
            # 翻一番 doubles (an increase of 1 倍), 翻两番 quadruples (3 倍)
            changes.append(Change(m.start(), m.end(), "up", Fraction(2) ** int(n) - 1, "倍", False, m.group(0)))
    for m in DOUBLE_CHANGE_RE.finditer(text):
        direction = "up" if any(v in m.group(0) for v in UP_VERBS) else "down"
        changes.append(Change(m.start(), m.end(), direction, None, "", True, m.group(0)))
    for m in FLAT_RE.finditer(text):
        before = text[max(0, m.start() - 12):m.start()]
        if m.group(0) == "持平" and not re.search(r"(?:去年|上年|同期|此前|往年)", before):
            continue  # 持平 alone needs something it is level with
        changes.append(Change(m.start(), m.end(), "flat", Fraction(0), "", True, m.group(0)))
    changes.sort(key=lambda c: c.start)
    return changes


def _transitions(text: str, masked: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[Change]:
    """从X增长到Y, 由X降至Y: a change from one amount to another (the size is Y - X in Y's unit).

    Only the clause after each 从/由 that also holds 到/至/为 is scanned for amounts (the markers are
    common, the changes rare).
    """
    found: list[Change] = []
    for marker in TRANSITION_MARKER_RE.finditer(text):
        window = TRANSITION_WINDOW_RE.match(text, marker.end())
        if window is None or not TRANSITION_TO_RE.search(window.group(0)):
            continue
        base = marker.start()
        piece = text[base:window.end()]
        shifted = [(s - base, e - base) for s, e in masked if base <= s and e <= window.end()]
        quantities = find_quantities(piece, masked=shifted)
        for a, b in pairwise(quantities):
            lead = TRANSITION_FROM_RE.search(piece, max(0, a.start - 5), a.start)
            between = TRANSITION_BETWEEN_RE.match(piece[a.end:b.start])
            if lead is None or between is None or lead.start() != 0:
                continue
            if a.unit and b.unit and a.unit != b.unit:
                continue  # 从3个增加到5家: not one measure
            verb = between.group("verb") or ""
            difference = b.value - a.value
            direction = "up" if difference > 0 else "down" if difference < 0 else "flat"
            disagree = verb and (verb in UP_VERBS) != (direction == "up") and direction != "flat"
            if disagree and verb not in ("扩大", "缩小"):
                continue  # the words and the numbers disagree: leave it to a person
            start, end = base, base + b.end
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            found.append(Change(start, end, direction, abs(difference), b.unit or a.unit, False, text[start:end],
                                a.value, b.value))
            break
    return found


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
