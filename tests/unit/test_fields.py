"""Structured fields: the table of tricky numbers, changes, periods, subjects, slogan canonical forms."""

from __future__ import annotations

import pytest

from jingtui.suggest.fields import fields_for, metric_fields, slogan_canonical
from jingtui.suggest.numbers import parse_number

# quote -> expected subset of metric_fields(quote)
TRICKY = [
    ("破获刑事案件10600余起", {"value": 10600, "unit": "起", "qualifier": "余", "subject": "破获刑事案件"}),
    ("智能前端1.4万路", {"value": 14000, "unit": "路"}),
    ("城区新增停车位2万个", {"value": 20000, "unit": "个"}),
    ("占全市人口的57.46%", {"value": 57.46, "unit": "%"}),
    ("电诈案件立案同比分别下降62.52%", {"direction": "down", "change": 62.52, "change_unit": "%"}),
    ("注册量为225.76万人", {"value": 2257600, "unit": "人", "subject": "注册量"}),
    ("累计协助消除不良贷款209.76亿元", {"value": 20976000000, "unit": "元"}),
    ("垫付救助资金1374.43万元", {"value": 13744300, "unit": "元"}),
    ("培训一千二百人", {"value": 1200, "unit": "人"}),
    ("受益群众近两成", {"value": 20, "unit": "%", "qualifier": "近"}),
    ("抓获犯罪嫌疑人621人，同比提升51.46%", {"value": 621, "unit": "人", "direction": "up", "change": 51.46}),
    ("同比提升16.13%", {"direction": "up", "change": 16.13, "change_unit": "%"}),
    ("累计完成5.9万余辆问题车消减任务", {"value": 59000, "unit": "辆", "qualifier": "余"}),
    ("处置预警信息日均1000条以上", {"value": 1000, "unit": "条", "qualifier": "以上"}),
    ("累计培训1.2万余人次", {"value": 12000, "unit": "人次", "qualifier": "余"}),
    ("开展送教上岗40余次", {"value": 40, "unit": "次", "qualifier": "余"}),
    ("查处治安案件22,126起", {"value": 22126, "unit": "起"}),
    ("命案攻坚和追逃成绩考核全省第一", {"rank": 1, "rank_scope": "全省"}),
    ("市公安局总分列36个市直部门第一", {"rank": 1, "value": 36}),
    ("比上年下降3个百分点", {"direction": "down", "change": 3, "change_unit": "个百分点"}),
    ("同比增长1.5倍", {"direction": "up", "change": 1.5, "change_unit": "倍"}),
    ("超过300名民警参战", {"value": 300, "unit": "名", "qualifier": "超"}),
    ("截至2021年12月12日，注册量为225.76万人", {"period": "截至2021年12月12日", "value": 2257600}),
    ("2021年破获案件871起", {"period": "2021年", "value": 871, "unit": "起"}),
    ("接处警效率平均提升30%", {"direction": "up", "change": 30, "change_unit": "%"}),
    ("全国已连续5年未发生暴恐案事件", {"value": 5, "unit": "年"}),
    ("交通事故四项指标同比大幅下降", {"direction": "down"}),
    ("全市交通事故同比下降15.64%", {"subject": "全市交通事故", "change": 15.64}),
    ("总计损失金额约1亿8千5百万元", {"value": 185000000, "unit": "元", "qualifier": "约"}),
    ("共涉及金额九十多万元", {"value": 900000, "unit": "元", "qualifier": "多"}),
    ("排名全省第一位", {"rank": 1, "rank_scope": "全省"}),
    ("三产占比与去年持平", {"direction": "flat", "change": 0, "subject": "三产占比"}),
    ("使中国成为世界公认的最安全地区之一", {"rank_scope": "世界", "subject": "使中国成为"}),
    ("民警只用了一个多月", {"value": 1, "unit": "个月", "qualifier": "多"}),
    ("公安机关多项工作走在全省前列", {"ranking": "全省前列", "rank_scope": "全省", "subject": "公安机关多项工作"}),
]


@pytest.mark.parametrize("quote, expected", TRICKY, ids=[q for q, _ in TRICKY])
def test_tricky_numbers(quote, expected):
    fields = metric_fields(quote)
    for key, value in expected.items():
        assert fields.get(key) == value, (key, fields)


# Text that holds numbers but no quantity: nothing becomes a value.
NOT_QUANTITIES = [
    "2021年",
    "1月10日",
    "第三个“中国人民警察节”",
    "第(193)期",
    "拨打110报警",
    "举报电话:18663509279",
    "鲁ICP备09083931号",
    "互联网新闻信息服务许可证37120180030",
    "2023-01-10 14:22:38",
    "党成立100周年之际",
    "“两个维护”",
    "80年辉煌历程",
    "“312”人才兴警工程",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_no_value_in_dates_ordinals_and_codes(text):
    fields = metric_fields(text)
    assert "value" not in fields and "change" not in fields


def test_period_from_context_when_quote_has_none():
    fields = metric_fields("破获案件871起", context="2021年，全市公安机关破获案件871起。")
    assert fields["period"] == "2021年"
    assert "period" not in metric_fields("破获案件871起")


def test_several_quantities_are_all_listed():
    fields = metric_fields("3268个校园安装智能前端1.4万路")
    assert [v["value"] for v in fields["values"]] == [3268, 14000]
    assert fields["value"] == 3268 and fields["unit"] == "个"


def test_values_are_ints_when_whole():
    assert isinstance(metric_fields("破获案件871起")["value"], int)
    assert isinstance(metric_fields("占57.46%")["value"], float)


@pytest.mark.parametrize("text, value", [
    ("1.4万", 14000), ("10,600", 10600), ("225.76万", 2257600), ("209.76亿", 20976000000),
    ("一千二百", 1200), ("两万三千", 23000), ("十二", 12), ("三百零五", 305), ("二〇二一", 2021),
    ("十万", 100000), ("一亿二千万", 120000000), ("１２３", 123),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "万"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None or text == "万"


@pytest.mark.parametrize("a, b", [
    ("“两个维护”", "两个维护"),
    ("‘两个维护’", "两个维护"),
    (" 两个维护 ", "两个维护"),
    ("“对党忠诚、服务人民、执法公正、纪律严明”", "对党忠诚，服务人民，执法公正，纪律严明"),
    ("“１+４+N”大监督格局", "1+4+N大监督格局"),
    ("「平安聊城」", "“平安聊城”"),
])
def test_slogan_canonical_makes_repeats_equal(a, b):
    assert slogan_canonical(a) == slogan_canonical(b)


def test_slogan_canonical_values():
    assert slogan_canonical("“对党忠诚、服务人民”") == "对党忠诚服务人民"
    assert slogan_canonical("“１+４+N”") == "1+4+N"
    assert slogan_canonical("两个维护") != slogan_canonical("两个确立")


def test_fields_for_labels():
    assert fields_for("slogan", "“两个维护”") == {"canonical": "两个维护"}
    assert fields_for("metric", "破获案件871起")["value"] == 871
    assert fields_for("anecdote", "霍先生来到阳谷县公安局。") == {}


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(["破获", "案件", "10600", "余", "起", "1.4", "万", "%", "同比", "提升", "下降", "全省",
                           "第一", "两", "成", "一千二百", "人", "2021年", "1月10日", "第三", "个", "，", "“", "”",
                           "亿", "元", "近", "超过", "以上", "截至", "倍", "个百分点", "0", "9", ",", "."])


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_metric_fields_never_fails_and_values_are_numbers(quote):
    fields = metric_fields(quote, context=quote)
    for key in ("value", "change"):
        if key in fields:
            assert isinstance(fields[key], (int, float))
    if "direction" in fields:
        assert fields["direction"] in ("up", "down")
    assert isinstance(slogan_canonical(quote), str)
