"""The app's one door to the core: corpus, cleaning, store and session (no widgets here).

Keeps the UI code free of the core's details: which function reads a folder, where the cleaning cache
lives, how per-article state is stored. Everything here is plain Python and can be called from a worker
thread except where noted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jingtui.clean.model import CleanText
from jingtui.corpus.model import Article
from jingtui.store.location import is_server_url  # noqa: F401 - the app's name
from jingtui.store.model import Claim
from jingtui.workspace import Cleaner, Workspace, check_corpus, default_db, read_article  # noqa: F401 - the app's names


@dataclass
class ArticleState:
    done: bool = False
    position: int = 0  # cursor offset in the cleaned text
    seconds: float = 0.0


@dataclass
class Entry:
    """One row of the article list: what we know of a file so far."""

    path: str
    article: Article | None = None
    clean: CleanText | None = None
    title: str = ""  # Simplified when known
    counts: dict[str, int] = field(default_factory=dict)
    done: bool = False
    error: str = ""

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.article is not None:
            return self.article.title
        return self.path

    @property
    def flagged(self) -> bool:
        """Problems or damaged text: the list shows a warning sign."""
        if self.error:
            return True
        if self.article is not None and not self.article.ok:
            return True
        return bool(self.clean is not None and self.clean.warnings)


def discover_entries(root: Path) -> list[Entry]:
    """One Entry per article file under ``root`` (fast: no decoding); skipped files carry the reason."""
    from jingtui.corpus.discover import discover

    return [Entry(c.rel, error=c.skip_reason or "") for c in discover(check_corpus(root))]


def discover_paths(root: Path) -> list[str]:
    """Relative paths of the article files under ``root``."""
    return [e.path for e in discover_entries(root)]


def simplified_title(article: Article, clean: CleanText | None) -> str:
    """The article's title in Simplified script (converted when the article is Traditional)."""
    title = article.meta.title
    if clean is not None:
        for para in clean.paragraphs:
            if para.kind == "title":
                return clean.text[para.start : para.end]
        if title and clean.script == "traditional":
            from jingtui.clean.script import to_simplified

            return to_simplified(title)
    return title or article.path


def state_of(store, article: str) -> ArticleState:
    """The reviewer's state of one article (done, cursor, time), whatever shape the store returns."""
    try:
        raw = store.get_state(article)
    except Exception:
        return ArticleState()
    if raw is None:
        return ArticleState()
    if isinstance(raw, dict):
        return ArticleState(
            done=bool(raw.get("done", False)),
            position=int(raw.get("position", 0) or 0),
            seconds=float(raw.get("seconds", 0) or 0),
        )
    return ArticleState(
        done=bool(getattr(raw, "done", False)),
        position=int(getattr(raw, "position", 0) or 0),
        seconds=float(getattr(raw, "seconds", 0) or 0),
    )


def counts_by_article(store) -> dict[str, dict[str, int]]:
    """{article: {label: count}} of active claims."""
    result: dict[str, dict[str, int]] = {}
    try:
        raw = store.counts()
    except Exception:
        raw = None
    if isinstance(raw, dict) and all(isinstance(v, dict) for v in raw.values()):
        return {k: dict(v) for k, v in raw.items()}
    for claim in store.claims():
        if getattr(claim, "status", "active") != "active":
            continue
        per = result.setdefault(claim.article, {})
        per[claim.label] = per.get(claim.label, 0) + 1
    return result


def reviewers(store) -> list[str]:
    """The reviewers with claims in ``store`` (a team store asks its server; a file's claims are read)."""
    ask = getattr(store, "reviewers", None)
    if callable(ask):
        return list(ask())
    return sorted({d.get("reviewer", "") for d in store.claim_documents()})


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
    except Exception:
        return "reviewer"


def open_store(db_path: Path | str, reviewer: str | None, *, local_dir: Path | None = None):
    """(store, session) for ``db_path`` (a file or a team database URL); raises the store's StoreError for a
    database we must not use. ``reviewer`` None: the team database's role."""
    from jingtui.store.session import AnnotationSession
    from jingtui.workspace import open_store as open_claim_store

    store = open_claim_store(db_path, reviewer=reviewer, local_dir=local_dir)
    return store, AnnotationSession(store, reviewer or getattr(store, "reviewer", "") or default_reviewer())
