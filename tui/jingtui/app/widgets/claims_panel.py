"""The claims of the current article: label, quote, note. Choosing a row moves the cursor there."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message

from jingtui.app import keymap
from jingtui.app.widgets.line_list import LineList
from jingtui.store.model import Claim

LABEL_STYLES = {"metric": "bold #4a9eff", "slogan": "bold #e0a030", "anecdote": "bold #3cb371"}


def _field_summary(claim: Claim) -> str:
    fields = claim.fields
    if claim.label == "metric" and fields.get("raw"):
        return str(fields["raw"])
    if claim.label == "metric" and fields.get("value") is not None:
        parts = [
            str(fields.get("qualifier") or ""),
            f"{fields['value']:g}" if isinstance(fields["value"], (int, float)) else str(fields["value"]),
            str(fields.get("unit") or ""),
        ]
        return "".join(parts).strip()
    return ""


def reviewer_tags(names: list[str], longest: int = 6) -> dict[str, str]:
    """The shortest prefix of each name that tells it from the others (at most ``longest`` characters):
    ``["ana", "anton", "王"]`` -> ``{"ana": "ana", "anton": "ant", "王": "王"}``."""
    tags = {}
    for name in names:
        others = [n for n in names if n != name]
        size = 1
        while size < min(len(name), longest) and any(o.startswith(name[:size]) for o in others):
            size += 1
        tags[name] = name[:size] or "?"
    return tags


def claim_row(claim: Claim, index: int, width: int = 0, reviewer: str = "") -> Text:
    """One line per claim, cut to ``width`` cells; the quote and the note are data, never markup.
    ``reviewer``: the claim's reviewer tag, shown when the panel holds several reviewers' claims."""
    row = Text(no_wrap=True, overflow="ellipsis", end="")
    row.append(f"{index:>3} ", style="dim")
    if reviewer:
        row.append(f"{reviewer} ", style="bold magenta")
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


class ClaimsPanel(LineList):
    """The current article's claims, one line each, in text order. With the focus here, the claim keys
    (1 2 3 relabel, x delete, e note, y copy) act on the highlighted row."""

    BINDINGS = keymap.bindings(
        "text", only=("tag.1", "tag.2", "tag.3", "claim.delete", "claim.note", "claim.copy"), footer=False)
    DEFAULT_CSS = """
    ClaimsPanel {
        padding: 0 1;
        scrollbar-size-vertical: 1;
        height: 8;
        border: round $primary 40%;
    }
    ClaimsPanel:focus {
        border: round $primary;
    }
    """

    class Chosen(Message):
        def __init__(self, claim_id: str) -> None:
            super().__init__()
            self.claim_id = claim_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.claims: list[Claim] = []
        self.tags: dict[str, str] = {}  # reviewer -> tag, when the claims are several reviewers' (else empty)

    def row_key(self, index: int) -> str:
        return self.rows[index].id if self.claims else "empty"

    # Rows drawn for earlier claim lists are kept (up to this many) so that a tag redraws only the rows
    # that changed; the key holds everything a row shows, its number included.
    KEPT_ROWS = 512

    def cache_extra(self, index: int) -> tuple:
        if not self.claims:
            return ()
        claim = self.rows[index]
        return (index, claim.label, claim.note, claim.status, claim.origin, claim.quote, _field_summary(claim),
                self.tags.get(claim.reviewer, ""))

    def notify_style_update(self) -> None:
        self._cache.clear()  # rows kept from earlier claim lists were drawn with the old styles
        super().notify_style_update()

    def prompt_at(self, index: int) -> Text:
        if not self.claims:
            return Text("No claims yet: select text and press 1, 2 or 3.", style="dim")
        claim = self.rows[index]
        return claim_row(claim, index + 1, self.text_width(), self.tags.get(claim.reviewer, ""))

    def set_claims(self, claims: list[Claim], current_id: str | None = None) -> None:
        self.claims = claims
        names = sorted({c.reviewer for c in claims})
        self.tags = reviewer_tags(names) if len(names) > 1 else {}  # whose claim is whose
        kept = self._cache if len(self._cache) <= self.KEPT_ROWS else {}
        self._cache = {}
        self.set_rows(list(claims) if claims else [None])
        self._cache.update(kept)
        if not claims:
            self._highlighted = None  # the placeholder line is not a row to choose
        self.border_title = f"Claims ({len(claims)})" if claims else "Claims"
        if current_id is not None:
            self.highlight_claim(current_id)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted claim (None: no claims)."""
        index = self.highlighted
        return self.rows[index].id if self.claims and index is not None and index < len(self.rows) else None

    def highlight_claim(self, claim_id: str | None) -> None:
        if claim_id is None or not self.claims:
            return
        index = self.index_of_key(claim_id)
        if index is not None:
            self.highlighted = index

    def chosen(self, index: int) -> None:
        if self.claims:
            self.post_message(self.Chosen(self.rows[index].id))
