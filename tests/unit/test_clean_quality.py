"""The character-bigram F1 used to score extraction against the references."""

from __future__ import annotations

import pytest

from jingtui.clean.quality import bigram_f1


def test_identical_and_whitespace_insensitive():
    assert bigram_f1("今天天气很好。", "今天 天气\n很好。") == 1.0


def test_disjoint_and_empty():
    assert bigram_f1("甲乙丙", "丁戊己") == 0.0
    assert bigram_f1("", "") == 1.0
    assert bigram_f1("", "有内容") == 0.0 and bigram_f1("有内容", "") == 0.0


def test_partial_overlap_is_symmetric_f1():
    reference = "一二三四五六七八九十"
    candidate = "一二三四五"  # 4 of 9 reference bigrams, all 4 candidate bigrams correct
    precision, recall = 1.0, 4 / 9
    assert bigram_f1(candidate, reference) == pytest.approx(2 * precision * recall / (precision + recall))
    assert bigram_f1(reference, candidate) == pytest.approx(bigram_f1(candidate, reference))


def test_repeated_bigrams_count_as_a_multiset():
    assert bigram_f1("哈哈哈哈", "哈哈") < 1.0
