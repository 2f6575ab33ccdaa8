"""The code picker on a 300-code codebook: any code by its hint in at most 4 keystrokes (hint + enter),
by name, path or pinyin initials, and a new code offered when nothing matches."""

from __future__ import annotations

from textual.app import App

from codebook_sample import large_codebook
from jingtui.app.screens.code_picker import CodePicker, NewCode
from jingtui.codebook import parse_codebook
from jingtui.codebook.finder import CodeFinder

SMALL = """
[[codes]]
id = "econ"
name = "经济"
[[codes]]
id = "prices"
name = "物价"
parent = "econ"
key = "5"
"""


class PickerApp(App):
    def __init__(self, book) -> None:
        super().__init__()
        self.book = book
        self.finder = CodeFinder(book)
        self.picked: list = []

    def on_mount(self) -> None:
        self.push_screen(CodePicker(self.book, self.finder), self.picked.append)


async def test_every_code_is_its_hint_and_enter_away_in_a_300_code_codebook() -> None:
    book = large_codebook()
    app = PickerApp(book)
    async with app.run_test(size=(100, 30)) as pilot:
        for entry in app.finder.entries[::37]:  # a spread of codes, each picked anew
            await pilot.pause()
            keys = [*entry.hint, "enter"]
            assert len(keys) <= 4
            await pilot.press(*keys)
            await pilot.pause()
            assert app.picked[-1] == entry.code.id
            await app.push_screen(CodePicker(book, app.finder), app.picked.append)


async def test_pinyin_initials_path_and_a_new_code() -> None:
    app = PickerApp(parse_codebook(SMALL))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("w", "j", "enter")
        assert app.picked[-1] == "prices"
        await app.push_screen(CodePicker(app.book, app.finder), app.picked.append)
        await pilot.pause()
        for ch in "经济/工资":
            await pilot.press(ch)
        await pilot.press("down", "enter")  # the last row: a new code under 经济
        await pilot.pause()
        assert app.picked[-1] == NewCode("工资", "econ")
        await app.push_screen(CodePicker(app.book, app.finder), app.picked.append)
        await pilot.pause()
        await pilot.press("escape")
        assert app.picked[-1] is None
