"""The reader under a codebook of one's own: code keys, the picker, fields and variables forms, a new code
and a rename from the panel (written back keeping comments, undone with u), colours, reloading the file."""

from __future__ import annotations

from pathlib import Path

from jingtui.app.app import JingtuiApp
from jingtui.codebook import load_codebook

SIZE = (160, 48)
BOOK = """# 编码表（注释会保留）
[[codes]]
id = "econ"
name = "经济"
colour = "#cc6600"

[[codes]]
id = "prices"
name = "物价"
parent = "econ"
key = "4"
colour = "teal"

[[codes.fields]]
id = "value"
name = "数值"
type = "number"

[[codes]]
id = "metric"
name = "数字"
key = "1"

[[variables]]
id = "genre"
name = "体裁"
type = "choice"
choices = ["消息", "评论"]
"""


def body_sentence(app: JingtuiApp, nth: int = 3) -> tuple[int, int]:
    spans = [s for s in app.reader.cleaned_pane.nav.spans if s[1] - s[0] >= 6]
    return spans[min(nth, len(spans) - 1)]


async def test_keys_picker_forms_panel_and_undo(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "codebook.toml").write_text(BOOK, encoding="utf-8")
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader, pane = app.reader, app.reader.cleaned_pane
        start, _ = body_sentence(app, 3)
        pane.move_to_offset(start + 1)
        await pilot.press("4")  # the key of 物价
        await pilot.pause()
        assert [c.label for c in reader.claims] == ["prices"]
        assert reader.claims[0].codebook_version == app.codebook.version
        painted = {cls for spans in pane.decorations.spans.values() for _a, _b, cls in spans}
        assert "code:#008080:0" in painted  # teal, from the codebook, in both panes
        assert "code:#008080:0" in {cls for spans in reader.original_pane.decorations.spans.values()
                                    for _a, _b, cls in spans}
        assert pane.get_line(pane.index.location(start)[0]).spans  # the style is applied
        # f: the fields form of the claim under the cursor
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"1.4万".replace("万", ""), "enter")
        await pilot.pause()
        assert reader.claims[0].fields.get("value") == 1.4
        # c: the picker, by pinyin initials (经济 -> jj), recodes the claim under the cursor
        await pilot.press("c", "j", "j", "enter")
        await pilot.pause()
        assert [c.label for c in reader.claims] == ["econ"]
        # F: the article's variables, a choice by its number
        await pilot.press("F")
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        assert app.store.get_state(reader.current).variables == {"genre": "评论"}
        # C, r: rename 经济 in the panel; the file keeps its comment; u undoes
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        for _ in range(2):
            await pilot.press("backspace")
        await pilot.press(*"经济类", "enter")
        await pilot.pause()
        text = (seeds_copy / "codebook.toml").read_text(encoding="utf-8")
        assert text.startswith("# 编码表（注释会保留）") and 'name = "经济类"' in text
        assert app.codebook.name_of("econ") == "经济类" and [c.label for c in reader.claims] == ["econ"]
        await pilot.press("u")
        await pilot.pause()
        assert (seeds_copy / "codebook.toml").read_text(encoding="utf-8") == BOOK
        assert app.codebook.name_of("econ") == "经济"
        # a new code from the picker: typed name, the "new code" row, tagged at once
        pane.move_to_offset(body_sentence(app, 5)[0] + 1)
        await pilot.press("c", *"工资", "down", "enter")
        await pilot.pause()
        assert "工资" in [c.name for c in load_codebook(seeds_copy).codes]
        assert "工资" in [app.codebook.name_of(c.label) for c in reader.claims]


async def test_a_broken_edit_of_the_file_is_said_and_the_codebook_kept(seeds_copy: Path, tmp_path: Path) -> None:
    path = seeds_copy / "codebook.toml"
    path.write_text(BOOK, encoding="utf-8")
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = app.codebook
        path.write_text(BOOK.replace('key = "4"', 'key = "1"'), encoding="utf-8")  # a duplicate key
        app.reader.coding.check_file()
        await pilot.pause()
        assert app.codebook is before
        assert any("key '1' is used twice" in str(n.message) for n in app._notifications)
        path.write_text(BOOK.replace('name = "物价"', 'name = "价格"'), encoding="utf-8")
        app.reader.coding.check_file()
        await pilot.pause()
        assert app.codebook.name_of("prices") == "价格"


async def test_suggestions_in_the_reader_carry_the_codes_of_their_detectors(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "codebook.toml").write_text(
        BOOK.replace(
            'id = "metric"\nname = "数字"\nkey = "1"',
            'id = "numbers"\nname = "数字"\nkey = "1"\nsuggested_by = "metric"',
        ),
        encoding="utf-8",
    )
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):  # the first article is read and cleaned in the background
            if app.reader.current_clean() is not None:
                break
            await pilot.pause(0.05)
        found = app.reader.annotator.unreviewed_suggestions()
        assert found and {s.label for s in found} == {"numbers"}  # slogan and anecdote: no code names them


async def test_the_palette_offers_each_code(seeds_copy: Path, tmp_path: Path) -> None:
    from jingtui.app.providers import JingtuiCommands

    (seeds_copy / "codebook.toml").write_text(BOOK, encoding="utf-8")
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        provider = JingtuiCommands(app.screen)
        names = [name for _entry, name in provider._commands()]
        assert "Tag with 经济/物价 [prices]  (4)" in names


async def test_help_lists_the_codes_and_their_keys(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "codebook.toml").write_text(BOOK, encoding="utf-8")
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        sections = dict(app.screen.sections)
        assert ("4", "经济/物价: tag with it") in sections["Codes (codebook.toml)"]


async def test_the_footer_names_keys_1_2_3_after_the_codebook(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "codebook.toml").write_text(BOOK, encoding="utf-8")  # 1: 数字; no code has 2 or 3
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.reader.cleaned_pane._bindings.key_to_bindings
        assert table["1"][0].description == "数字" and table["1"][0].show
        assert not table["2"][0].show
        await pilot.press("2")
        await pilot.pause()
        assert app.reader.claims == [] and "No code has the key 2" in app.reader.status_message
