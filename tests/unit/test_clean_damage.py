"""Damaged-text warnings: the six sites of seed 002, no false alarm elsewhere."""

from __future__ import annotations

import re

import pytest

from conftest import CORPUS, SEEDS
from jingtui.clean.damage import (
    find_damage,
    find_entities,
    find_glued_question_marks,
    find_mixed_script,
    find_private_use,
    find_rare_runs,
    find_replacement,
)
from jingtui.clean.pipeline import clean_article
from jingtui.clean.plain import read_file_article


def seed(number: str):
    path = next(SEEDS.glob(f"{number}_*"))
    return read_file_article(path)


# The six damaged sites of seed 002, as text found in the original.
SITES_002 = [r"聊城日\?qǐng\)\?bào\)  2023", r"以新\?lián\).?\?dāng\)新", r"兼\?zhèn\)涞难策壏揽匦赂窬\?。",
             r"打\?ldquo;", r"我們\?yōu\)槟.?k理", r"聊城日\?qǐng\)\?bào\)社"]


def _site_spans(original: str) -> list[tuple[int, int]]:
    spans = []
    for site in SITES_002:
        match = re.search(site, original)
        assert match, site
        spans.append(match.span())
    return spans


def test_all_six_sites_of_002_flagged():
    article = seed("002")
    clean = clean_article(article)
    spans = _site_spans(article.original)
    for start, end in spans:
        assert any(w.original_start < end and w.original_end > start for w in clean.warnings), (start, end)
    # and every warning belongs to one of the sites
    for w in clean.warnings:
        assert any(w.original_start < end and w.original_end > start for start, end in spans), w


def test_warning_spans_in_text_point_at_the_damage():
    clean = clean_article(seed("002"))
    in_text = [w for w in clean.warnings if w.end > w.start]
    assert in_text
    for w in in_text:
        s, e = clean.to_original.to_original(w.start, w.end)
        assert s < w.original_end and e > w.original_start


@pytest.mark.parametrize("number", ["000", "001", "003", "004"])
def test_no_false_alarm_on_clean_seeds(number):
    assert clean_article(seed(number)).warnings == []


def test_detectors_one_by_one():
    assert [d.kind for d in find_replacement("好\ufffd\ufffd的")] == ["replacement"]
    assert find_replacement("好的") == []
    assert [(d.start, d.end) for d in find_private_use("a\ue000\ue001b")] == [(1, 3)]
    assert [d.kind for d in find_entities("打?ldquo;聊城")] == ["entity"]
    assert [d.kind for d in find_entities("见&nbsp;面")] == ["entity"]
    assert find_entities("the ldquo; is fine when glued to a word: xldquo;") != []  # stranded after space
    assert find_entities("normal text; with semicolons; 没有实体;") == []


def test_glued_question_marks():
    assert find_glued_question_marks("怎么办?霍先生来到") == []  # a real question
    assert find_glued_question_marks("你去吗?我不去") == []
    assert len(find_glued_question_marks("新格局?。着力")) == 1
    assert len(find_glued_question_marks("着力打?ldquo;聊城")) == 1
    assert find_glued_question_marks("娱乐圈受黑社会控制?明星挨打") == []  # one may be rhetorical
    assert len(find_glued_question_marks("我们为民服务?工作，大家?力支持")) == 2
    assert find_glued_question_marks("真的控制?明星\n他们害怕?大家") == []  # one per line: rhetorical
    assert find_glued_question_marks("Why? Because") == []


def test_rare_runs_and_mixed_script():
    assert find_rare_runs("我们今天去公园散步。") == []
    assert find_rare_runs("鬱鬯齉龘爩靐") != []
    garbled = "裴逸群表示\ue0de挥芯\ue132\ue426哟ビ肫し舨馐裕\ue0e6\ue370遣恢"
    runs = find_rare_runs(garbled)
    assert runs and runs[0].start <= 5 and runs[-1].end >= len(garbled) - 3
    assert find_rare_runs("これは日本語の文章です。カタカナもある。") == []  # Japanese text is not garbled
    assert find_rare_runs("茌平区樊大哥家的老母猪") == []
    assert find_rare_runs("「佢哋話你係同黨，佢哋供咗你出嚟。」") == []  # written Cantonese
    assert find_mixed_script("構建空地一體、攻防兼涞难策壏揽匦赂窬", "traditional") != []
    assert find_mixed_script("這是一個台湾的名字", "traditional") == []  # one stray character
    assert find_mixed_script("这是简体文字", "simplified") == []


def test_corpus_warnings_only_where_the_bytes_are_bad():
    """Of the 24 real pages only page 20 (a bad byte run in GBK) has damage inside its text."""
    from conftest import CORPUS as corpus
    from jingtui.clean.plain import read_file_article

    flagged = set()
    for path in sorted(corpus.iterdir()):
        if not path.name[:2].isdigit():
            continue
        clean = clean_article(read_file_article(path))
        if any(w.end > w.start for w in clean.warnings):
            flagged.add(path.name[:2])
    assert flagged == {"20"}


def test_corpus_pages_do_not_crash_the_detector():
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".txt", ".md"):
            text = path.read_bytes().decode("utf-8", errors="replace")
            find_damage(text)


def test_pathological_text_is_bounded():
    found = find_damage("中?" * 20000)  # was quadratic once: this would take minutes
    assert 1 <= len(found) <= 300
