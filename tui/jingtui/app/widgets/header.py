"""The header above the panes: the article's title, outlet, date, script, encoding, warnings; the session."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.events import Resize
from textual.reactive import reactive
from textual.widget import Widget

from jingtui.app.articles import Entry


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"


class ArticleHeader(Widget):
    """Two lines: the article, then the review session. Setting a field repaints the header."""

    DEFAULT_CSS = """
    ArticleHeader {
        height: 2;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """

    title_text: reactive[str] = reactive("")
    details: reactive[list[str]] = reactive(list)
    warnings: reactive[int] = reactive(0)
    problems: reactive[list[str]] = reactive(list)
    done: reactive[bool] = reactive(False)
    reviewer: reactive[str] = reactive("")
    tagged: reactive[int] = reactive(0)
    """Claims tagged in this session."""
    db_note: reactive[str] = reactive("")
    """Why nothing is saved (no database), in red."""
    position: reactive[str] = reactive("")
    status: reactive[str] = reactive("")
    """The reader's last confirmation."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.started = time.monotonic()
        self.article_seconds = 0.0  # time spent on the current article in earlier visits
        self.article_started: float | None = None
        self.clock: Callable[[], float] = time.monotonic  # replaced in snapshot tests for a stable picture

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh_session)

    def show_article(self, title: str, details: list[str], warnings: int, problems: list[str], done: bool) -> None:
        self.title_text = title
        self.details = details
        self.warnings = warnings
        self.problems = problems
        self.done = done

    def show_entry(self, entry: Entry) -> None:
        """The article of a row of the reader's list: title, outlet, date, script, encoding, problems."""
        article, clean = entry.article, entry.clean
        details = []
        if article is not None:
            if article.meta.source:
                details.append(article.meta.source)
            if article.meta.date:
                details.append(article.meta.date)
            if clean is not None:
                details.append(clean.script)
            details.append(article.encoding or "?")
            if entry.display_title != entry.path:  # an article without a headline is titled by its path
                details.append(entry.path)
        warnings = len(clean.warnings) if clean is not None else 0
        problems = list(article.problems) if article is not None else ([entry.error] if entry.error else [])
        self.show_article(entry.display_title, details, warnings, problems, entry.done)

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

    def on_resize(self, event: Resize) -> None:
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
        if self.db_note:  # first: the server being away must not be cut off by a long status
            text.append(self.db_note, style="bold red")
            text.append("   ")
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
        return text
