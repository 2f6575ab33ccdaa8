"""Every key of the app in one place: the help screen, the command palette and the footers come from here.

The default keymap is a contract (the team's architecture note, section 4): users and tests rely on it.
Each entry has a stable ``id`` (the name a user remaps it by in ``config.toml``, see ``config.py``), the
keys (Textual key names, comma separated), the action it runs, a one-line description, the group it is
listed under in help (none: not listed), where it is bound (``scope``) and whether the footer shows it.

Scopes, each the ``BINDINGS`` of one class: ``app`` (JingtuiApp: keys that work over every screen),
``reader`` (ReaderScreen), ``text`` (both text panes), ``list`` (the article list), ``lines`` (every
line list: the article list, the claims panel), ``help``, ``note``, ``export``, ``corpus`` (the dialogs),
``timeline`` (the corpus view's chart over time, TimelinePane), ``timeline_query`` (its query field),
``adjudication`` (the adjudication screen), ``ask``, ``picker``, ``codebook``, ``form`` (the codebook's
dialogs), ``search`` (the corpus search screen), ``hits`` (its list of hits).
An action's prefix names the node that runs it: ``app.`` the app, ``screen.`` the screen the key was
pressed on; none: the class that binds it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from textual.binding import Binding, BindingType
from textual.keys import format_key, key_to_character

Scope = Literal["app", "reader", "text", "list", "lines", "help", "note", "export", "corpus", "timeline",
                "timeline_query", "adjudication", "ask", "picker", "codebook", "form", "search", "hits"]


@dataclass(frozen=True)
class KeyEntry:
    id: str
    keys: str  # Textual key names, comma separated ("" for a row of help only)
    action: str  # the action run, prefixed with the node that runs it (see the module docstring)
    description: str
    group: str  # the help section; "" for keys not listed in help
    scope: Scope = "app"
    footer: bool = False
    display: str = ""  # how help and footer show the default keys, e.g. "( )"
    palette: bool = True  # offered in the command palette
    priority: bool = False  # runs before the focused widget sees the key (a dialog's ctrl+s)
    # opens a text field or a dialog with one: run when the app reads the key, so the keys typed right
    # after it go to the field (app/type_ahead.py)
    opens: bool = False

    @property
    def shown_keys(self) -> str:
        return self.display or " ".join(k.strip() for k in self.keys.split(","))


GROUP_ORDER = ("Articles", "Moving", "Selecting and searching", "Claims", "Suggestions", "View", "Adjudication",
               "Corpus search", "App")

KEYMAP: tuple[KeyEntry, ...] = (
    # Articles
    KeyEntry("list.down", "j,down", "cursor_down",
             "Next article in the list", "Articles", "list", display="j ↓", palette=False),
    KeyEntry("list.up", "k,up", "cursor_up",
             "Previous article in the list", "Articles", "list", display="k ↑", palette=False),
    KeyEntry("list.open", "enter", "open_highlighted",
             "Open the article; focus its cleaned text", "Articles", "list", footer=True, palette=False),
    KeyEntry("list.filter", "slash", "filter",
             "Filter the list by title", "Articles", "list", display="/", palette=False, opens=True),
    KeyEntry("list.sort", "o", "sort",
             "Order the list: by folder, date, title, outlet", "Articles", "list", palette=False),
    KeyEntry("article.next", "right_square_bracket", "screen.next_article",
             "Next article (focus stays)", "Articles", "reader", footer=True, display="]"),
    KeyEntry("article.previous", "left_square_bracket", "screen.previous_article",
             "Previous article (focus stays)", "Articles", "reader", display="["),
    KeyEntry("article.done", "d", "screen.toggle_done", "Mark the article done / not done", "Articles", "text"),
    # Moving
    KeyEntry("focus.next", "", "", "Focus the next pane", "Moving", display="tab", palette=False),
    KeyEntry("focus.previous", "", "", "Focus the previous pane", "Moving", display="shift+tab", palette=False),
    KeyEntry("move.arrows", "", "",
             "Move the cursor (arrows, page up and down, home, end)", "Moving", "text",
             display="arrows pgup pgdn", palette=False),
    KeyEntry("move.sentence_prev", "left_parenthesis", "sentence_previous",
             "Previous sentence", "Moving", "text", display="("),
    KeyEntry("move.sentence_next", "right_parenthesis", "sentence_next",
             "Next sentence", "Moving", "text", display=")"),
    KeyEntry("move.paragraph_prev", "left_curly_bracket", "paragraph_previous",
             "Previous paragraph", "Moving", "text", display="{"),
    KeyEntry("move.paragraph_next", "right_curly_bracket", "paragraph_next",
             "Next paragraph", "Moving", "text", display="}"),
    # Selecting and searching
    KeyEntry("select.extend", "", "",
             "Extend the selection (shift + arrows)", "Selecting and searching", "text",
             display="shift+arrows", palette=False),
    KeyEntry("select.sentence", "v", "select_sentence",
             "Select the sentence; again: extend by one sentence", "Selecting and searching", "text", footer=True),
    KeyEntry("search.start", "slash", "screen.search",
             "Search in the text (enter selects the match)", "Selecting and searching", "text", footer=True,
             display="/", opens=True),
    KeyEntry("search.next", "n", "screen.search_next", "Next match", "Selecting and searching", "text"),
    KeyEntry("search.previous", "N", "screen.search_previous", "Previous match", "Selecting and searching", "text"),
    # Claims
    KeyEntry("tag.1", "1", "screen.tag(0)",
             "Tag the selection (or the sentence) with label 1 (metric); relabel a claim", "Claims", "text",
             footer=True),
    KeyEntry("tag.2", "2", "screen.tag(1)",
             "Tag the selection (or the sentence) with label 2 (slogan); relabel a claim", "Claims", "text",
             footer=True),
    KeyEntry("tag.3", "3", "screen.tag(2)",
             "Tag the selection (or the sentence) with label 3 (anecdote); relabel a claim", "Claims", "text",
             footer=True),
    KeyEntry("code.pick", "c", "screen.pick_code",
             "Code picker: find a code by name, path, key or pinyin initials (its hint + enter); tag or recode with it",
             "Claims", "text", opens=True),
    KeyEntry("code.keys", "", "",
             "Tag with the code that has this key in codebook.toml (the digits 4-9 and other free keys)", "Claims",
             "text", display="code keys", palette=False),
    KeyEntry("codebook.panel", "C", "screen.codebook_panel",
             "Codebook: the codes as a tree with counts and definitions; add, rename, move, merge, split", "Claims",
             "reader", display="C"),
    KeyEntry("claim.fields", "f", "screen.claim_fields",
             "The fields of the claim under the cursor (its code's typed fields)", "Claims", "text"),
    KeyEntry("article.variables", "F", "screen.article_variables",
             "The article's variables (the codebook's document variables)", "Articles", "reader", display="F"),
    KeyEntry("claim.delete", "x,delete", "screen.delete_claim",
             "Delete the claim under the cursor", "Claims", "text", display="x del"),
    KeyEntry("claim.previous", "less_than_sign", "screen.claim_previous",
             "Previous claim (or suggestion when shown)", "Claims", "text", display="<"),
    KeyEntry("claim.next", "greater_than_sign", "screen.claim_next",
             "Next claim (or suggestion when shown)", "Claims", "text", display=">"),
    KeyEntry("claim.note", "e", "screen.edit_note", "Edit the note of the claim under the cursor", "Claims", "text",
             opens=True),
    KeyEntry("claim.copy", "y", "screen.copy_claim",
             "Copy the claim (or the selection) with its citation", "Claims", "text"),
    KeyEntry("claims.panel", "", "",
             "In the claims panel: enter goes to the claim; 1 2 3, x, e, y act on the highlighted one", "Claims",
             "text", display="claims panel", palette=False),
    KeyEntry("claims.reviewer", "R", "screen.cycle_reviewer",
             "Show the claims of one reviewer, the next, then all", "Claims", "reader", display="R"),
    KeyEntry("edit.undo", "u,ctrl+z", "screen.undo",
             "Undo the last change (any article)", "Claims", "reader", display="u ctrl+z", footer=True),
    KeyEntry("edit.redo", "ctrl+r,ctrl+y", "screen.redo", "Redo", "Claims", "reader", display="ctrl+r ctrl+y"),
    # Suggestions
    KeyEntry("suggest.toggle", "s", "screen.toggle_suggestions", "Show / hide suggestions", "Suggestions", "text"),
    # enter never accepts: one enter too many after a search or a filter must not write a claim (issue 13)
    KeyEntry("suggest.accept", "a", "screen.accept_suggestion",
             "Accept the suggestion under the cursor (a or 1 2 3; never enter)", "Suggestions", "text"),
    KeyEntry("suggest.reject", "r", "screen.reject_suggestion",
             "Reject the suggestion under the cursor", "Suggestions", "text"),
    KeyEntry("suggest.accept_paragraph", "A", "screen.accept_paragraph",
             "Accept all suggestions in the paragraph", "Suggestions", "text"),
    # View
    KeyEntry("view.original", "ctrl+o", "screen.toggle_original",
             "Hide / show the original pane", "View", "reader", display="ctrl+o"),
    KeyEntry("view.cleaned", "ctrl+l", "screen.toggle_cleaned",
             "Hide / show the cleaned pane", "View", "reader", display="ctrl+l"),
    KeyEntry("view.list", "ctrl+b", "screen.toggle_list",
             "Hide / show the article list", "View", "reader", display="ctrl+b"),
    KeyEntry("view.claims", "ctrl+t", "screen.toggle_claims",
             "Hide / show the claims panel", "View", "reader", display="ctrl+t"),
    KeyEntry("view.warnings", "w", "screen.show_warnings",
             "List the warnings (damaged or removed text) of the article", "View", "text"),
    KeyEntry("view.passage", "b", "screen.toggle_passage",
             "Bring the removed passage under the cursor back into the cleaned text (original pane), or send it out",
             "View", "text"),
    KeyEntry("view.corpus", "ctrl+g", "app.corpus_view",
             "Corpus overview: counts, slogans, metrics", "View", display="ctrl+g"),
    KeyEntry("view.adjudicate", "D", "app.adjudicate",
             "Adjudicate: settle the reviewers' disagreements into the consensus", "View", display="D"),
    KeyEntry("view.search", "ctrl+f", "app.corpus_search",
             "Search the whole corpus: every hit in context; tick hits and code them all in one step", "View",
             display="ctrl+f", opens=True),
    # Adjudication (the adjudication screen: jingtui adjudicate, or D in the reader)
    KeyEntry("adjudicate.take_a", "a", "take(0)",
             "Take reviewer a's version into the consensus", "Adjudication", "adjudication", footer=True,
             palette=False),
    KeyEntry("adjudicate.take_b", "b", "take(1)",
             "Take reviewer b's version into the consensus", "Adjudication", "adjudication", footer=True,
             palette=False),
    KeyEntry("adjudicate.take_c", "c", "take(2)",
             "Take reviewer c's version (three reviewers)", "Adjudication", "adjudication", palette=False),
    KeyEntry("adjudicate.both", "B", "both",
             "Take both (every reviewer's) versions", "Adjudication", "adjudication", footer=True, palette=False),
    KeyEntry("adjudicate.neither", "x", "neither",
             "Take neither version (no claim here)", "Adjudication", "adjudication", footer=True, palette=False),
    KeyEntry("adjudicate.edit", "e", "edit",
             "Edit: type the code, start and end of the consensus claim", "Adjudication", "adjudication",
             footer=True, palette=False, opens=True),
    KeyEntry("adjudicate.accept_agreed", "A", "accept_agreed",
             "Accept every agreed claim of the article", "Adjudication", "adjudication", footer=True, palette=False),
    KeyEntry("adjudicate.next", "n", "next_left",
             "Next disagreement left (across articles)", "Adjudication", "adjudication", footer=True, palette=False),
    KeyEntry("adjudicate.previous", "N", "previous_left",
             "Previous disagreement left (across articles)", "Adjudication", "adjudication", palette=False),
    KeyEntry("adjudicate.next_article", "right_square_bracket", "next_article(1)",
             "Next article", "Adjudication", "adjudication", display="]", palette=False),
    KeyEntry("adjudicate.previous_article", "left_square_bracket", "next_article(-1)",
             "Previous article", "Adjudication", "adjudication", display="[", palette=False),
    KeyEntry("adjudicate.undo", "u,ctrl+z", "undo",
             "Undo the last decision", "Adjudication", "adjudication", footer=True, display="u ctrl+z", palette=False),
    KeyEntry("adjudicate.redo", "ctrl+r,ctrl+y", "redo",
             "Redo", "Adjudication", "adjudication", display="ctrl+r ctrl+y", palette=False),
    KeyEntry("adjudicate.close", "escape,q", "close",
             "Back to the reader", "Adjudication", "adjudication", footer=True, display="esc q", palette=False),
    # Corpus search (ctrl+f): the screen's keys, and those of its list of hits
    KeyEntry("search.close", "escape", "close", "Back to the reader (the search stays for ctrl+f)", "Corpus search",
             "search", footer=True, display="esc", palette=False),
    KeyEntry("hits.open", "", "", "On a hit: open the article at the hit in the reader", "Corpus search", "hits",
             display="enter", palette=False),
    KeyEntry("hits.tick", "space", "screen.tick", "Tick / untick the hit (and go to the next)", "Corpus search",
             "hits", footer=True, palette=False),
    KeyEntry("hits.tick_all", "a", "screen.tick_all", "Tick every hit / none", "Corpus search", "hits",
             footer=True, palette=False),
    KeyEntry("hits.widen", "w", "screen.widen", "Code the hit itself, its clause or its sentence (cycles)",
             "Corpus search", "hits", footer=True, palette=False),
    KeyEntry("hits.code_1", "1", "screen.code_key('1')", "Code the ticked hits with the code of key 1 (one step)",
             "Corpus search", "hits", footer=True, palette=False),
    KeyEntry("hits.code_2", "2", "screen.code_key('2')", "Code the ticked hits with the code of key 2 (one step)",
             "Corpus search", "hits", palette=False),
    KeyEntry("hits.code_3", "3", "screen.code_key('3')", "Code the ticked hits with the code of key 3 (one step)",
             "Corpus search", "hits", palette=False),
    KeyEntry("hits.pick", "c", "screen.pick_code", "Code the ticked hits with a code from the picker (one step)",
             "Corpus search", "hits", footer=True, palette=False, opens=True),
    KeyEntry("hits.sort", "s", "screen.sort", "Sort by article, left context, right context (cycles)",
             "Corpus search", "hits", footer=True, palette=False),
    KeyEntry("hits.regex", "r", "screen.toggle_regex", "The query is a regular expression / a word",
             "Corpus search", "hits", palette=False),
    KeyEntry("hits.query", "slash", "screen.focus_query", "Edit the query", "Corpus search", "hits", display="/",
             palette=False, opens=True),
    KeyEntry("hits.filters", "f", "screen.focus_filters",
             "Edit the filters (outlet:X from:DATE to:DATE code:C reviewer:R done:yes|no)", "Corpus search", "hits",
             palette=False, opens=True),
    KeyEntry("hits.undo", "u,ctrl+z", "screen.undo", "Undo the last change (a coding step: all its claims)",
             "Corpus search", "hits", footer=True, display="u ctrl+z", palette=False),
    KeyEntry("hits.redo", "ctrl+r,ctrl+y", "screen.redo", "Redo", "Corpus search", "hits",
             display="ctrl+r ctrl+y", palette=False),
    KeyEntry("hits.close", "q", "screen.close", "Back to the reader (as esc: q leaves the search, not the app)",
             "Corpus search", "hits", palette=False),
    # App
    KeyEntry("app.export", "ctrl+e", "app.export", "Export the claims", "App", display="ctrl+e"),
    KeyEntry("app.palette", "ctrl+p", "app.command_palette",
             "Command palette", "App", display="ctrl+p", palette=False),
    KeyEntry("app.help", "question_mark", "app.help", "Help: every key", "App", footer=True, display="?"),
    KeyEntry("app.quit", "q", "app.quit", "Quit", "App", footer=True),
    # Not listed in help: they close or undo something on screen, or keep the read-only panes from editing
    KeyEntry("reader.escape", "escape", "screen.escape",
             "Close the search; clear the selection", "", "reader", palette=False),
    KeyEntry("text.no_editing", "ctrl+a,ctrl+u,ctrl+k,ctrl+w,ctrl+x,ctrl+v,ctrl+d,backspace", "noop",
             "Nothing (the text panes are read only)", "", "text", palette=False),
    # Line lists (the article list, the claims panel): not listed in help
    KeyEntry("lines.down", "down", "cursor_down", "Next row", "", "lines", palette=False),
    KeyEntry("lines.up", "up", "cursor_up", "Previous row", "", "lines", palette=False),
    KeyEntry("lines.page_up", "pageup", "page_up", "A page up", "", "lines", palette=False),
    KeyEntry("lines.page_down", "pagedown", "page_down", "A page down", "", "lines", palette=False),
    KeyEntry("lines.first", "home", "first", "First row", "", "lines", palette=False),
    KeyEntry("lines.last", "end", "last", "Last row", "", "lines", palette=False),
    KeyEntry("lines.choose", "enter", "choose", "Choose the row", "", "lines", palette=False),
    # Dialogs: their keys are shown in the dialogs themselves
    KeyEntry("help.close", "escape,q,question_mark", "close", "Close the help", "", "help", palette=False),
    KeyEntry("note.cancel", "escape", "cancel", "Close without saving the note", "", "note", palette=False),
    KeyEntry("note.save", "ctrl+s", "save", "Save the note", "", "note", palette=False, priority=True),
    KeyEntry("export.close", "escape", "close", "Close the export dialog", "", "export", palette=False),
    KeyEntry("export.run", "ctrl+s", "export", "Export", "", "export", palette=False, priority=True),
    KeyEntry("export.copy_path", "y", "copy_path", "Copy the path of the file written", "", "export", palette=False),
    KeyEntry("corpus.close", "escape", "close", "Close the corpus view", "", "corpus", footer=True, palette=False),
    KeyEntry("corpus.close_q", "q", "close", "Close the corpus view (as help: q leaves the view, not the app)", "",
             "corpus", palette=False),
    KeyEntry("corpus.articles", "1", "show_tab('articles')", "Articles tab", "", "corpus", palette=False),
    KeyEntry("corpus.slogans", "2", "show_tab('slogans')", "Slogans tab", "", "corpus", palette=False),
    KeyEntry("corpus.metrics", "3", "show_tab('metrics')", "Metrics tab", "", "corpus", palette=False),
    KeyEntry("corpus.timeline", "4", "show_tab('timeline')", "Over time tab: a chart per month", "", "corpus",
             palette=False),
    KeyEntry("corpus.variables", "5", "show_tab('variables')", "Variables tab: articles and claims per value of "
             "each document variable", "", "corpus", palette=False),
    KeyEntry("corpus.sort", "s", "sort_metrics", "Sort the metrics by the cursor's column (again: reverse)", "",
             "corpus", footer=True, palette=False),
    KeyEntry("corpus.csv", "c", "export_metrics", "Write the metrics as CSV", "", "corpus", footer=True,
             palette=False),
    KeyEntry("corpus.copy_path", "y", "copy_path", "Copy the path of the CSV written", "", "corpus", palette=False),
    KeyEntry("corpus.suggestions", "g", "toggle_suggestions", "Include the suggestions not settled yet (again: "
             "leave them out)", "", "corpus", footer=True, palette=False),
    KeyEntry("corpus.reload", "r", "reload", "Compute the figures again", "", "corpus", footer=True, palette=False),
    KeyEntry("timeline.switch", "t", "switch_chart", "Switch the chart: claims per code, a query's hits, a "
             "metric subject's values", "", "timeline", footer=True, palette=False),
    KeyEntry("timeline.query", "slash", "ask_query", "Type a query: the chart shows its hits per month", "",
             "timeline", footer=True, display="/", palette=False, opens=True),
    KeyEntry("timeline.next", "n", "choose(1)", "Next code or subject in the chart", "", "timeline", footer=True,
             palette=False),
    KeyEntry("timeline.previous", "N", "choose(-1)", "Previous code or subject in the chart", "", "timeline",
             palette=False),
    KeyEntry("timeline.query_leave", "escape", "leave", "Leave the query field (the chart stays)", "",
             "timeline_query", palette=False),
    KeyEntry("ask.cancel", "escape", "cancel", "Cancel", "", "ask", palette=False),
    KeyEntry("picker.cancel", "escape", "cancel", "Close the code picker", "", "picker", palette=False),
    KeyEntry("picker.down", "down", "move(1)", "Next code", "", "picker", palette=False, priority=True),
    KeyEntry("picker.up", "up", "move(-1)", "Previous code", "", "picker", palette=False, priority=True),
    KeyEntry("picker.page_down", "pagedown", "move(10)", "Ten codes down", "", "picker", palette=False, priority=True),
    KeyEntry("picker.page_up", "pageup", "move(-10)", "Ten codes up", "", "picker", palette=False, priority=True),
    KeyEntry("codebook.close", "escape,q", "close", "Close the codebook panel", "", "codebook", palette=False),
    KeyEntry("codebook.add", "a", "act('add')", "Add a code under the highlighted one", "", "codebook", palette=False),
    KeyEntry("codebook.add_top", "A", "act('add_top')", "Add a code at the top", "", "codebook", palette=False),
    KeyEntry("codebook.rename", "r", "act('rename')", "Rename the code", "", "codebook", palette=False),
    KeyEntry("codebook.move", "m", "act('move')", "Move the code under another", "", "codebook", palette=False),
    KeyEntry("codebook.merge", "M", "act('merge')", "Merge the code into another", "", "codebook", palette=False),
    KeyEntry("codebook.split", "s", "act('split')", "Split the code", "", "codebook", palette=False),
    KeyEntry("form.cancel", "escape", "cancel", "Close the fields without saving", "", "form", palette=False),
    KeyEntry("form.save", "ctrl+s", "save", "Save the fields", "", "form", palette=False, priority=True),
    KeyEntry("form.next", "down", "app.focus_next", "Next field", "", "form", palette=False),
    KeyEntry("form.previous", "up", "app.focus_previous", "Previous field", "", "form", palette=False),
)

# Reader and app keys the text panes bind again, over TextArea's own bindings of the same keys
# (ctrl+e end of line, ctrl+z undo, ctrl+y redo); the same ids, so a remapped key moves in both places.
PANE_OVERRIDES = ("edit.undo", "edit.redo", "app.export")

# The footer's short names (the description otherwise).
FOOTER_NAMES = {
    "list.open": "open",
    "article.next": "next",
    "article.previous": "prev",
    "article.done": "done",
    "select.sentence": "sentence",
    "search.start": "search",
    "tag.1": "metric",
    "tag.2": "slogan",
    "tag.3": "anecdote",
    "edit.undo": "undo",
    "app.help": "help",
    "adjudicate.take_a": "a's",
    "adjudicate.take_b": "b's",
    "adjudicate.both": "both",
    "adjudicate.neither": "neither",
    "adjudicate.edit": "edit",
    "adjudicate.accept_agreed": "agreed",
    "adjudicate.next": "next",
    "adjudicate.undo": "undo",
    "adjudicate.close": "back",
    "app.quit": "quit",
    "corpus.close": "Close",
    "corpus.sort": "Sort metrics",
    "corpus.csv": "Metrics CSV",
    "corpus.suggestions": "With suggestions",
    "corpus.reload": "Recompute",
    "search.close": "back",
    "hits.tick": "tick",
    "hits.tick_all": "all/none",
    "hits.widen": "widen",
    "hits.code_1": "code",
    "hits.pick": "code…",
    "hits.sort": "sort",
    "hits.undo": "undo",
    "timeline.switch": "Switch chart",
    "timeline.query": "Query",
    "timeline.next": "Next code/subject",
}

# Scopes whose bindings are active together (a key of one shadows the same key of the next): a user's key
# that runs two actions at once here is refused. The dialogs shadow the app's keys on purpose.
CHAINS: tuple[tuple[Scope, ...], ...] = (("text", "reader", "app"), ("list", "reader", "app"),
                                          ("lines", "reader", "app"), ("help",), ("note",), ("export",),
                                          ("timeline_query", "timeline", "corpus"), ("adjudication",), ("ask",),
                                          ("picker",), ("codebook",), ("form",), ("hits", "lines", "search", "app"))

BY_ID = {e.id: e for e in KEYMAP}


def entries(scope: Scope | None = None) -> list[KeyEntry]:
    """The entries of one scope (all of them when ``scope`` is None)."""
    return [e for e in KEYMAP if scope is None or e.scope == scope]


def bindings(scope: Scope, *, also: tuple[str, ...] = (), also_keys: Collection[str] = (),
             only: Collection[str] = (), footer: bool = True) -> list[BindingType]:
    """Textual bindings for the entries of ``scope`` that have keys (only the ids in ``only``, if given;
    none in the footer with ``footer=False``);
    and for the entries whose ids are in ``also``, bindings of those of their keys that are in
    ``also_keys`` (a widget's own keys that must run the entry's action; the footer shows them where
    their scope binds them).

    On the app the ``app.`` prefix of an action is dropped, on the reader screen the ``screen.`` prefix.
    """
    own = {"app": "app.", "reader": "screen."}.get(scope)
    result: list[BindingType] = []
    for e in KEYMAP:
        keys = e.keys
        if e.scope != scope:
            keys = ",".join(k for k in keys.split(",") if e.id in also and k in also_keys)
        elif only and e.id not in only:
            keys = ""
        if not keys:
            continue
        action = e.action
        if own and action.startswith(own):
            action = action[len(own):]
        result.append(
            Binding(
                keys,
                action,
                FOOTER_NAMES.get(e.id, e.description),
                show=footer and e.footer and e.scope == scope,
                key_display=(e.display.split()[0] if e.display else None),
                priority=e.priority,
                id=e.id,
            )
        )
    return result


def keys_of(entry: KeyEntry, overrides: Mapping[str, str] | None = None) -> list[str]:
    """The keys of ``entry``, with a user's ``overrides`` (``{id: keys}``) applied."""
    keys = (overrides or {}).get(entry.id, entry.keys)
    return [k.strip() for k in keys.split(",") if k.strip()]


def shown_keys(entry: KeyEntry, overrides: Mapping[str, str] | None = None) -> str:
    """How help and the palette show the keys of ``entry`` (a remapped entry: its new keys)."""
    if overrides and entry.id in overrides:
        return " ".join(format_key(k) for k in keys_of(entry, overrides))
    return entry.shown_keys


def same_key(key: str) -> str:
    """One spelling per key (``?`` and ``question_mark`` are the same key)."""
    return key_to_character(key) or key


def clash(overrides: Mapping[str, str]) -> tuple[str, str, str] | None:
    """(key, one id, another id) when ``overrides`` give one key to two actions active together (one of
    them remapped); None when there is no such key."""
    for chain in CHAINS:
        owners: dict[str, list[str]] = {}
        for e in KEYMAP:
            if e.scope in chain:
                for key in keys_of(e, overrides):
                    owners.setdefault(same_key(key), []).append(e.id)
        for key, ids in owners.items():
            for first, second in combinations(dict.fromkeys(ids), 2):
                if first in overrides or second in overrides:
                    return key, first, second
    return None


def help_sections(overrides: Mapping[str, str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(group, [(keys, description), ...]), ...] in GROUP_ORDER, for the help screen."""
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for group in GROUP_ORDER:
        rows = [(shown_keys(e, overrides), e.description) for e in KEYMAP if e.group == group]
        if rows:
            sections.append((group, rows))
    return sections


def help_rows() -> list[tuple[str, str, str]]:
    """(group, keys, description) for every entry listed in help, grouped in GROUP_ORDER."""
    return [(group, keys, description) for group, rows in help_sections() for keys, description in rows]


def palette_entries() -> list[KeyEntry]:
    """Entries the command palette offers (every action with a name)."""
    return [e for e in KEYMAP if e.palette and e.action]
