"""The reader: article list, original and cleaned panes side by side, claims panel, header, footer.

The screen owns the reader's state. What a reviewer changes by a key (the article shown, suggestions
shown, whose claims are shown, the search term, the status line) is reactive: its watcher redraws.
Claims change only through ``Annotator`` (``jingtui.app.annotator``), by the store's session; the
screen then draws what the store says. Every key comes from ``jingtui.app.keymap``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea

from jingtui.app import keymap, services
from jingtui.app.annotator import Annotator
from jingtui.app.articles import ArticleCatalog, Entry
from jingtui.app.coding import Coding
from jingtui.app.coding_actions import CodingActions
from jingtui.app.finder import Finder
from jingtui.app.loading import Loading
from jingtui.app.painting import ClaimPieces, SearchPaint, paint
from jingtui.app.passages import PassageActions
from jingtui.app.text_lines import Decorations
from jingtui.app.textnav import find_matches
from jingtui.app.widgets.article_list import ArticleList
from jingtui.app.widgets.claims_panel import ClaimsPanel
from jingtui.app.widgets.header import ArticleHeader
from jingtui.app.widgets.reader_panes import ReaderPanes
from jingtui.app.widgets.text_panes import ArticlePane
from jingtui.clean.model import CleanText
from jingtui.corpus.discover import ARTICLE_SUFFIXES
from jingtui.index import Stage
from jingtui.store.model import Claim
from jingtui.suggest.model import Suggestion
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.app.app import JingtuiApp
    from jingtui.app.screens.corpus_view import ReaderRequest

EMPTY_MESSAGE = (
    "No articles in {root}.\n\n"
    "jingtui reads the files ending in " + " ".join(ARTICLE_SUFFIXES) + " in this folder and its "
    "subfolders (hidden folders are skipped). Copy some articles there and open it again.")
NARROW_WIDTH = 120  # below this many columns: a narrower list, a shorter claims panel, a compact footer

Focus = Literal["cleaned", "list"]


class ReaderScreen(PassageActions, CodingActions, Screen[None]):
    """Read and annotate the articles of the app's folder."""

    BINDINGS = keymap.bindings("reader")

    current: reactive[str | None] = reactive(None, init=False, always_update=True)
    """The path of the article shown (None before the first one, or in an empty folder)."""
    suggestions_shown: reactive[bool] = reactive(False, init=False)
    """Whether the rule-based suggestions are painted and offered (``s``)."""
    reviewer_filter: reactive[str | None] = reactive(None, init=False)
    """Show only this reviewer's claims; None: everyone's (``R``)."""
    search_term: reactive[str] = reactive("", init=False)
    """The term searched for in the text panes; its matches are painted."""
    claims_hidden: reactive[bool] = reactive(False, init=False)
    """Whether the reviewer hid the claims panel (``ctrl+t``)."""
    status_message: reactive[str] = reactive("", init=False)
    """The short confirmation in the header's status line."""

    def __init__(self, jingtui: JingtuiApp) -> None:
        super().__init__()
        self.jingtui = jingtui
        self.catalog = ArticleCatalog(jingtui.root)
        self.claims: list[Claim] = []
        self.suggestions: list[Suggestion] = []
        self.opened_at = time.monotonic()
        self.annotator = Annotator(self)
        self.coding = Coding(self)
        self.finder = Finder(self)
        self.loader = Loading(self)
        self._current_row = -1
        self._claim_pieces = ClaimPieces()
        # The widgets are made here and kept: no queries, and a late message (a scroll while the app
        # shuts down) finds them.
        self.header_bar = ArticleHeader(id="header")
        self.article_list = ArticleList(self.labels, id="list")
        self.panes = ReaderPanes(id="panes")
        self.original_pane, self.cleaned_pane = self.panes.original, self.panes.cleaned
        self.claims_panel = ClaimsPanel(id="claims")
        self.search_field = Input(placeholder="search (enter selects the match, escape cancels)", id="search")

    @property
    def labels(self) -> tuple[str, ...]:
        return self.jingtui.labels

    @property
    def entries(self) -> dict[str, Entry]:
        return self.catalog.entries

    @property
    def order(self) -> list[str]:
        return self.catalog.order

    # ---- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield self.header_bar
        with Horizontal(id="main"):
            yield self.article_list
            with Vertical(id="reader"):
                yield self.panes
                yield Static(id="reader-empty")
                yield self.claims_panel
                yield self.search_field
        yield Footer()

    def on_mount(self) -> None:
        app = self.jingtui
        self.search_field.display = False
        self.query_one("#reader-empty", Static).display = False
        self.claims_panel.border_title = "Claims"
        self.article_list.border_title = "Articles"
        header = self.header_bar
        header.reviewer = app.reviewer
        if app.store_error:
            header.db_note = "read only: " + app.store_error
        catalog = self.loader.indexed_catalog()  # at once from the folder's index, else found behind the screen
        if catalog is None:
            self.article_list.set_entries([], "Looking for articles…")
            self.loader.discover()
        else:
            self.populate(catalog)

    def populate(self, catalog: ArticleCatalog) -> None:
        """The folder's articles are known: the list, the first article, then the rest behind the screen."""
        app, header = self.jingtui, self.header_bar
        self.catalog = catalog
        if app.store is not None:
            self.article_list.labels = self.labels
            self.reload_counts()
        self.article_list.set_entries([self.entries[p] for p in self.order], "No articles here.")
        self.call_after_refresh(self._first_frame)
        if not self.order:
            self.show_empty_reader()
            self.article_list.options.focus()
            header.show_article("jingtui", [str(app.root), "no articles"], 0, [], False)
            return
        self.coding.bind_keys()
        self.coding.watch()
        self._fit_width()
        last = services.get_meta(app.store, "last_article")
        if isinstance(last, str) and last not in self.entries and self.loader.listing:
            self.article_list.options.focus()  # it is further down the list: opened when the list is complete
            return
        self.open_first_article()

    def open_first_article(self) -> None:
        """The article last read here, else the first of the list."""
        first = self._last_article() or (self.order[0] if self.order else None)
        if first is None:
            return
        if self.entries[first].stage >= Stage.CLEANED:
            self.show_article(first, focus="cleaned", restore=True)
        else:  # never cleaned here: the list is drawn first, the article (parsers, rules to load) right after
            self.article_list.options.focus()
            self.call_after_refresh(self._show_first, first)

    def _show_first(self, path: str) -> None:
        if self.current is None:  # unless a key opened another article in between
            self.show_article(path, focus="cleaned", restore=True)

    def _first_frame(self) -> None:
        """The first screen with the list is up: note the time (for benchmarks), then fill in the rest."""
        self.jingtui.first_frame_at = time.time()
        self.loader.first_frame_drawn.set()
        self.set_timer(0.2, self.loader.fill)

    def reload_counts(self) -> None:
        services.reload_counts(self.jingtui.store, self.entries)

    def _last_article(self) -> str | None:
        last = services.get_meta(self.jingtui.store, "last_article")
        return last if isinstance(last, str) and last in self.entries else None

    def show_empty_reader(self, message: str = "") -> None:
        empty = self.query_one("#reader-empty", Static)
        empty.update(Text(message or EMPTY_MESSAGE.format(root=self.jingtui.root)))
        empty.display = True
        self.query_one("#panes").display = False
        self.claims_panel.display = False

    def on_resize(self, event: Resize) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        narrow = self.app.size.width < NARROW_WIDTH
        self.set_class(narrow, "narrow")
        footer = self.query_one(Footer)
        footer.compact = narrow
        footer.show_command_palette = not narrow

    # ---- loading ------------------------------------------------------------------------------
    def ensure_loaded(self, path: str) -> Entry:
        """Read and clean ``path`` now if the background worker has not done it yet."""
        return self.catalog.ensure_loaded(path, self.jingtui.store)

    # ---- showing an article -------------------------------------------------------------------
    def show_article(self, path: str, *, focus: Focus | None = None, restore: bool = True) -> None:
        """Show ``path`` in both panes; ``focus`` names the pane to focus (None: focus stays)."""
        if path not in self.entries:
            return
        store = self.jingtui.store
        self.leave_article()
        entry = self.ensure_loaded(path)
        self.opened_at = time.monotonic()
        self.query_one("#reader-empty", Static).display = False
        self.query_one("#panes").display = True
        self.claims_panel.display = not self.claims_hidden
        cleaned = self.cleaned_pane
        article, clean = entry.article, entry.clean
        self.panes.show(article.original if article is not None else "", clean if article is not None else None)
        if article is None or clean is None:
            message = entry.error or "; ".join(article.problems if article else []) or "This article has no text."
            self.notify(message, title="This article cannot be shown", severity="warning", markup=False)
        self.claims = self.fetch_claims(path)
        if clean is not None and any(c.text_sha256 != clean.sha256 for c in self.claims):
            self._reanchor(path, clean)
            self.claims = self.fetch_claims(path)
        entry.counts = services.claim_counts(self.claims)
        self.claims_panel.set_claims(self.claims)
        self.current = path
        if self.suggestions_shown:
            self.load_suggestions()
        state = services.state_of(store, path)
        entry.done = state.done or entry.done and store is None
        header = self.header_bar
        header.article_seconds = state.seconds
        header.article_started = header.clock()
        self.update_header(entry)
        self._current_row = -1
        self.redraw()
        if restore and clean is not None and 0 < state.position <= len(clean.text):
            cleaned.move_to_offset(state.position, center=True)
        self.call_after_refresh(self.panes.sync_from_cleaned)
        if focus == "cleaned":
            cleaned.focus()
        elif focus == "list":
            self.article_list.options.focus()

    def watch_current(self, path: str | None) -> None:
        self.article_list.set_current(path)
        if path is not None:
            services.set_meta(self.jingtui.store, "last_article", path)

    def leave_article(self) -> None:
        """Remember where the reviewer was in the article being left, and the time spent."""
        if self.current is None or not self.is_mounted:
            return
        services.save_position(self.jingtui.store, self.current, self.cleaned_pane.cursor_offset,
                               time.monotonic() - self.opened_at)

    def _reanchor(self, path: str, clean: CleanText) -> None:
        """The cleaned text changed since these claims were made: place them again (or mark orphaned)."""
        try:
            message = services.reanchor(self.jingtui.store, path, clean)
        except Exception as exc:  # noqa: BLE001 - edge: the claims stay as they were, the reviewer is told why
            self.notify(f"Could not re-anchor the claims: {exc}", severity="error", markup=False)
            return
        if message:
            self.notify(message, title="Claims re-anchored", severity="warning", markup=False)

    def fetch_claims(self, path: str) -> list[Claim]:
        """The claims of ``path`` shown (the reviewer filter applied), in text order."""
        store = self.jingtui.store
        if store is None:
            return []
        claims = list(store.claims(article=path, reviewer=self.reviewer_filter))
        return sorted(claims, key=lambda c: (c.start, c.end))

    def update_header(self, entry: Entry) -> None:
        self.header_bar.show_entry(entry)
        self.update_session()

    def update_session(self) -> None:
        session = self.jingtui.session
        if session is not None:
            self.header_bar.tagged = session.tagged_count

    def after_change(self, *, claim_id: str | None = None, move: bool = False) -> None:
        """Reload the current article's claims from the store and repaint everything that shows them."""
        if self.current is None:
            return
        self.claims = self.fetch_claims(self.current)
        entry = self.entries[self.current]
        entry.counts = services.claim_counts(self.claims)
        self.article_list.refresh_entry(entry)
        self.claims_panel.set_claims(self.claims, claim_id)
        self.update_session()
        self.redraw()
        if move and claim_id is not None:
            claim = next((c for c in self.claims if c.id == claim_id), None)
            if claim is not None:
                self.cleaned_pane.move_to_offset(claim.start, center=True)

    # ---- painting -----------------------------------------------------------------------------
    def redraw(self) -> None:
        """Repaint the decorations of both panes (claims, warnings, dimmed lines, matches, cursor)."""
        entry = self.catalog.get(self.current)
        cleaned, original = self.cleaned_pane, self.original_pane
        if entry is None or entry.clean is None or entry.article is None:
            cleaned.decorate(Decorations())
            original.decorate(Decorations())
            return
        row = cleaned.cursor_location[0]
        self._current_row = row
        search = None
        if self.search_term:
            pane_id = self.finder.pane_id
            matches = find_matches(self.panes.by_id(pane_id).text, self.search_term)
            search = SearchPaint(pane_id, matches, len(self.search_term))
        cdeco, odeco = paint(
            entry.clean, cleaned.index, original.index, cursor_row=row, alignment=self.panes.alignment,
            claims=self.claims, pieces=self._claim_pieces,
            suggestions=self.suggestions if self.suggestions_shown else [], search=search,
            colours=self.jingtui.codebook_colours(),
        )
        cleaned.decorate(cdeco)
        original.decorate(odeco)

    @on(TextArea.SelectionChanged)
    def selection_changed(self, event: TextArea.SelectionChanged) -> None:
        """The cursor moved: repaint a new current paragraph; say the suggestion it is on (annotator)."""
        if (self.app.screen_stack and event.text_area is self.cleaned_pane
                and self.cleaned_pane.cursor_location[0] != self._current_row):
            self.redraw()
        if self.suggestions_shown and event.text_area is self.focused:
            self.annotator.say_suggestion()

    # ---- the list, the search field and the claims panel --------------------------------------
    @on(ArticleList.Opened)
    def list_opened(self, event: ArticleList.Opened) -> None:
        self.show_article(event.path, focus="cleaned")

    def _step_article(self, step: int) -> None:
        paths = self.article_list.visible_paths() or self.order
        if paths:
            index = (paths.index(self.current) + step) % len(paths) if self.current in paths else 0
            self.show_article(paths[index], focus=None)

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.search_term = event.value

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.search_term = event.value
        self.finder.submitted()

    def watch_search_term(self) -> None:
        self.redraw()

    @on(ClaimsPanel.Chosen)
    def claim_chosen(self, event: ClaimsPanel.Chosen) -> None:
        claim = next((c for c in self.claims if c.id == event.claim_id), None)
        if claim is None:
            return
        self.cleaned_pane.focus()
        self.cleaned_pane.move_to_offset(claim.start, center=True)

    # ---- panes --------------------------------------------------------------------------------
    def pane(self) -> ArticlePane:
        """The text pane actions apply to: the focused one, else the cleaned pane."""
        focused = self.focused
        return focused if isinstance(focused, ArticlePane) else self.cleaned_pane

    def current_clean(self) -> CleanText | None:
        entry = self.catalog.get(self.current)
        return entry.clean if entry is not None else None

    # ---- search and warnings (the motions are the panes' own actions) --------------------------
    def action_search(self) -> None:
        self.finder.open_search()

    def action_search_next(self) -> None:
        self.finder.goto_match(forward=True)

    def action_search_previous(self) -> None:
        self.finder.goto_match(forward=False)

    def action_show_warnings(self) -> None:
        self.finder.next_warning()

    def action_escape(self) -> None:
        self.finder.escape()

    # ---- claims and suggestions (the work is the annotator's) ---------------------------------
    def action_tag(self, index: int) -> None:
        self.annotator.tag(index)

    def action_delete_claim(self) -> None:
        self.annotator.delete_claim()

    def action_claim_next(self) -> None:
        self.annotator.jump_claim(forward=True)

    def action_claim_previous(self) -> None:
        self.annotator.jump_claim(forward=False)

    def action_edit_note(self) -> None:
        self.annotator.edit_note()

    def action_copy_claim(self) -> None:
        self.annotator.copy_claim()

    def action_undo(self) -> None:
        self.annotator.step_history("undo")
        self.coding.check_file(quiet=True)  # an undone codebook change: read the file back now

    def action_redo(self) -> None:
        self.annotator.step_history("redo")
        self.coding.check_file(quiet=True)

    def action_toggle_done(self) -> None:
        self.annotator.toggle_done()

    def action_cycle_reviewer(self) -> None:
        self.annotator.cycle_reviewer()

    def watch_reviewer_filter(self) -> None:
        self.after_change()

    def action_toggle_suggestions(self) -> None:
        self.suggestions_shown = not self.suggestions_shown
        if self.suggestions_shown:
            shown = counted(len(self.suggestions), "suggestion")
            self.say(f"{shown} (a accepts, r rejects, 1-3 relabel, A the paragraph).")

    def watch_suggestions_shown(self) -> None:
        self.load_suggestions()
        self.redraw()

    def load_suggestions(self) -> None:
        self.suggestions = self.annotator.unreviewed_suggestions() if self.suggestions_shown else []

    def action_accept_suggestion(self) -> None:
        self.annotator.accept_suggestion()

    def action_reject_suggestion(self) -> None:
        self.annotator.reject_suggestion()

    def action_accept_paragraph(self) -> None:
        self.annotator.accept_paragraph()

    # ---- view ---------------------------------------------------------------------------------
    def action_toggle_original(self) -> None:
        self.panes.toggle("original")

    def action_toggle_cleaned(self) -> None:
        self.panes.toggle("cleaned")

    def action_toggle_list(self) -> None:
        self.article_list.display = not self.article_list.display
        self.call_after_refresh(self.panes.sync_from_cleaned)

    def action_toggle_claims(self) -> None:
        self.claims_hidden = not self.claims_hidden

    def watch_claims_hidden(self, hidden: bool) -> None:
        self.claims_panel.display = not hidden
        self.call_after_refresh(self.panes.sync_from_cleaned)

    # ---- dialogs ------------------------------------------------------------------------------
    def open_request(self, request: ReaderRequest | None) -> None:
        """The corpus view asked to show an article (at a claim, or at an offset; with suggestions)."""
        self.finder.open_request(request)

    def say(self, message: str) -> None:
        """A short confirmation in the header's status line (no toast over the text)."""
        self.status_message = message

    def watch_status_message(self, message: str) -> None:
        self.header_bar.status = message
