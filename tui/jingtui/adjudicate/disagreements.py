"""The agreed claims and the disagreements of two or three reviewers on one article, in reading order (pure).

How an article's claims are grouped (reviewers' active claims only; the consensus reviewer is not one of
them):

1. **Identical claims**: the same label and span (start, end) coded by *every* reviewer form one item. If
   their structured fields are the same too, the item is **agreed**; otherwise it is a disagreement of kind
   ``fields``.
2. **The rest** (claims not identical across all reviewers) are grouped by overlap: claims that share at
   least one character, directly or through a chain of overlapping claims, form one disagreement. Its kinds:
   ``missing`` (a reviewer has no claim there: one coded and the other not), ``code`` (the reviewers used
   different codes), ``span`` (the same code over different, overlapping spans); ``fields`` when the same
   code and span carry different field values.

Items are sorted by where they start (then end), which is reading order. Everything here works on
:class:`Coded`, built from the store's documents without making :class:`~jingtui.store.model.Claim`
objects, so a corpus of 100,000 claims is grouped in well under a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

Kind = Literal["missing", "code", "span", "fields"]
KINDS: tuple[Kind, ...] = ("missing", "code", "span", "fields")
KIND_NAMES: Mapping[Kind, str] = {
    "missing": "one coded, the other not",
    "code": "different codes",
    "span": "different spans",
    "fields": "different field values",
}
ADJUDICATION_KEY = "adjudication"  # the key in a consensus claim's fields that names its sources


class Coded(NamedTuple):
    """One reviewer's claim as adjudication sees it (a named tuple: 100,000 are made in a corpus count)."""

    id: str
    reviewer: str
    label: str
    start: int
    end: int
    quote: str
    fields: tuple[tuple[str, str], ...] = ()  # the structured fields, comparable (values as JSON text)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


class Item(NamedTuple):
    """An agreed claim or a disagreement: each reviewer's claims here, in the order of ``reviewers``."""

    article: str
    start: int
    end: int
    kinds: tuple[Kind, ...]  # empty: agreed
    versions: tuple[tuple[Coded, ...], ...]

    @property
    def agreed(self) -> bool:
        return not self.kinds

    @property
    def claim_ids(self) -> frozenset[str]:
        return frozenset(c.id for version in self.versions for c in version)

    @property
    def key(self) -> str:
        """A stable name of the item: its claims' ids, sorted."""
        return ",".join(sorted(self.claim_ids))

    def describe(self) -> str:
        return "agreed" if self.agreed else "; ".join(KIND_NAMES[k] for k in self.kinds)


def comparable_fields(fields: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """Structured fields as a sorted tuple of (name, JSON text), without the adjudication record."""
    if not fields:
        return ()
    import json

    return tuple(sorted((str(k), json.dumps(v, ensure_ascii=False, sort_keys=True))
                        for k, v in fields.items() if k != ADJUDICATION_KEY))


def coded_from_doc(doc: Mapping[str, Any]) -> Coded:
    """A :class:`Coded` from a stored claim document (or a claim's ``to_dict()``)."""
    fields = doc.get("fields")
    return Coded(doc["id"], doc.get("reviewer", ""), doc["label"], doc["start"], doc["end"], doc.get("quote", ""),
                 comparable_fields(fields) if fields else ())


def _kinds(versions: Sequence[Sequence[Coded]]) -> tuple[Kind, ...]:
    kinds: set[Kind] = set()
    if any(not v for v in versions):
        kinds.add("missing")
    present = [v for v in versions if v]
    if len(present) >= 2:
        labels = [frozenset(c.label for c in v) for v in present]
        if len(set(labels)) > 1:
            kinds.add("code")
        for label in frozenset().union(*labels):
            spans = [frozenset(c.span for c in v if c.label == label) for v in present if label in
                     {c.label for c in v}]
            if len(spans) >= 2 and len(set(spans)) > 1:
                kinds.add("span")
            if len(spans) >= 2 and len(set(spans)) == 1:
                by_span = [frozenset((c.span, c.fields) for c in v if c.label == label) for v in present]
                if len({s for s in by_span if s}) > 1:
                    kinds.add("fields")
    return tuple(k for k in KINDS if k in kinds)


def article_items(article: str, reviewers: Sequence[str], claims: Iterable[Coded], *,
                  agreed: bool = True) -> list[Item]:
    """The agreed claims and disagreements of one article, in reading order (``agreed=False``: the
    disagreements alone).

    ``claims`` are the reviewers' active claims of the article (claims of other reviewers are ignored).
    """
    index = {name: i for i, name in enumerate(reviewers)}
    mine = [c for c in claims if c.reviewer in index]
    by_key: dict[tuple[str, int, int], list[list[Coded]]] = {}
    for c in mine:
        slots = by_key.setdefault((c.label, c.start, c.end), [[] for _ in reviewers])
        slots[index[c.reviewer]].append(c)
    items: list[Item] = []
    rest: list[Coded] = []
    for (_label, start, end), slots in by_key.items():
        if all(len(slot) == 1 for slot in slots):
            same = len({slot[0].fields for slot in slots}) == 1
            if agreed or not same:
                items.append(Item(article, start, end, () if same else ("fields",), tuple(tuple(s) for s in slots)))
        else:
            for slot in slots:
                rest.extend(slot)
    rest.sort(key=lambda c: (c.start, c.end))
    groups: list[list[Coded]] = []
    reach = -1
    for c in rest:
        if not groups or c.start >= reach:
            groups.append([])
        groups[-1].append(c)
        reach = max(reach, c.end) if len(groups[-1]) > 1 else c.end
    for group in groups:
        versions = tuple(tuple(g for g in group if g.reviewer == name) for name in reviewers)
        kinds = _kinds(versions)
        if agreed or kinds:  # a reviewer's duplicate of an agreed claim makes a group with no disagreement
            items.append(Item(article, group[0].start, max(g.end for g in group), kinds, versions))
    items.sort(key=lambda it: (it.start, it.end, min(c.id for version in it.versions for c in version)))
    return items


@dataclass(frozen=True)
class Counts:
    """Disagreements and agreed items of an article (or a corpus), and how many are settled."""

    disagreements: int = 0
    settled: int = 0
    agreed: int = 0
    accepted: int = 0  # agreed items already in the consensus

    @property
    def left(self) -> int:
        return self.disagreements - self.settled

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.disagreements + other.disagreements, self.settled + other.settled,
                      self.agreed + other.agreed, self.accepted + other.accepted)

    def to_dict(self) -> dict[str, Any]:
        return {"disagreements": self.disagreements, "settled": self.settled, "left": self.left,
                "agreed": self.agreed, "accepted": self.accepted}


def counts_of(items: Iterable[Item], decided: frozenset[str] | set[str]) -> Counts:
    """Counts of ``items``; an item is settled (or accepted) when one of its claims is in ``decided``."""
    d = s = a = acc = 0
    for item in items:
        done = not decided.isdisjoint(item.claim_ids)
        if item.agreed:
            a += 1
            acc += done
        else:
            d += 1
            s += done
    return Counts(d, s, a, acc)


def same_fields(group: Sequence[Mapping[str, Any]]) -> bool:
    """Whether claim documents carry the same structured fields (the adjudication record aside)."""
    first = group[0].get("fields")
    if all(doc.get("fields") == first for doc in group) and not (first and ADJUDICATION_KEY in first):
        return True
    return len({comparable_fields(doc.get("fields")) for doc in group}) == 1


def plain_agreements(docs: Iterable[Mapping[str, Any]], reviewers: Sequence[str]) -> list[Mapping[str, Any]]:
    """The active claim documents of ``reviewers`` that are not part of an agreed item (the input of a
    disagreement list without agreed items, made without building a :class:`Coded` per claim)."""
    names = set(reviewers)
    by_key: dict[tuple[str, int, int], list[Mapping[str, Any]]] = {}
    for doc in docs:
        if doc.get("reviewer") in names and doc.get("status", "active") == "active":
            by_key.setdefault((doc["label"], doc["start"], doc["end"]), []).append(doc)
    rest = []
    for group in by_key.values():
        if not (len(group) == len(names) and len({doc.get("reviewer") for doc in group}) == len(names)
                and same_fields(group)):
            rest.extend(group)
    return rest


def count_documents(docs: Iterable[Mapping[str, Any]], reviewers: Sequence[str], decided: set[str]) -> Counts:
    """What ``counts_of(article_items(...), decided)`` gives for one article's claim documents, without building
    items (the corpus count's fast path: most claims are plain agreements)."""
    names = set(reviewers)
    m = len(names)
    by_key: dict[tuple[str, int, int], list[Mapping[str, Any]]] = {}
    for doc in docs:
        if doc.get("reviewer") in names and doc.get("status", "active") == "active":
            by_key.setdefault((doc["label"], doc["start"], doc["end"]), []).append(doc)
    d = s = a = acc = 0
    rest: list[Mapping[str, Any]] = []
    for (_label, _start, _end), group in by_key.items():
        if len(group) == m and len({doc.get("reviewer") for doc in group}) == m:
            done = any(doc["id"] in decided for doc in group)
            if same_fields(group):
                a += 1
                acc += done
            else:
                d += 1
                s += done
        else:
            rest.extend(group)
    if not rest:
        return Counts(d, s, a, acc)
    # the rest (missing claims, overlaps, a reviewer's duplicates) is rare: counted as the items are, so a
    # duplicate of an agreed claim is an agreed item here too, not a disagreement
    counted = counts_of(article_items("", reviewers, [coded_from_doc(doc) for doc in rest]), decided)
    return Counts(d + counted.disagreements, s + counted.settled, a + counted.agreed, acc + counted.accepted)
