"""Keys typed ahead: a key that opens a text field (``/`` the in-article search, ``/`` the list filter,
``e`` a note, ``c`` the code picker, ``ctrl+f`` the corpus search) followed at once by a word, as a
terminal delivers them when the app is busy or the reviewer types fast: the word goes to the field,
never to the pane under it (where ``x`` deletes a claim and ``y`` copies).

``pilot.press`` waits for the app to be idle after each key, so it never shows this; ``type_ahead``
posts every key to the app at once, as the terminal driver does with a burst of input."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.keys import _character_to_key

from jingtui.app.app import JingtuiApp

SIZE = (160, 48)


async def type_ahead(pilot, *keys: str) -> None:
    """Post ``keys`` to the app in one burst (the driver's way), then wait until they are handled."""
    app = pilot.app
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        app.post_message(events.Key(name, key if len(key) == 1 else None))
    await pilot.pause()
    await pilot.pause()


async def test_slash_then_a_word_at_once_searches_for_the_word(seeds_copy: Path, tmp_path: Path) -> None:
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.reader
        pane = reader.cleaned_pane
        await pilot.press("v", "1")  # a claim under the cursor: x would delete it
        assert len(app.store.claims()) == 1
        await type_ahead(pilot, "/", "x", "y", "两")
        assert app.focused is reader.search_field
        assert reader.search_field.value == "xy两"
        assert len(app.store.claims()) == 1  # x never reached the pane
        await pilot.press("escape")
        assert app.focused is pane


async def test_press_slash_then_a_word_searches_for_the_word(seeds_copy: Path, tmp_path: Path) -> None:
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", "x", "y")
        assert app.reader.search_field.value == "xy"


async def test_slash_in_the_list_then_a_word_at_once_filters_by_the_word(seeds_copy: Path, tmp_path: Path) -> None:
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        articles = app.reader.article_list
        articles.options.focus()
        await pilot.pause()
        opened = app.reader.current
        await type_ahead(pilot, "/", "j", "k", "公")  # j and k would move in the list
        field = articles.query_one("#list-filter")
        assert app.focused is field and field.value == "jk公"
        assert app.reader.current == opened


async def test_keys_that_open_a_dialog_then_a_word_at_once(seeds_copy: Path, tmp_path: Path) -> None:
    from jingtui.app.screens.code_picker import CodePicker
    from jingtui.app.screens.note import NoteDialog

    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v", "1")
        await type_ahead(pilot, "e", "x", "y")  # the note of the claim under the cursor
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one("#note-input").value == "xy"
        assert len(app.store.claims()) == 1
        await pilot.press("escape")
        await type_ahead(pilot, "c", "s", "l")  # the code picker
        assert isinstance(app.screen, CodePicker)
        assert app.screen.query_one("#picker-input").value == "sl"
        await pilot.press("escape")
        await pilot.pause()
        await type_ahead(pilot, "ctrl+f", "x", "y")  # the corpus search, the first time
        await pilot.pause()
        assert app.screen.query_one("#search-query").value == "xy"
        assert len(app.store.claims()) == 1
        await pilot.press("escape")
        await type_ahead(pilot, "ctrl+f", "x", "y")  # and again (its query line, the text selected)
        screen = app.screen
        assert screen.query_one("#search-query").value == "xy"
        assert len(app.store.claims()) == 1
        screen.set_focus(screen.hit_list)
        await type_ahead(pilot, "f", "d", "o", "n", "e", ":", "n", "o")  # the filter line
        assert screen.query_one("#search-filters").value == "done:no"
        screen.set_focus(screen.hit_list)
        await type_ahead(pilot, "/", "w", "a")  # the query line, its text replaced
        assert screen.query_one("#search-query").value == "wa"
        assert screen.hit_list.ticked == set()  # a (all) never reached the list


async def test_a_screen_that_never_gets_ready_keeps_no_key(seeds_copy: Path, tmp_path: Path) -> None:
    from textual.screen import Screen

    from jingtui.app.type_ahead import HOLD_AT_MOST_S, TypesAhead

    class NeverReady(TypesAhead, Screen[None]):
        def __init__(self) -> None:
            super().__init__()
            self.keys: list[str] = []

        def on_key(self, event: events.Key) -> None:
            self.keys.append(event.key)

    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = NeverReady()
        app.push_screen(screen)
        await type_ahead(pilot, "a", "b")
        assert screen.keys == []  # held a moment
        await pilot.pause(HOLD_AT_MOST_S + 0.3)
        assert screen.keys == ["a", "b"]  # then handed on as Textual would
