"""ExportDialog: choices, worker, progress, result path, copy, errors (fake engine and the real one)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, ProgressBar, Static

from jingtui.app.screens import export as export_screen
from jingtui.app.screens.export import ExportDialog, default_output, resolve_output, with_extension
from jingtui.errors import UserError


@dataclass
class Result:
    path: Path
    claims: int
    articles: int


class FakeEngine:
    def __init__(self, error: Exception | None = None, steps: int = 5) -> None:
        self.calls: list[dict] = []
        self.error = error
        self.steps = steps
        self.thread_names: list[str] = []

    def __call__(self, root, db_path, out, **options):
        self.calls.append({"root": root, "db_path": db_path, "out": out, **options})
        self.thread_names.append(threading.current_thread().name)
        if self.error is not None:
            raise self.error
        for n in range(self.steps + 1):
            options["progress"](n, self.steps)
        Path(out).write_text("{}", encoding="utf-8")
        return Result(Path(out), 7, 3)


class Host(App):
    def __init__(self) -> None:
        super().__init__()
        self.results: list = []


async def open_dialog(app, pilot, tmp_path: Path, engine, article: str | None = "002.html") -> ExportDialog:
    dialog = ExportDialog(tmp_path, tmp_path / ".jingtui" / "annotations.json", article, export_function=engine)
    app.push_screen(dialog, app.results.append)
    await pilot.pause()
    return dialog


async def wait_done(pilot, dialog: ExportDialog) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_path_helpers(tmp_path):
    from datetime import datetime

    out = default_output(tmp_path / ".jingtui" / "annotations.json", "w3c", datetime(2026, 1, 2, 3, 4, 5))
    assert out == tmp_path / ".jingtui" / "exports" / "annotations-20260102-030405.jsonld"
    assert with_extension("/x/a.jsonld", "csv") == "/x/a.csv"
    assert with_extension("/x/a.jsonl", "json") == "/x/a.json"
    assert with_extension("/x/a.json", "jsonl") == "/x/a.jsonl"
    assert with_extension("/x/a.txt", "csv") == "/x/a.txt"
    assert resolve_output("out/a.csv", tmp_path) == tmp_path / "out" / "a.csv"
    assert resolve_output("/abs/a.csv", tmp_path) == Path("/abs/a.csv")


async def test_default_export_runs_in_a_thread_and_shows_the_path(tmp_path):
    engine = FakeEngine()
    app = Host()
    async with app.run_test(size=(110, 36)) as pilot:
        dialog = await open_dialog(app, pilot, tmp_path, engine)
        path_field = dialog.query_one("#export-path", Input)
        assert path_field.value.startswith(str(tmp_path / ".jingtui" / "exports" / "annotations-"))
        assert path_field.value.endswith(".json")
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        (call,) = engine.calls
        assert call["fmt"] == "json" and call["scope"] == "all" and call["article"] is None
        assert call["include_text"] is False
        assert engine.thread_names[0] != threading.main_thread().name
        assert Path(call["out"]).exists()  # the default folder was created
        shown = str(dialog.query_one("#export-result", Static).content)
        assert "7 claims from 3 articles" in shown and str(call["out"]) in shown
        bar = dialog.query_one("#export-progress", ProgressBar)
        assert bar.percentage == 1
        # y copies the path (pyperclip may or may not work here: either way the app gets told)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [str(call["out"])]


async def test_format_scope_text_and_typed_path(tmp_path, monkeypatch):
    engine = FakeEngine()
    app = Host()
    async with app.run_test(size=(110, 36)) as pilot:
        dialog = await open_dialog(app, pilot, tmp_path, engine)
        # format: focus starts on the format radio set; move to csv and press it
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        assert dialog.fmt == "csv"
        assert dialog.query_one("#export-path", Input).value.endswith(".csv")
        # scope: this article
        await pilot.press("tab", "right", "enter")
        await pilot.pause()
        assert dialog.scope == "article"
        # include text
        await pilot.press("tab", "space")
        await pilot.pause()
        # path: a relative path, taken from the corpus folder
        await pilot.press("tab")
        field = dialog.query_one("#export-path", Input)
        assert field.has_focus
        field.value = "mine.csv"
        await pilot.press("enter")
        await wait_done(pilot, dialog)
        (call,) = engine.calls
        assert call["fmt"] == "csv" and call["scope"] == "article" and call["article"] == "002.html"
        assert call["include_text"] is True
        assert call["out"] == tmp_path / "mine.csv"


async def test_this_article_is_disabled_without_an_open_article(tmp_path):
    app = Host()
    async with app.run_test(size=(110, 36)) as pilot:
        dialog = await open_dialog(app, pilot, tmp_path, FakeEngine(), article=None)
        assert dialog.query_one("#scope-article").disabled


async def test_user_error_is_one_sentence_in_the_dialog(tmp_path):
    engine = FakeEngine(UserError("The folder /nope does not exist."))
    app = Host()
    async with app.run_test(size=(110, 36)) as pilot:
        dialog = await open_dialog(app, pilot, tmp_path, engine)
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        assert str(dialog.query_one("#export-error", Static).content) == "The folder /nope does not exist."
        assert dialog.result_path is None
        assert isinstance(app.screen, ExportDialog)  # still open: the reviewer can fix the path
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_unexpected_failure_is_shown_not_raised(tmp_path):
    app = Host()
    async with app.run_test(size=(110, 36)) as pilot:
        dialog = await open_dialog(app, pilot, tmp_path, FakeEngine(KeyError("x")))
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        assert "export failed" in str(dialog.query_one("#export-error", Static).content)


async def test_empty_path_is_refused(tmp_path):
    engine = FakeEngine()
    app = Host()
    async with app.run_test(size=(110, 36)) as pilot:
        dialog = await open_dialog(app, pilot, tmp_path, engine)
        dialog.query_one("#export-path", Input).value = "  "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert engine.calls == []
        assert "path" in str(dialog.query_one("#export-error", Static).content)
