"""The rows of the corpus search line their hits up in one column, whatever the characters around them:
curly quotes, ellipses and other characters of ambiguous width (one cell for Rich, two in a terminal set
for Chinese), wide characters, controls, format characters, emoji sequences; and hits of any length."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from jingtui.app.widgets.hit_list import FIXED_CELLS, article_label, context_cells, hit_row, position_label
from jingtui.app.widgets.steady_cells import certain_width, steady
from jingtui.search.kwic import Hit

AWKWARD = "‘’“”…—―·•①Ⅱ°℃αé○●│\t\x0b\x1b\u00ad\u200b\u200d\u2028\u202e\ufe0f\u0301🇨🇳👍🏻❤\u3000两个维护，。「」ｗ"
CHARS = st.one_of(st.sampled_from(AWKWARD), st.characters(exclude_categories=("Cs",)))
TEXT = st.text(CHARS, max_size=30)


def drawn_width(ch: str, ambiguous: int) -> int:
    """How a terminal draws ``ch``: East Asian Width ambiguous as ``ambiguous`` cells (1 in most
    terminals, 2 in one set for Chinese); the characters that terminals draw differently never reach
    a row (asserted)."""
    assert certain_width(ch) is not None, f"{ch!r} is drawn at a width terminals disagree on"
    if unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    eaw = unicodedata.east_asian_width(ch)
    return 2 if eaw in ("W", "F") else ambiguous if eaw == "A" else 1


def hit_cell(row) -> tuple[int, int, int]:
    """Where the hit starts: in Rich's cells, and as drawn by a terminal with ambiguous characters
    narrow, and wide."""
    span = next(s for s in row.spans if "reverse" in str(s.style) or "underline" in str(s.style))
    before = row.plain[:span.start]
    return cell_len(before), sum(drawn_width(c, 1) for c in before), sum(drawn_width(c, 2) for c in before)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(TEXT, st.text(CHARS, min_size=1, max_size=10), TEXT, TEXT,
                               st.integers(0, 5_000_000), st.booleans(), st.booleans()), min_size=1, max_size=5),
       width=st.integers(20, 220))
@example(rows=[("历史在“两个", "一百年", "”交汇", "", 548, False, False),
               ("坚决做到‘两个", "维护", "’，时刻", "沧州公安丨仰望2021星芒", 676, True, True),
               ("…… 做到", "两个维护", "", "擎旗奋进", 3, False, False)], width=125)
def test_the_hit_starts_at_the_same_cell_in_every_row(rows, width):
    column = FIXED_CELLS + context_cells(width)
    for left, hit, right, title, start, ticked, coded in rows:
        row = hit_row(Hit("a.txt", start, start + len(hit), left, hit, right, title), width, ticked=ticked,
                      code="slogan" if coded else None, colour="red" if coded else "")
        assert hit_cell(row) == (column, column, column)
        assert cell_len(row.plain) <= max(width, column + max(width // 3, 4))


def test_steady_keeps_what_is_certain_and_reads_like_the_text():
    assert steady("两个维护，ab 12。") == "两个维护，ab 12。"
    assert steady("“两个维护”‘它’……——·") == "\"两个维护\"'它'......--・"
    assert steady("a\tb\u200bc\u00ad①Ⅱ") == "a bc1II"
    assert steady("é") == "e\u0301" and cell_len(steady("é")) == 1
    assert all(certain_width(c) is not None for c in steady("🇨🇳👍🏻❤\ufe0f\u202eα"))


def test_labels_and_positions_have_fixed_widths():
    assert cell_len(article_label("x/a.txt", "“两个维护”的意义…—很长很长很长的标题")) == 18
    assert article_label("x/a.txt").startswith("a.txt")
    assert position_label(548) == "   548" and position_label(12_345_678) == "12345k"
