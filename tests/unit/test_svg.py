"""fix_cjk_text_widths and split_text_into_cells (scripts/cjk_svg.py, the screenshot script's helpers)
on small SVGs shaped like Rich's export."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from cjk_svg import fix_cjk_text_widths, split_text_into_cells  # noqa: E402 - from the scripts folder

W = 12.2  # Rich's default cell width (20 px * 0.61)


def run(content: str, length: float, x: float = 0, y: float = 20, cls: str = "r1") -> str:
    return (
        f'<text class="terminal-1-{cls}" x="{x:g}" y="{y:g}" textLength="{length:g}" '
        f'clip-path="url(#terminal-1-line-0)">{content}</text>'
    )


def svg(*runs: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg"><g>'
        '<text class="terminal-1-title" fill="#c5c8c6" text-anchor="middle" x="374" y="27">标题</text>'
        + "".join(runs)
        + "</g></svg>"
    )


def lengths(svg_text: str) -> list[float]:
    return [round(float(v), 6) for v in re.findall(r'textLength="([^"]+)"', svg_text)]


def cells(*counts: int) -> list[float]:
    return [round(n * W, 6) for n in counts]


def test_chinese_run_gets_two_cells_per_character():
    doc = svg(run("abc", 3 * W), run("全年破获", 4 * W, x=3 * W))
    fixed = fix_cjk_text_widths(doc)
    assert lengths(fixed) == cells(3, 8)


def test_mixed_run_counts_cells_of_unescaped_text():
    # "1.4万起&#160;&lt;&amp;&gt;" unescapes to "1.4万起 <&>": 9 characters, 11 cells.
    content = "1.4万起&#160;&lt;&amp;&gt;"
    doc = svg(run("ok", 2 * W), run(content, 9 * W))
    fixed = fix_cjk_text_widths(doc)
    assert lengths(fixed) == cells(2, 11)
    assert content in fixed  # the text itself is untouched


def test_ascii_only_svg_is_unchanged_byte_for_byte():
    doc = svg(run("hello&#160;world", 11 * W), run("&quot;q&quot;&#160;&#x27;x&#x27;", 7 * W, x=11 * W))
    assert fix_cjk_text_widths(doc) == doc


def test_title_without_text_length_is_left_alone():
    doc = svg(run("中文", 2 * W))
    fixed = fix_cjk_text_widths(doc)
    assert 'x="374" y="27">标题</text>' in fixed


def test_newline_runs_keep_their_length():
    doc = svg(run("中", W), run("\n", W, x=2 * W))
    assert lengths(fix_cjk_text_widths(doc)) == cells(2, 1)


def test_applying_twice_changes_nothing_more():
    doc = svg(run("abc", 3 * W), run("中文&#160;text", 7 * W, x=3 * W))
    once = fix_cjk_text_widths(doc)
    assert fix_cjk_text_widths(once) == once
    assert lengths(once) == cells(3, 9)


def test_other_cell_width_is_read_from_the_svg():
    w = 10.0
    doc = svg(run("abcd", 4 * w), run("汉字", 2 * w))
    assert lengths(fix_cjk_text_widths(doc)) == [4 * w, 4 * w]


def test_full_width_punctuation_counts_two_cells():
    doc = svg(run("ab", 2 * W), run("“好”，", 4 * W))
    # “ and ” are ambiguous-width (one cell in Rich), ， is full width: 6 cells.
    assert lengths(fix_cjk_text_widths(doc)) == cells(2, 6)


def test_split_places_each_character_on_its_cell():
    doc = svg(run("a", W), run("中b&amp;", 3 * W, x=W))
    split = split_text_into_cells(doc)
    texts = re.findall(r'<text class="terminal-1-r1" x="([^"]+)"[^>]*>([^<]*)</text>', split)
    assert texts == [("0", "a"), (f"{W:g}", "中"), (f"{3 * W:g}", "b"), (f"{4 * W:g}", "&amp;")]
    assert "textLength" not in split
    assert 'clip-path="url(#terminal-1-line-0)"' in split


def test_split_drops_spaces_but_keeps_positions():
    doc = svg(run("ab", 2 * W), run("x&#160;y", 3 * W, x=2 * W))
    split = split_text_into_cells(doc)
    xs = re.findall(r'x="([^"]+)"[^>]*>y</text>', split)
    assert xs == [f"{4 * W:g}"]
    assert "&#160;" not in split and "\xa0" not in split


def test_real_screenshot_of_chinese_text():
    import asyncio

    from textual.app import App
    from textual.widgets import Static

    class Shot(App):
        def compose(self):
            yield Static("abc 全年破获刑事案件1.4万起 end")

    async def take() -> str:
        app = Shot()
        async with app.run_test(size=(40, 3)):
            return app.export_screenshot()

    raw = asyncio.run(take())
    fixed = fix_cjk_text_widths(raw)
    pattern = r'textLength="([^"]+)"[^>]*>abc&#160;全年破获刑事案件1\.4万起&#160;end(?:&#160;)*</text>'
    (before,) = re.findall(pattern, raw)
    (after,) = re.findall(pattern, fixed)
    # 10 of the run's characters are wide: the fixed run is 10 cells longer, the rest is unchanged.
    assert round(float(after) - float(before), 6) == round(10 * W, 6)
    assert re.sub(r'textLength="[^"]+"', "", raw) == re.sub(r'textLength="[^"]+"', "", fixed)


def _screenshots_module():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"
    spec = importlib.util.spec_from_file_location("screenshots_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_screenshot_script_raster_copy_uses_local_cjk_fonts():
    shots = _screenshots_module()
    doc = (
        "<svg><style>.t { font-family: Fira Code, monospace; }</style>"
        + run("ab", 2 * W)
        + run("中文", 2 * W, x=2 * W)
        + "</svg>"
    )
    raster = shots.raster_svg(fix_cjk_text_widths(doc))
    assert "Noto Sans Mono CJK SC" in raster and "Fira Code" not in raster
    assert raster.count("<text") == 4 and "textLength" not in raster


def test_screenshot_script_picks_generic_sentences():
    shots = _screenshots_module()
    text = ("标题在这里而且很长很长很长\n全年破获刑事案件1.4万起，同比上升百分之十二。坚持“两个维护”不动摇决不含糊。"
            "他在村口的老槐树下站了一整天，一直等着迟迟未归的小儿子回家吃晚饭。")
    spans = []
    start = 0
    for i, ch in enumerate(text):
        if ch in "。\n":
            spans.append((start, i + 1))
            start = i + 1
    chosen = shots.pick_sentences(text, spans)
    keys = {key: text[offset - 1 : offset + 5] for offset, key in chosen}
    assert keys["1"].startswith("全年") and keys["2"].startswith("坚持") and keys["3"].startswith("他在")


def test_split_keeps_combining_marks_with_their_letter():
    doc = svg(run("ab", 2 * W), run("中i\u0301x", 4 * W, x=2 * W))
    split = split_text_into_cells(doc)
    texts = re.findall(r'x="([^"]+)"[^>]*>([^<]*)</text>', split)
    assert (f"{4 * W:g}", "i\u0301") in texts and (f"{5 * W:g}", "x") in texts
