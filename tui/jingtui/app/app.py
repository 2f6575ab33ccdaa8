"""The jingtui app: one folder, its database and review session, and the reader screen over them.

The app holds what lives as long as the program runs (the folder, the store, the session, the
reviewer's name, the label set) and the lifecycle: it opens the store before the first screen, closes
it at the end, quits and shows help. Everything the reviewer sees is a screen: the reader
(``screens/reader.py``, the default screen) and the dialogs it opens. The keys come from ``keymap.py``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from textual import events
from textual.app import App

from jingtui.app import keymap, services
from jingtui.app.config import load_keymap
from jingtui.app.providers import JingtuiCommands
from jingtui.app.screens.reader import ReaderScreen
from jingtui.app.team_live import ClaimsChanged, ServerState, TeamLive
from jingtui.app.type_ahead import ReadyToType, TypeAhead
from jingtui.codebook import Codebook, load_codebook
from jingtui.store.protocol import Store
from jingtui.store.session import AnnotationSession
from jingtui.util.plural import counted

log = logging.getLogger(__name__)
SEARCH_SCREEN = "corpus-search"


class JingtuiApp(App[None]):
    """Read and annotate the articles of one folder."""

    CSS_PATH = "jingtui.tcss"
    TITLE = "jingtui"
    BINDINGS = keymap.bindings("app")
    COMMANDS = App.COMMANDS | {JingtuiCommands}

    def __init__(
        self,
        root: Path,
        db_path: Path | str | None = None,
        reviewer: str | None = None,
        *,
        store: Store | None = None,
        session: AnnotationSession | None = None,
        adjudicate: tuple[tuple[str, ...], str] | None = None,
        codebook: Codebook | None = None,
        codebook_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.adjudicate_at_start = adjudicate  # (reviewers, consensus): open the adjudication screen first
        self.root = Path(root)
        # a file, or a team database's URL (kept as a string: a Path would fold its "//")
        self.db_path: Path | str = (db_path if isinstance(db_path, str) and services.is_server_url(db_path) else
                                    Path(db_path) if db_path else services.default_db(self.root))
        self.reviewer = reviewer or services.default_reviewer()
        self.codebook_file = Path(codebook_file) if codebook_file else None  # --codebook FILE
        # The codebook: read before the app starts (a bad file stops ``jingtui open`` with one sentence)
        self.codebook: Codebook = codebook if codebook is not None else load_codebook(self.root, self.codebook_file)
        self.labels: tuple[str, ...] = self.codebook.ids
        self.store: Store | None = store
        self.session: AnnotationSession | None = session
        self.store_error: str | None = None  # why no database is open (the reader is then read only)
        self.team_live: TeamLive | None = None  # live updates of a team database (see team_live.py)
        self.first_frame_at: float | None = None  # wall-clock time of the first screen with the list
        self._colours: dict[str, str] = {}
        self._colours_for = ""  # the codebook version _colours were made for
        self.keymap_overrides: dict[str, str] = {}  # the keys the reviewer's config.toml changes, by id
        self.type_ahead = TypeAhead(self)  # keys typed right after one that opens a field go to the field

    def on_load(self) -> None:
        """Before the first screen: the reviewer's keys, the database (or the sentence why not) and its
        label set."""
        self._load_keymap()
        if self.store is None:
            self._open_store()
        if self.store is not None:  # the codebook's codes, then any other label the database uses
            self.labels = tuple(dict.fromkeys([*self.codebook.ids, *self.store.labels()]))
        if self.session is not None:
            self.session.codebook = self.codebook

    def _load_keymap(self) -> None:
        """The keys remapped in ``config.toml``; a file that cannot be used is one sentence, and the defaults."""
        keys = load_keymap()
        if keys.problem:
            log.warning("%s", keys.problem)
            self.notify(keys.problem, title="Keys not changed", severity="warning", timeout=15, markup=False)
        self.keymap_overrides = keys.overrides
        self.set_keymap(keys.overrides)
        self.type_ahead.remap(keys.overrides)

    def _open_store(self) -> None:
        try:
            self.store, self.session = services.open_store(self.db_path, self.reviewer)
        except Exception as exc:  # edge: StoreError or a server's refusal is one sentence; the reader still works
            log.info("database not opened", exc_info=True)
            self.store = self.session = None
            self.store_error = str(exc)
            self.notify(str(exc), title="Database not opened", severity="error", timeout=15, markup=False)

    async def on_mount(self) -> None:
        # Pushed, not the default screen: a default screen is composed while the app composes, and its
        # mount handler can run before the widgets inside its containers are there.
        await self.push_screen(ReaderScreen(self))
        team = self.store.team if self.store is not None else None
        if team is not None and self.team_live is None:
            self.team_live = TeamLive(self, team)
            self.team_live.start()
        if self.adjudicate_at_start:
            from jingtui.app.adjudicating import open_adjudication

            reviewers, consensus = self.adjudicate_at_start
            open_adjudication(self.reader, reviewers, consensus, force=True)

    def codebook_colours(self) -> dict[str, str]:
        """``{code id: colour}`` of the codes that have one (what both panes paint claims in)."""
        book = self.codebook
        if self._colours_for != book.version:
            self._colours = {c.id: c.colour for c in book.codes if c.colour}
            self._colours_for = book.version
        return self._colours

    def _reader(self) -> ReaderScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, ReaderScreen)), None)

    @property
    def reader(self) -> ReaderScreen:
        """The reader screen (the first screen over the app's empty default one)."""
        screen = self._reader()
        if screen is None:
            raise LookupError("The reader screen is not running.")
        return screen

    def action_help(self) -> None:
        from jingtui.app.code_keys import code_help
        from jingtui.app.screens.corpus_search import CorpusSearchScreen
        from jingtui.app.screens.help import HelpScreen

        codes = code_help(self.codebook, self.keymap_overrides, search=isinstance(self.screen, CorpusSearchScreen))
        every = counted(len(self.codebook), "code")
        codes.append(("c", f"any of the {every} by its hint, name, path or pinyin initials"))
        self.push_screen(HelpScreen([*keymap.help_sections(self.keymap_overrides), ("Codes (codebook.toml)", codes)]))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and await self.type_ahead.dispatched(event):
            return
        await super().on_event(event)

    async def on_ready_to_type(self, _message: ReadyToType) -> None:
        """A screen focused its field: the keys held for it are read again, in their order."""
        for key in self.type_ahead.release():
            await self.on_event(key)

    def on_app_focus(self) -> None:
        """The terminal has the focus again: files may have changed meanwhile (see ``app/loading.py``)."""
        reader = self._reader()
        if reader is not None and reader.catalog.order:
            reader.loader.rescan()

    def action_export(self) -> None:
        from jingtui.app.screens.export import ExportDialog

        self.push_screen(ExportDialog(self.root, self.db_path, self.reader.current))

    def action_corpus_view(self) -> None:
        from jingtui.app.screens.corpus_view import CorpusView

        reader = self.reader
        self.push_screen(CorpusView(self.root, self.db_path, titles=reader.catalog.titles(), store=self.store,
                                    codebook_file=self.codebook_file), reader.open_request)

    def action_corpus_search(self) -> None:
        """``ctrl+f``: the corpus search, installed once and shown again as it was left."""
        from jingtui.app.screens.corpus_search import CorpusSearchScreen

        if isinstance(self.screen, CorpusSearchScreen) or self._reader() is None:
            return
        if self.is_screen_installed(SEARCH_SCREEN):
            screen = self.get_screen(SEARCH_SCREEN)
            self.push_screen(SEARCH_SCREEN)
            if isinstance(screen, CorpusSearchScreen):
                screen.reopen()
            return
        self.install_screen(CorpusSearchScreen(self), SEARCH_SCREEN)
        self.push_screen(SEARCH_SCREEN)

    def action_adjudicate(self) -> None:
        from jingtui.app.adjudicating import open_adjudication

        open_adjudication(self.reader)

    async def action_quit(self) -> None:
        reader = self._reader()
        if reader is not None:
            reader.leave_article()
        self.exit()

    # ---- the team database, live ------------------------------------------------------------
    def on_claims_changed(self, message: ClaimsChanged) -> None:
        """Other reviewers' claims changed: the reader redraws what shows them."""
        if self.team_live is not None and self._reader() is not None:
            self.team_live.claims_changed(message)

    def on_server_state(self, message: ServerState) -> None:
        if self.team_live is not None:
            self.team_live.show_status()

    def on_unmount(self) -> None:
        if self.team_live is not None:
            self.team_live.stop()
        if self.store is not None:
            try:
                self.store.close()
            except Exception:  # edge: the program ends anyway; every change was saved when it was made
                log.exception("closing the database failed")
