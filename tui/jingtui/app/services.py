"""The app's one door to the store and the reviewer's settings (no widgets here).

Keeps the UI code free of the store's details: what a missing database means for the reader (defaults,
nothing saved), how per-article state is stored. Reading and cleaning articles is ``articles.py``'s.
The store's write errors while the reader moves between articles are logged, never shown: losing the
remembered cursor position is not worth interrupting the reviewer for.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jingtui.clean.model import CleanText
from jingtui.store.location import is_server_url, parse_location  # noqa: F401 - the app's names
from jingtui.store.model import ArticleState, Claim
from jingtui.store.protocol import Store
from jingtui.store.session import AnnotationSession
from jingtui.util.plural import counted
from jingtui.workspace import Cleaner, Workspace, default_db, read_article

__all__ = [
    "Cleaner", "Workspace", "default_db", "read_article", "discover_paths", "state_of", "save_position",
    "get_meta", "set_meta", "reanchor", "recount", "reload_counts", "next_reviewer", "reviewers_of", "is_server_url",
    "counts_by_article", "claim_counts", "default_reviewer", "open_store",
]

if TYPE_CHECKING:
    from jingtui.app.articles import Entry

log = logging.getLogger(__name__)


def discover_paths(root: Path) -> list[str]:
    """Relative paths of the article files under ``root`` (skipped files included)."""
    from jingtui.app.articles import discover_entries

    return [e.path for e in discover_entries(root)]


def state_of(store: Store | None, article: str) -> ArticleState:
    """The reviewer's state of one article (done, cursor, time); the defaults without a database."""
    return store.get_state(article) if store is not None else ArticleState()


def save_position(store: Store | None, article: str, position: int, seconds: float) -> None:
    """Remember the cursor in ``article`` and add ``seconds`` to the time spent on it."""
    if store is None or store.read_only:
        return
    try:
        spent = store.get_state(article).seconds
        store.set_state(article, position=position, seconds=spent + seconds)
    except Exception:  # edge: see the module docstring
        log.exception("could not save the position in %s", article)


def get_meta(store: Store | None, key: str) -> Any:
    """A stored setting, or None (no database)."""
    return store.get_meta(key) if store is not None else None


def set_meta(store: Store | None, key: str, value: Any) -> None:
    """Store a setting when a writable database is open."""
    if store is None or store.read_only:
        return
    try:
        store.set_meta(key, value)
    except Exception:  # edge: see the module docstring
        log.exception("could not save the setting %s", key)


def exports_folder(root: Path | None, db_path: Path | str) -> Path:
    """Where exports go by default: ``exports`` beside a database file; for a team database, in the
    corpus's own ``.jingtui`` folder."""
    if is_server_url(db_path) and root is not None:
        return Path(root) / ".jingtui" / "exports"
    return Path(db_path).parent / "exports"


def reanchor(store: Store | None, article: str, clean: CleanText) -> str:
    """Place the claims of ``article`` again on its new cleaned text (or mark them orphaned); the
    sentence that tells the reviewer what moved ("" when nothing did, or nothing can be written)."""
    if store is None or store.read_only:
        return ""
    from jingtui.store.anchor import reanchor_article

    report = reanchor_article(store, article, clean.text, clean.sha256, clean.to_original.to_original)
    if not report.moved and not report.orphaned:
        return ""
    message = f"The cleaned text changed: {counted(report.moved, 'claim')} moved"
    if report.orphaned:
        message += (f", {report.orphaned} could not be placed (shown as orphaned in the claims panel)")
    return message + "."


def next_reviewer(store: Store, shown: str | None, own: str) -> str | None:
    """The reviewer whose claims to show after ``shown`` (None: everyone's), in name order; after the
    last one, None again. ``own`` (the app's reviewer) is one of them even before a first claim."""
    reviewers = sorted(set(reviewers_of(store)) | {own})
    if shown is None:
        return reviewers[0]
    return next((r for r in reviewers if r > shown), None)


def reviewers_of(store: Store) -> list[str]:
    """The reviewers with claims in ``store`` (a team store asks its server; a file's claims are read)."""
    if store.team is not None:
        return list(store.team.reviewers())
    return sorted({str(d.get("reviewer", "")) for d in store.claim_documents()})


def counts_by_article(store: Store, articles: Iterable[str] | None = None) -> dict[str, dict[str, int]]:
    """{article: {label: count}} of active claims (of ``articles`` only, when given: a team store then asks
    for those alone, whatever else its database holds)."""
    if articles is not None and store.team is not None:
        return {article: dict(per) for article, per in store.team.counts_of(list(articles)).items()}
    return {article: dict(per) for article, per in store.counts().items()}


def reload_counts(store: Store | None, entries: Mapping[str, Entry]) -> None:
    """Each entry's counts of active claims and its done flag, as the store has them."""
    counts = counts_by_article(store, entries) if store is not None else {}
    done = set(store.done_articles()) if store is not None else set()  # one look, not one per article
    for path, entry in entries.items():
        entry.counts = counts.get(path, {})
        entry.done = path in done


def recount(store: Store, entries: Iterable[Entry]) -> list[Entry]:
    """Read again the counts of ``entries`` (other reviewers changed them); the entries recounted."""
    done = []
    for entry in entries:
        try:
            entry.counts = store.counts(entry.path).get(entry.path, {})
        except Exception:  # edge: a team server went away meanwhile; the header's note says so
            log.info("could not recount %s", entry.path, exc_info=True)
            continue
        done.append(entry)
    return done


def claim_counts(claims: list[Claim]) -> dict[str, int]:
    per: dict[str, int] = {}
    for claim in claims:
        if claim.status == "active":
            per[claim.label] = per.get(claim.label, 0) + 1
    return per


def default_reviewer() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment: a neutral name
        return "reviewer"


def open_store(db_path: Path | str, reviewer: str | None, *, local_dir: Path | None = None
               ) -> tuple[Store, AnnotationSession]:
    """(store, session) for ``db_path`` (a file or a team database URL); raises the store's StoreError for a
    database we must not use. ``reviewer`` None: the team database's role."""
    from jingtui.workspace import open_store as open_claim_store

    store = open_claim_store(db_path, reviewer=reviewer, local_dir=local_dir)
    own = reviewer or (store.team.reviewer if store.team is not None else "") or default_reviewer()
    return store, AnnotationSession(store, own)
