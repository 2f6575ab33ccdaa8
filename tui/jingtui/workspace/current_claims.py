"""Claims placed on the current cleaned text of their articles, as the app places them when it opens one.

A command that reads claims from the database (export, stats) must not report offsets into a text that
is gone: an article file edited since, or cleaning rules changed. ``reanchored_docs`` re-anchors the
stored claim documents of each article on its current cleaned text with ``store.anchor.reanchor`` (the
app's function), in memory: the database is not written. ``Reanchoring`` says which claims moved and
which could not be placed (orphaned), for stderr and for the JSON outputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jingtui.clean.model import CleanText
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.store.model import Claim
    from jingtui.workspace.workspace import Workspace

Docs = list[dict[str, Any]]


@dataclass
class Reanchoring:
    """The ids of the claims that moved to a new place and of those that could not be placed."""

    moved: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    newly_orphaned: list[str] = field(default_factory=list)  # active in the database, orphaned now

    def as_json(self) -> dict[str, Any]:
        return {"moved": self.moved, "orphaned": self.orphaned, "newly_orphaned": self.newly_orphaned}

    def sentence(self) -> str:
        """One sentence for stderr, or "" when every claim is where the database says."""
        if not self.moved and not self.newly_orphaned:
            return ""
        parts = []
        if self.moved:
            moved = len(self.moved)
            parts.append(f"{counted(moved, 'claim')} moved to {_their(moved)} place in the current text")
        if self.newly_orphaned:
            ids = ", ".join(self.newly_orphaned[:5]) + (" ..." if len(self.newly_orphaned) > 5 else "")
            parts.append(f"{counted(len(self.newly_orphaned), 'claim')} could not be found in the current text and "
                         f"{'is' if len(self.newly_orphaned) == 1 else 'are'} exported as orphaned ({ids})")
        return "Articles changed since they were annotated: " + "; ".join(parts) + "."




def _their(n: int) -> str:
    return "its" if n == 1 else "their"


def reanchor_docs(docs: Docs, clean: CleanText, report: Reanchoring) -> Docs:
    """``docs`` (stored claim documents of one article) placed on ``clean``; unchanged ones are returned as they are."""
    from jingtui.store.anchor import reanchor
    from jingtui.store.documents import claim_to_doc
    from jingtui.store.model import Claim

    out = []
    mapper = clean.to_original.to_original
    for doc in docs:
        if doc.get("text_sha256") == clean.sha256 and doc.get("status", "active") == "active":
            out.append(doc)
            continue
        before = Claim.from_dict(doc)
        placed = reanchor(before, clean.text, clean.sha256, mapper)
        if placed.status == "orphaned":
            report.orphaned.append(placed.id)
            if before.status != "orphaned":
                report.newly_orphaned.append(placed.id)
        elif (placed.start, placed.end) != (before.start, before.end) or before.status != "active":
            report.moved.append(placed.id)
        out.append(doc if placed is before else claim_to_doc(placed))
    return out


def reanchored_docs(workspace: Workspace, by_article: dict[str, Docs], articles: Iterable[str] | None = None,
                    overrides: Mapping[str, Mapping[str, str]] | None = None) -> tuple[dict[str, Docs], Reanchoring]:
    """Every article's claim documents placed on its current cleaned text (files gone: left as stored).

    ``overrides``: per article, the passages the reviewer brought back into or sent out of its cleaned
    text (``ArticleState.cleaning_overrides``), so the text is the one the reviewer annotated.
    """
    from jingtui.workspace.workspace import readable

    report = Reanchoring()
    out = dict(by_article)
    for rel in articles if articles is not None else list(by_article):
        docs = by_article.get(rel) or []
        if not docs:
            continue
        article = workspace.read(rel)
        if not readable(article):
            continue  # the file is gone: its claims are the reviewer's work, kept as stored
        own = (overrides or {}).get(rel) or None
        clean = workspace.cached(article, own) or workspace.clean(article, own)
        out[rel] = reanchor_docs(docs, clean, report)
    return out, report


def reanchored_claims(workspace: Workspace, claims: list[Claim],
                      overrides: Mapping[str, Mapping[str, str]] | None = None) -> tuple[list[Claim], Reanchoring]:
    """``claims`` (store Claims) placed on their articles' current cleaned texts, in the same order of articles."""
    from jingtui.store.documents import claim_to_doc
    from jingtui.store.model import Claim

    by_article: dict[str, Docs] = {}
    for claim in claims:
        by_article.setdefault(claim.article, []).append(claim_to_doc(claim))
    placed, report = reanchored_docs(workspace, by_article, overrides=overrides)
    return [Claim.from_dict(doc) for docs in placed.values() for doc in docs], report


__all__ = ["Reanchoring", "reanchor_docs", "reanchored_claims", "reanchored_docs"]
