"""Keys typed ahead of a text field: ``/`` then a word at once (the in-article search, the list filter),
``e`` then a note, ``c`` then a code's name, ``ctrl+f`` then a query. A terminal hands a burst of keys
to the app together (a fast typist, or an app busy for a moment), and Textual hands each key on to the
widget focused *when the app reads it*; a key's binding runs only later, when the key has bubbled back
up from that widget. So the word typed after ``/`` went to the pane under the field, where ``x`` deletes
a claim and ``y`` copies one, and the field got nothing.

Two rules make the word reach the field, whatever field and however fast:

- A key whose keymap entry ``opens`` a field runs its binding when the app reads it (the binding the
  key would run anyway: the first along the focus chain, a modal dialog's chain ending at the dialog),
  before the keys behind it are handed on; its action moves the focus at once (``set_focus``, never
  ``focus()``, which moves it only after the keys already waiting).
- A screen with a field to type in (:class:`TypesAhead`: the dialogs for a note, a code, an answer,
  and the corpus search) is not ready when it is pushed: the keys that reach the app before it has
  focused its field are held, and handed on in their order once it has (:meth:`TypesAhead.ready_to_type`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message
from textual.widget import Widget

from jingtui.app import keymap

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

HOLD_AT_MOST_S = 1.0


class ReadyToType(Message):
    """A :class:`TypesAhead` screen has focused its field: the keys held for it go on (to the app)."""


class TypesAhead:
    """A screen with a text field that the keys typed right after the key opening it belong to. It calls
    :meth:`ready_to_type` with the field when mounted."""

    typing_ready = False

    def ready_to_type(self, field: Widget) -> None:
        """``field`` has the focus from now on; the keys held until now go to it."""
        field.screen.set_focus(field)
        self.typing_ready = True
        field.app.post_message(ReadyToType())


class TypeAhead:
    """The app's side: which keys open a field (run at once) and the keys held for a screen not ready."""

    OPENS = frozenset(entry.id for entry in keymap.KEYMAP if entry.opens)

    def __init__(self, app: App, overrides: Mapping[str, str] | None = None) -> None:
        self.app = app
        self.held: list[events.Key] = []
        self._timer: Timer | None = None  # gives up holding (see holds)
        self.keys: frozenset[str] = frozenset()  # the keys of the entries that open a field (tested first)
        self.remap(overrides)

    def remap(self, overrides: Mapping[str, str] | None) -> None:
        """The reviewer's keys (``config.toml``) for the entries that open a field."""
        self.keys = frozenset(keymap.same_key(key) for entry in keymap.KEYMAP if entry.opens
                              for key in keymap.keys_of(entry, overrides))

    async def dispatched(self, event: events.Key) -> bool:
        """Whether the app is done with ``event`` here: held for a screen not ready, or its binding run
        because it opens a field (after any priority binding of the key, as Textual would)."""
        if self.holds(event):
            return True
        if keymap.same_key(event.key) not in self.keys:
            return False
        return await self.app._check_bindings(event.key, priority=True) or await self.opens_now(event.key)

    def holds(self, event: events.Key) -> bool:
        """Hold ``event`` when the screen it would go to has not focused its field yet (or keys before it
        are still held: they go first)."""
        screen = self.app.screen
        if self.held or (isinstance(screen, TypesAhead) and not screen.typing_ready):
            if not self.held:  # a screen that never gets ready must not keep the keys: at most a second
                self._timer = self.app.set_timer(HOLD_AT_MOST_S, self._give_up)
            self.held.append(event)
            return True
        return False

    def _give_up(self) -> None:
        """The screen did not get ready in time: the keys held go on as Textual would hand them."""
        if not self.held:
            return
        screen = self.app.screen
        if isinstance(screen, TypesAhead):
            screen.typing_ready = True
        self.app.post_message(ReadyToType())

    def release(self) -> list[events.Key]:
        """The keys held, in their order (fresh events: each is read by the app again)."""
        held, self.held = self.held, []
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        return [events.Key(e.key, e.character) for e in held]

    async def opens_now(self, key: str) -> bool:
        """Run the binding of ``key`` now if it is the binding the key would run and it opens a field."""
        app = self.app
        for namespace, bindings in app.screen._modal_binding_chain:
            found = bindings.key_to_bindings.get(key)
            if found:
                binding = found[0]
                if binding.id not in self.OPENS or binding.priority:
                    return False
                return await app.run_action(binding.action, namespace)
        return False
