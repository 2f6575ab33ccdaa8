"""Structured fields of a claim: the numbers of a metric, the canonical form of a slogan.

``metric_fields("破获刑事案件10600余起")`` ->
``{"value": 10600, "unit": "起", "qualifier": "余", "raw": "10600余起", "subject": "破获刑事案件"}``.

Conventions: multipliers are applied (1.4万 -> 14000, 209.76亿元 -> 20976000000 with unit 元); a
percentage keeps its number (62.52% -> 62.52, unit "%"); tenths (两成) are given as a percentage
(20, unit "%"); a change is ``direction`` (up | down | flat), ``change`` and ``change_unit``
(同比提升51.46% -> up, 51.46, "%"); a ranking is ``rank`` and ``rank_scope`` (全省第一 -> 1, 全省),
with ``ranking`` the words as written (走在全省前列).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from jingtui.suggest.amounts import DATE_RE, date_spans, find_quantities
from jingtui.suggest.numbers import as_json_number
from jingtui.suggest.quantities import find_changes, find_period, find_ranks

# Words that start a clause without being part of its subject.
_LEAD_WORDS = ("一年来", "在", "从", "对", "为", "将", "把", "向", "其中", "同时", "此外", "另外", "全年", "累计",
               "共计", "合计", "共", "并", "还", "已", "均", "截至目前", "目前", "先后", "分别", "累积")
# Words that end the subject right before the number.
_TAIL_WORDS = ("达到", "约为", "共计", "累计", "合计", "多达", "高达", "将近", "接近", "超过", "为", "达", "是", "近",
               "超", "逾", "约", "共", "计", "了", "占", "的", "不超过", "不低于", "低于", "高于", "下调至", "上调至",
               "减少至", "增加到", "增至", "降至", "调整为", "至", "走在", "位于", "位居", "位列", "跃居", "稳居",
               "名列", "排名", "列", "居", "在")
_PUNCT_EDGES = "，。；：、,.;:!?！？“”‘’\"'（）()《》「」『』——-…· \t"


_LEAD_RE = re.compile("|".join(sorted(_LEAD_WORDS, key=len, reverse=True)))
_TAIL_RE = re.compile("(?:" + "|".join(sorted(_TAIL_WORDS, key=len, reverse=True)) + ")$")


def _strip_subject(s: str) -> str:
    """The subject phrase: dates, leading connectives and trailing verbs of quantity taken off."""
    s = DATE_RE.sub("", s)
    s = s.strip(_PUNCT_EDGES)
    while s:
        before = s
        m = _LEAD_RE.match(s)
        if m and m.end() < len(s):
            s = s[m.end():].lstrip(_PUNCT_EDGES)
        m = _TAIL_RE.search(s)
        if m and m.start() > 0 and not (m.group(0) == "为" and s[m.start() - 1] in "成作认称视"):
            s = s[:m.start()].rstrip(_PUNCT_EDGES)  # 成为, 作为 keep their 为
        if s == before:
            break
    s = s.strip(_PUNCT_EDGES)
    return "" if s in _TAIL_WORDS or s in _LEAD_WORDS else s


def _quantity_dict(q: Any) -> dict[str, Any]:
    out = {
        "value": as_json_number(q.value),
        "unit": q.unit,
        "qualifier": q.qualifier,
        "raw": q.raw,
    }
    if q.exactness != "exact":
        out["exactness"] = q.exactness
    if q.low is not None and q.exactness == "range":
        out["low"] = as_json_number(q.low)
    if q.high is not None:
        out["high"] = as_json_number(q.high)
    return out


def metric_fields(quote: str, *, context: str = "") -> dict[str, Any]:
    """The structured fields of a metric claim (see the module docstring).

    Keys present only when found: ``value``, ``unit``, ``qualifier``, ``raw``, ``values`` (every
    quantity, when there are several), ``direction``, ``change``, ``change_unit``, ``rank``,
    ``rank_scope``, ``ranking``, ``period``, ``subject``. ``context`` (the sentence around the quote) is used only
    to find the period when the quote has none.
    """
    masked = date_spans(quote)
    return fields_from_evidence(quote, find_quantities(quote, masked=masked), find_changes(quote, masked=masked),
                                find_ranks(quote), context=context)


def fields_from_evidence(quote: str, quantities: list[Any], changes: list[Any], ranks: list[Any], *,
                         context: str = "") -> dict[str, Any]:
    """``metric_fields`` from evidence already found (offsets relative to ``quote``, in order)."""
    fields: dict[str, Any] = {}
    change_spans = [(c.start, c.end) for c in changes]
    plain = [q for q in quantities if not any(s <= q.start < e for s, e in change_spans)]
    primary = plain[0] if plain else None
    if primary is not None:
        fields.update(_quantity_dict(primary))
    if len(quantities) > 1:
        fields["values"] = [_quantity_dict(q) for q in quantities]
    if changes:
        c = changes[0]
        fields["direction"] = c.direction
        if c.amount is not None:
            fields["change"] = as_json_number(c.amount)
            fields["change_unit"] = c.unit
        if c.to_value is not None and primary is None:
            # 从五十四万亿元增长到八十万亿元: the value is where it ended, ``from`` where it started
            fields.update({"value": as_json_number(c.to_value), "unit": c.unit, "qualifier": "",
                           "raw": c.raw, "from": as_json_number(c.from_value)})
    if ranks:
        r = ranks[0]
        fields["ranking"] = r.raw
        if r.rank is not None:
            fields["rank"] = r.rank
        if r.scope:
            fields["rank_scope"] = r.scope
    period = find_period(quote) or (find_period(context) if context else "")
    if period:
        fields["period"] = period
    # The subject: what the number counts, i.e. the words before the first piece of evidence.
    anchors = [x.start for x in quantities] + [c.start for c in changes] + [r.start for r in ranks]
    if anchors:
        first = min(anchors)
        subject = _strip_subject(quote[:first])
        if not subject and primary is not None:
            # 3268个校园安装智能前端: the counted thing follows the measure word.
            rest = quote[primary.end:]
            nxt = min([q.start for q in quantities if q.start >= primary.end] + [len(quote)])
            subject = _strip_subject(quote[primary.end:nxt]) if rest else ""
        if subject:
            fields["subject"] = subject
    return fields


_QUOTE_CHARS = "“”‘’「」『』\"'〝〞＂＇"


def slogan_canonical(quote: str) -> str:
    """The form under which repeats of a slogan count as one.

    Full-width letters and digits become ASCII (NFKC), quotation marks, punctuation and whitespace go:
    ``“两个维护”``, ``‘两个维护’`` and ``两个维护`` all give ``两个维护``;
    ``对党忠诚、服务人民`` and ``对党忠诚，服务人民`` both give ``对党忠诚服务人民``.
    """
    s = unicodedata.normalize("NFKC", quote)
    out = []
    for ch in s:
        if ch in _QUOTE_CHARS or ch.isspace():
            continue
        if unicodedata.category(ch).startswith("P"):
            continue
        out.append(ch)
    return "".join(out)


def fields_for(label: str, quote: str, *, context: str = "") -> dict[str, Any]:
    """Structured fields for a claim of any label ({} for labels without fields)."""
    if label == "metric":
        return metric_fields(quote, context=context)
    if label == "slogan":
        return {"canonical": slogan_canonical(quote)}
    return {}


__all__ = ["fields_for", "fields_from_evidence", "metric_fields", "slogan_canonical"]
