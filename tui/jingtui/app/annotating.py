"""Annotating actions of the app: tag, relabel, delete, note, copy, undo/redo, done, suggestions.

A mixin of ``JingtuiApp``. Every change goes through the store's AnnotationSession (``_save``), which
has it on disk before it returns; the app then reloads the article's claims and repaints.
"""

from __future__ import annotations

from jingtui.app import services
from jingtui.app.widgets.text_panes import ArticlePane
from jingtui.store.model import Claim


class AnnotationActions:
    """Claims and suggestions; expects the app's panes, ``store``, ``session``, ``current`` and ``say()``."""

    # ---- annotation -----------------------------------------------------------------------
    def _can_annotate(self) -> bool:
        if self.session is None:
            self.notify(self.store_error or "No database is open: changes cannot be saved.", severity="error", markup=False)
            return False
        entry = self.entries.get(self.current) if self.current else None
        if entry is None or entry.clean is None or not entry.clean.text:
            self.say("Open an article with text first.")
            return False
        return True

    def _cleaned_selection(self) -> tuple[int, int]:
        """The selection as cleaned-text offsets (a selection in the original is mapped over); none
        while the claims panel has the focus (its keys act on its highlighted claim)."""
        if self.focused is self.claims_panel:
            return (0, 0)
        pane = self._pane()
        start, end = pane.selection_offsets()
        if pane is self.original_pane and end > start:
            clean = self._clean()
            mapped = clean.to_original.from_original(start, end) if clean is not None else None
            return mapped if mapped else (0, 0)
        if pane is self.original_pane:
            return (0, 0)
        return start, end

    def _cursor(self) -> int:
        """The cursor as a cleaned-text offset."""
        pane = self._pane()
        if pane is self.original_pane:
            clean = self._clean()
            offset = pane.cursor_offset
            mapped = clean.to_original.from_original(offset, offset + 1) if clean is not None else None
            return mapped[0] if mapped else self.cleaned_pane.cursor_offset
        return pane.cursor_offset

    def claim_at(self, offset: int) -> Claim | None:
        """The innermost active claim covering ``offset``."""
        found = [c for c in self.claims if c.status == "active" and c.start <= offset < c.end]
        if not found:
            return None
        return min(found, key=lambda c: (c.end - c.start, c.start))

    def target_claim(self) -> Claim | None:
        """The claim an action applies to: the claims panel's highlighted row when the panel has the
        focus, else the innermost claim under the cursor."""
        panel = self.claims_panel
        if self.focused is panel and panel.claims and panel.highlighted is not None:
            return panel.claims[panel.highlighted]
        return self.claim_at(self._cursor())

    @staticmethod
    def _trim(text: str, start: int, end: int) -> tuple[int, int]:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def _after_change(self, *, claim_id: str | None = None, move: bool = False) -> None:
        """Reload the current article's claims from the store and repaint everything that shows them."""
        if self.current is None:
            return
        self.claims = self._fetch_claims(self.current)
        entry = self.entries[self.current]
        entry.counts = services.claim_counts(self.claims)
        self.article_list.refresh_entry(entry)
        self.claims_panel.set_claims(self.claims, claim_id)
        self._update_session()
        self.redraw()
        if move and claim_id is not None:
            claim = next((c for c in self.claims if c.id == claim_id), None)
            if claim is not None:
                self.cleaned_pane.move_to_offset(claim.start, center=True)

    def _save(self, method: str, *args, **kwargs):
        """Call ``session.<method>``; a refused change (ClaimError, StoreError) becomes a notification."""
        from jingtui.errors import UserError

        try:
            return getattr(self.session, method)(*args, **kwargs)
        except UserError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return False

    def action_tag(self, index: int) -> None:
        if not 0 <= index < len(self.labels) or not self._can_annotate():
            return
        label = self.labels[index]
        from_panel = self.focused is self.claims_panel
        if not from_panel and self.suggestions_shown and self._suggestion_at(self._cursor()) is not None:
            start, end = self._cleaned_selection()
            if end <= start:
                self._accept(self._suggestion_at(self._cursor()), label)
                return
        clean = self._clean()
        text = clean.text
        start, end = self._cleaned_selection()
        if end <= start:
            cursor = self._cursor()
            existing = self.target_claim()
            if existing is not None:
                if existing.label != label:
                    if self._save("relabel", existing.id, label) is False:
                        return
                    self.say(f"Relabelled as {label}.")
                    self._after_change(claim_id=existing.id)
                else:
                    self.say(f"Already {label}.")
                return
            if from_panel:
                return
            span = self.cleaned_pane.nav.containing(cursor)
            if span is None:
                return
            start, end = span
        start, end = self._trim(text, start, end)
        if end <= start:
            self.say("Nothing to tag here: the selection is blank.")
            return
        claim = self._save(
            "tag",
            self.current,
            text,
            clean.sha256,
            start,
            end,
            label,
            original_span=clean.to_original.to_original(start, end),
            origin="manual",
            fields=self._fields_for(label, text[start:end], start),
        )
        if claim is False:
            return
        pane = self.cleaned_pane
        pane.cursor_location = pane.index.location(start)
        self._after_change(claim_id=getattr(claim, "id", None))
        self.say(f"Tagged {label}: {self._short(text[start:end])}")

    @staticmethod
    def _short(quote: str, width: int = 40) -> str:
        quote = quote.replace("\n", " ")
        return quote if len(quote) <= width else quote[: width - 1] + "…"

    def _fields_for(self, label: str, quote: str, start: int | None = None) -> dict:
        """Structured fields of a new claim (metric value and unit, canonical slogan)."""
        try:
            from jingtui.suggest.fields import fields_for
        except ImportError:
            return {}
        context = ""
        clean = self._clean()
        if clean is not None and start is not None:
            row = self.cleaned_pane.index.location(start)[0]
            a, b = self.cleaned_pane.index.row_span(row)
            context = clean.text[a:b]
        try:
            return dict(fields_for(label, quote, context=context) or {})
        except Exception:
            return {}

    def action_delete_claim(self) -> None:
        if not self._can_annotate():
            return
        claim = self.target_claim()
        if claim is None:
            self.say("No claim under the cursor.")
            return
        if self._save("delete", claim.id) is False:
            return
        self._after_change()
        self.say(f"Deleted {claim.label}: {self._short(claim.quote)} (u undoes)")

    def _jump_claim(self, forward: bool) -> None:
        items = [(c.start, c.id) for c in self.claims if c.status == "active"]
        if self.suggestions_shown:
            items += [(s.start, None) for s in self.suggestions]
        if not items:
            self.say("No claims in this article.")
            return
        items.sort()
        here = self._cursor()
        if forward:
            after = [i for i in items if i[0] > here]
            target = after[0] if after else items[0]
        else:
            before = [i for i in items if i[0] < here]
            target = before[-1] if before else items[-1]
        self.cleaned_pane.move_to_offset(target[0], center=True)
        if self.focused is not self.cleaned_pane and not isinstance(self.focused, ArticlePane):
            self.cleaned_pane.focus()
        self.claims_panel.highlight_claim(target[1])

    def action_claim_next(self) -> None:
        self._jump_claim(True)

    def action_claim_previous(self) -> None:
        self._jump_claim(False)

    def action_edit_note(self) -> None:
        if not self._can_annotate():
            return
        claim = self.target_claim()
        if claim is None:
            self.say("No claim under the cursor: put the cursor on a claim to write its note.")
            return
        from jingtui.app.screens.note import NoteDialog

        def done(note: str | None) -> None:
            if note is None or note == claim.note:
                return
            if self._save("set_note", claim.id, note) is False:
                return
            self._after_change(claim_id=claim.id)
            self.say("Note saved.")

        self.push_screen(NoteDialog(claim.quote, claim.note), done)

    def citation(self, quote: str, label: str | None, note: str = "") -> str:
        """The quote with its label, title, outlet, date and path, ready to paste."""
        from jingtui.app.clipboard import format_citation

        entry = self.entries[self.current]
        meta = entry.article.meta if entry.article is not None else None
        return format_citation(
            quote,
            label or "",
            entry.display_title,
            meta.source if meta else None,
            meta.date if meta else None,
            entry.path,
            note,
        )

    def action_copy_claim(self) -> None:
        clean = self._clean()
        if clean is None:
            return
        start, end = self._cleaned_selection()
        if end > start:
            text = self.citation(clean.text[start:end], None)
        else:
            claim = self.target_claim()
            if claim is None:
                self.say("Nothing to copy: select text or put the cursor on a claim.")
                return
            text = self.citation(claim.quote, claim.label, claim.note)
        where = self.copy_text(text)
        self.say(f"Copied to the {where}.")

    def copy_text(self, text: str) -> str:
        """Copy through pyperclip, else the terminal (OSC 52); return which one was used."""
        from jingtui.app.clipboard import copy_with_fallback

        return copy_with_fallback(self, text)

    def _apply_change(self, change, verb: str) -> None:
        if change is None:
            self.say(f"Nothing to {verb}.")
            return
        article = getattr(change, "article", None)
        claim_id = getattr(change, "claim_id", None)
        if article and article != self.current and article in self.entries:
            self.show_article(article, focus=None, restore=False)
        if article in self.entries:
            self.entries[article].done = services.state_of(self.store, article).done
            self.article_list.refresh_entry(self.entries[article])
            if article == self.current:
                self._update_header(self.entries[article])
        if self.suggestions_shown and article == self.current:
            self._load_suggestions()  # an undone rejection or acceptance is offered again
        self._after_change(claim_id=claim_id, move=claim_id is not None)
        description = str(getattr(change, "description", verb))
        self.say(description if description.endswith(".") else description + ".")

    def action_undo(self) -> None:
        self._step_history("undo")

    def action_redo(self) -> None:
        self._step_history("redo")

    def action_cycle_reviewer(self) -> None:
        """Show the claims of one reviewer, then the next, then everyone's again."""
        if self.store is None:
            return
        reviewers = sorted(set(services.reviewers(self.store)) | {self.reviewer})
        if self.reviewer_filter is None:
            self.reviewer_filter = reviewers[0]
        else:
            later = [r for r in reviewers if r > self.reviewer_filter]
            self.reviewer_filter = later[0] if later else None
        self._after_change()
        if self.reviewer_filter is None:
            self.say("Showing every reviewer's claims.")
        else:
            self.say(f"Showing the claims of {self.reviewer_filter} only (R: next reviewer).")

    def _step_history(self, verb: str) -> None:
        """Undo or redo one change of the session, in whichever article it was."""
        if self.session is None:
            return
        change = self._save(verb)
        if change is not False:
            self._apply_change(change, verb)

    def action_toggle_done(self) -> None:
        if self.session is None or self.current is None:
            return
        entry = self.entries[self.current]
        done = not services.state_of(self.store, self.current).done
        if self._save("set_done", self.current, done) is False:
            return
        entry.done = done
        self.article_list.refresh_entry(entry)
        self._update_header(entry)
        self.say("Marked done." if done else "Marked not done.")

    # ---- suggestions ------------------------------------------------------------------------
    def _suggestion_at(self, offset: int):
        for s in self.suggestions:
            if s.start <= offset < s.end:
                return s
        return None

    def _load_suggestions(self) -> None:
        self.suggestions = []
        clean = self._clean()
        if clean is None or not self.suggestions_shown:
            return
        from jingtui.suggest import load_lexicon, suggest_claims

        try:
            if self._lexicon is None:
                self._lexicon = load_lexicon(self.root)
            found = list(suggest_claims(clean.text, lexicon=self._lexicon, labels=self.labels))
        except Exception as exc:  # a broken user lexicon must not take the reader down
            self.notify(f"Suggestions failed: {exc}", severity="error", markup=False)
            return
        from jingtui.suggest.corpus import unreviewed

        rejections = self.store.rejections(self.current) if self.store is not None else []
        self.suggestions = unreviewed(found, self.claims, rejections)

    def action_toggle_suggestions(self) -> None:
        self.suggestions_shown = not self.suggestions_shown
        self._load_suggestions()
        self.redraw()
        if self.suggestions_shown:
            self.say(f"{len(self.suggestions)} suggestions (a accepts, r rejects, 1-3 relabel, A the paragraph).")

    def _accept(self, suggestion, label: str | None = None) -> None:
        clean = self._clean()
        claim = self._save(
            "tag",
            self.current,
            clean.text,
            clean.sha256,
            suggestion.start,
            suggestion.end,
            label or suggestion.label,
            original_span=clean.to_original.to_original(suggestion.start, suggestion.end),
            origin="suggested",
            fields=dict(getattr(suggestion, "fields", None) or {}) if (label or suggestion.label) == suggestion.label else self._fields_for(label, suggestion.quote, suggestion.start),
        )
        if claim is False:
            return
        self.suggestions = [s for s in self.suggestions if s is not suggestion]
        self._after_change()

    def action_accept_suggestion(self) -> None:
        if not self.suggestions_shown or not self._can_annotate():
            return
        suggestion = self._suggestion_at(self._cursor())
        if suggestion is None:
            self.say("No suggestion under the cursor.")
            return
        self._accept(suggestion)
        self.say(f"Accepted {suggestion.label}.")

    def action_reject_suggestion(self) -> None:
        if not self.suggestions_shown or not self._can_annotate():
            return
        suggestion = self._suggestion_at(self._cursor())
        if suggestion is None:
            self.say("No suggestion under the cursor.")
            return
        if self._save("reject_suggestion", self.current, suggestion.label, suggestion.start, suggestion.end, suggestion.quote) is False:
            return
        self.suggestions = [s for s in self.suggestions if s is not suggestion]
        self.redraw()
        self.say("Rejected.")

    def action_accept_paragraph(self) -> None:
        if not self.suggestions_shown or not self._can_annotate():
            return
        row = self.cleaned_pane.index.location(self._cursor())[0]
        a, b = self.cleaned_pane.index.row_span(row)
        chosen = [s for s in self.suggestions if a <= s.start < b]
        for suggestion in chosen:
            self._accept(suggestion)
        self.say(f"Accepted {len(chosen)} suggestions.")
