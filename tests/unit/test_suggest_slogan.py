"""Slogan detector and lexicon: positive and negative examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingtui.suggest.core import default_lexicon
from jingtui.suggest.lexicon import SloganLexicon, load_lexicon
from jingtui.suggest.slogan import detect_slogans


def quotes(text, lexicon=None):
    return [s.quote for s in detect_slogans(text, lexicon)]


POSITIVE = [
    ("打好“八大战役”，守好“八条底线”。", ["“八大战役”", "“八条底线”"]),
    ("从“三问计”切入。", ["“三问计”"]),
    ("深入开展党建带队建五大工程。", ["五大工程"]),
    ("以“两转两促三思考”为动力。", ["“两转两促三思考”"]),
    ("创新推出一室两队改革。", ["一室两队"]),
    ("确保公安队伍绝对忠诚、绝对纯洁、绝对可靠。", ["绝对忠诚、绝对纯洁、绝对可靠"]),
    ("牢牢把握对党忠诚、服务人民、执法公正、纪律严明总要求。", ["对党忠诚、服务人民、执法公正、纪律严明"]),
    ("推动纪律大整肃、作风大转变、形象大提升。", ["纪律大整肃、作风大转变、形象大提升"]),
    ("坚持政治建警，筑牢忠诚警魂。", ["坚持政治建警，筑牢忠诚警魂"]),
    ("建立“每日早会、每周例会、每月一题”工作机制。", ["“每日早会、每周例会、每月一题”"]),
    ("构建“1+4+N”大监督格局。", ["“1+4+N”大监督格局"]),
    ("坚决做到两个维护。", ["两个维护"]),
    ("增强四个意识、坚定四个自信、做到两个维护。", ["增强四个意识、坚定四个自信、做到两个维护"]),
]


@pytest.mark.parametrize("text, expected", POSITIVE, ids=[t for t, _ in POSITIVE])
def test_slogans_found_without_lexicon(text, expected):
    assert quotes(text) == expected


def test_lexicon_finds_unquoted_formulas():
    text = "坚决做到两个维护，毫不动摇坚持党对公安工作的绝对领导。"
    assert quotes(text) == ["两个维护"]  # the structural rule (a verb of commitment, N个 and a noun)
    assert quotes(text, default_lexicon()) == ["两个维护", "党对公安工作的绝对领导"]


def test_lexicon_tolerates_quotes_and_punctuation_but_not_line_breaks():
    lexicon = SloganLexicon.from_entries(["对党忠诚、服务人民", "平安中国"])
    assert [q for _, _, q in lexicon.find("“对党忠诚，服务人民”")] == ["对党忠诚、服务人民"]
    assert lexicon.find("平安\n中国") == []


NEGATIVE = [
    "侦破部督“1.26”、任丘“8.20”等案件。",  # case numbers
    "“七一”期间，全市公安机关重温入党誓词。",  # a date name
    "实现了涉校暴力案件“零发案”。",  # metric evidence in quotes
    "实现交通事故“双下降”。",
    "“您放心，我们为您办理。”他说。",  # speech, not a set phrase
    "他们一心一意地工作，一五一十地说明。",  # idioms with numerals
    "有挑战、有风险。",  # two short items are not a run
    "疫情防控、乡村振兴、便民惠民等领域。",  # a list of nouns is not a slogan
    "市局机关整合治安、巡警、户政等部门。",
    "坚持三个月的专项整治。",
    "经历了三个环环相扣的环节。",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_slogans(text):
    assert quotes(text) == []


def test_nested_candidates_merge_into_one_with_canonical_field():
    found = detect_slogans("牢牢把握“对党忠诚、服务人民、执法公正、纪律严明”总要求。", default_lexicon())
    assert len(found) == 1
    (s,) = found
    assert s.quote == "“对党忠诚、服务人民、执法公正、纪律严明”"
    assert s.fields == {"canonical": "对党忠诚服务人民执法公正纪律严明"}
    assert "lexicon" in s.reason and "quoted" in s.reason


def test_corpus_lexicon_is_merged(tmp_path: Path):
    (tmp_path / ".jingtui").mkdir()
    (tmp_path / ".jingtui" / "slogans.txt").write_text("# mine\n六个新聊城\t本地口号\n", encoding="utf-8")
    merged = load_lexicon(tmp_path)
    assert "六个新聊城" in merged.entries
    assert "两个维护" in merged.entries
    assert "六个新聊城" not in load_lexicon(None).entries
    assert [q for _, _, q in merged.find("建设六个新聊城")] == ["六个新聊城"]


def test_shipped_lexicon_reads_and_skips_comments():
    from jingtui.suggest.lexicon import parse_entries
    from jingtui.util.resources import read_data_text

    entries = parse_entries(read_data_text("slogans.txt"))
    assert "两个维护" in entries
    assert not any(e.startswith("#") for e in entries)
    assert len(entries) >= 50


def test_lexicon_not_utf8_is_a_user_error(tmp_path: Path):
    from jingtui.errors import UserError

    (tmp_path / ".jingtui").mkdir()
    (tmp_path / ".jingtui" / "slogans.txt").write_bytes("两个维护".encode("utf-16"))
    with pytest.raises(UserError):
        load_lexicon(tmp_path)


@pytest.mark.parametrize("text", ["租了一个一室一厅的房子。", "一月挣个百八十块。", "一点一滴做起。"])
def test_everyday_numeral_pairs_are_not_formulas(text):
    assert quotes(text) == []


def test_first_person_set_phrase_is_a_slogan_but_speech_is_not():
    assert quotes("深入开展“我为群众办实事”实践活动。") == ["“我为群众办实事”"]
    assert quotes("他说：“我来得匆忙，没有带材料”。") == []


@pytest.mark.parametrize("text", ["贾铭毅获评“全国最美基层民警”。", "沧州被授牌“平安中国建设示范市”。",
                                  "20位民警获得“2021最美基层民警”称号。", "第三个“中国人民警察节”如期而至。"])
def test_honour_titles_and_holidays_are_not_slogans(text):
    assert quotes(text) == []


def test_named_campaigns_score_higher_than_words_in_quotes():
    (campaign,) = detect_slogans("深入开展“净网”专项行动。")
    assert campaign.score >= 0.8
    assert detect_slogans("守好群众的“钱袋子”。") == []  # one quoted word, no evidence: emphasis (issue 13)


# Issue 13: spans never cut inside a counted number; a single quoted word needs evidence.
from jingtui.suggest.corpus import repeated_quoted_words  # noqa: E402
from jingtui.suggest.slogan import detect_slogans as _detect  # noqa: E402


def _quotes(text: str, **kwargs) -> list[str]:
    return [s.quote for s in _detect(text, None, **kwargs)]


def test_no_formula_is_cut_out_of_an_ordinal_session_or_a_counted_number():
    text = "深入学习贯彻党的二十届四中全会精神，为实现第二个百年奋斗目标而团结奋斗。十九届六中全会召开。"
    for quote in _quotes(text):
        assert "十届四中" not in quote and not quote.startswith(("二个百年", "十届", "九届"))


def test_a_single_quoted_word_needs_evidence():
    text = "他在一家龙头公司里坐“火箭”，带出了一支好“团队”。"
    assert _quotes(text) == []
    assert _quotes(text, repeated=frozenset({"火箭"})) == ["“火箭”"]
    listed = _quotes("深入开展“昆仑”“净网”等专项打击，政务服务“不说不”、“点滴警务”为民解忧。")
    assert any("昆仑" in q for q in listed) and any("不说不" in q for q in listed)


def test_words_quoted_in_two_articles_repeat():
    assert repeated_quoted_words(["坐“火箭”的人", "又坐“火箭”", "好“团队”"]) == frozenset({"火箭"})
