"""Anecdote detector: positive and negative examples."""

from __future__ import annotations

import pytest

from jingtui.suggest.anecdote import detect_anecdotes


def quotes(text):
    return [s.quote for s in detect_anecdotes(text)]


POSITIVE = [
    "2021年8月，滨州公安辅警彭丽丽跪在地上拨打随访电话的视频在滨州广泛传播。",
    "霍先生来到阳谷县公安局。",
    "茌平区樊大哥家就要下崽的老母猪突然不见了，派出所民警前后忙活7个小时，终于让它回家。",
    "3月5日凌晨，一名男子在青年路酒驾被查。",
    "当天下午，社区民警王建国赶到李庄村，把走失的老人送回家中。",
    "办案民警立即前往平阴县进行追踪研判，在日照将该团伙一网打尽。",
]


@pytest.mark.parametrize("text", POSITIVE)
def test_anecdote_sentences_found(text):
    assert quotes(text) == [text]


def test_quoted_words_of_ordinary_people():
    text = "“阳谷县公安局服务真方便，一次性帮我解决了实际困难。”霍先生户籍地在济南。"
    found = detect_anecdotes(text)
    assert found[0].quote == "“阳谷县公安局服务真方便，一次性帮我解决了实际困难。”"
    assert "quoted words" in found[0].reason


NEGATIVE = [
    # an official speaking at a meeting is not a story
    "“要深刻认识两个确立的决定性意义，坚决做到两个维护。”张文阁副市长在专题民主生活会上强调。",
    "近日，习近平总书记就政法工作作出重要指示。",
    "副市长、市公安局局长董留民出席会议并讲话。",
    # set phrases in quotation marks, with first person pronouns or not
    "深入开展“我为群众办实事”实践活动。",
    "以“转观念促发展，转作风促落实”为目标。",
    # general statements without a particular person, time or place
    "全市公安机关坚持以人民为中心，不断提升服务水平。",
    "在每一个群众需要救助的时刻，滨州公安队伍都用实际行动证明自己。",
    "破获刑事案件10600余起，抓获嫌疑人10200余人。",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_anecdotes(text):
    assert quotes(text) == []


def test_spans_point_into_text_and_do_not_overlap():
    text = "前言。霍先生来到阳谷县公安局。“我来得匆忙，没有带材料。”全科警长刘敏热情接待了他。"
    found = detect_anecdotes(text)
    assert len(found) == 3
    last = 0
    for s in found:
        assert text[s.start:s.end] == s.quote
        assert s.start >= last
        last = s.end


def test_an_official_stating_policy_is_not_an_anecdote():
    assert quotes("宿迁市委书记王昊说，要坚定不移贯彻新发展理念，把稳把牢高质量发展方向盘。") == []
    assert quotes("温先生对救援队长说，能派人到洞里去搜一搜，是他的最后一个请求。") != []
