"""Sentence and clause boundaries (public helpers shared with the reader)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.util.segment import clause_spans, sentence_spans, span_containing


def pieces(text, spans):
    return [text[s:e] for s, e in spans]


def test_sentences_end_at_chinese_stops():
    text = "破获案件871起。同比提升16.13%！还有吗？有；当然…好"
    assert pieces(text, sentence_spans(text)) == ["破获案件871起。", "同比提升16.13%！", "还有吗？", "有；", "当然…",
                                                  "好"]


def test_sentence_takes_closing_quote_and_ellipsis_runs():
    text = "“您放心，我们为您办理。”全科警长刘敏热情接待了他。她坐累了就跪着打……从早到晚。"
    assert pieces(text, sentence_spans(text)) == [
        "“您放心，我们为您办理。”", "全科警长刘敏热情接待了他。", "她坐累了就跪着打……", "从早到晚。"]


def test_stop_inside_quotation_does_not_end_sentence():
    text = "他说“好。不好”然后走了。下一句。"
    assert pieces(text, sentence_spans(text)) == ["他说“好。不好”然后走了。", "下一句。"]


def test_newline_always_ends_sentence_and_whitespace_is_trimmed():
    text = "  第一段没有句号\n第二段。  \n\n第三段"
    assert pieces(text, sentence_spans(text)) == ["第一段没有句号", "第二段。", "第三段"]


def test_ascii_punctuation_next_to_han_counts_but_not_in_numbers():
    text = "共1,000人,时间14:22;完成!"
    assert pieces(text, sentence_spans(text)) == ["共1,000人,时间14:22;", "完成!"]
    assert pieces(text, clause_spans(text)) == ["共1,000人", "时间14:22", "完成"]


def test_clauses_cut_at_commas_not_inside_quotes():
    text = "——以“转观念促发展，转作风促落实”为目标，促进思想大解放、能力大提升。"
    assert pieces(text, clause_spans(text)) == ["以“转观念促发展，转作风促落实”为目标", "促进思想大解放", "能力大提升"]
    assert pieces(text, clause_spans(text, enumeration=False)) == [
        "以“转观念促发展，转作风促落实”为目标", "促进思想大解放、能力大提升"]


def test_unbalanced_quote_does_not_swallow_the_line():
    text = "著力打造“聊城二哥，东昌大姨热心市民队伍。下一句，还有。"
    assert len(sentence_spans(text)) == 2
    assert len(clause_spans(text)) == 4


def test_span_containing():
    spans = [(0, 3), (5, 9)]
    assert span_containing(spans, 6) == (5, 9)
    assert span_containing(spans, 4) is None
    assert span_containing(spans, 0) == (0, 3)


ALPHABET = st.sampled_from(list("甲乙丙丁。，、！？；…“”‘’\n 12%,.:;!?"))


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_spans_are_ordered_disjoint_and_trimmed(text):
    for spans in (sentence_spans(text), clause_spans(text), clause_spans(text, enumeration=False)):
        last = 0
        for s, e in spans:
            assert last <= s < e <= len(text)
            assert "\n" not in text[s:e]
            assert not text[s].isspace() and not text[e - 1].isspace()
            last = e


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_sentences_cover_every_non_space_character(text):
    covered = set()
    for s, e in sentence_spans(text):
        covered.update(range(s, e))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


_WORDS = st.text(alphabet=st.sampled_from(list("甲乙丙丁12%")), min_size=1, max_size=6).flatmap(
    lambda w: st.sampled_from([w, f"“{w}”", f"{w}“{w}、{w}”"]))
_SEPS = st.sampled_from(["、", "，", "。", "；", "\n", "！", "……", "："])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_WORDS, _SEPS), max_size=12))
def test_merge_enumerations_equals_clauses_without_enumeration(parts):
    """Where 、 stands between words (as it does in prose), merging gives the same clauses."""
    from jingtui.util.segment import merge_enumerations

    text = "".join(w + sep for w, sep in parts)
    assert merge_enumerations(text, clause_spans(text)) == clause_spans(text, enumeration=False)
