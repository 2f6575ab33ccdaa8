"""The command palette (ctrl+p) offers every action of the keymap, with its keys, and over the reader
each code of the codebook ("Tag with 经济/物价"), found by its path or id.

Actions prefixed ``app.`` run on the app, wherever the palette was opened; the reader's (``screen.``,
or a text pane's own) are offered only over the reader screen, and run on it (or on its text pane).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from jingtui.app import keymap


class JingtuiCommands(Provider):
    """Every named action of ``keymap.KEYMAP`` that applies to the screen under the palette."""

    def _commands(self) -> Iterator[tuple[keymap.KeyEntry, str]]:
        from jingtui.app.app import JingtuiApp
        from jingtui.app.screens.reader import ReaderScreen

        on_reader = isinstance(self.screen, ReaderScreen)
        overrides = self.app.keymap_overrides if isinstance(self.app, JingtuiApp) else {}
        for entry in keymap.palette_entries():
            if entry.action.startswith("app.") or on_reader:
                yield entry, f"{entry.description}  ({keymap.shown_keys(entry, overrides)})"
        if on_reader and isinstance(self.app, JingtuiApp):
            book = self.app.codebook
            for code in book.walk():
                key = f"  ({code.key})" if code.key else ""
                entry = keymap.KeyEntry(f"code.{code.id}", "", f"screen.tag_code({code.id!r})",
                                        f"Tag with {book.path_of(code.id)}", "Codes")
                yield entry, f"Tag with {book.path_of(code.id)} [{code.id}]{key}"

    async def _run(self, action: str) -> None:
        from jingtui.app.screens.reader import ReaderScreen

        screen = self.screen
        if action.startswith("app.") or not isinstance(screen, ReaderScreen):
            await self.app.run_action(action)
        elif action.startswith("screen."):
            await screen.run_action(action.removeprefix("screen."))
        else:  # a text pane's own action: on the pane the reader's keys act on
            await screen.pane().run_action(action)

    async def discover(self) -> Hits:
        for entry, name in self._commands():
            yield DiscoveryHit(name, partial(self._run, entry.action), help=entry.group)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry, name in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, entry.action), help=entry.group)
