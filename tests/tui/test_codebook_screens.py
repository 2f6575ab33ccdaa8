"""The codebook panel (tree, counts, definition, actions) and the keyboard form for fields and variables."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Static

from jingtui.app.screens.codebook_panel import CodebookPanel, PanelAction
from jingtui.app.screens.field_form import FieldForm
from jingtui.codebook import FieldSpec, parse_codebook

BOOK = parse_codebook("""
[[codes]]
id = "econ"
name = "经济"
definition = "关于经济的陈述"

[[codes]]
id = "prices"
name = "物价"
parent = "econ"
key = "5"
definition = "物价涨跌"
""")


class Host(App):
    def __init__(self, screen) -> None:
        super().__init__()
        self.first = screen
        self.result: list = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.result.append)


async def test_panel_shows_tree_counts_definition_unknown_codes_and_returns_actions() -> None:
    app = Host(CodebookPanel(BOOK, {"econ": 2, "prices": 3}, current="prices", unknown={"gone": 4}))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        details = str(app.screen.query_one("#panel-details", Static).render())
        assert "经济/物价" in details and "物价涨跌" in details and "3 claims" in details
        await pilot.press("up")
        await pilot.pause()
        details = str(app.screen.query_one("#panel-details", Static).render())
        assert "2 claims, 3 more below it" in details
        await pilot.press("M")
        await pilot.pause()
        assert app.result[-1] == PanelAction("merge", "econ")
    app = Host(CodebookPanel(BOOK, unknown={"gone": 4}))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert app.result[-1] == PanelAction("recode_unknown", "gone")


async def test_form_checks_types_and_takes_choices_by_number() -> None:
    specs = [FieldSpec("value", "数值", "number"), FieldSpec("dir", "方向", "choice", ("上涨", "下降")),
             FieldSpec("when", "日期", "date")]
    app = Host(FieldForm("Fields", specs, {"raw": "3起"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"abc", "enter", "2", "enter", *"2024-3-5", "enter")
        await pilot.pause()
        assert not app.result  # "abc" is not a number: said, not saved
        assert "数值 is a number" in str(app.screen.query_one("#form-error", Static).render())
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press(*"1,200", "ctrl+s")
        await pilot.pause()
        assert app.result[-1] == {"raw": "3起", "value": 1200, "dir": "下降", "when": "2024-03-05"}
