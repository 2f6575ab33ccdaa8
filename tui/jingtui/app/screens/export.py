"""The export dialog (``ctrl+e``): format, output path, scope, text; runs the export in a thread.

Default output path: ``<folder of the database>/exports/annotations-<YYYYMMDD-HHMMSS>.<ext>``, which is
``<corpus>/.jingtui/exports/...`` with the default database. It sits beside the database on purpose:
when the corpus folder is read-only and the database was moved with ``--db``, exports still land
somewhere writable. That folder is created when needed; a path typed by the reviewer is used as given
(``~`` expanded; a relative path is taken from the corpus folder) and a missing folder there is reported
by the export itself in one sentence.

Extensions: json ``.json``, jsonl ``.jsonl``, csv ``.csv``, w3c ``.jsonld``, qdpx ``.qdpx`` (a REFI-QDA
project; its "Positions" row, enabled only for it, says how selections count characters, and the
result line says whether every selection read back with its quote). Changing the format changes the
extension of the path when it still ends in one of these.

"Replace any file" passes ``force``: without it, an existing file that is not a jingtui export is
refused (the export engine decides; our own exports are replaced).

The dialog dismisses with the written path (a ``str``) after a successful export, or ``None``.
Keys: ``ctrl+s`` (or ``enter`` in the path field, or the Export button) exports; ``y`` copies the
result path once it is written; ``escape`` closes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, RadioButton, RadioSet, Static
from textual.worker import get_current_worker

from jingtui.app import keymap, services
from jingtui.app.screens.dialog import DialogScreen
from jingtui.errors import UserError
from jingtui.export.formats import EXTENSIONS as TEXT_EXTENSIONS
from jingtui.export.formats import FORMATS as TEXT_FORMATS
from jingtui.export.run import SCOPES, ExportResult, export_corpus

if TYPE_CHECKING:
    from jingtui.export.qdpx_export import QdpxResult

    ExportFunction = Callable[..., ExportResult | QdpxResult]

SCOPE_LABELS = {"all": "All articles", "article": "This article", "done": "Done only"}
FORMATS = (*TEXT_FORMATS, "qdpx")
EXTENSIONS = {**TEXT_EXTENSIONS, "qdpx": ".qdpx"}
COUNTINGS = ("codepoints", "utf16", "nvivo")


def default_output(db_path: Path | str, fmt: str, now: datetime | None = None, *, root: Path | None = None) -> Path:
    """``<db folder>/exports/annotations-<YYYYMMDD-HHMMSS>.<ext>`` (for a team database, under the corpus
    ``root``'s ``.jingtui``)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return services.exports_folder(root, db_path) / f"annotations-{stamp}{EXTENSIONS[fmt]}"


def with_extension(path: str, fmt: str) -> str:
    """``path`` with its extension switched to ``fmt``'s when it ends in one of ours."""
    for ext in sorted(EXTENSIONS.values(), key=len, reverse=True):
        if path.endswith(ext):
            return path[: -len(ext)] + EXTENSIONS[fmt]
    return path


def resolve_output(text: str, root: Path) -> Path:
    """The path typed in the dialog: ``~`` expanded, relative paths taken from the corpus folder."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else Path(root) / path


def shown_path(path: Path, root: Path) -> str:
    """``path`` as the dialog shows it, so that :func:`resolve_output` gives it back: relative to the
    corpus folder when inside it (``.jingtui/exports/…``), else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(os.path.abspath(root)))
    except ValueError:
        return str(absolute)


def for_the_dialog(message: str) -> str:
    """The engine's sentence, with command-line advice turned into the dialog's own controls."""
    return message.replace("add --force to replace it", "tick “Replace any file” to replace it")


def describe_result(result: ExportResult | QdpxResult) -> str:
    """One line: how many claims from how many articles went where (a REFI-QDA export: the counting
    and the check after writing too)."""
    return result.summary()


class ExportDialog(DialogScreen[str | None]):
    """Export the annotations of the corpus ``root`` (database ``db_path``).

    ``article_path`` is the open article (for the "this article" scope; disabled when ``None``).
    ``export_function`` replaces the export engine (tests); by default it is
    ``jingtui.export.export_corpus``.
    """

    DEFAULT_CSS = """
    ExportDialog > #export-box {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
    }
    ExportDialog .export-row {
        height: auto;
    }
    ExportDialog .export-row > Label {
        width: 9;
        padding-top: 1;
        color: $text-muted;
    }
    ExportDialog RadioSet {
        layout: horizontal;
        width: 1fr;
        height: auto;
    }
    ExportDialog #export-path {
        width: 1fr;
    }
    ExportDialog #export-text {
        width: 1fr;
    }
    ExportDialog #export-buttons {
        height: auto;
        align-horizontal: right;
    }
    ExportDialog #export-buttons Button {
        margin-left: 1;
    }
    ExportDialog #export-progress {
        margin: 1 0 0 0;
        display: none;
    }
    ExportDialog #export-progress.running {
        display: block;
    }
    ExportDialog #export-result {
        height: auto;
        color: $success;
    }
    ExportDialog #export-error {
        height: auto;
        color: $error;
    }
    ExportDialog #export-copy {
        display: none;
    }
    ExportDialog #export-copy.ready {
        display: block;
    }
    """

    BINDINGS = keymap.bindings("export")

    def __init__(
        self,
        root: Path,
        db_path: Path | str,
        article_path: str | None,
        *,
        export_function: ExportFunction | None = None,
    ) -> None:
        super().__init__()
        self.root = Path(root)
        self.db_path = services.parse_location(db_path)  # a file, or a team database's URL
        self.article_path = article_path
        self.export_function = export_function
        self.fmt = "json"
        self.counting = "codepoints"
        self.scope = "all"
        self.running = False
        self.result_path: Path | None = None
        self._default_path = shown_path(default_output(self.db_path, self.fmt, root=self.root), self.root)

    # ---- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog-box") as box:
            box.border_title = "Export annotations"
            box.border_subtitle = "ctrl+s export · y copy path · esc close"
            with Horizontal(classes="export-row"):
                yield Label("Format")
                with RadioSet(id="export-format"):
                    for fmt in FORMATS:
                        yield RadioButton(fmt, value=fmt == self.fmt, id=f"format-{fmt}")
            with Horizontal(classes="export-row"):
                yield Label("Positions")
                with RadioSet(id="export-positions", disabled=self.fmt != "qdpx"):
                    for counting in COUNTINGS:
                        yield RadioButton(counting, value=counting == self.counting, id=f"positions-{counting}")
            with Horizontal(classes="export-row"):
                yield Label("Scope")
                with RadioSet(id="export-scope"):
                    for scope in SCOPES:
                        yield RadioButton(
                            SCOPE_LABELS[scope],
                            value=scope == self.scope,
                            id=f"scope-{scope}",
                            disabled=scope == "article" and not self.article_path,
                        )
            with Horizontal(classes="export-row"):
                yield Label("Options")
                yield Checkbox("Include the cleaned text", id="export-text")
                yield Checkbox("Replace any file", id="export-force")
            with Horizontal(classes="export-row"):
                yield Label("To")
                yield Input(self._default_path, id="export-path", select_on_focus=False)
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static("", id="export-result", markup=False)
            yield Static("", id="export-error", markup=False)
            with Horizontal(id="export-buttons"):
                yield Button("Copy path", id="export-copy")
                yield Button("Export", id="export-run", variant="primary")
                yield Button("Close", id="export-close")

    def on_mount(self) -> None:
        self.query_one("#export-format", RadioSet).focus()

    # ---- choices --------------------------------------------------------------------------
    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = (event.pressed.id or "format-json").removeprefix("format-")
        field = self.query_one("#export-path", Input)
        field.value = with_extension(field.value, self.fmt)
        self._default_path = with_extension(self._default_path, self.fmt)
        self.query_one("#export-positions", RadioSet).disabled = self.fmt != "qdpx"
        self.query_one("#export-text", Checkbox).disabled = self.fmt == "qdpx"  # a project always holds the texts

    @on(RadioSet.Changed, "#export-positions")
    def _positions_changed(self, event: RadioSet.Changed) -> None:
        self.counting = (event.pressed.id or "positions-codepoints").removeprefix("positions-")

    @on(RadioSet.Changed, "#export-scope")
    def _scope_changed(self, event: RadioSet.Changed) -> None:
        self.scope = (event.pressed.id or "scope-all").removeprefix("scope-")

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    @on(Button.Pressed, "#export-run")
    def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_export()

    @on(Button.Pressed, "#export-close")
    def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    @on(Button.Pressed, "#export-copy")
    def _copy_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_copy_path()

    # ---- actions --------------------------------------------------------------------------
    def action_close(self) -> None:
        if self.running:
            self.notify("The export is still running; it will finish in a moment.")
            return
        self.dismiss(str(self.result_path) if self.result_path else None)

    def action_copy_path(self) -> None:
        if self.result_path is None:
            return
        from jingtui.app.clipboard import copy_with_fallback

        where = copy_with_fallback(self.app, str(self.result_path))
        self.notify(f"Path copied to the {where}.")

    def action_export(self) -> None:
        if self.running:
            return
        text = self.query_one("#export-path", Input).value
        self._show_error("")
        if not text.strip():
            self._show_error("Type the path of the file to write.")
            return
        out = resolve_output(text, self.root)
        if text.strip() == self._default_path:
            try:  # our own default folder: create it; a folder the reviewer typed must exist
                out.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self._show_error(f"Cannot create the folder {out.parent}: {exc.strerror or exc}.")
                return
        if self.scope == "article" and not self.article_path:
            self._show_error("No article is open: choose another scope.")
            return
        self.running = True
        self.result_path = None
        self.query_one("#export-copy").remove_class("ready")
        self.query_one("#export-result", Static).update("")
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("running")
        self.query_one("#export-run", Button).disabled = True
        self._export(
            out,
            fmt=self.fmt,
            scope=self.scope,
            article=self.article_path if self.scope == "article" else None,
            include_text=self.query_one("#export-text", Checkbox).value,
            force=self.query_one("#export-force", Checkbox).value,
            counting=self.counting,
        )

    # ---- the worker -----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="export")
    def _export(
        self, out: Path, *, fmt: str, scope: str, article: str | None, include_text: bool, force: bool = False,
        counting: str = "codepoints",
    ) -> None:
        worker = get_current_worker()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done < total and now - last[0] < 0.05:  # at most ~20 updates a second
                return
            last[0] = now
            if not worker.is_cancelled:
                self.app.call_from_thread(self._progress, done, total)

        try:
            function = self.export_function or export_corpus
            result = function(
                self.root,
                self.db_path,
                out,
                fmt=fmt,
                scope=scope,
                article=article,
                include_text=include_text,
                force=force,
                progress=progress,
                counting=counting,
            )
        except UserError as exc:
            message = for_the_dialog(str(exc))
            self.app.call_from_thread(self._finished, None, message, None)
        except OSError as exc:
            message = f"Cannot write {out}: {exc.strerror or exc}."
            self.app.call_from_thread(self._finished, None, message, None)
        except Exception as exc:  # noqa: BLE001 - edge: a worker; a bug in the engine shown as one sentence
            message = f"The export failed ({type(exc).__name__}: {exc})."
            self.app.call_from_thread(self._finished, None, message, None)
        else:
            self.app.call_from_thread(self._finished, result.path or out, "", result)

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=max(total, 1), progress=done)

    def _finished(self, path: Path | None, error: str, result: ExportResult | QdpxResult | None) -> None:
        self.running = False
        self.query_one("#export-run", Button).disabled = False
        bar = self.query_one("#export-progress", ProgressBar)
        if path is None:
            bar.remove_class("running")
            self._show_error(error)
            return
        if bar.total is None:
            bar.update(total=1, progress=1)
        else:
            bar.update(progress=bar.total)
        self.result_path = path
        assert result is not None  # a path comes with the export's result
        self.query_one("#export-result", Static).update(describe_result(result))
        copy = self.query_one("#export-copy", Button)
        copy.add_class("ready")
        copy.focus()

    def _show_error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(message)
