"""The claims of the current article: label, quote, note. Choosing a row moves the cursor there."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from jingtui.store.model import Claim

LABEL_STYLES = {"metric": "bold #4a9eff", "slogan": "bold #e0a030", "anecdote": "bold #3cb371"}


def claim_row(claim: Claim, index: int) -> Text:
    """One line per claim; the quote and the note are data, never markup."""
    row = Text(no_wrap=True, overflow="ellipsis", end="")
    row.append(f"{index:>3} ", style="dim")
    row.append(f"{claim.label:<9}", style=LABEL_STYLES.get(claim.label, "bold"))
    if claim.status != "active":
        row.append(f"[{claim.status}] ", style="bold red")
    if claim.origin == "suggested":
        row.append("· ", style="dim")
    row.append(claim.quote.replace("\n", " ⏎ "))
    if claim.note:
        row.append("  — ", style="dim")
        row.append(claim.note.replace("\n", " "), style="italic")
    fields = getattr(claim, "fields", None) or {}
    if fields:
        shown = ", ".join(f"{k}={v}" for k, v in fields.items() if v not in (None, "", []))
        if shown:
            row.append(f"  {{{shown}}}", style="dim")
    return row


class ClaimsPanel(OptionList):
    """A list of the current article's claims, in text order."""

    class Chosen(Message):
        def __init__(self, claim_id: str) -> None:
            super().__init__()
            self.claim_id = claim_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.claims: list[Claim] = []

    def set_claims(self, claims: list[Claim], current_id: str | None = None) -> None:
        self.claims = claims
        if not claims:
            self.set_options([Option(Text("No claims yet: select text and press 1, 2 or 3.", style="dim"), disabled=True)])
            self.border_title = "Claims"
            return
        self.set_options([Option(claim_row(c, i + 1), id=c.id) for i, c in enumerate(claims)])
        self.border_title = f"Claims ({len(claims)})"
        if current_id is not None:
            self.highlight_claim(current_id)

    def highlight_claim(self, claim_id: str | None) -> None:
        if claim_id is None:
            return
        try:
            self.highlighted = self.get_option_index(claim_id)
        except Exception:
            pass

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
