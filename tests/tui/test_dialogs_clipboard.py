"""copy_with_fallback (pyperclip, then OSC 52) and format_citation."""

from __future__ import annotations

import pyperclip
from textual.app import App

from jingtui.app.clipboard import (
    SYSTEM_CLIPBOARD,
    TERMINAL_CLIPBOARD,
    copy_with_fallback,
    format_citation,
)


class FakePyperclip:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.copied: list[str] = []

    def copy(self, text: str) -> None:
        if self.error is not None:
            raise self.error
        self.copied.append(text)


class FakeApp:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.copied: list[str] = []

    def copy_to_clipboard(self, text: str) -> None:
        if self.error is not None:
            raise self.error
        self.copied.append(text)


def test_system_clipboard_when_pyperclip_works():
    clip, app = FakePyperclip(), FakeApp()
    assert copy_with_fallback(app, "中文", pyperclip_module=clip) == SYSTEM_CLIPBOARD
    assert clip.copied == ["中文"]
    assert app.copied == []


def test_osc52_when_pyperclip_has_no_mechanism():
    clip = FakePyperclip(pyperclip.PyperclipException("could not find a copy/paste mechanism"))
    app = FakeApp()
    assert copy_with_fallback(app, "引文", pyperclip_module=clip) == TERMINAL_CLIPBOARD
    assert app.copied == ["引文"]


def test_osc52_when_pyperclip_fails_any_other_way():
    app = FakeApp()
    assert copy_with_fallback(app, "x", pyperclip_module=FakePyperclip(OSError("no display"))) == TERMINAL_CLIPBOARD
    assert app.copied == ["x"]


def test_never_raises_even_when_both_fail():
    clip = FakePyperclip(RuntimeError("boom"))
    app = FakeApp(RuntimeError("no driver"))
    assert copy_with_fallback(app, "x", pyperclip_module=clip) == TERMINAL_CLIPBOARD


async def test_osc52_reaches_a_real_textual_app():
    clip = FakePyperclip(pyperclip.PyperclipException("none"))
    app = App()
    async with app.run_test():
        assert copy_with_fallback(app, "“全年破获刑事案件1.4万起”", pyperclip_module=clip) == TERMINAL_CLIPBOARD
        assert app.clipboard == "“全年破获刑事案件1.4万起”"


def test_citation_full():
    text = format_citation(
        "全年破获刑事案件1.4万起", "metric", "公安工作综述", "某某日报", "2021-01-10", "news/002.html", note="对比2020"
    )
    assert (
        text
        == "“全年破获刑事案件1.4万起” — 公安工作综述, 某某日报, 2021-01-10 (news/002.html) [metric]\nNote: 对比2020"
    )


def test_citation_leaves_out_missing_parts_and_collapses_whitespace():
    text = format_citation("两个\n维护  ", "slogan", None, "", None, "a.md")
    assert text == "“两个 维护” (a.md) [slogan]"


def test_citation_without_path_or_label():
    assert format_citation("q", "", "T", "S", "2020-01-01", None) == "“q” — T, S, 2020-01-01"
