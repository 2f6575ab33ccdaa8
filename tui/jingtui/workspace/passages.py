"""Bringing removed passages back into an article's cleaned text, and sending kept ones out.

The one entry point the app (a key in the original pane, a selection over removed text) calls:
:func:`change_passages`. It reads the article's cleaning overrides from the annotation store, decides
with the pure functions of ``jingtui.clean.overrides``, saves the new overrides with the article's
state, cleans again through the folder's cache (keyed by the overrides) and re-anchors the article's
claims on the new text (``jingtui.store.anchor``), so offsets, quotes and the original-text spans
follow. Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from jingtui.clean.model import CleanText
from jingtui.clean.overrides import Overrides, bring_back, send_out, toggle_passage
from jingtui.corpus.model import Article
from jingtui.store.anchor import ReanchorReport, reanchor_article

if TYPE_CHECKING:
    from jingtui.clean.overrides import OverridesLike
    from jingtui.store.protocol import Store

Action = Literal["bring-back", "send-out", "toggle"]


class Cleans(Protocol):
    """What cleans an article with overrides: a ``Workspace`` or its ``Cleaner``."""

    def clean(self, article: Article, overrides: OverridesLike = None) -> CleanText: ...


@dataclass(frozen=True)
class PassageChange:
    """What a change did: the new cleaned text and overrides, whether anything changed, what
    (``kept``, ``removed`` or ``""``), and how the claims moved (None when nothing was re-anchored)."""

    clean: CleanText
    overrides: Overrides
    changed: bool
    what: str = ""
    report: ReanchorReport | None = None


def overrides_of(store: Store | None, path: str) -> Overrides:
    """The article's cleaning overrides as stored (none without a store)."""
    if store is None:
        return Overrides()
    state = store.get_state(path)
    return Overrides.from_dict(state.cleaning_overrides or {})


def clean_with_overrides(workspace: Cleans, store: Store | None, article: Article) -> CleanText:
    """The article's cleaned text with the reviewer's overrides (through the folder's cache)."""
    return workspace.clean(article, overrides_of(store, article.path))


def change_passages(workspace: Cleans, store: Store | None, article: Article, clean: CleanText, start: int,
                    end: int | None = None, action: Action = "toggle") -> PassageChange:
    """Bring back (``bring-back``), send out (``send-out``) or flip (``toggle``, the block at ``start``)
    the passages of the original at ``[start, end)``; save, clean again, re-anchor the claims.

    ``clean`` is the article's current cleaned text (it says which blocks are removed). Without a
    store (read-only use) the text changes but nothing is saved and no claim moves.
    """
    current = overrides_of(store, article.path)
    original = article.original
    what = ""
    if action == "bring-back":
        new = bring_back(clean, original, current, start, end)
        what = "kept"
    elif action == "send-out":
        new = send_out(clean, original, current, start, end)
        what = "removed"
    else:
        new, what = toggle_passage(clean, original, current, start)
    if new == current:
        return PassageChange(clean, current, False, "")
    if store is not None and not store.read_only:
        store.set_state(article.path, cleaning_overrides=new.as_dict())
    new_clean = workspace.clean(article, new)
    report = None
    if store is not None and not store.read_only:
        report = reanchor_article(store, article.path, new_clean.text, new_clean.sha256,
                                  new_clean.to_original.to_original)
    return PassageChange(new_clean, new, True, what, report)


__all__ = ["Action", "Cleans", "PassageChange", "change_passages", "clean_with_overrides", "overrides_of"]
