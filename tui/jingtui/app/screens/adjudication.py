"""The adjudication screen: two or three reviewers' claims side by side, their disagreements in reading order,
and keys that settle each one into the consensus reviewer's claims (undoable).

Left: the articles with the disagreements left in each. Right: the header (reviewers, corpus progress), the
lanes (the cleaned text around the current item once per reviewer and once for the consensus, each with its
own claims coloured by code), the versions with the keys that take them, and the article's disagreements.
Every key is in :mod:`jingtui.app.keymap` (scope ``adjudication``). The work itself is
:class:`jingtui.adjudicate.workbench.Adjudication`; this module only shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from jingtui.adjudicate.disagreements import Counts, Item
from jingtui.adjudicate.workbench import Adjudication
from jingtui.app import keymap
from jingtui.app.adjudication_view import item_row, lanes, versions
from jingtui.errors import UserError
from jingtui.store.errors import ClaimError
from jingtui.util.plural import counted

TextOf = Callable[[str], "tuple[str, str] | None"]  # article -> (cleaned text, its sha256), None if unreadable


def key_legend(reviewers) -> Text:
    """The footer line, from the keymap (a plain line: a Footer's dozen key widgets cost more to mount and
    restyle than the rest of the screen)."""
    names = dict(zip(("adjudicate.take_a", "adjudicate.take_b", "adjudicate.take_c"), reviewers, strict=False))
    line = Text(no_wrap=True, overflow="ellipsis")
    for entry in keymap.entries("adjudication"):
        if not entry.footer and entry.id not in names:
            continue
        label = f"{names[entry.id]}'s" if entry.id in names else keymap.FOOTER_NAMES.get(entry.id, entry.description)
        line.append(f" {entry.shown_keys.split()[0]} ", style="bold reverse")
        line.append(f" {label} ")
    line.append(" ? ", style="bold reverse")
    line.append(" help ")
    return line


class AdjudicationScreen(Screen):
    """Settle the disagreements of ``work``'s reviewers, article by article."""

    DEFAULT_CSS = """
    AdjudicationScreen #adj-articles { width: 36; height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    AdjudicationScreen #adj-header { height: auto; padding: 0 1; background: $panel; }
    AdjudicationScreen #adj-lanes { height: auto; max-height: 16; padding: 0 1; border-bottom: solid $panel-lighten-2; }
    AdjudicationScreen #adj-versions { height: auto; padding: 0 1; border-bottom: solid $panel-lighten-2; }
    AdjudicationScreen #adj-items { height: 1fr; }
    AdjudicationScreen #adj-edit { dock: bottom; display: none; }
    AdjudicationScreen #adj-keys { dock: bottom; height: 1; background: $panel; }
    """

    BINDINGS = keymap.bindings("adjudication")

    def __init__(self, work: Adjudication, text_of: TextOf, *, titles: Mapping[str, str] | None = None,
                 article: str | None = None, on_close: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.work = work
        self.text_of = text_of
        self.titles = titles or {}
        self.counts: dict[str, Counts] = work.corpus_counts()
        self.articles: list[str] = list(self.counts)
        self.article: str | None = None
        self.text = ""
        self.sha = ""
        self.items: list[Item] = []
        self.agreed = 0
        self.decided: set[str] = set()
        self.claims: dict[str, list[tuple[int, int, str]]] = {}
        self.start_article = article if article in self.counts else None
        self.on_close = on_close

    # ------------------------------------------------------------------ building

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(id="adj-articles")
            with Vertical():
                yield Static("", id="adj-header")
                yield Static("", id="adj-lanes")
                yield Static("", id="adj-versions")
                yield OptionList(id="adj-items")
        yield Input(id="adj-edit", placeholder="code start end (enter: into the consensus, escape: cancel)")
        yield Static(key_legend(self.work.reviewers), id="adj-keys")

    def on_mount(self) -> None:
        self.query_one("#adj-articles", OptionList).add_options(
            [Option(self._article_row(a), id=a) for a in self.articles])
        first = self.start_article or next((a for a in self.articles if self.counts[a].left), None) or \
            (self.articles[0] if self.articles else None)
        if first is None:
            self._say(f"Neither {self._names()} has a claim in this corpus: there is nothing to adjudicate.")
            self._header()
            return
        self.show_article(first)
        self.query_one("#adj-items", OptionList).focus()

    def reopen(self, article: str | None) -> None:
        """Show the screen again (it stays installed between visits): fresh counts, then ``article``."""
        self.counts = self.work.corpus_counts()
        self.articles = list(self.counts)
        lst = self.query_one("#adj-articles", OptionList)
        lst.clear_options()
        lst.add_options([Option(self._article_row(a), id=a) for a in self.articles])
        target = article if article in self.counts else self.article
        if target in self.counts:
            self.show_article(target)
        self.query_one("#adj-items", OptionList).focus()

    def _names(self) -> str:
        names = self.work.reviewers
        return " nor ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + " nor " + names[-1]

    def _article_row(self, article: str) -> Text:
        c = self.counts.get(article, Counts())
        row = Text(f"{c.left:>3} left " if c.left else "  ✓ done ", style="yellow" if c.left else "green",
                   no_wrap=True, overflow="ellipsis")
        row.append(self.titles.get(article) or article)
        return row

    # ------------------------------------------------------------------ showing

    def show_article(self, article: str, item_key: str | None = None) -> None:
        self.article = article
        found = self.text_of(article)
        self.text, self.sha = found if found else ("", "")
        all_items = self.work.items(article)
        self.items = [i for i in all_items if not i.agreed]
        self.agreed = len(all_items) - len(self.items)
        self._reload_claims()
        lst = self.query_one("#adj-items", OptionList)
        lst.clear_options()
        lst.add_options([Option(item_row(i, self.work.reviewers, self._settled(i)), id=i.key) for i in self.items])
        if article in self.articles:
            articles = self.query_one("#adj-articles", OptionList)
            # reading the article for its text may have found its title: the row names it from now on
            articles.replace_option_prompt_at_index(self.articles.index(article), self._article_row(article))
            articles.highlighted = self.articles.index(article)
        index = next((n for n, i in enumerate(self.items) if i.key == item_key), None)
        if index is None:
            index = next((n for n, i in enumerate(self.items) if not self._settled(i)), 0 if self.items else None)
        lst.highlighted = index
        self._header()
        self._show_current()

    def _reload_claims(self) -> None:
        self.decided = self.work.decided(self.article) if self.article else set()
        claims: dict[str, list[tuple[int, int, str]]] = {}
        if self.article:
            for doc in self.work.store.claim_documents(self.article):
                if doc.get("status", "active") == "active":
                    claims.setdefault(doc.get("reviewer", ""), []).append((doc["start"], doc["end"], doc["label"]))
        self.claims = claims

    def _settled(self, item: Item) -> bool:
        return not self.decided.isdisjoint(item.claim_ids)

    @property
    def current(self) -> Item | None:
        index = self.query_one("#adj-items", OptionList).highlighted
        return self.items[index] if index is not None and 0 <= index < len(self.items) else None

    def _header(self) -> None:
        total = sum(self.counts.values(), Counts())
        here = self.counts.get(self.article or "", Counts())
        who = " · ".join(f"{k} {n}" for k, n in zip("abc", self.work.reviewers, strict=False))
        line = Text(f"Adjudicating {who} into {self.work.consensus!r}. ", style="bold")
        line.append(f"Corpus: {total.left} of {total.disagreements} disagreements left in "
                    f"{counted(sum(1 for c in self.counts.values() if c.left), 'article')}. ")
        if self.article:
            line.append(f"This article: {here.left} of {here.disagreements} left; agreed claims "
                        f"{here.accepted} of {here.agreed} in the consensus (A accepts them).")
        self.query_one("#adj-header", Static).update(line)

    def _show_current(self) -> None:
        item = self.current
        lanes_widget = self.query_one("#adj-lanes", Static)
        if self.article and not self.items:
            lanes_widget.update("")
            self._say(f"No disagreement in this article ({self.agreed} agreed claim"
                      f"{'s' if self.agreed != 1 else ''}); n goes to the next one left."
                      if self.agreed else f"This article has no claims by {self._names()}.")
            return
        if item is None:
            return
        lanes_widget.update(lanes(self.text, item, self.work.reviewers, self.claims, self.work.consensus)
                            if self.text else Text("The cleaned text of this article cannot be read.", style="red"))
        self.query_one("#adj-versions", Static).update(versions(item, self.work.reviewers, self._settled_as(item)))

    def _settled_as(self, item: Item) -> str:
        if not self._settled(item):
            return "open (a, b, B both, x neither, e edit)"
        mine = [c for c in self.work.consensus_claims(item.article)
                if not item.claim_ids.isdisjoint((c.fields.get("adjudication") or {}).get("sources", ()))]
        if not mine:
            return "neither (settled)"
        names = {str((c.fields.get("adjudication") or {}).get("decision", "")) for c in mine}
        return ", ".join(sorted(names)) + " (settled)"

    def _say(self, message: str) -> None:
        self.query_one("#adj-versions", Static).update(Text(message, style="italic"))

    @on(OptionList.OptionHighlighted, "#adj-items")
    def _item_highlighted(self) -> None:
        self._show_current()

    @on(OptionList.OptionSelected, "#adj-articles")
    def _article_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != self.article:
            self.show_article(event.option.id)
        self.query_one("#adj-items", OptionList).focus()

    # ------------------------------------------------------------------ after a change

    def _changed(self, article: str, item_key: str | None = None) -> None:
        self.counts[article] = self.work.counts(article)
        lst = self.query_one("#adj-articles", OptionList)
        if article in self.articles:
            lst.replace_option_prompt_at_index(self.articles.index(article), self._article_row(article))
        if article != self.article:
            self.show_article(article, item_key)
            return
        self._reload_claims()
        items = self.query_one("#adj-items", OptionList)
        for n, item in enumerate(self.items):
            items.replace_option_prompt_at_index(n, item_row(item, self.work.reviewers, self._settled(item)))
        self._header()
        self._show_current()

    def _next_open_here(self) -> None:
        lst = self.query_one("#adj-items", OptionList)
        start = lst.highlighted or 0
        for n in list(range(start + 1, len(self.items))) + list(range(start + 1)):
            if not self._settled(self.items[n]):
                lst.highlighted = n
                return

    # ------------------------------------------------------------------ actions

    def _decide(self, choice) -> None:
        item = self.current
        if item is None or self.article is None:
            self.notify("There is no disagreement here to settle.", severity="warning")
            return
        if isinstance(choice, int) and choice >= len(self.work.reviewers):
            self.notify(f"There are only {len(self.work.reviewers)} reviewers.", severity="warning")
            return
        try:
            decision = self.work.decide(item, choice)
        except (UserError, ClaimError, KeyError, ValueError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._changed(self.article)
        self._next_open_here()
        self.notify(decision.describe(), markup=False, timeout=2)

    def action_take(self, index: int) -> None:
        self._decide(index)

    def action_both(self) -> None:
        self._decide("both")

    def action_neither(self) -> None:
        self._decide("neither")

    def action_accept_agreed(self) -> None:
        if self.article is None:
            return
        done = self.work.accept_agreed([self.article])
        self._changed(self.article)
        self.notify(done[0].describe() if done else "Every agreed claim of this article is in the consensus already.",
                    markup=False, timeout=2)

    def action_edit(self) -> None:
        item = self.current
        if item is None:
            return
        first = next((c for version in item.versions for c in version), None)
        field = self.query_one("#adj-edit", Input)
        field.value = f"{first.label} {first.start} {first.end}" if first else f"{self.work.store.labels()[0]} " \
                                                                               f"{item.start} {item.end}"
        field.display = True
        self.set_focus(field)  # now: what is typed right after e is the field's (app/type_ahead.py)

    @on(Input.Submitted, "#adj-edit")
    def _edited(self, event: Input.Submitted) -> None:
        item = self.current
        parts = event.value.split()
        labels = self.work.store.labels()
        problem = None
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
            problem = "Type a code, a start and an end, for example: metric 120 134."
        elif parts[0] not in labels:
            problem = f"{parts[0]!r} is not a code; the codes are {', '.join(labels)}."
        elif not 0 <= int(parts[1]) < int(parts[2]) <= len(self.text):
            problem = f"The span must lie inside the text (0 to {len(self.text)}) and end after it starts."
        if problem or item is None or self.article is None:
            self.notify(problem or "There is no disagreement here to settle.", severity="error", markup=False)
            return
        self.work.decide_edited(item, parts[0], int(parts[1]), int(parts[2]), self.text, self.sha)
        self._close_edit()
        self._changed(self.article)
        self._next_open_here()

    def _close_edit(self) -> None:
        field = self.query_one("#adj-edit", Input)
        field.display = False
        self.query_one("#adj-items", OptionList).focus()

    def key_escape(self) -> bool | None:
        if self.query_one("#adj-edit", Input).display:
            self._close_edit()
            return True
        return None

    def _step_left(self, forward: bool) -> None:
        """The next (previous) disagreement left: further in this article, then in the following (preceding)
        articles, wrapping round the corpus to the start of this one."""
        if self.article is None:
            return
        lst = self.query_one("#adj-items", OptionList)
        index = lst.highlighted
        open_here = [n for n, item in enumerate(self.items) if not self._settled(item)]
        ahead = [n for n in open_here if index is None or (n > index if forward else n < index)]
        if ahead:
            lst.highlighted = ahead[0] if forward else ahead[-1]
            return
        at = self.articles.index(self.article) if self.article in self.articles else 0
        others = self.articles[at + 1:] + self.articles[:at] if forward else \
            list(reversed(self.articles[:at])) + list(reversed(self.articles[at + 1:]))
        for article in others:
            if self.counts[article].left:
                self.show_article(article)
                opened = [n for n, i in enumerate(self.items) if not self._settled(i)]
                lst.highlighted = (opened[0] if forward else opened[-1]) if opened else None
                return
        behind = [n for n in open_here if n != index]
        if behind:  # only this article has some left, on the other side of the cursor
            lst.highlighted = behind[0] if forward else behind[-1]
            return
        self.notify("No disagreement left: every one is settled.", timeout=2)

    def action_next_left(self) -> None:
        self._step_left(True)

    def action_previous_left(self) -> None:
        self._step_left(False)

    def action_next_article(self, step: int = 1) -> None:
        if not self.articles or self.article is None:
            return
        n = (self.articles.index(self.article) + step) % len(self.articles)
        self.show_article(self.articles[n])

    def action_undo(self) -> None:
        self._history(self.work.undo, "Undid", "Nothing to undo.")

    def action_redo(self) -> None:
        self._history(self.work.redo, "Redid", "Nothing to redo.")

    def _history(self, step, verb: str, empty: str) -> None:
        try:
            command = step()
        except ClaimError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if command is None:
            self.notify(empty, timeout=2)
            return
        current = self.current
        self._changed(command.article, current.key if current and command.article == self.article else None)
        self.notify(f"{verb}: {command.describe()}", markup=False, timeout=2)

    def action_close(self) -> None:
        if self.on_close is not None:
            self.on_close()
        self.dismiss()
