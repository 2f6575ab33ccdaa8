"""What the reader's claim keys do: tag, relabel, delete, note, copy, undo/redo, done, suggestions.

An ``Annotator`` belongs to one ``ReaderScreen`` (its host) and acts on the host's panes and state.
Every change goes through the store's ``AnnotationSession``, which has it on disk before it returns;
a refused change (``UserError``: ClaimError, StoreError) becomes a notification. The host then reloads
the article's claims from the store and repaints (``ReaderScreen.after_change``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from jingtui.app import services
from jingtui.app.widgets.text_panes import ArticlePane
from jingtui.clean.model import CleanText
from jingtui.clean.original_selection import OriginalSelection, map_original_selection
from jingtui.errors import UserError
from jingtui.store.history import Change
from jingtui.store.model import Claim
from jingtui.store.session import AnnotationSession
from jingtui.suggest.model import Suggestion
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.app.screens.reader import ReaderScreen
    from jingtui.suggest.lexicon import SloganLexicon

log = logging.getLogger(__name__)

T = TypeVar("T")
HistoryStep = Literal["undo", "redo"]


def bring_back_offer() -> str:
    """The key that brings a removed passage back, as a sentence, when the keymap has one; else ""."""
    from jingtui.app.keymap import KEYMAP

    entry = next((e for e in KEYMAP if e.action.endswith(("bring_back", "toggle_passage"))), None)
    if entry is None or not entry.keys:
        return ""
    return f" Press {entry.shown_keys} to bring the passage back into the cleaned text."


def short(quote: str, width: int = 40) -> str:
    """``quote`` on one line, cut to ``width`` characters."""
    quote = quote.replace("\n", " ")
    return quote if len(quote) <= width else quote[: width - 1] + "…"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the blank space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class Annotator:
    """The claim and suggestion actions of one reader screen."""

    def __init__(self, host: ReaderScreen) -> None:
        self.host = host
        self._lexicon: SloganLexicon | None = None
        self._suggestion_said: Suggestion | None = None  # the suggestion whose reason the status line shows

    # ---- where the keys act -----------------------------------------------------------------
    def _session(self) -> AnnotationSession | None:
        """The session when a change can be made here (an open database, an article with text)."""
        host = self.host
        session = host.jingtui.session
        if session is None:
            message = host.jingtui.store_error or "No database is open: changes cannot be saved."
            host.notify(message, severity="error", markup=False)
            return None
        clean = host.current_clean()
        if clean is None or not clean.text:
            host.say("Open an article with text first.")
            return None
        return session

    def _save(self, change: Callable[[AnnotationSession], T], session: AnnotationSession) -> T | None:
        """``change(session)``; a refused change becomes a notification and None."""
        try:
            return change(session)
        except UserError as exc:
            self.host.notify(str(exc), title="Not saved", severity="error", markup=False)
            return None

    def _apply(self, change: Callable[[AnnotationSession], None], session: AnnotationSession) -> bool:
        """``change(session)`` for a change that returns nothing; False (and a notification) if refused."""
        try:
            change(session)
        except UserError as exc:
            self.host.notify(str(exc), title="Not saved", severity="error", markup=False)
            return False
        return True

    def cleaned_selection(self) -> tuple[int, int]:
        """The selection as cleaned-text offsets (a selection in the original is mapped over); none
        while the claims panel has the focus (its keys act on its highlighted claim)."""
        host = self.host
        if host.focused is host.claims_panel:
            return (0, 0)
        pane = host.pane()
        if pane is host.original_pane:
            mapped = self.original_selection()
            return mapped.cleaned if mapped is not None and mapped.cleaned is not None else (0, 0)
        return pane.selection_offsets()

    def original_selection(self) -> OriginalSelection | None:
        """The original pane's selection mapped to the cleaned text (with what the cleaner removed of it)."""
        host = self.host
        clean = host.current_clean()
        start, end = host.original_pane.selection_offsets()
        if clean is None or end <= start:
            return None
        return map_original_selection(clean, start, end, host.original_pane.text)

    def cursor(self) -> int:
        """The cursor as a cleaned-text offset; -1 when the original pane's cursor is on text the cleaner
        removed (nothing there is in the cleaned text: no claim, no sentence, never the other pane's)."""
        host = self.host
        pane = host.pane()
        if pane is host.original_pane:
            clean = host.current_clean()
            if clean is None:
                return -1
            offset = pane.cursor_offset
            mapped = map_original_selection(clean, offset, offset + 1, pane.text).cleaned
            return mapped[0] if mapped else -1
        return pane.cursor_offset

    def claim_at(self, offset: int) -> Claim | None:
        """The innermost active claim covering ``offset``."""
        found = [c for c in self.host.claims if c.status == "active" and c.start <= offset < c.end]
        return min(found, key=lambda c: (c.end - c.start, c.start)) if found else None

    def target_claim(self) -> Claim | None:
        """The claim an action applies to: the claims panel's highlighted row when the panel has the
        focus, else the innermost claim under the cursor."""
        panel = self.host.claims_panel
        if self.host.focused is panel and panel.claims and panel.highlighted is not None:
            return panel.claims[panel.highlighted]
        return self.claim_at(self.cursor())

    def say_suggestion(self) -> None:
        """The suggestion under the cursor (once, when the cursor comes onto it): code, score and reason."""
        suggestion = self.suggestion_at(self.cursor())
        said, self._suggestion_said = self._suggestion_said, suggestion
        if suggestion is not None and suggestion is not said:
            self.host.say(f"Suggested {suggestion.label} (score {suggestion.score:.2f}): {suggestion.reason}. "
                          "a accepts, r rejects, 1 2 3 accept as that code.")

    def suggestion_at(self, offset: int) -> Suggestion | None:
        return next((s for s in self.host.suggestions if s.start <= offset < s.end), None)

    # ---- claims -----------------------------------------------------------------------------
    def tag(self, index: int) -> None:
        """Keys 1, 2, 3: the code whose key is that digit (the default codebook: metric, slogan, anecdote)."""
        host = self.host
        book = host.jingtui.codebook
        code = book.by_key(str(index + 1))
        if code is not None:
            self.tag_label(code.id)
        elif book.source is None and 0 <= index < len(host.labels):  # no codebook file: the stored label set
            self.tag_label(host.labels[index])
        else:
            host.say(f"No code has the key {index + 1}: c picks any code, C shows them all.")

    def tag_label(self, label: str) -> None:
        """Tag the selection (or the sentence) with the code ``label``; on a claim with no selection: recode it."""
        host = self.host
        session = self._session()
        clean = host.current_clean()
        if session is None or clean is None or host.current is None:
            return
        from_panel = host.focused is host.claims_panel
        suggestion = self.suggestion_at(self.cursor()) if host.suggestions_shown and not from_panel else None
        in_original = not from_panel and host.pane() is host.original_pane
        mapped = self.original_selection() if in_original else None
        if mapped is not None and mapped.cleaned is None:
            host.say(mapped.sentence() + bring_back_offer())  # never tag something else instead
            return
        start, end = self.cleaned_selection()
        if suggestion is not None and end <= start:
            self._accept(suggestion, session, clean, label)
            return
        text = clean.text
        if end <= start and in_original and self.cursor() < 0:
            host.say("The cursor is on text the cleaner removed; nothing was tagged." + bring_back_offer())
            return
        if end <= start:
            existing = self.target_claim()
            if existing is not None:
                if existing.label == label:
                    host.say(f"Already {host.jingtui.codebook.path_of(label)}.")
                elif self._save(lambda s: s.relabel(existing.id, label), session) is not None:
                    host.say(f"Relabelled as {host.jingtui.codebook.path_of(label)}.")
                    host.after_change(claim_id=existing.id)
                return
            if from_panel:
                return
            span = host.cleaned_pane.nav.containing(self.cursor())
            if span is None:
                return
            start, end = span
        start, end = trim(text, start, end)
        if end <= start:
            host.say("Nothing to tag here: the selection is blank.")
            return
        article, fields = host.current, self.fields_for(label, text[start:end], start)
        span_in_original = clean.to_original.to_original(start, end)
        claim = self._save(lambda s: s.tag(article, text, clean.sha256, start, end, label,
                                           original_span=span_in_original, origin="manual", fields=fields), session)
        if claim is None:
            return
        pane = host.cleaned_pane
        pane.cursor_location = pane.index.location(start)
        host.after_change(claim_id=claim.id)
        removed = f" {mapped.sentence()}" if mapped is not None and mapped.removed else ""
        host.say(f"Tagged {host.jingtui.codebook.path_of(label)}: {short(text[start:end])}{removed}")

    def fields_for(self, label: str, quote: str, start: int) -> dict[str, Any]:
        """Structured fields of a new claim (metric value and unit, canonical slogan)."""
        from jingtui.suggest.fields import fields_for

        clean = self.host.current_clean()
        context = ""
        if clean is not None:
            index = self.host.cleaned_pane.index
            a, b = index.row_span(index.location(start)[0])
            context = clean.text[a:b]
        try:
            code = self.host.jingtui.codebook.code(label)  # a code's fields come from its detector's rules
            detector = code.suggested_by if code is not None and code.suggested_by else label
            return dict(fields_for(detector, quote, context=context))
        except Exception:  # edge: a claim without fields beats a lost claim; the log says why
            log.exception("fields_for(%r, %r) failed", label, quote)
            return {}

    def delete_claim(self) -> None:
        session = self._session()
        if session is None:
            return
        claim = self.target_claim()
        if claim is None:
            self.host.say("No claim under the cursor.")
            return
        if self._save(lambda s: s.delete(claim.id), session) is None:
            return
        self.host.after_change()
        self.host.say(f"Deleted {claim.label}: {short(claim.quote)} (u undoes)")

    def jump_claim(self, *, forward: bool) -> None:
        host = self.host
        items: list[tuple[int, str | None]] = [(c.start, c.id) for c in host.claims if c.status == "active"]
        if host.suggestions_shown:
            items += [(s.start, None) for s in host.suggestions]
        if not items:
            host.say("No claims in this article.")
            return
        items.sort(key=lambda item: (item[0], item[1] or ""))
        here = self.cursor()
        if forward:
            after = [i for i in items if i[0] > here]
            target = after[0] if after else items[0]
        else:
            before = [i for i in items if i[0] < here]
            target = before[-1] if before else items[-1]
        host.cleaned_pane.move_to_offset(target[0], center=True)
        if not isinstance(host.focused, ArticlePane):
            host.cleaned_pane.focus()
        host.claims_panel.highlight_claim(target[1])

    def edit_note(self) -> None:
        session = self._session()
        if session is None:
            return
        claim = self.target_claim()
        if claim is None:
            self.host.say("No claim under the cursor: put the cursor on a claim to write its note.")
            return
        from jingtui.app.screens.note import NoteDialog

        def done(note: str | None) -> None:
            if note is None or note == claim.note:
                return
            if self._save(lambda s: s.set_note(claim.id, note), session) is None:
                return
            self.host.after_change(claim_id=claim.id)
            self.host.say("Note saved.")

        self.host.app.push_screen(NoteDialog(claim.quote, claim.note), done)

    def citation(self, quote: str, label: str | None, note: str = "") -> str:
        """The quote with its label, title, outlet, date and path, ready to paste."""
        from jingtui.app.clipboard import format_citation

        entry = self.host.catalog.get(self.host.current)
        if entry is None:
            return quote
        meta = entry.article.meta if entry.article is not None else None
        return format_citation(quote, label or "", entry.display_title, meta.source if meta else None,
                               meta.date if meta else None, entry.path, note)

    def copy_claim(self) -> None:
        clean = self.host.current_clean()
        if clean is None:
            return
        start, end = self.cleaned_selection()
        if end > start:
            text = self.citation(clean.text[start:end], None)
        else:
            claim = self.target_claim()
            if claim is None:
                self.host.say("Nothing to copy: select text or put the cursor on a claim.")
                return
            text = self.citation(claim.quote, claim.label, claim.note)
        from jingtui.app.clipboard import copy_with_fallback

        where = copy_with_fallback(self.host.app, text)
        self.host.say(f"Copied to the {where}.")

    def cycle_reviewer(self) -> None:
        """Show the claims of one reviewer, then the next, then everyone's again."""
        host = self.host
        store = host.jingtui.store
        if store is None:
            return
        host.reviewer_filter = services.next_reviewer(store, host.reviewer_filter, host.jingtui.reviewer)
        if host.reviewer_filter is None:
            host.say("Showing every reviewer's claims.")
        else:
            host.say(f"Showing the claims of {host.reviewer_filter} only (R: next reviewer).")

    # ---- history and state --------------------------------------------------------------------
    def step_history(self, step: HistoryStep) -> None:
        """Undo or redo one change of the session, in whichever article it was."""
        session = self.host.jingtui.session
        if session is None:
            return
        try:
            change = session.undo() if step == "undo" else session.redo()
        except UserError as exc:
            self.host.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self._apply_change(change, step)

    def _apply_change(self, change: Change | None, step: HistoryStep) -> None:
        host = self.host
        if change is None:
            host.say(f"Nothing to {step}.")
            return
        article, claim_id = change.article, change.claim_id
        if article != host.current and article in host.entries:
            host.show_article(article, focus=None, restore=False)
        entry = host.catalog.get(article)
        if entry is not None:
            entry.done = services.state_of(host.jingtui.store, article).done
            host.article_list.refresh_entry(entry)
            if article == host.current:
                host.update_header(entry)
        if host.suggestions_shown and article == host.current:
            host.load_suggestions()  # an undone rejection or acceptance is offered again
        host.after_change(claim_id=claim_id, move=claim_id is not None)
        description = change.description
        host.say(description if description.endswith(".") else description + ".")

    def toggle_done(self) -> None:
        host = self.host
        session, path = host.jingtui.session, host.current
        if session is None or path is None:
            return
        entry = host.entries[path]
        done = not services.state_of(host.jingtui.store, path).done
        if not self._apply(lambda s: s.set_done(path, done), session):
            return
        entry.done = done
        host.article_list.refresh_entry(entry)
        host.update_header(entry)
        host.say("Marked done." if done else "Marked not done.")

    # ---- suggestions --------------------------------------------------------------------------
    def unreviewed_suggestions(self) -> list[Suggestion]:
        """The rule-based suggestions for the current article the reviewer has not settled yet."""
        host = self.host
        clean = host.current_clean()
        if clean is None or host.current is None:
            return []
        from jingtui.suggest import load_lexicon, suggest_claims
        from jingtui.suggest.codes import as_codes, detectors_for
        from jingtui.suggest.corpus import unreviewed

        book = host.jingtui.codebook
        try:
            if self._lexicon is None:
                self._lexicon = load_lexicon(host.jingtui.root)
            # the detectors the codebook names, each suggestion labelled with its code
            found = as_codes(suggest_claims(clean.text, lexicon=self._lexicon, labels=detectors_for(book)), book)
        except Exception as exc:  # edge: a broken user lexicon must not take the reader down; says why
            log.exception("suggestions failed")
            host.notify(f"Suggestions failed: {exc}", severity="error", markup=False)
            return []
        store = host.jingtui.store
        rejections = store.rejections(host.current) if store is not None else []
        return unreviewed(found, host.claims, rejections)

    def _accept(self, suggestion: Suggestion, session: AnnotationSession, clean: CleanText,
                label: str | None = None) -> bool:
        host = self.host
        article = host.current
        if article is None:
            return False
        chosen = label or suggestion.label
        if chosen == suggestion.label:
            fields = dict(suggestion.fields)
        else:
            fields = self.fields_for(chosen, suggestion.quote, suggestion.start)
        span_in_original = clean.to_original.to_original(suggestion.start, suggestion.end)
        claim = self._save(lambda s: s.tag(article, clean.text, clean.sha256, suggestion.start, suggestion.end,
                                           chosen, original_span=span_in_original, origin="suggested",
                                           fields=fields), session)
        if claim is None:
            return False
        host.suggestions = [s for s in host.suggestions if s is not suggestion]
        host.after_change()
        return True

    def _offered(self) -> tuple[AnnotationSession, CleanText] | None:
        if not self.host.suggestions_shown:
            return None
        session = self._session()
        clean = self.host.current_clean()
        return (session, clean) if session is not None and clean is not None else None

    def accept_suggestion(self) -> None:
        offered = self._offered()
        if offered is None:
            return
        suggestion = self.suggestion_at(self.cursor())
        if suggestion is None:
            self.host.say("No suggestion under the cursor.")
            return
        self._accept(suggestion, *offered)
        self.host.say(f"Accepted {suggestion.label}.")

    def reject_suggestion(self) -> None:
        offered = self._offered()
        host = self.host
        if offered is None or host.current is None:
            return
        suggestion = self.suggestion_at(self.cursor())
        if suggestion is None:
            host.say("No suggestion under the cursor.")
            return
        article = host.current
        if not self._apply(lambda s: s.reject_suggestion(article, suggestion.label, suggestion.start,
                                                         suggestion.end, suggestion.quote), offered[0]):
            return
        host.suggestions = [s for s in host.suggestions if s is not suggestion]
        host.redraw()
        host.say("Rejected.")

    def accept_paragraph(self) -> None:
        offered = self._offered()
        if offered is None:
            return
        index = self.host.cleaned_pane.index
        here = self.cursor()
        if here < 0:
            self.host.say("The cursor is on text the cleaner removed: no suggestions there.")
            return
        a, b = index.row_span(index.location(here)[0])
        chosen = [s for s in self.host.suggestions if a <= s.start < b]
        for suggestion in chosen:
            self._accept(suggestion, *offered)
        self.host.say(f"Accepted {counted(len(chosen), 'suggestion')}.")
