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


# What re-anchoring changes in a claim: where it is, its quote and context, the text, its status.
ANCHOR_FIELDS = ("start", "end", "quote", "prefix", "suffix", "original_start", "original_end", "text_sha256", "status")


def reanchor_docs(docs: Docs, clean: CleanText, report: Reanchoring) -> Docs:
    """``docs`` (stored claim documents of one article) placed on ``clean``; unchanged ones are returned as they are,
    a moved or orphaned one as a copy with its :data:`ANCHOR_FIELDS` changed.

    Claims alike in everything re-anchoring reads (quote, context, offsets, text, status: the same passage
    coded by several reviewers, or under several codes) are placed once: the search in the text is the cost.
    """
    from jingtui.store.anchor import reanchor
    from jingtui.store.documents import doc_to_claim

    out = []
    mapper = clean.to_original.to_original
    placements: dict[tuple[Any, ...], tuple[dict[str, Any] | None, str]] = {}  # what re-anchoring made of a claim
    for doc in docs:
        if doc.get("text_sha256") == clean.sha256 and doc.get("status", "active") == "active":
            out.append(doc)
            continue
        key = (doc.get("quote"), doc.get("prefix", ""), doc.get("suffix", ""), doc.get("start"), doc.get("end"),
               doc.get("text_sha256", ""), doc.get("status", "active"))
        known = placements.get(key)
        if known is None:
            before = doc_to_claim(doc)
            placed = reanchor(before, clean.text, clean.sha256, mapper)
            if placed.status == "orphaned":
                outcome = "orphaned" if before.status == "orphaned" else "newly_orphaned"
            elif (placed.start, placed.end) != (before.start, before.end) or before.status != "active":
                outcome = "moved"
            else:
                outcome = ""
            changes = None if placed is before else {name: getattr(placed, name) for name in ANCHOR_FIELDS}
            known = placements[key] = (changes, outcome)
        changes, outcome = known
        if outcome == "moved":
            report.moved.append(doc["id"])
        elif outcome:
            report.orphaned.append(doc["id"])
            if outcome == "newly_orphaned":
                report.newly_orphaned.append(doc["id"])
        out.append(doc if changes is None else {**doc, **changes})
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
