"""Metric detector: positive and negative examples."""

from __future__ import annotations

import pytest

from jingtui.suggest.metric import detect_metrics


def quotes(text):
    return [s.quote for s in detect_metrics(text)]


POSITIVE = [
    ("一年来，共破获刑事案件4978起，抓获刑事作案成员3540人。", ["共破获刑事案件4978起", "抓获刑事作案成员3540人"]),
    ("抓获犯罪嫌疑人621人，同比提升51.46%，破获案件871起。",
     ["抓获犯罪嫌疑人621人", "同比提升51.46%", "破获案件871起"]),
    ("全县固定资产投资完成246.79亿元，完成年度计划82.3%。", ["全县固定资产投资完成246.79亿元", "完成年度计划82.3%"]),
    ("命案攻坚和追逃成绩考核全省第一。", ["命案攻坚和追逃成绩考核全省第一"]),
    ("市公安局总分列36个市直部门第一。", ["市公安局总分列36个市直部门第一"]),
    ("交通事故四项指标同比大幅下降。", ["交通事故四项指标同比大幅下降"]),
    ("实现了涉校暴力案件“零发案”。", ["实现了涉校暴力案件“零发案”"]),
    ("受益群众近两成。", ["受益群众近两成"]),
    ("全年培训一千二百人次。", ["全年培训一千二百人次"]),
    ("工作绩效均位于全省前列。", ["工作绩效均位于全省前列"]),
    ("现行命案全部告破。", ["现行命案全部告破"]),
    ("累计办理身份证2000多万张。", ["累计办理身份证2000多万张"]),
]


@pytest.mark.parametrize("text, expected", POSITIVE, ids=[t for t, _ in POSITIVE])
def test_metric_clauses_found(text, expected):
    assert quotes(text) == expected


NEGATIVE = [
    "1月10日，第三个“中国人民警察节”如期而至。",
    "2021年是党和国家历史上具有非凡意义的一年。",
    "在党成立100周年之际，坚决完成党和人民交付的各项重大任务。",
    "开发区一女孩拨打110报警电话。",
    "本网违法和不良信息举报电话:18663509279",
    "鲁ICP备09083931号 鲁公网安备 37150202000134号",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
    "侦破部督“1.26”、任丘“8.20”案件的经过。",
    "系统展示滨州公安80年辉煌历程。",
    "大力实施“312”人才兴警工程。",
    "聊城新闻网 2006-2023 版权所有",
    "第(193)期",
    "一个个扎根基层服务群众的感人故事。",
    "推动5G网络建设。",
    "今年全省多地“新春第一会”聚焦优化营商环境。",  # an ordinal compound, not a ranking
    "第一时间赶到现场。",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_metric_in_dates_ordinals_codes_and_slogans(text):
    assert quotes(text) == []


def test_span_is_the_clause_not_the_paragraph():
    text = ("这一年，全市公安机关坚持民意导向，破获刑事案件10600余起，现行命案全部告破，"
            "始终将打击重点放在群众反映强烈的刑事犯罪之上。")
    found = detect_metrics(text)
    assert [s.quote for s in found] == ["破获刑事案件10600余起", "现行命案全部告破"]
    for s in found:
        assert text[s.start:s.end] == s.quote


def test_fields_reason_and_score():
    (s,) = detect_metrics("2021年，全市电诈案件发案同比下降16.5%。")
    assert s.label == "metric"
    assert s.fields["direction"] == "down" and s.fields["change"] == 16.5
    assert s.fields["period"] == "2021年"
    assert "change" in s.reason
    assert 0.9 <= s.score <= 1.0


def test_weak_evidence_scores_lower_than_strong():
    weak = detect_metrics("前后忙活7个小时。")[0]
    strong = detect_metrics("破获案件871起。")[0]
    assert weak.score < strong.score


def test_fields_of_suggestions_equal_metric_fields_of_their_quote():
    from jingtui.suggest.fields import metric_fields
    from jingtui.util.segment import sentence_spans, span_containing

    text = ("截至2021年12月12日，全市国家反诈中心App注册量为225.76万人，占全市人口的57.46%，"
            "抓获犯罪嫌疑人621人，同比提升51.46%。3268个校园安装智能前端1.4万路；考核全省第一。")
    sentences = sentence_spans(text)
    for s in detect_metrics(text):
        a, b = span_containing(sentences, s.start)
        assert s.fields == metric_fields(s.quote, context=text[a:b])
