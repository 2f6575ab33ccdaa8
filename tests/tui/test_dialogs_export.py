"""ExportDialog: choices, worker, progress, result path, copy, errors (fake engine and the real one)."""

from __future__ import annotations

import threading
from pathlib import Path

import pyperclip
from textual.app import App
from textual.widgets import Input, ProgressBar, Static

from jingtui.app.screens.export import ExportDialog, default_output, resolve_output, shown_path, with_extension
from jingtui.errors import UserError
from jingtui.export.run import ExportResult


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
        return ExportResult(Path(out), 7, 3)


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
    assert shown_path(tmp_path / ".jingtui" / "exports" / "a.json", tmp_path) == ".jingtui/exports/a.json"
    assert shown_path(Path("/elsewhere/db/exports/a.json"), tmp_path) == "/elsewhere/db/exports/a.json"


async def test_a_corpus_opened_by_a_relative_path_exports_where_the_dialog_says(tmp_path, monkeypatch):
    """``jingtui open seeds``: the default path shown, taken from the corpus folder, is beside the database
    (it once became seeds/seeds/.jingtui/exports/…)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    engine = FakeEngine()
    app = Host()
    async with app.run_test(size=(110, 36)) as pilot:
        dialog = ExportDialog(Path("seeds"), Path("seeds/.jingtui/annotations.json"), None, export_function=engine)
        app.push_screen(dialog, app.results.append)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        (call,) = engine.calls
        out = Path(call["out"]).resolve()
        assert out.parent == (tmp_path / "seeds" / ".jingtui" / "exports").resolve()
        assert out.exists() and not (tmp_path / "seeds" / "seeds").exists()


async def test_default_export_runs_in_a_thread_and_shows_the_path(tmp_path, monkeypatch):
    engine = FakeEngine()
    app = Host()
    async with app.run_test(size=(110, 36)) as pilot:
        dialog = await open_dialog(app, pilot, tmp_path, engine)
        path_field = dialog.query_one("#export-path", Input)
        assert path_field.value.startswith(".jingtui/exports/annotations-")  # from the corpus folder
        assert path_field.value.endswith(".json")
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        (call,) = engine.calls
        assert call["fmt"] == "json" and call["scope"] == "all" and call["article"] is None
        assert call["include_text"] is False and call["force"] is False
        assert engine.thread_names[0] != threading.main_thread().name
        assert Path(call["out"]).exists()  # the default folder was created
        shown = str(dialog.query_one("#export-result", Static).content)
        assert "7 claims from 3 articles" in shown and str(call["out"]) in shown
        bar = dialog.query_one("#export-progress", ProgressBar)
        assert bar.percentage == 1
        # y copies the path: through pyperclip, else the terminal's clipboard (OSC 52), which Textual keeps
        def no_system_clipboard(text: str) -> None:
            raise pyperclip.PyperclipException("no copy mechanism here")

        monkeypatch.setattr(pyperclip, "copy", no_system_clipboard)
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == str(call["out"])
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
        # path: a relative path, taken from the corpus folder (past "Replace any file")
        await pilot.press("tab", "tab")
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


def _store_with_claims(root: Path, db: Path) -> str:
    """Two claims on the first seed (by its real cleaned text); returns the article path."""
    from jingtui.app import services
    from jingtui.store.claims import ClaimStore
    from jingtui.store.model import make_claim

    path = services.discover_paths(root)[0]
    clean = services.Cleaner(root).clean(services.read_article(root, path))
    text = clean.text
    store = ClaimStore.open(db)
    try:
        store.add(make_claim(path, text, 0, 6, "metric", text_sha256=clean.sha256, reviewer="r"))
        store.add(make_claim(path, text, 8, 14, "slogan", text_sha256=clean.sha256, reviewer="r", note="注"))
    finally:
        store.close()
    return path


async def test_real_export_engine_json_and_csv(seeds_copy):
    import csv
    import json

    db = seeds_copy / ".jingtui" / "annotations.json"
    article = _store_with_claims(seeds_copy, db)
    app = Host()
    async with app.run_test(size=(110, 36)) as pilot:
        dialog = ExportDialog(seeds_copy, db, article)
        app.push_screen(dialog, app.results.append)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        assert str(dialog.query_one("#export-error", Static).content) == ""
        out = dialog.result_path
        assert out is not None and out.suffix == ".json" and out.parent == seeds_copy / ".jingtui" / "exports"
        document = json.loads(out.read_text(encoding="utf-8"))
        assert document["format"] == "jingtui/annotations"
        claims = [c for a in document["articles"] for c in a["claims"]]
        assert sorted(c["label"] for c in claims) == ["metric", "slogan"]
        assert "2 claims from 1 article" in str(dialog.query_one("#export-result", Static).content)

        # csv, this article only, to a typed path (focus is on "Copy path" after an export)
        assert dialog.query_one("#export-copy").has_focus
        dialog.query_one("#export-format").focus()
        await pilot.press("right", "right", "enter")  # csv
        await pilot.press("tab", "right", "enter")  # this article
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = "out.csv"
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        assert dialog.result_path == seeds_copy / "out.csv"
        raw = (seeds_copy / "out.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
        assert len(rows) == 2


async def test_real_export_engine_refuses_a_missing_folder(seeds_copy, tmp_path):
    db = seeds_copy / ".jingtui" / "annotations.json"
    _store_with_claims(seeds_copy, db)
    app = Host()
    async with app.run_test(size=(110, 36)) as pilot:
        dialog = ExportDialog(seeds_copy, db, None)
        app.push_screen(dialog, app.results.append)
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = str(tmp_path / "no" / "such" / "folder" / "x.json")
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        error = str(dialog.query_one("#export-error", Static).content)
        assert error and "\n" not in error and "Traceback" not in error
        assert dialog.result_path is None


def test_result_line():
    from jingtui.app.screens.export import describe_result

    assert describe_result(ExportResult(Path("x"), 1, 1)) == "Exported 1 claim from 1 article to x"
    assert describe_result(ExportResult(Path("x"), 2, 3)) == "Exported 2 claims from 3 articles to x"
    assert describe_result(ExportResult(Path("x"), 0, 0)) == (
        "No claims in this scope: an empty export was written to x")


async def test_real_engine_refuses_a_foreign_file_until_replace_is_ticked(seeds_copy):
    db = seeds_copy / ".jingtui" / "annotations.json"
    _store_with_claims(seeds_copy, db)
    foreign = seeds_copy / "notes.json"
    foreign.write_text('{"mine": true}', encoding="utf-8")
    app = Host()
    async with app.run_test(size=(110, 36)) as pilot:
        dialog = ExportDialog(seeds_copy, db, None)
        app.push_screen(dialog, app.results.append)
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = "notes.json"
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        error = str(dialog.query_one("#export-error", Static).content)
        assert "Replace any file" in error and "--force" not in error
        assert foreign.read_text(encoding="utf-8") == '{"mine": true}'
        dialog.query_one("#export-force").value = True
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        assert dialog.result_path == foreign
        assert '"jingtui/annotations"' in foreign.read_text(encoding="utf-8")


async def test_real_engine_writes_a_refi_project_with_the_chosen_counting(seeds_copy):
    import zipfile

    db = seeds_copy / ".jingtui" / "annotations.json"
    _store_with_claims(seeds_copy, db)
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        dialog = ExportDialog(seeds_copy, db, None)
        app.push_screen(dialog, app.results.append)
        await pilot.pause()
        positions = dialog.query_one("#export-positions")
        assert positions.disabled  # only a REFI project counts positions
        await pilot.press("left", "enter")  # the last format: qdpx
        await pilot.pause()
        assert dialog.fmt == "qdpx" and not positions.disabled
        assert dialog.query_one("#export-text").disabled  # the texts are always in a project
        assert dialog.query_one("#export-path", Input).value.endswith(".qdpx")
        await pilot.press("tab", "right", "enter")  # positions: utf16
        await pilot.pause()
        assert dialog.counting == "utf16"
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        assert str(dialog.query_one("#export-error", Static).content) == ""
        out = dialog.result_path
        assert out is not None and out.suffix == ".qdpx"
        assert "jingtui counting: utf16" in zipfile.ZipFile(out).read("project.qde").decode()
        result = str(dialog.query_one("#export-result", Static).content)
        assert "all 2 selections read back with their quotes" in result
