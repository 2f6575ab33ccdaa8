"""HelpScreen and NoteDialog, pushed on a tiny host app."""

from __future__ import annotations

from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from jingtui.app.screens.help import HelpScreen
from jingtui.app.screens.note import NoteDialog

SECTIONS = [
    ("Articles", [("j ↓", "Next article in the list"), ("k ↑", "Previous article")]),
    ("Claims", [(str(n), f"Tag label {n}") for n in range(1, 4)] + [("x del", "Delete the claim")]),
    ("Long", [(f"key{n}", f"Description number {n}") for n in range(60)]),
]


class Host(App):
    def __init__(self) -> None:
        super().__init__()
        self.results: list = []

    def open(self, screen) -> None:
        self.push_screen(screen, self.results.append)


def shown_text(screen) -> str:
    """The plain text of every Static on the screen (Rich renderables rendered at 200 columns)."""
    import io

    from rich.console import Console

    out = []
    for static in screen.query(Static):
        content = static.content
        if isinstance(content, str):
            out.append(content)
            continue
        console = Console(width=200, file=io.StringIO(), color_system=None)
        with console.capture() as capture:
            console.print(content)
        out.append(capture.get())
    return "\n".join(out)


async def test_help_lists_every_group_and_key_and_closes_on_escape():
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open(HelpScreen(SECTIONS))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        text = shown_text(screen)
        for name, rows in SECTIONS:
            assert name in text
            for keys, description in rows:
                assert keys in text and description in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.results == [None]


async def test_help_scrolls_and_closes_on_q_and_question_mark():
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        for key in ("q", "question_mark"):
            app.open(HelpScreen(SECTIONS))
            await pilot.pause()
            scroll = app.screen.query_one("#help-scroll", VerticalScroll)
            assert scroll.has_focus
            assert scroll.max_scroll_y > 0  # 60 rows do not fit: it scrolls
            await pilot.press("pagedown")
            await pilot.pause()
            assert scroll.scroll_y > 0
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)
        assert app.results == [None, None]


async def test_help_with_no_sections():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open(HelpScreen([]))
        await pilot.pause()
        assert "No keys" in shown_text(app.screen)


async def test_note_prefilled_enter_saves_new_note():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open(NoteDialog("全年破获刑事案件1.4万起", "old"))
        await pilot.pause()
        assert "全年破获刑事案件1.4万起" in shown_text(app.screen)
        field = app.screen.query_one(Input)
        assert field.value == "old" and field.has_focus
        await pilot.press("end", "backspace", "backspace", "backspace", *"同比", "enter")
        await pilot.pause()
        assert app.results == ["同比"]
        assert not isinstance(app.screen, NoteDialog)


async def test_note_ctrl_s_saves_and_escape_cancels():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open(NoteDialog("quote"))
        await pilot.pause()
        await pilot.press(*"abc", "ctrl+s")
        await pilot.pause()
        app.open(NoteDialog("quote", "keep"))
        await pilot.pause()
        await pilot.press(*"zzz", "escape")
        await pilot.pause()
        assert app.results == ["abc", None]


async def test_note_can_be_cleared_and_quote_with_brackets_is_shown_literally():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open(NoteDialog("[bold]not markup[/bold] 【中】", "x"))
        await pilot.pause()
        assert "[bold]not markup[/bold]" in shown_text(app.screen)
        await pilot.press("backspace", "enter")
        await pilot.pause()
        assert app.results == [""]
