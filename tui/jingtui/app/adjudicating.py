"""Opening the adjudication screen from the app (``D`` in the reader, or ``jingtui adjudicate`` at start).

Which reviewers: the ones given (the command), else the two or three reviewers the database holds besides
the consensus (the reader's key); with more, the key says to use the command. The screen works on the app's
own open store; closing it refreshes the reader's claims and counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from jingtui.adjudicate.decisions import ADJUDICATED
from jingtui.adjudicate.workbench import (
    DEFAULT_CONSENSUS,
    Adjudication,
    check_reviewers,
)
from jingtui.app.articles import LiveTitles
from jingtui.errors import UserError

if TYPE_CHECKING:
    from jingtui.app.screens.reader import ReaderScreen


def reviewers_in(store, consensus: str = DEFAULT_CONSENSUS) -> list[str]:
    """The reviewers with active claims of their own (not the consensus, not adjudicated claims), sorted."""
    names = {doc.get("reviewer", "") for doc in store.claim_documents()
             if doc.get("origin") != ADJUDICATED and doc.get("status", "active") == "active"}
    names.discard(consensus)
    return sorted(names)


def choose_reviewers(store, consensus: str = DEFAULT_CONSENSUS) -> tuple[str, ...]:
    """The reviewers the reader's key adjudicates, or :class:`UserError` saying why there are none."""
    names = reviewers_in(store, consensus)
    if len(names) < 2:
        shown = ", ".join(n or '""' for n in names) or "nobody"
        raise UserError(f"Adjudication needs claims of two or three reviewers; this database has claims of {shown}. "
                        "Import the other reviewer's export with jingtui import.")
    if len(names) > 3:
        raise UserError(f"This database has {len(names)} reviewers ({', '.join(names)}); choose two or three with "
                        "jingtui adjudicate DIR --reviewers A,B.")
    return tuple(names)


def progress(store, consensus: str = DEFAULT_CONSENSUS):
    """(reviewers, {article: Counts}) of the adjudication the database holds (two or three reviewers besides
    the consensus), for the article list and the corpus view; None when there is none to show."""
    if store is None:
        return None
    try:
        reviewers = choose_reviewers(store, consensus)
    except UserError:
        return None
    return reviewers, Adjudication(store, reviewers, consensus).corpus_counts()


def open_adjudication(reader: ReaderScreen, reviewers: Sequence[str] | None = None,
                      consensus: str = DEFAULT_CONSENSUS, *, force: bool = False) -> None:
    """Push the adjudication screen over the reader, or say in one sentence why it cannot open."""
    from jingtui.app.screens.adjudication import AdjudicationScreen
    from jingtui.store.errors import StoreError

    app = reader.app
    if isinstance(app.screen, AdjudicationScreen):
        return  # already there
    store = reader.jingtui.store
    if store is None:
        reader.say(
            reader.jingtui.store_error or "The annotation database is not open, so there is nothing to adjudicate."
        )
        return
    try:
        chosen = tuple(reviewers) if reviewers else choose_reviewers(store, consensus)
        check_reviewers(store, chosen, consensus, force=force or bool(reviewers))
    except (UserError, StoreError) as exc:
        reader.say(str(exc))
        return

    def text_of(path: str) -> tuple[str, str] | None:
        try:
            entry = reader.ensure_loaded(path)
        except (KeyError, OSError, ValueError):
            return None
        clean = entry.clean
        return (clean.text, clean.sha256) if clean is not None else None

    titles = LiveTitles(reader.entries)

    def closed() -> None:
        screen = app.get_screen(name) if app.is_screen_installed(name) else None
        counts = screen.counts if isinstance(screen, AdjudicationScreen) else {}
        for path, entry in reader.entries.items():  # the list shows what is left to adjudicate
            entry.disagreements_left = counts[path].left if path in counts else 0
        reader.reload_counts()
        reader.article_list.rebuild()
        if reader.current:
            reader.show_article(reader.current, restore=False)

    # The screen stays installed between visits: mounting it costs several times what showing an article does.
    name = "adjudication\x1f" + "\x1f".join(chosen) + "\x1f" + consensus
    if app.is_screen_installed(name):
        screen = app.get_screen(name)
        app.push_screen(name)
        if isinstance(screen, AdjudicationScreen):
            screen.reopen(reader.current)
        return
    work = Adjudication(store, chosen, consensus)
    app.install_screen(AdjudicationScreen(work, text_of, titles=titles, article=reader.current, on_close=closed), name)
    app.push_screen(name)
