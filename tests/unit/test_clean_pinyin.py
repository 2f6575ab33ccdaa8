"""Pinyin annotations: removed when real, kept when they are ordinary parentheses."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS
from jingtui.clean.pinyin import REPLACEMENT, find_pinyin, strip_pinyin


@pytest.mark.parametrize(
    "text, expected",
    [
        ("銳評(píng)", "銳評"),
        ("忠誠(chéng)衛(wèi)士", "忠誠衛士"),
        ("綠(lǜ)色", "綠色"),
        ("攻防兼?zhèn)的", f"攻防兼{REPLACEMENT}的"),
        ("日?qǐng)?bào)社", f"日{REPLACEMENT}{REPLACEMENT}社"),
    ],
)
def test_annotations_removed(text, expected):
    assert strip_pinyin(text) == expected


@pytest.mark.parametrize(
    "text",
    ["第(193)期", "一村(格)一警", "許可證(魯)字第720號", "世界卫生组织(WHO)", "反诈中心(App)", "他说(see above)",
     "咖啡馆(café)", "(píng) at line start", "English (déjà vu) words", "一村(区)一警"],
)
def test_legitimate_parentheses_kept(text):
    assert strip_pinyin(text) == text


def test_seed_002_has_454_annotations_8_damaged():
    text = next(SEEDS.glob("002_*")).read_text(encoding="utf-8")
    edits = find_pinyin(text)
    assert len(edits) == 454
    assert sum(e.damaged for e in edits) == 8
    stripped = strip_pinyin(text)
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", stripped)
    assert "許可證(魯)字" in stripped


@pytest.mark.parametrize("number", ["000", "001", "003", "004"])
def test_no_annotation_in_simplified_seeds(number):
    text = next(SEEDS.glob(f"{number}_*")).read_text(encoding="utf-8")
    assert find_pinyin(text) == []
