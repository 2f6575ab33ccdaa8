"""What the corpus search screen does with claims: the marks of hits already coded, the codebook's keys
on the hits (every key the reader tags with), coding the ticked hits (widened to clause or sentence) as
one undoable step through the session, undo and redo, and the reader brought up to date when the screen
closes. The work itself is the core's
(``search.code_hits``, ``store.session.AnnotationSession.tag_many``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingsMap

from jingtui.app.code_keys import search_code_keys
from jingtui.app.painting import DEFAULT_COLOURS
from jingtui.search.code_hits import ORIGIN, passages_of, search_fields
from jingtui.search.widen import widen
from jingtui.store.errors import ClaimError, StoreError
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.app.screens.corpus_search import CorpusSearchScreen
    from jingtui.clean.model import CleanText
    from jingtui.store.model import Claim


class SearchCoding:
    """The claims side of the search screen ``host``."""

    def __init__(self, host: CorpusSearchScreen) -> None:
        self.host = host
        self._claims: dict[str, list[Claim]] = {}  # active claims per article, read when a row is drawn
        self._keys_for = ""  # the codebook version (and keymap) the hits' code keys were bound for
        self._own_keys: BindingsMap | None = None  # the hits' bindings before any code key

    # ---- keys of the codes -------------------------------------------------------------------
    def bind_keys(self) -> None:
        """The hits take every code key the reader tags with (``code_keys.search_code_keys``: the same
        clash rules, and the screen's own keys stay its own); the footer names 1, 2, 3 after the codes
        that have them (and hides a key no code has), as the reader's does. Bound again when the
        screen is shown after the codebook changed."""
        host, app = self.host, self.host.jingtui
        book, overrides = app.codebook, app.keymap_overrides
        stamp = f"{book.version} {sorted((overrides or {}).items())}"
        if stamp == self._keys_for:
            return
        self._keys_for = stamp
        hits = host.hit_list
        if self._own_keys is None:
            self._own_keys = hits._bindings
        table = {key: [self._named(b) for b in found] for key, found in self._own_keys.key_to_bindings.items()}
        keys = search_code_keys(book, overrides)
        for code in keys.codes:
            key = code.key or ""
            table.setdefault(key, []).append(Binding(key, f"screen.code_key({key!r})", code.name, show=False))
        bound = BindingsMap()
        bound.key_to_bindings = table
        hits._bindings = bound
        host.refresh_bindings()
        if keys.lost:
            said = ", ".join(f"{c.key} ({c.code.name})" for c in keys.lost)
            host.notify(f"These code keys are the search's own keys; code their hits with the picker (c): {said}.",
                        severity="warning", timeout=10, markup=False)

    def _named(self, binding: Binding) -> Binding:
        """A key of 1, 2, 3 named after the code that has it, hidden from the footer when none has."""
        binding_id = binding.id or ""
        if not binding_id.startswith("hits.code_"):
            return binding
        code = self.host.jingtui.codebook.by_key(binding_id.rsplit("_", 1)[-1])  # hits.code_1: the key 1
        if code is None:
            return replace(binding, description="no code", show=False)
        return replace(binding, description=code.name, show=True)

    # ---- marks -------------------------------------------------------------------------------
    def forget_claims(self) -> None:
        self._claims.clear()

    def _over(self, i: int) -> list[Claim]:
        table, store = self.host.table, self.host.jingtui.store
        if table is None or store is None:
            return []
        path = table.path(i)
        if path not in self._claims:
            self._claims[path] = store.claims(path, status="active")
        start, end = table.starts[i], table.ends[i]
        return [c for c in self._claims[path] if c.start < end and start < c.end]

    def code_at(self, i: int) -> str | None:
        """The code of a claim over hit ``i`` (the reviewer's own first), or None."""
        over = self._over(i)
        mine = [c for c in over if c.reviewer == self.host.jingtui.reviewer]
        return (mine or over)[0].label if over else None

    def codes_over(self, i: int) -> str:
        return ", ".join(sorted({f"{c.label} ({c.reviewer})" if c.reviewer else c.label for c in self._over(i)}))

    def colour_of(self, code: str) -> str:
        return self.host.jingtui.codebook_colours().get(code) or DEFAULT_COLOURS.get(code, "")

    def passage_text(self, i: int) -> str:
        table = self.host.table
        if table is None:
            return ""
        text = table.index.text(table.ranks[i])
        start, end = widen(text, table.starts[i], table.ends[i], self.host.unit)
        return text[start:end].replace("\n", " ")

    # ---- coding --------------------------------------------------------------------------------
    def _clean_of(self, path: str) -> CleanText | None:
        """The cleaned text the reader shows for ``path``: from the cache (only the file's bytes are read),
        else cleaned now. A miss means the file changed since it was indexed (its new text then differs
        from the index's, and its hits are left out, not coded at the old offsets) or the cache was
        emptied (the text is the same, and the claims get their place in the original all the same)."""
        from jingtui.workspace import readable

        store = self.host.jingtui.store
        workspace = self.host.searcher.workspace
        overrides = (store.get_state(path).cleaning_overrides if store is not None else None) or None
        found = workspace.cached_file(path, overrides)
        if found is not None:
            return found
        article = workspace.read(path)
        return workspace.clean(article, overrides) if readable(article) else None

    def code_ticked(self, code_id: str) -> None:
        """Code the ticked hits (or the highlighted one) with ``code_id``, as one step."""
        host = self.host
        table, query, session = host.table, host.last_query, host.jingtui.session
        if session is None:
            host._say(host.jingtui.store_error or "The annotation database is not open, so nothing can be coded.")
            return
        if table is None or query is None or not len(table):
            host._say("Search first, then tick hits (space, a for all) and code them.")
            return
        rows = sorted(host.hit_list.ticked) or ([host.hit_list.highlighted] if host.hit_list.highlighted is not None
                                                else [])
        got = passages_of(table, rows, host.unit, self._clean_of)
        name = host.jingtui.codebook.name_of(code_id) or code_id
        what = f"code {counted(len(got.passages), 'hit')} of {query.text} as {name}"
        try:
            claims, skipped = session.tag_many(got.passages, code_id, origin=ORIGIN, fields=search_fields(query),
                                               what=what)
        except (ClaimError, StoreError) as exc:
            host._say(str(exc))
            return
        if claims:
            said = f"Coded {counted(len(claims), 'hit')} as {name} in one step (u: undo)."
        else:
            said = f"Nothing coded as {name}."
        if skipped:
            said += f" {counted(skipped, 'hit')} left out: coded {name} already (or given twice, or blank)."
        if got.stale:
            said += f" {got.stale:,} left out: their article changed (or is gone) since it was indexed; search again."
        host.changed = host.changed or bool(claims)
        host.hit_list.ticked = set()
        self._after_change(said)

    def pick(self) -> None:
        """``c``: the codebook's picker; the code chosen codes the ticked hits."""
        from jingtui.app.screens.code_picker import CodePicker

        def chosen(result: object) -> None:
            if isinstance(result, str) and result:
                self.code_ticked(result)

        self.host.app.push_screen(CodePicker(self.host.jingtui.codebook, title="Code the ticked hits with"), chosen)

    def undo(self) -> None:
        self._history("undo")

    def redo(self) -> None:
        self._history("redo")

    def _history(self, which: str) -> None:
        session = self.host.jingtui.session
        if session is None:
            return
        try:
            change = session.undo() if which == "undo" else session.redo()
        except (ClaimError, StoreError) as exc:
            self.host._say(str(exc))
            return
        if change is None:
            self.host._say(f"Nothing to {which}.")
            return
        self.host.changed = True
        self._after_change(change.description)

    def _after_change(self, said: str) -> None:
        self.forget_claims()
        self.host.hit_list.marks_changed()
        self.host._say(said)
        self.host.show_detail()

    def after_close(self) -> None:
        """The screen closed: the reader shows the claims made or undone here."""
        host = self.host
        if not host.changed:
            return
        host.changed = False
        reader = host.jingtui.reader
        reader.reload_counts()
        reader.article_list.rebuild()
        if reader.current:
            reader.show_article(reader.current, restore=False)
