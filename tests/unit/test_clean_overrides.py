"""The reviewer's cleaning overrides: passages brought back or sent out, and body text lost aloud."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_clean_offsets import check_map

from conftest import SEEDS
from jingtui.clean.line_facts import build_lines
from jingtui.clean.loss import REMOVED_PROSE, SHORT_BODY, body_loss
from jingtui.clean.overrides import (
    RULE_DROPPED,
    RULE_KEPT,
    Overrides,
    block_key,
    bring_back,
    send_out,
    toggle_passage,
)
from jingtui.clean.pipeline import clean_article
from jingtui.clean.plain import article_from_text, read_file_article
from jingtui.corpus.formats import parse_text
from jingtui.corpus.model import Article

BODY = ("今年以来，全市经济运行总体平稳，主要指标好于预期，发展质量稳步提升。",
        "工业生产持续回升，规模以上工业增加值同比增长百分之六，高于全省平均水平。",
        "消费市场加快恢复，社会消费品零售总额增长百分之八，线上消费尤为活跃。")


def _page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def _line_at(clean, original: str, needle: str):
    start = original.index(needle)
    return next(ln for ln in clean.lines if ln.original_start <= start < ln.original_end)


def test_block_key_is_span_and_text_hash():
    original = "甲乙丙\n丁戊己"
    assert block_key(original, 0, 3) == block_key("甲乙丙\nXYZ", 0, 3)
    assert block_key(original, 0, 3) != block_key("甲乙丁\n丁戊己", 0, 3)
    assert block_key(original, 0, 3).startswith("0-3-")


def test_overrides_round_trip_and_drop_unknown_decisions():
    overrides = Overrides.from_dict({"1-2-abc": "keep", "3-4-def": "drop", "5-6-x": "maybe", 7: "keep"})
    assert overrides.as_dict() == {"1-2-abc": "keep", "3-4-def": "drop"}
    assert Overrides.from_dict(overrides.as_dict()) == overrides
    assert overrides.with_decision("1-2-abc", None).as_dict() == {"3-4-def": "drop"}
    assert Overrides().fingerprint() == "" and overrides.fingerprint()


def test_a_removed_line_is_brought_back_and_sent_out_again():
    text = _page("首页 | 新闻 | 关于我们", "经济运行稳中向好", *BODY, "版权所有 某某网")
    article = article_from_text(text)
    clean = clean_article(article)
    menu = _line_at(clean, text, "首页")
    assert menu.kind == "chrome" and "首页" not in clean.text
    kept = bring_back(clean, text, Overrides(), menu.original_start)
    again = clean_article(article, kept)
    assert "首页 | 新闻 | 关于我们" in again.text
    assert _line_at(again, text, "首页").rule == RULE_KEPT
    check_map(article, again)
    back = send_out(again, text, kept, menu.original_start)
    assert back == Overrides()
    assert clean_article(article, back).text == clean.text


def test_a_kept_paragraph_is_sent_out_and_its_neighbours_stay():
    text = _page("经济运行稳中向好", *BODY)
    article = article_from_text(text)
    clean = clean_article(article)
    out = send_out(clean, text, Overrides(), text.index("工业生产"))
    after = clean_article(article, out)
    assert "工业生产" not in after.text and BODY[0] in after.text and BODY[2] in after.text
    assert _line_at(after, text, "工业生产").rule == RULE_DROPPED
    overrides, what = toggle_passage(after, text, out, text.index("工业生产"))
    assert what == "kept" and overrides == Overrides()


def test_a_key_of_changed_text_is_ignored():
    text = _page("经济运行稳中向好", *BODY)
    out = Overrides.from_dict({block_key(text, text.index("工业生产"), text.index("工业生产") + 3): "drop"})
    assert clean_article(article_from_text(text), out).text == clean_article(article_from_text(text)).text


def _classified(*rows: tuple[str, str, str]):
    """Lines of a made-up page with the classes and rules given (text, class, rule)."""
    text = "\n".join(r[0] for r in rows)
    article = article_from_text(text)
    lines = build_lines(article.original, article.blocks)
    for line, (_, cls, rule) in zip(lines, rows, strict=True):
        line.cls, line.rule = cls, rule
        if cls == "image":
            line.kind = "image"
    return lines


def test_removed_prose_next_to_the_body_is_flagged_and_furniture_is_not():
    lead = "早上八点，大厅里排起了长队，秩序井然，群众有序办理业务。"
    lines = _classified(("经济运行稳中向好", "title", "title"), (lead, "chrome", "outside-content"),
                        (BODY[0], "body", "prose"), (BODY[1], "body", "prose"),
                        ("免责声明：本文仅供参考，不构成投资建议，据此操作风险自担。", "chrome", "chrome-pattern"),
                        ("photo.jpg", "image", "image"),
                        ("图为办事大厅现场，群众排队，秩序井然。", "caption", "caption-after-image"))
    findings = body_loss(lines)
    assert [kind for _, _, kind, _ in findings] == [REMOVED_PROSE]
    assert [f[0] for f in findings] == [lines[1].start]


def test_a_run_of_prose_captions_is_flagged_a_single_caption_is_not():
    leads = ["早上八点，大厅里排起了长队，秩序井然。", "一位老人说，他一早就来了，心里很高兴。",
             "工作人员说，今天来办事的人，比往常多了一倍。"]
    rows = [("photo.jpg", "image", "image")] + [(t, "caption", "before-body") for t in leads]
    lines = _classified(*rows, (BODY[0], "body", "prose"))
    findings = body_loss(lines)  # one passage of three blocks
    assert [(f[0], f[1], f[2]) for f in findings] == [(lines[1].start, lines[3].end, REMOVED_PROSE)]
    assert body_loss(_classified(rows[0], rows[1], (BODY[0], "body", "prose"))) == []


def _html_article(html: str):
    parsed = parse_text(html, ".html")
    return Article(path="x.html", meta=parsed.meta, original=parsed.original, blocks=parsed.blocks, format="html")


def test_a_short_body_against_the_page_prose_is_a_warning():
    prose = ["第一段正文，讲述了事情的起因，记者进行了深入的调查采访，获得了大量第一手材料。" * 2,
             "第二段正文，讲述了事情的经过，当事人接受采访时表示，将继续配合有关部门的工作。" * 2,
             "第三段正文，讲述了事情的结果，有关部门表示，将进一步加强监管，防止类似事件发生。" * 2]
    html = ("<html><body><div id='side'>" + "".join(f"<p>{p}</p>" for p in prose) + "</div>"
            "<div id='content'><h1>标题在这里</h1><p>只有一句正文，很短很短，其余都不在这里。</p>"
            "<p>免责声明：本文仅供参考，不构成投资建议，据此操作风险自担。</p></div></body></html>")
    clean = clean_article(_html_article(html))
    lost = [p for p in prose if p not in clean.text]
    assert lost  # the page's prose sits beside the container with the headline: the rules drop it
    kinds = [w.kind for w in clean.warnings]
    assert kinds.count(SHORT_BODY) == 1
    original = _html_article(html).original
    passages = [original[w.original_start : w.original_end] for w in clean.warnings if w.kind == REMOVED_PROSE]
    assert len(passages) < len(lost) + 1  # neighbouring blocks make one passage
    assert all(any(p in passage for passage in passages) for p in lost)
    # Brought back, it is in the text, and nothing is said about it any more.
    overrides = Overrides()
    for p in lost:
        at = clean.lines[0].original_start + _html_article(html).original.index(p)
        overrides = bring_back(clean, _html_article(html).original, overrides, at)
    again = clean_article(_html_article(html), overrides)
    assert all(p in again.text for p in prose)
    assert SHORT_BODY not in [w.kind for w in again.warnings]


def test_seeds_say_nothing_lost():
    for path in sorted(SEEDS.iterdir()):
        clean = clean_article(read_file_article(path))
        assert not [w for w in clean.warnings if w.kind in (REMOVED_PROSE, SHORT_BODY)], path.name


_LINE = st.sampled_from(["", "", "首页 | 新闻", "图为现场。", "版权所有", "本报记者 王某", "标题一行",
                         *BODY, "短句，没有结束", "image.jpg", "——副标题", "第二部分"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_LINE, min_size=1, max_size=12), picks=st.lists(st.integers(0, 400), max_size=4))
def test_overrides_keep_the_map_and_bring_back_then_send_out_is_the_identity(lines, picks):
    text = "\n".join(lines)
    article = article_from_text(text)
    clean = clean_article(article)
    if not text:
        return
    overrides = Overrides()
    current = clean
    for pick in picks:
        offset = pick % len(text)
        overrides, _ = toggle_passage(current, text, overrides, offset)
        current = clean_article(article, overrides)
        check_map(article, current)
        for i in range(len(current.text)):  # every cleaned character maps into the original
            s, e = current.to_original.span(i)
            assert 0 <= s <= e <= len(text)
    # Bring back everything the rules removed, then send it out again: the very same text and map.
    everything = bring_back(clean, text, Overrides(), 0, len(text))
    brought = clean_article(article, everything)
    check_map(article, brought)
    removed = [ln for ln in clean.lines if ln.kind not in ("title", "subtitle", "heading", "body", "image")]
    restored = everything
    for line in removed:
        restored = send_out(brought, text, restored, line.original_start, line.original_end)
    assert restored == Overrides()
    again = clean_article(article, restored)
    assert again.text == clean.text
    assert again.to_original.starts == clean.to_original.starts
