"""One adjudication over an open store: reviewers A, B[, C], a consensus reviewer, and an undo history.

What the ``jingtui adjudicate`` screen and command use: the items of an article (agreed claims and
disagreements, in reading order), which of them the consensus has settled, the counts per article and for
the corpus, and the decisions (take one reviewer's version, both, neither, an edited claim, or every agreed
claim at once), each one undoable step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from jingtui.adjudicate.decisions import (
    ADJUDICATED,
    Decision,
    consensus_copy,
    neither_key,
    sources_of,
)
from jingtui.adjudicate.disagreements import (
    ADJUDICATION_KEY,
    Counts,
    Item,
    article_items,
    coded_from_doc,
    count_documents,
    counts_of,
    plain_agreements,
)
from jingtui.errors import UserError
from jingtui.store.history import Command, History
from jingtui.store.model import Claim, make_claim
from jingtui.store.protocol import Store

DEFAULT_CONSENSUS = "consensus"
Choice = Literal["both", "neither"]  # besides a reviewer's index (0, 1, 2) and an edit


def _names(names: Iterable[str]) -> str:
    return ", ".join(sorted(n or '""' for n in names)) or "none"


def check_reviewers(store: Store, reviewers: Sequence[str], consensus: str, *, force: bool = False) -> None:
    """Raise :class:`UserError` (one sentence) unless the adjudication can start."""
    if len(reviewers) < 2:
        raise UserError("Adjudication needs two or three reviewers, for example --reviewers ann,bo.")
    if len(reviewers) > 3:
        raise UserError("Adjudication compares at most three reviewers at a time.")
    if len(set(reviewers)) != len(reviewers):
        raise UserError("Give different reviewers.")
    if consensus in reviewers:
        raise UserError(f"The consensus cannot be stored as {consensus!r}, one of the reviewers being compared; "
                        "choose another name with --as.")
    known: set[str] = set()
    manual = 0
    for doc in store.claim_documents():
        who = doc.get("reviewer", "")
        known.add(who)
        if who == consensus and doc.get("origin") != ADJUDICATED:
            manual += 1
    missing = [r for r in reviewers if r not in known]
    if missing:
        raise UserError(f"The database has no claims by reviewer {missing[0]!r} "
                        f"(reviewers: {_names(known - {consensus})}).")
    if manual and not force:
        raise UserError(f"Reviewer {consensus!r} already holds {manual} claim{'s' if manual != 1 else ''} made by "
                        "hand, not by adjudication; choose another name with --as, or add --force to "
                        "adjudicate into it anyway.")


class Adjudication:
    """Reviewers' items and the consensus decisions on one store (the store must stay open)."""

    def __init__(self, store: Store, reviewers: Sequence[str], consensus: str = DEFAULT_CONSENSUS) -> None:
        self.store = store
        self.reviewers = tuple(reviewers)
        self.consensus = consensus
        self.history = History()

    # ------------------------------------------------------------------ reading

    def items(self, article: str) -> list[Item]:
        """The agreed claims and disagreements of ``article``, in reading order."""
        names = set(self.reviewers)
        coded = [coded_from_doc(doc) for doc in self.store.claim_documents(article)
                 if doc.get("reviewer") in names and doc.get("status", "active") == "active"]
        return article_items(article, self.reviewers, coded)

    def consensus_claims(self, article: str) -> list[Claim]:
        return [c for c in self.store.claims(article, reviewer=self.consensus) if c.status == "active"]

    def neither(self, article: str) -> list[str]:
        value = self.store.get_meta(neither_key(self.consensus, article), [])
        return [str(v) for v in value] if isinstance(value, list) else []

    def decided(self, article: str) -> set[str]:
        """Source claim ids the consensus has settled in ``article`` (with a claim or with none)."""
        ids = set(self.neither(article))
        for doc in self.store.claim_documents(article, reviewer=self.consensus):
            ids.update(sources_of(doc.get("fields")))
        return ids

    def counts(self, article: str) -> Counts:
        return counts_of(self.items(article), self.decided(article))

    def corpus_counts(self) -> dict[str, Counts]:
        """Counts of every article where a reviewer has an active claim (one pass over the store)."""
        names = set(self.reviewers)
        docs: dict[str, list[Any]] = {}
        decided: dict[str, set[str]] = {}
        for doc in self.store.claim_documents():
            who = doc.get("reviewer")
            if who in names:
                docs.setdefault(doc["article"], []).append(doc)
            elif who == self.consensus:
                decided.setdefault(doc["article"], set()).update(sources_of(doc.get("fields")))
        out = {}
        for article in sorted(docs):
            settled = decided.get(article, set())
            settled.update(self.neither(article))
            counts = count_documents(docs[article], self.reviewers, settled)
            if counts.disagreements or counts.agreed:
                out[article] = counts
        return out

    def corpus_items(self, *, agreed: bool = True) -> dict[str, list[Item]]:
        """Every article's agreed claims and disagreements (``agreed=False``: the disagreements alone), in
        reading order (one pass over the store)."""
        names = set(self.reviewers)
        docs: dict[str, list[Any]] = {}
        for doc in self.store.claim_documents():
            if doc.get("reviewer") in names and doc.get("status", "active") == "active":
                docs.setdefault(doc["article"], []).append(doc)
        out: dict[str, list[Item]] = {}
        for article in sorted(docs):
            mine = docs[article] if agreed else plain_agreements(docs[article], self.reviewers)
            out[article] = article_items(article, self.reviewers, [coded_from_doc(d) for d in mine], agreed=agreed)
        return out

    def is_settled(self, item: Item, decided: set[str] | None = None) -> bool:
        done = self.decided(item.article) if decided is None else decided
        return not done.isdisjoint(item.claim_ids)

    # ------------------------------------------------------------------ deciding

    def _earlier(self, item: Item) -> tuple[list[Claim], list[str], list[str]]:
        """Consensus claims made by an earlier decision on ``item``; the neither record before and after."""
        ids = item.claim_ids
        earlier = [c for c in self.consensus_claims(item.article) if not ids.isdisjoint(sources_of(c.fields))]
        before = self.neither(item.article)
        after = [i for i in before if i not in ids]
        return earlier, before, after

    def _source(self, claim_id: str) -> Claim:
        claim = self.store.get(claim_id)
        if claim is None:
            raise UserError("A reviewer's claim of this item is gone from the database; reopen the article.")
        return claim

    def decide(self, item: Item, choice: int | Choice) -> Decision:
        """Take reviewer ``choice``'s version (an index into the reviewers), both (all), or neither."""
        earlier, before, after = self._earlier(item)
        if choice == "both":
            chosen = [c for version in item.versions for c in version]
            what = "both versions"
        elif choice == "neither":
            chosen, what = [], "neither version"
        else:
            chosen = list(item.versions[choice])
            what = f"{self.reviewers[choice]}'s version"
        sources = sorted(item.claim_ids)
        decision_name = choice if isinstance(choice, str) else self.reviewers[choice]
        add = [consensus_copy(self._source(c.id), self.consensus, sources, decision_name)
               for c in deduplicated_coded(chosen)]
        if not add:
            after = sorted(set(after) | set(sources))
        where = f"{item.article} {item.start}-{item.end}"
        return self._do(Decision(item.article, self.consensus, add, earlier, before, after,
                                 f"adjudicate {where}: {what}"))

    def decide_edited(self, item: Item, label: str, start: int, end: int, text: str, text_sha256: str) -> Decision:
        """Put an edited claim (label, span over the current cleaned ``text``) into the consensus for ``item``."""
        earlier, before, after = self._earlier(item)
        claim = make_claim(item.article, text, start, end, label, text_sha256=text_sha256,
                           reviewer=self.consensus, origin=ADJUDICATED)
        like = next((c for version in item.versions for c in version if c.label == label), None)
        if like is not None:  # keep the note and fields of a reviewer's claim with this code
            source = self._source(like.id)
            claim.note = source.note
            claim.fields = {k: v for k, v in source.fields.items() if k != ADJUDICATION_KEY}
        claim.fields[ADJUDICATION_KEY] = {"sources": sorted(item.claim_ids), "decision": "edit"}
        return self._do(Decision(item.article, self.consensus, [claim], earlier, before, after,
                                 f"adjudicate {item.article} {item.start}-{item.end}: edited {label}"))

    def accept_agreed(self, articles: Iterable[str]) -> list[Decision]:
        """Put every agreed claim not yet in the consensus into it: one undoable step per article."""
        done = []
        for article in articles:
            decided = self.decided(article)
            add = []
            for item in self.items(article):
                if item.agreed and decided.isdisjoint(item.claim_ids):
                    add.append(consensus_copy(self._source(item.versions[0][0].id), self.consensus,
                                              item.claim_ids, "agreed"))
            if add:
                neither = self.neither(article)
                done.append(self._do(Decision(article, self.consensus, add, [], neither, neither,
                                              f"accept {len(add)} agreed claim{'s' if len(add) != 1 else ''} "
                                              f"of {article}")))
        return done

    def _do(self, decision: Decision) -> Decision:
        self.history.do(decision, self.store)
        return decision

    def undo(self) -> Command | None:
        return self.history.undo(self.store)

    def redo(self) -> Command | None:
        return self.history.redo(self.store)


def deduplicated_coded(claims: Sequence[Any]) -> list[Any]:
    """Coded claims with the same label and span kept once (the first)."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for c in claims:
        key = (c.label, c.start, c.end)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


__all__ = ["DEFAULT_CONSENSUS", "Adjudication", "check_reviewers"]
