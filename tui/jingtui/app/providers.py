"""The command palette (ctrl+p) offers every action of the keymap, with its keys."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from jingtui.app import keymap


class JingtuiCommands(Provider):
    """Every named action of ``keymap.KEYMAP``."""

    def _commands(self):
        for entry in keymap.palette_entries():
            action = entry.action if entry.action.startswith("app.") else f"app.{entry.action}"
            yield entry, f"{entry.description}  ({entry.shown_keys})", action

    async def _run(self, action: str) -> None:
        await self.app.run_action(action)

    async def discover(self) -> Hits:
        for entry, name, action in self._commands():
            yield DiscoveryHit(name, partial(self._run, action), help=entry.group)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry, name, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action), help=entry.group)
