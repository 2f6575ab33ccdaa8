"""The claims of the current article: label, quote, note. Choosing a row moves the cursor there."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from jingtui.store.model import Claim

LABEL_STYLES = {"metric": "bold #4a9eff", "slogan": "bold #e0a030", "anecdote": "bold #3cb371"}


def _field_summary(claim: Claim) -> str:
    fields = getattr(claim, "fields", None) or {}
    if claim.label == "metric" and fields.get("raw"):
        return str(fields["raw"])
    if claim.label == "metric" and fields.get("value") is not None:
        parts = [str(fields.get("qualifier") or ""), f"{fields['value']:g}" if isinstance(fields["value"], (int, float)) else str(fields["value"]), str(fields.get("unit") or "")]
        return "".join(parts).strip()
    return ""


def claim_row(claim: Claim, index: int, width: int = 0) -> Text:
    """One line per claim, cut to ``width`` cells; the quote and the note are data, never markup."""
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
    summary = _field_summary(claim)
    if summary:
        row.append(f"  [{summary}]", style="dim")
    if width > 4:
        row.truncate(width, overflow="ellipsis")
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
        width = max(self.scrollable_content_region.width - 1, 0)
        self.set_options([Option(claim_row(c, i + 1, width), id=c.id) for i, c in enumerate(claims)])
        self.border_title = f"Claims ({len(claims)})"
        if current_id is not None:
            self.highlight_claim(current_id)

    def on_resize(self) -> None:
        if self.claims:
            current = self.highlighted_option.id if self.highlighted_option else None
            self.call_after_refresh(self.set_claims, self.claims, current)

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
