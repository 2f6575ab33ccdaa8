"""The jingtui app: article list, original and cleaned panes side by side, claims panel, header, footer.

All changes to claims go through the store's AnnotationSession, which saves each one before it returns;
the app only draws what the store says. The keys come from ``keymap.py``.
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Static, TextArea

from jingtui.app import keymap
from jingtui.app.annotating import AnnotationActions
from jingtui.app.reading import ReadingActions
from jingtui.app import services
from jingtui.app.services import Entry
from jingtui.app.widgets.article_list import ArticleList
from jingtui.app.widgets.claims_panel import ClaimsPanel
from jingtui.app.widgets.header import ArticleHeader
from jingtui.app.widgets.text_panes import ArticlePane, CleanedPane, Decorations, OriginalPane
from jingtui.clean.model import KEPT_CLASSES
from jingtui.corpus.discover import ARTICLE_SUFFIXES
from jingtui.store.model import DEFAULT_LABELS, Claim

EMPTY_MESSAGE = (
    "No articles in {root}.\n\n"
    "jingtui reads the files ending in " + " ".join(ARTICLE_SUFFIXES) + " in this folder and its "
    "subfolders (hidden folders are skipped). Copy some articles there and open it again."
)


def _label_class(label: str, layer: int) -> str:
    name = label if label in DEFAULT_LABELS else "other"
    return f"claim--{name}" if layer == 0 else f"claim2--{name}"


def claim_layers(claims: list[Claim]) -> list[tuple[Claim, int]]:
    """Each claim with its layer: 0 unless it overlaps one of the last 50 layer-0 claims before it (then 1)."""
    result: list[tuple[Claim, int]] = []
    placed: list[tuple[int, int]] = []
    window: deque[tuple[int, int]] = deque()  # (index in placed, end), ends decreasing: the window's max end
    for claim in sorted(claims, key=lambda c: (c.start, -(c.end - c.start))):
        if claim.end > claim.start:  # every placed claim starts at or before it: overlap = an end after its start
            layer = 1 if window and window[0][1] > claim.start else 0
        else:
            layer = 1 if any(s < claim.end and claim.start < e for s, e in placed[-50:]) else 0
        result.append((claim, layer))
        if layer == 0:
            placed.append((claim.start, claim.end))
            n = len(placed) - 1
            while window and window[-1][1] <= claim.end:
                window.pop()
            window.append((n, claim.end))
            while window[0][0] <= n - 50:
                window.popleft()
    return result


CACHE_SAMPLE = 20  # articles looked at to tell a folder opened before from a new one


class JingtuiApp(ReadingActions, AnnotationActions, App):
    """Read and annotate the articles of one folder."""

    CSS_PATH = "jingtui.tcss"
    TITLE = "jingtui"
    BINDINGS = keymap.bindings("app") + [Binding("escape", "escape", show=False)]

    def __init__(
        self,
        root: Path,
        db_path: Path | str | None = None,
        reviewer: str | None = None,
        *,
        store=None,
        session=None,
        adjudicate: tuple[tuple[str, ...], str] | None = None,
    ) -> None:
        super().__init__()
        self.adjudicate_at_start = adjudicate  # (reviewers, consensus): open the adjudication screen first
        from jingtui.app.providers import JingtuiCommands

        self.COMMANDS = App.COMMANDS | {JingtuiCommands}
        self.root = Path(root)
        # a file, or a team database's URL (kept as a string: a Path would fold its "//")
        self.db_path = (db_path if services.is_server_url(db_path) else
                        Path(db_path) if db_path else services.default_db(self.root))
        self.reviewer = reviewer or services.default_reviewer()
        self.labels: tuple[str, ...] = DEFAULT_LABELS
        self.entries: dict[str, Entry] = {}
        self.order: list[str] = []
        self.current: str | None = None
        self.claims: list[Claim] = []
        self.reviewer_filter: str | None = None  # show only this reviewer's claims; None: everyone's
        self.store = store
        self.session = session
        self.team_live = None  # live updates of a team database (see app/team_live.py)
        self.store_error: str | None = None
        self.cleaner = services.Cleaner(self.root)
        self.para_orig_rows: list[int] = []  # cleaned row -> original row of its paragraph's start
        self.para_orig_end_rows: list[int] = []
        self.para_orig_cols: list[int] = []  # column of the paragraph's first visible character
        self.search_term = ""
        self.search_pane_id = "cleaned"
        self.suggestions_shown = False
        self.suggestions: list = []
        self._lexicon = None
        self.status_message = ""
        self.first_frame_at: float | None = None  # wall-clock time of the first screen with the list
        self.opened_at = time.monotonic()
        self._current_row = -1
        self._claim_pieces: dict = {}  # redraw's claim pieces, for the current text (see redraw)

    # ---- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield ArticleHeader(id="header")
        with Horizontal(id="main"):
            yield ArticleList(self.labels, id="list")
            with Vertical(id="reader"):
                with Horizontal(id="panes"):
                    yield OriginalPane(id="original")
                    yield CleanedPane(id="cleaned")
                yield Static(id="reader-empty")
                yield ClaimsPanel(id="claims")
                yield Input(placeholder="search (enter selects the match, escape cancels)", id="search")
        yield Footer()

    # The widgets are looked up once: queries cost, and a late message (a scroll while the app shuts
    # down) must not fail because the widgets are already gone.
    def _widget(self, selector: str, kind):
        cache = self.__dict__.setdefault("_widgets", {})
        widget = cache.get(selector)
        if widget is None:
            widget = cache[selector] = self.query_one(selector, kind)
        return widget

    @property
    def original_pane(self) -> OriginalPane:
        return self._widget("#original", OriginalPane)

    @property
    def cleaned_pane(self) -> CleanedPane:
        return self._widget("#cleaned", CleanedPane)

    @property
    def article_list(self) -> ArticleList:
        return self._widget("#list", ArticleList)

    @property
    def claims_panel(self) -> ClaimsPanel:
        return self._widget("#claims", ClaimsPanel)

    @property
    def header_bar(self) -> ArticleHeader:
        return self._widget("#header", ArticleHeader)

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self.query_one("#reader-empty", Static).display = False
        self.original_pane.border_title = "Original"
        self.cleaned_pane.border_title = "Cleaned (Simplified)"
        self.claims_panel.border_title = "Claims"
        self.article_list.border_title = "Articles"
        header = self.header_bar
        header.reviewer = self.reviewer
        if self.store is None:
            self._open_store()
        found = services.discover_entries(self.root)
        self.order = [e.path for e in found]
        self.entries = {e.path: e for e in found}
        if self.store is not None:
            self._start_team_live()
            try:
                self.labels = tuple(self.store.labels())
            except Exception:
                pass
            self.article_list.labels = self.labels
            self._load_counts()
        self.article_list.set_entries([self.entries[p] for p in self.order], "No articles here.")
        if not self.order:
            self._show_empty_reader(EMPTY_MESSAGE.format(root=self.root))
            self.article_list.options.focus()
            header.show_article("jingtui", [str(self.root), "no articles"], 0, [], False)
            return
        first = self._last_article() or self.order[0]
        self.show_article(first, focus="cleaned", restore=True)
        self.on_resize()
        self.call_after_refresh(self._first_frame)
        if self.adjudicate_at_start:
            from jingtui.app.adjudicating import open_adjudication

            reviewers, consensus = self.adjudicate_at_start
            open_adjudication(self, reviewers, consensus, force=True)

    def _first_frame(self) -> None:
        """The first screen is up: note the time (for benchmarks), then read and clean the rest."""
        self.first_frame_at = time.time()
        self.set_timer(0.2, self.load_rest)

    def _open_store(self) -> None:
        try:
            self.store, self.session = services.open_store(self.db_path, self.reviewer)
        except Exception as exc:  # StoreError: one sentence; the reader still works
            self.store = self.session = None
            self.store_error = str(exc)
            self.header_bar.db_note = "read only: " + str(exc)
            self.notify(str(exc), title="Database not opened", severity="error", timeout=15, markup=False)

    def _load_counts(self) -> None:
        try:
            counts = services.counts_by_article(self.store)
        except Exception:
            counts = {}
        for path, entry in self.entries.items():
            entry.counts = counts.get(path, {})
            entry.done = services.state_of(self.store, path).done

    def _last_article(self) -> str | None:
        if self.store is None:
            return None
        try:
            last = self.store.get_meta("last_article")
        except Exception:
            return None
        return last if last in self.entries else None

    def _show_empty_reader(self, message: str) -> None:
        empty = self.query_one("#reader-empty", Static)
        empty.update(Text(message))
        empty.display = True
        self.query_one("#panes").display = False
        self.claims_panel.display = False

    def on_resize(self, event=None) -> None:
        narrow = self.size.width < 120
        self.set_class(narrow, "narrow")
        footer = self.query_one(Footer)
        footer.compact = narrow
        footer.show_command_palette = not narrow

    # ---- loading ------------------------------------------------------------------------------
    def ensure_loaded(self, path: str) -> Entry:
        """Read and clean ``path`` now if the background worker has not done it yet."""
        entry = self.entries[path]
        if entry.article is None and not entry.error:
            self._load_entry(entry)
        elif entry.article is not None and entry.clean is None and not entry.error:
            self._clean_entry(entry)
        return entry

    def _load_entry(self, entry: Entry) -> None:
        try:
            entry.article = services.read_article(self.root, entry.path)
        except Exception as exc:
            entry.error = str(exc) or exc.__class__.__name__
            return
        self._clean_entry(entry)

    def _clean_entry(self, entry: Entry) -> None:
        article = entry.article
        if article is None:
            return
        try:
            entry.clean = self.cleaner.clean(article)
        except Exception as exc:
            entry.error = f"Could not clean this article: {exc}"
            return
        entry.title = services.simplified_title(article, entry.clean)

    @work(thread=True, exclusive=True, group="load")
    def load_rest(self) -> None:
        """Read and clean every article in the background, refreshing list rows in batches."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        self._clean_ahead_in_child(worker)
        batch: list[Entry] = []
        last = time.monotonic()
        for path in list(self.order):
            if worker.is_cancelled:
                return
            entry = self.entries.get(path)
            if entry is None or entry.clean is not None or entry.error:
                continue
            if entry.article is None:
                self._load_entry(entry)
            else:
                self._clean_entry(entry)
            batch.append(entry)
            time.sleep(0.001)  # let the interface thread in between articles
            if time.monotonic() - last > 0.25:
                self.call_from_thread(self._refresh_rows, batch)
                batch, last = [], time.monotonic()
        if batch:
            self.call_from_thread(self._refresh_rows, batch)

    def _clean_ahead_in_child(self, worker) -> None:
        """Many articles never opened here: have a child process (or several) read and clean them into
        the caches first, so that this thread, which shares the interpreter lock with the screen, only
        reads them back (1,000 seed-sized articles: 14.5 s of cleaning in this thread, with stalls up to
        0.19 s). Nothing happens for a few articles, and any failure leaves the work to the loop."""
        from jingtui.workspace import parallel_clean
        from jingtui.workspace.child_process import ChildFailed, run_in_child
        from jingtui.errors import UserError

        pending = [p for p in self.order
                   if (e := self.entries.get(p)) is not None and e.clean is None and not e.error]
        if len(pending) < parallel_clean.MIN_ARTICLES:
            return
        # Reopening a folder: if most of a sample is cached, the thread reads them back without help.
        sample = pending[:: max(1, len(pending) // CACHE_SAMPLE)][:CACHE_SAMPLE]
        if len(services.Workspace(self.root).uncleaned(sample)) * 4 < len(sample):
            return
        try:
            run_in_child(parallel_clean.clean_into_cache, (str(self.root), pending),
                         cancelled=lambda: worker.is_cancelled)
        except (ChildFailed, UserError):
            pass  # the loop below reads and cleans them itself, and meets the problem there

    def _refresh_rows(self, entries: list[Entry]) -> None:
        for entry in entries:
            self.article_list.refresh_entry(entry)

    # ---- showing an article ------------------------------------------------------------------
    def show_article(self, path: str, *, focus: str | None = None, restore: bool = True) -> None:
        """Show ``path`` in both panes; ``focus`` names the pane to focus (None: focus stays)."""
        if path not in self.entries:
            return
        self._leave_article()
        entry = self.ensure_loaded(path)
        self.current = path
        self.opened_at = time.monotonic()
        self.query_one("#reader-empty", Static).display = False
        self.query_one("#panes").display = True
        self.claims_panel.display = not self.has_class("hide-claims")
        original, cleaned = self.original_pane, self.cleaned_pane
        article, clean = entry.article, entry.clean
        if article is None or clean is None:
            original.set_text(article.original if article is not None else "")
            cleaned.set_text("")
            message = entry.error or "; ".join(article.problems if article else []) or "This article has no text."
            self.para_orig_rows, self.para_orig_end_rows, self.para_orig_cols = [], [], []
            self._show_reader_problem(message)
        else:
            original.set_text(article.original)
            cleaned.set_text(clean.text)
            self._align_paragraphs(article, clean)
        self.claims = self._fetch_claims(path)
        if clean is not None and any(c.text_sha256 != clean.sha256 for c in self.claims):
            self._reanchor(path, clean)
        entry.counts = services.claim_counts(self.claims)
        self.claims_panel.set_claims(self.claims)
        if self.suggestions_shown:
            self._load_suggestions()
        state = services.state_of(self.store, path) if self.store is not None else services.ArticleState()
        entry.done = state.done or entry.done and self.store is None
        header = self.header_bar
        header.article_seconds = state.seconds
        header.article_started = header.clock()
        self.article_list.set_current(path)
        self._update_header(entry)
        self._current_row = -1
        self.redraw()
        if restore and clean is not None and 0 < state.position <= len(clean.text):
            cleaned.move_to_offset(state.position, center=True)
        self.call_after_refresh(self.sync_from_cleaned)
        if self.store is not None:
            try:
                self.store.set_meta("last_article", path)
            except Exception:
                pass
        if focus == "cleaned":
            cleaned.focus()
        elif focus == "list":
            self.article_list.options.focus()

    def _show_reader_problem(self, message: str) -> None:
        self.notify(message, title="This article cannot be shown", severity="warning", markup=False)

    def _leave_article(self) -> None:
        """Remember where the reviewer was in the article being left, and the time spent."""
        if self.current is None or self.store is None:
            return
        try:
            state = services.state_of(self.store, self.current)
            self.store.set_state(
                self.current,
                position=self.cleaned_pane.cursor_offset,
                seconds=state.seconds + (time.monotonic() - self.opened_at),
            )
        except Exception:
            pass

    def _reanchor(self, path: str, clean) -> None:
        """The cleaned text changed since these claims were made: place them again (or mark orphaned)."""
        if self.store is None or getattr(self.store, "read_only", False):
            return
        try:
            from jingtui.store.anchor import reanchor_article

            report = reanchor_article(self.store, path, clean.text, clean.sha256, clean.to_original.to_original)
        except Exception as exc:
            self.notify(f"Could not re-anchor the claims: {exc}", severity="error", markup=False)
            return
        self.claims = self._fetch_claims(path)
        if report.moved or report.orphaned:
            message = f"The cleaned text changed: {report.moved} claims moved"
            if report.orphaned:
                message += f", {report.orphaned} could not be placed (shown as orphaned in the claims panel)"
            self.notify(message + ".", title="Claims re-anchored", severity="warning", markup=False)

    def _fetch_claims(self, path: str) -> list[Claim]:
        if self.store is None:
            return []
        try:
            claims = list(self.store.claims(article=path, reviewer=self.reviewer_filter))
        except Exception:
            return []
        return sorted(claims, key=lambda c: (c.start, c.end))

    def _align_paragraphs(self, article, clean) -> None:
        """For each cleaned row, the original rows its paragraph came from."""
        oindex = self.original_pane.index
        cindex = self.cleaned_pane.index
        original_text = article.original
        rows = len(cindex.starts)
        starts = [0] * rows
        ends = [0] * rows
        by_row = {}
        for para in clean.paragraphs:
            by_row[cindex.location(para.start)[0]] = para
        last_start = last_end = last_col = 0
        cols = [0] * rows
        for row in range(rows):
            para = by_row.get(row)
            if para is not None and para.original_start >= 0:
                first = para.original_start
                limit = min(max(para.original_end, first), len(original_text))
                while first < limit and original_text[first].isspace():
                    first += 1
                last_start, last_col = oindex.location(first)
                last_end = oindex.location(max(para.original_start, para.original_end - 1))[0]
            elif para is None:
                a, b = cindex.row_span(row)
                if b > a:
                    os_, oe = clean.to_original.to_original(a, b)
                    last_start, last_col = oindex.location(os_)
                    last_end = oindex.location(max(os_, oe - 1))[0]
            starts[row], ends[row], cols[row] = last_start, max(last_start, last_end), last_col
        self.para_orig_rows, self.para_orig_end_rows, self.para_orig_cols = starts, ends, cols

    def _update_header(self, entry: Entry) -> None:
        article, clean = entry.article, entry.clean
        details = []
        if article is not None:
            if article.meta.source:
                details.append(article.meta.source)
            if article.meta.date:
                details.append(article.meta.date)
            if clean is not None:
                details.append(clean.script)
            details.append(article.encoding or "?")
            if entry.display_title != entry.path:  # an article without a headline is titled by its path
                details.append(entry.path)
        warnings = len(clean.warnings) if clean is not None else 0
        problems = list(article.problems) if article is not None else ([entry.error] if entry.error else [])
        self.header_bar.show_article(entry.display_title, details, warnings, problems, entry.done)
        self._update_session()

    def _update_session(self) -> None:
        header = self.header_bar
        if self.session is not None:
            header.tagged = int(getattr(self.session, "tagged_count", 0) or 0)
        header.refresh_session()

    # ---- painting -----------------------------------------------------------------------------
    def redraw(self) -> None:
        """Repaint the decorations of both panes (claims, warnings, dimmed lines, matches, cursor)."""
        entry = self.entries.get(self.current) if self.current else None
        cleaned, original = self.cleaned_pane, self.original_pane
        cdeco, odeco = Decorations(), Decorations()
        if entry is not None and entry.clean is not None and entry.article is not None:
            clean = entry.clean
            cidx, oidx = cleaned.index, original.index
            # dimmed lines of the original: what cleaning left out
            for line in clean.lines:
                if line.kind not in KEPT_CLASSES:
                    for row, a, b in oidx.spans_by_row(line.original_start, line.original_end):
                        odeco.add(row, a, b, "pane--dim")
            # current paragraph in both panes
            row = cleaned.cursor_location[0]
            if 0 <= row < len(cidx.starts):
                cdeco.add(row, 0, None, "pane--current")
                if row < len(self.para_orig_rows):
                    for orow in range(self.para_orig_rows[row], self.para_orig_end_rows[row] + 1):
                        a, b = oidx.row_span(orow)
                        if b > a:
                            odeco.add(orow, 0, None, "pane--current")
            self._current_row = row
            for suggestion in self.suggestions if self.suggestions_shown else []:
                for r, a, b in cidx.spans_by_row(suggestion.start, suggestion.end):
                    cdeco.add(r, a, b, "pane--suggestion")
            pieces = self._claim_pieces
            made_for = pieces.get("for", ())
            if (len(made_for) != 3 or made_for[0] is not clean or made_for[1] is not cidx or made_for[2] is not oidx
                    or len(pieces) > 4 * len(self.claims) + 256):
                pieces.clear()
                pieces["for"] = (clean, cidx, oidx)
            for claim, layer in claim_layers(self.claims):
                key = (claim.id, claim.status, claim.label, layer, claim.start, claim.end,
                       claim.original_start, claim.original_end)
                found = pieces.get(key)
                if found is None:
                    found = pieces[key] = self._claim_spans(clean, cidx, oidx, claim, layer)
                cls, cspans, ospans = found
                for r, a, b in cspans:
                    cdeco.add(r, a, b, cls)
                for r, a, b in ospans:
                    odeco.add(r, a, b, cls)
            for warning in clean.warnings:
                for r, a, b in cidx.spans_by_row(warning.start, warning.end):
                    cdeco.add(r, a, b, "pane--warning")
                if warning.original_start >= 0:
                    for r, a, b in oidx.spans_by_row(warning.original_start, warning.original_end):
                        odeco.add(r, a, b, "pane--warning")
            if self.search_term:
                pane = cleaned if self.search_pane_id == "cleaned" else original
                deco = cdeco if pane is cleaned else odeco
                for start in self._matches(pane):
                    for r, a, b in pane.index.spans_by_row(start, start + len(self.search_term)):
                        deco.add(r, a, b, "pane--match")
        cleaned.decorate(cdeco)
        original.decorate(odeco)

    @staticmethod
    def _claim_spans(clean, cidx, oidx, claim: Claim, layer: int) -> tuple[str, list, list]:
        """A claim's class and its (row, start column, end column) pieces in the cleaned and original panes."""
        cls = "pane--orphan" if claim.status != "active" else _label_class(claim.label, layer)
        cspans = []
        if claim.status == "active" and claim.end <= len(clean.text):
            cspans = list(cidx.spans_by_row(claim.start, claim.end))
        ostart, oend = claim.original_start, claim.original_end
        if (ostart < 0 or oend <= ostart) and claim.end <= len(clean.to_original):
            ostart, oend = clean.to_original.to_original(claim.start, claim.end)
        return cls, cspans, list(oidx.spans_by_row(ostart, oend))

    # ---- paragraph alignment and scrolling together -------------------------------------------
    @on(TextArea.SelectionChanged)
    def selection_changed(self, event: TextArea.SelectionChanged) -> None:
        if not self.screen_stack:  # shutting down
            return
        if event.text_area is self.cleaned_pane:
            row = self.cleaned_pane.cursor_location[0]
            if row != self._current_row:
                self.redraw()
            self.call_after_refresh(self.sync_from_cleaned)
        elif event.text_area is self.original_pane:
            self.call_after_refresh(self.sync_from_original)

    @on(ArticlePane.Scrolled)
    def pane_scrolled(self, event: ArticlePane.Scrolled) -> None:
        # Only the pane the reviewer drives leads: no feedback loop between the two panes.
        if not self.screen_stack:  # shutting down
            return
        focused = self.focused
        if event.pane is self.cleaned_pane and focused is not self.original_pane:
            self.sync_from_cleaned()
        elif event.pane is self.original_pane and focused is self.original_pane:
            self.sync_from_original()

    def sync_from_cleaned(self) -> None:
        """Scroll the original so the cursor's paragraph (or, when it is out of view, the top one) is at
        the same height as in the cleaned pane."""
        cleaned, original = self.cleaned_pane, self.original_pane
        if not self.para_orig_rows or not original.display or not cleaned.display:
            return
        row = cleaned.cursor_location[0]
        screen_y = cleaned.row_screen_y(row)
        if not 0 <= screen_y < cleaned.scrollable_content_region.height:
            row = cleaned.top_row()
            screen_y = cleaned.row_screen_y(row)
        if row >= len(self.para_orig_rows):
            return
        original.scroll_row_to(self.para_orig_rows[row], screen_y, self.para_orig_cols[row])

    def sync_from_original(self) -> None:
        """When the reviewer moves in the original, bring the cleaned pane's paragraph level with it."""
        from bisect import bisect_right

        cleaned, original = self.cleaned_pane, self.original_pane
        if not self.para_orig_rows or not cleaned.display or not original.display:
            return
        orow = original.cursor_location[0]
        screen_y = original.row_screen_y(orow)
        if not 0 <= screen_y < original.scrollable_content_region.height:
            orow = original.top_row()
            screen_y = original.row_screen_y(orow)
        row = max(0, bisect_right(self.para_orig_rows, orow) - 1)
        screen_y -= orow - self.para_orig_rows[row] if orow >= self.para_orig_rows[row] else 0
        cleaned.scroll_row_to(row, screen_y)

    # ---- list events -------------------------------------------------------------------------
    @on(ArticleList.Opened)
    def list_opened(self, event: ArticleList.Opened) -> None:
        self.show_article(event.path, focus="cleaned")

    def _step_article(self, step: int) -> None:
        paths = self.article_list.visible_paths() or self.order
        if not paths:
            return
        if self.current in paths:
            index = (paths.index(self.current) + step) % len(paths)
        else:
            index = 0
        self.show_article(paths[index], focus=None)

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    # ---- focus helpers ------------------------------------------------------------------------
    def _pane(self) -> ArticlePane:
        """The text pane actions apply to: the focused one, else the cleaned pane."""
        focused = self.focused
        if isinstance(focused, ArticlePane):
            return focused
        return self.cleaned_pane

    def _clean(self):
        entry = self.entries.get(self.current) if self.current else None
        return entry.clean if entry is not None else None

    # ---- search input and claims panel (handlers stay on the App: Textual collects them per class)
    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.search_term = event.value
        self.redraw()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.search_term = event.value
        field = self.query_one("#search", Input)
        field.display = False
        pane = self.query_one(f"#{self.search_pane_id}", ArticlePane)
        pane.focus()
        self._goto_match(pane, forward=True, include_current=True)

    @on(ClaimsPanel.Chosen)
    def claim_chosen(self, event: ClaimsPanel.Chosen) -> None:
        claim = next((c for c in self.claims if c.id == event.claim_id), None)
        if claim is None:
            return
        self.cleaned_pane.focus()
        self.cleaned_pane.move_to_offset(claim.start, center=True)

    # ---- view ---------------------------------------------------------------------------------
    def _toggle(self, cls: str, widget, name: str) -> None:
        self.toggle_class(cls)
        widget.display = not self.has_class(cls)
        self.call_after_refresh(self.sync_from_cleaned)

    def action_toggle_original(self) -> None:
        pane = self.original_pane
        if not pane.display or self.cleaned_pane.display:
            self._toggle("hide-original", pane, "original")
            if not pane.display and self.focused is pane:
                self.cleaned_pane.focus()

    def action_toggle_cleaned(self) -> None:
        pane = self.cleaned_pane
        if not pane.display or self.original_pane.display:
            self._toggle("hide-cleaned", pane, "cleaned")
            if not pane.display and self.focused is pane:
                self.original_pane.focus()

    def action_toggle_list(self) -> None:
        self._toggle("hide-list", self.article_list, "list")

    def action_toggle_claims(self) -> None:
        self._toggle("hide-claims", self.claims_panel, "claims")

    def action_show_warnings(self) -> None:
        clean = self._clean()
        if clean is None or not clean.warnings:
            self.say("No warnings in this article.")
            return
        lines = []
        for w in clean.warnings[:12]:
            lines.append(f"{w.kind}: {w.message} «{clean.text[w.start:w.end]}»")
        if len(clean.warnings) > 12:
            lines.append(f"… and {len(clean.warnings) - 12} more")
        self.notify("\n".join(lines), title=f"{len(clean.warnings)} warnings", timeout=12, markup=False)
        pane = self.cleaned_pane
        after = [w.start for w in clean.warnings if w.start > pane.cursor_offset]
        pane.move_to_offset(after[0] if after else clean.warnings[0].start, center=True)

    def action_help(self) -> None:
        from jingtui.app.screens.help import HelpScreen

        self.push_screen(HelpScreen(keymap.help_sections()))

    def action_export(self) -> None:
        try:
            from jingtui.app.screens.export import ExportDialog
        except ImportError:
            self.say("Export from the command line: jingtui export " + str(self.root))
            return
        self.push_screen(ExportDialog(self.root, self.db_path, self.current))

    def action_corpus_view(self) -> None:
        try:
            from jingtui.app.screens.corpus_view import CorpusView
        except ImportError:
            self.say("The corpus view is not available in this version.")
            return
        self.push_screen(CorpusView(self.root, self.db_path))  # titles: the view takes the list's

    def action_adjudicate(self) -> None:
        from jingtui.app.adjudicating import open_adjudication

        open_adjudication(self)

    def say(self, message: str) -> None:
        """A short confirmation in the header's status line (no toast over the text)."""
        self.status_message = message
        self.header_bar.status = message
        self.header_bar.refresh_session()

    # ---- leaving ------------------------------------------------------------------------------
    async def action_quit(self) -> None:
        self._leave_article()
        self.exit()

    # ---- the team database, live ------------------------------------------------------------
    def _start_team_live(self) -> None:
        from jingtui.app.team_live import TeamLive

        if TeamLive.wanted(self.store) and self.team_live is None:
            self.team_live = TeamLive(self, self.store)
            self.team_live.start()

    def on_claims_changed(self, message) -> None:
        """Other reviewers' claims changed: redraw the current article if touched, recount the others."""
        if self.store is None:
            return
        touched = set(self.entries) if message.resync else message.articles & set(self.entries)
        for path in touched - {self.current}:
            try:
                self.entries[path].counts = self.store.counts(path).get(path, {})
            except Exception:  # the server went away meanwhile: the status line says so
                continue
            self.article_list.refresh_entry(self.entries[path])
        if self.current in touched:
            panel = self.claims_panel
            index = panel.highlighted
            kept = panel.rows[index].id if panel.claims and index is not None and index < len(panel.rows) else None
            self._after_change(claim_id=kept)

    def on_server_state(self, message) -> None:
        if self.team_live is not None:
            self.team_live.show_status()

    def on_unmount(self) -> None:
        if self.team_live is not None:
            self.team_live.stop()
        if self.store is not None:
            try:
                close = getattr(self.store, "close", None)
                if close:
                    close()
            except Exception:
                pass
