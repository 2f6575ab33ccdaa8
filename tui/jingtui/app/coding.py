"""What the reader does with the codebook: keys of the codes, the picker, the codebook panel, the forms
for a claim's fields and the article's variables, codebook changes while reading, and reloading the file
when it changes on disk.

A ``Coding`` belongs to one ``ReaderScreen`` (its host), like the ``Annotator`` it tags through. The
codebook itself lives on the app (``JingtuiApp.codebook``, read by ``services.load_codebook``); changes
go through the session as undoable :class:`~jingtui.store.codebook_change.CodebookChange` commands, then
the codebook is read again from the file.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding

from jingtui.app.code_keys import TAG_KEYS, KeyClash, key_clashes
from jingtui.app.screens.ask import AskDialog
from jingtui.app.screens.code_picker import CodePicker, NewCode
from jingtui.app.screens.codebook_panel import CodebookPanel, PanelAction
from jingtui.app.screens.field_form import FieldForm
from jingtui.codebook import CODEBOOK_FILE, Code, Codebook, CodebookError, parse_codebook
from jingtui.codebook.edit import add_code, merge_code, move_code, rename_code, render_codebook
from jingtui.codebook.finder import CodeFinder
from jingtui.errors import UserError
from jingtui.store.codebook_change import CodebookChange
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.app.screens.reader import ReaderScreen

log = logging.getLogger(__name__)

WATCH_EVERY_S = 1.0


def _new_id(name: str, book: Codebook) -> str:
    """An id for a code added while reading: its name as one word, made unique."""
    base = "".join("_" if ch.isspace() or ch == "/" else ch for ch in name.strip()) or "code"
    candidate, n = base, 2
    while candidate in book:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


class Coding:
    """The codebook actions of one reader screen."""

    def __init__(self, host: ReaderScreen) -> None:
        self.host = host
        self._finder: CodeFinder | None = None
        self._finder_version = ""
        self._stamp: tuple[float, int] | None = None
        self.key_clashes: list[KeyClash] = []  # codes whose key the reader uses (see bind_keys)

    # ---- the codebook ------------------------------------------------------------------------
    @property
    def book(self) -> Codebook:
        return self.host.jingtui.codebook

    def finder(self) -> CodeFinder:
        """The picker's index, built when the picker first opens and again after a change."""
        if self._finder is None or self._finder_version != self.book.version:
            self._finder = CodeFinder(self.book)
            self._finder_version = self.book.version
        return self._finder

    def path(self) -> Path:
        """The codebook file (where a first change writes one when the corpus has none)."""
        app = self.host.jingtui
        return Path(app.codebook_file) if app.codebook_file else Path(app.root) / CODEBOOK_FILE

    def counts(self) -> dict[str, int]:
        """Active claims per code in the whole database."""
        store = self.host.jingtui.store
        if store is None:
            return {}
        totals: dict[str, int] = {}
        for per_label in store.counts().values():
            for label, n in per_label.items():
                totals[label] = totals.get(label, 0) + n
        return totals

    def adopt(self, book: Codebook, *, said: str = "") -> None:
        """Use ``book`` from now on: the session checks and stamps with it, the panes paint its colours."""
        app = self.host.jingtui
        app.codebook = book
        app.labels = book.ids
        if app.session is not None:
            app.session.codebook = book
        self.remember_stamp()
        self.host.codebook_changed()
        if said:
            self.host.say(said)

    # ---- keys and the picker -----------------------------------------------------------------
    def tag_code(self, code_id: str) -> None:
        self.host.annotator.tag_label(code_id)

    def pick(self) -> None:
        """``c``: the picker; the code chosen tags the selection (or recodes the claim under the cursor)."""
        def chosen(result: str | NewCode | None) -> None:
            if isinstance(result, NewCode):
                self.add(result.name, result.parent, then_tag=True)
            elif result:
                self.tag_code(result)

        self.host.app.push_screen(CodePicker(self.book, self.finder(), counts=self.counts()), chosen)

    # ---- the panel ---------------------------------------------------------------------------
    def panel(self) -> None:
        """``C``: the codebook panel, on the code of the claim under the cursor."""
        claim = self.host.annotator.target_claim()
        store = self.host.jingtui.store
        unknown: dict[str, int] = {}
        if store is not None:
            for per_label in store.counts().values():
                for label, n in per_label.items():
                    if label not in self.book:
                        unknown[label] = unknown.get(label, 0) + n
        screen = CodebookPanel(self.book, self.counts(), current=claim.label if claim else None, unknown=unknown)
        self.host.app.push_screen(screen, self.panel_action)

    def panel_action(self, action: PanelAction | None) -> None:
        if action is None:
            return
        code = self.book.code(action.code or "")
        if action.verb == "tag" and code is not None:
            self.tag_code(code.id)
        elif action.verb == "recode_unknown":
            self.host.app.push_screen(CodePicker(self.book, self.finder(), title=f"Recode the claims of {action.code}"),
                                      lambda result: self.recode_all(action.code or "", result))
        elif action.verb in ("add", "add_top"):
            under = code.id if action.verb == "add" and code is not None else None
            where = f" under {self.book.path_of(under)}" if under else " at the top"
            self.ask("New code", f"The name of the new code{where}:", "", lambda name: self.add(name, under))
        elif action.verb == "rename" and code is not None:
            self.ask("Rename", f"New name of {self.book.path_of(code.id)} (claims keep the code):", code.name,
                     lambda name: self.change(rename_code, f"rename {code.name} → {name}", code.id, name))
        elif action.verb == "move" and code is not None:
            self.host.app.push_screen(CodePicker(self.book, self.finder(), title=f"Move {code.name} under …"),
                                      lambda result: self.move(code, result))
        elif action.verb == "merge" and code is not None:
            self.host.app.push_screen(CodePicker(self.book, self.finder(), title=f"Merge {code.name} into …"),
                                      lambda result: self.merge(code, result))
        elif action.verb == "split" and code is not None:
            self.ask("Split", f"The name of the code split off {code.name} (same definition and fields; recode "
                              "claims to it with the picker):", f"{code.name}2", lambda name: self.split(code, name))

    def ask(self, title: str, question: str, value: str, then) -> None:
        def answered(text: str | None) -> None:
            if text:
                then(text)

        self.host.app.push_screen(AskDialog(title, question, value), answered)

    # ---- changes of the codebook -------------------------------------------------------------
    def _text(self) -> tuple[str | None, str]:
        """The file's text now (None when there is no file yet) and the text to change."""
        path = self.path()
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            return text, text
        return None, render_codebook(self.book)

    def _commit(
        self, what: str, before: str | None, after: str, moved: dict[str, tuple[str, str]] | None = None
    ) -> bool:
        session = self.host.jingtui.session
        if session is None:
            self.host.notify("No database is open: the codebook cannot be changed from here.", severity="error")
            return False
        try:
            book = parse_codebook(after, source=str(self.path()))
            change = CodebookChange(self.path(), before, after, what, dict(moved or {}),
                                    article=self.host.current or "", version_after=book.version)
            session.change_codebook(change)
        except (UserError, OSError) as exc:
            self.host.notify(str(exc), title="Codebook not changed", severity="error", markup=False)
            return False
        self.adopt(book, said=f"Codebook: {what} (u undoes).")
        return True

    def change(self, edit, what: str, *args) -> bool:
        before, text = self._text()
        try:
            after = edit(text, *args, source=str(self.path()))
        except CodebookError as exc:
            self.host.notify(str(exc), title="Codebook not changed", severity="error", markup=False)
            return False
        return self._commit(what, before, after)

    def add(self, name: str, parent: str | None, *, then_tag: bool = False) -> None:
        code = Code(_new_id(name, self.book), name.strip(), parent=parent)
        where = f" under {self.book.path_of(parent)}" if parent else ""
        if self.change(add_code, f"new code {code.name}{where}", code) and then_tag:
            self.tag_code(code.id)

    def move(self, code: Code, result: str | NewCode | None) -> None:
        if not isinstance(result, str) or result == code.id:
            return
        self.change(move_code, f"move {code.name} under {self.book.path_of(result)}", code.id, result)

    def split(self, code: Code, name: str) -> None:
        twin = Code(_new_id(name, self.book), name.strip(), parent=code.parent, colour=code.colour,
                    definition=code.definition, inclusion=code.inclusion, exclusion=code.exclusion,
                    fields=code.fields, suggested_by=None)
        self.change(add_code, f"split {twin.name} off {code.name}", twin)

    def _claims_of(self, label: str) -> list:
        store = self.host.jingtui.store
        if store is None:
            return []
        reviewer = store.team.reviewer if store.team is not None else None  # a team database: one's own claims
        return [c for c in store.claims() if c.label == label and (reviewer is None or c.reviewer == reviewer)]

    def merge(self, code: Code, result: str | NewCode | None) -> None:
        if not isinstance(result, str) or result == code.id:
            return
        target = self.book.code(result)
        if target is None:
            return
        before, text = self._text()
        try:
            after = merge_code(text, code.id, target.id, source=str(self.path()))
        except CodebookError as exc:
            self.host.notify(str(exc), title="Codebook not changed", severity="error", markup=False)
            return
        moved = {c.id: (code.id, target.id) for c in self._claims_of(code.id)}
        self._commit(f"merge {code.name} into {target.name} ({counted(len(moved), 'claim')})", before, after, moved)

    def recode_all(self, label: str, result: str | NewCode | None) -> None:
        """The claims of a code the codebook lost, given a code of the codebook."""
        if not isinstance(result, str):
            return
        before, text = self._text()
        moved = {c.id: (label, result) for c in self._claims_of(label)}
        self._commit(f"recode {counted(len(moved), 'claim')} of {label} as {self.book.name_of(result)}", before, text,
                     moved)

    # ---- forms -------------------------------------------------------------------------------
    def claim_fields(self) -> None:
        """``f``: the form of the fields of the claim under the cursor."""
        claim = self.host.annotator.target_claim()
        if claim is None:
            self.host.say("No claim under the cursor.")
            return
        code = self.book.code(claim.label)
        if code is None or not code.fields:
            self.host.say(f"The code {self.book.name_of(claim.label)} has no fields.")
            return
        session = self.host.jingtui.session
        if session is None:
            return

        def saved(values: dict | None) -> None:
            if values is None or values == claim.fields:
                return
            try:
                session.set_fields(claim.id, values)
            except UserError as exc:
                self.host.notify(str(exc), title="Not saved", severity="error", markup=False)
                return
            self.host.after_change(claim_id=claim.id)
            self.host.say("Fields saved (u undoes).")

        title = f"Fields of {self.book.path_of(code.id)}"
        self.host.app.push_screen(FieldForm(title, code.fields, claim.fields, f"“{claim.quote[:80]}”"), saved)

    def article_variables(self) -> None:
        """``F``: the form of the article's document variables."""
        host = self.host
        if not self.book.variables:
            host.say("The codebook has no document variables ([[variables]] in codebook.toml).")
            return
        session, article = host.jingtui.session, host.current
        if session is None or article is None:
            return
        current = dict(session.store.get_state(article).variables)

        def saved(values: dict | None) -> None:
            if values is None or values == current:
                return
            try:
                session.set_variables(article, values)
            except UserError as exc:
                host.notify(str(exc), title="Not saved", severity="error", markup=False)
                return
            host.say("Variables saved (u undoes).")

        host.app.push_screen(FieldForm(f"Variables of {article}", self.book.variables, current), saved)

    # ---- the file changed on disk ------------------------------------------------------------
    def _file_stamp(self) -> tuple[float, int] | None:
        try:
            stat = self.path().stat()
        except OSError:
            return None
        return (stat.st_mtime, stat.st_size)

    # ---- keys of the codes ---------------------------------------------------------------------
    def bind_keys(self) -> None:
        """A binding for each code's key that no reader key uses (1, 2, 3 are the tag keys already); the
        codes whose key the reader has are kept in ``key_clashes`` (listed by ``w``) and said once."""
        host = self.host
        # the reviewer's remapped keys are the reader's too
        self.key_clashes = key_clashes(self.book, host.jingtui.keymap_overrides)
        lost = {clash.code.id for clash in self.key_clashes}
        for code in self.book.keyed():
            key = code.key or ""
            if key and key not in TAG_KEYS and code.id not in lost:
                host._bindings.bind(key, f"tag_code({code.id!r})", code.name, show=False)
        self.name_tag_keys()
        if self.key_clashes:
            skipped = ", ".join(f"{c.key} ({c.code.name})" for c in self.key_clashes)
            host.notify(f"These code keys are reader keys already; use the picker (c) for them: {skipped} "
                        "(w lists where the codebook gives them).", severity="warning", timeout=10, markup=False)

    def name_tag_keys(self) -> None:
        """The footer names keys 1, 2, 3 after the codes that have them (and hides a key no code has)."""
        book, host = self.book, self.host
        codes = {f"tag.{n}": book.by_key(str(n)) for n in (1, 2, 3)}  # by binding id: a remapped key follows
        for pane in (host.cleaned_pane, host.original_pane):
            table = pane._bindings.key_to_bindings  # this pane's own copy of its class's bindings
            for key, found in table.items():
                table[key] = [self._named(b, codes[b.id]) if b.id in codes else b for b in found]
        host.refresh_bindings()

    @staticmethod
    def _named(binding: Binding, code: Code | None) -> Binding:
        """A tag key's binding named after its code (hidden from the footer when no code has the key)."""
        if code is None:
            return replace(binding, description="no code", show=False)
        return replace(binding, description=code.name)

    def remember_stamp(self) -> None:
        self._stamp = self._file_stamp()

    def watch(self) -> None:
        """Check the codebook file every second; a change made elsewhere is read again, or said why not."""
        self.remember_stamp()
        self.host.set_interval(WATCH_EVERY_S, self.check_file)

    def check_file(self, *, quiet: bool = False) -> None:
        """Read the file again if it changed; ``quiet``: without a word (after an undo, which says its own)."""
        stamp = self._file_stamp()
        if stamp == self._stamp:
            return
        self._stamp = stamp
        path = self.path()
        if stamp is None:
            if self.book.source is not None:
                self.host.notify(f"{path} is gone: the codebook read before stays in use.", severity="warning")
            return
        try:
            book = parse_codebook(path.read_text(encoding="utf-8"), source=str(path))
        except (CodebookError, OSError, UnicodeDecodeError) as exc:
            self.host.notify(f"{exc} The codebook read before stays in use until the file is fixed.",
                             title="Codebook not reloaded", severity="error", timeout=15, markup=False)
            return
        if book.version != self.book.version:
            self.adopt(book, said="" if quiet else f"Codebook reloaded from {path.name}: {counted(len(book), 'code')}.")
