"""The corpus view's "Variables" tab: articles and claims (per code) for each value of each document
variable of the codebook (genre, stance, ...), loaded in a worker thread when the tab is first shown.
The figures come from ``jingtui.suggest.variable_figures``; this widget only shows them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from jingtui.app.widgets.corpus_tables import VariablesTable
from jingtui.app.worker_calls import hand_over
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.suggest.variable_figures import VariableFigures


class VariablesPane(Vertical):
    """The variables table of the corpus at ``root`` (database ``db``) and a line that says what it shows."""

    DEFAULT_CSS = """
    VariablesPane #variables-note {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    VariablesPane VariablesTable {
        height: 1fr;
    }
    """

    def __init__(self, root: Path, db: Path | str | None, codebook_file: Path | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.root, self.db, self.codebook_file = Path(root), db, codebook_file
        self.figures: VariableFigures | None = None
        self.loading = False

    def compose(self) -> ComposeResult:
        yield Static("", id="variables-note", markup=False)
        yield VariablesTable(id="corpus-variables", cursor_type="row", zebra_stripes=True)

    def load(self) -> None:
        self.loading = True
        self.query_one("#variables-note", Static).update("Counting per variable value…")
        self._load()

    @work(thread=True, exclusive=True, group="variables")
    def _load(self) -> None:
        from jingtui.suggest.variable_figures import corpus_variable_figures
        from jingtui.workspace import Workspace

        try:
            workspace = Workspace(self.root, self.db, self.codebook_file)
            figures = corpus_variable_figures(workspace)
            names = {code.id: code.name for code in workspace.codebook.codes}
        except Exception as exc:  # noqa: BLE001 - edge: a worker; one sentence in the note, never a traceback
            self._hand_over(self._failed, f"The variables could not be counted ({exc}).")
            return
        self._hand_over(self._loaded, figures, names)

    def _hand_over(self, callback, *args) -> None:
        hand_over(self.app, callback, *args)

    def _failed(self, message: str) -> None:
        self.loading = False
        self.query_one("#variables-note", Static).update(message)

    def _loaded(self, figures: VariableFigures, names: dict[str, str] | None = None) -> None:
        self.loading = False
        self.figures = figures
        note = self.query_one("#variables-note", Static)
        if not figures.values:
            note.update("The codebook has no document variables (add [[variables]] to codebook.toml).")
        else:
            note.update(f"{counted(len(figures.values), 'document variable')}: articles and their active claims "
                        "per value (an article without a value counts under (not set)).")
        self.query_one(VariablesTable).fill(figures.values, figures.titles, code_names=names)
