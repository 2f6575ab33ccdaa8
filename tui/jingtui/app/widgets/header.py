"""The header above the panes: the article's title, outlet, date, script, encoding, warnings; the session."""

from __future__ import annotations

import time

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"


class ArticleHeader(Widget):
    """Two lines: the article, then the review session."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title_text = ""
        self.details: list[str] = []
        self.warnings = 0
        self.problems: list[str] = []
        self.done = False
        self.reviewer = ""
        self.tagged = 0
        self.started = time.monotonic()
        self.article_seconds = 0.0  # time spent on the current article in earlier visits
        self.article_started: float | None = None
        self.db_note = ""
        self.position = ""
        self.status = ""
        self.clock = time.monotonic  # replaced in snapshot tests for a stable picture

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh_session)

    def show_article(self, title: str, details: list[str], warnings: int, problems: list[str], done: bool) -> None:
        self.title_text = title
        self.details = details
        self.warnings = warnings
        self.problems = problems
        self.done = done
        self.refresh()

    def refresh_session(self) -> None:
        self.refresh()

    def render(self) -> Text:
        return self.render_text()

    def render_text(self) -> Text:
        width = max(self.size.width - 2, 20) if self.size.width else 0
        first = self._article_line(width)
        second = self._session_line()
        if width:
            first.truncate(width, overflow="ellipsis")
            second.truncate(width, overflow="ellipsis")
        return Text("\n", end="").join([first, second])

    def on_resize(self) -> None:
        self.refresh()

    def _article_line(self, width: int = 0) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        # warnings first: they must stay visible when the title is long
        if self.warnings:
            text.append(f"⚠ {self.warnings} warning{'s' if self.warnings != 1 else ''} (w)  ", style="bold yellow")
        if self.done:
            text.append("✓ ", style="bold green")
        title = Text(self.title_text or "jingtui", style="bold", end="")
        details = "  ·  ".join(self.details)
        if width:
            room = width - text.cell_len - (len(details) and cell_len(details) + 5)
            title.truncate(max(room, width // 2), overflow="ellipsis")
        text.append_text(title)
        for item in self.details:
            text.append("  ·  ", style="dim")
            text.append(item)
        if self.problems:
            text.append("  ·  ", style="dim")
            text.append("⚠ " + " ".join(self.problems), style="bold red")
        return text

    def _session_line(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        if self.status:
            text.append("▸ ", style="bold cyan")
            text.append(self.status.replace("\n", " "), style="bold")
            text.append("   ")
        text.append(f"reviewer {self.reviewer}", style="dim")
        text.append(f"  ·  {self.tagged} tagged this session", style="dim")
        text.append(f"  ·  {_duration(self.clock() - self.started)}", style="dim")
        if self.article_started is not None:
            spent = self.article_seconds + self.clock() - self.article_started
            text.append(f"  ·  {_duration(spent)} on this article", style="dim")
        if self.position:
            text.append(f"  ·  {self.position}", style="dim")
        if self.db_note:
            text.append("  ·  ", style="dim")
            text.append(self.db_note, style="bold red")
        return text
