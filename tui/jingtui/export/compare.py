"""Gathering two reviewers' claims for :mod:`jingtui.export.agreement` (the I/O side of ``jingtui agree``).

From a database: the active claims of reviewers A and B, re-anchored in memory on each article's current
cleaned text when it changed since they were made (orphans are left out); text lengths from the cleaned
texts. From two export files: the active claims of each file (A = the first file, B = the second);
text lengths from the files' texts (``--include-text``) or, given the corpus folder, from its cleaned
texts, onto which the claims are then re-anchored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jingtui.errors import UserError
from jingtui.export.agreement import AgreementReport, Span, agreement

if TYPE_CHECKING:
    from jingtui.clean.model import CleanText
    from jingtui.store.model import Claim


@dataclass
class Comparison:
    spans_a: list[Span]
    spans_b: list[Span]
    lengths: dict[str, int]
    labels: list[str]
    reviewers: tuple[str, str]

    def report(self) -> AgreementReport:
        return agreement(self.spans_a, self.spans_b, self.lengths, labels=self.labels, reviewers=self.reviewers)


def _place(claims: Iterable[Claim], clean: CleanText) -> list[Span]:
    from jingtui.store.anchor import reanchor

    spans = []
    for claim in claims:
        if claim.text_sha256 != clean.sha256 or claim.status != "active":
            claim = reanchor(claim, clean.text, clean.sha256)
        if claim.status == "active":
            spans.append(Span(claim.article, claim.label, claim.start, claim.end))
    return spans


def gather(root: Path, db_path: Path | str | None, names: tuple[str, ...], *,
           optional: tuple[str, ...] = ()) -> tuple[dict[str, list[Span]], dict[str, int], list[str]]:
    """Each named reviewer's active claims as spans on the current texts, the texts' lengths and the labels.

    A name in ``names`` with no claim in the database is one sentence (UserError); one in ``optional``
    just comes back with no spans.
    """
    from jingtui.export.sources import claim_docs
    from jingtui.workspace import Workspace, check_corpus, readable

    workspace = Workspace(check_corpus(Path(root)), db_path)
    wanted = tuple(dict.fromkeys(names + optional))
    with workspace.open_store(read_only=True) as store:
        claims = {name: store.claims(reviewer=name, status="active") for name in wanted}
        labels = list(store.labels())
        known = {d.get("reviewer", "") for docs in claim_docs(store).values() for d in docs}
    for name in names:
        if name not in known:
            listed = ", ".join(sorted(n or '""' for n in known)) or "none"
            raise UserError(f"The database has no claims by reviewer {name!r} (reviewers: {listed}).")
    grouped: dict[str, dict[str, list[Any]]] = {name: {} for name in wanted}
    for name in wanted:
        for claim in claims[name]:
            grouped[name].setdefault(claim.article, []).append(claim)
    spans: dict[str, list[Span]] = {name: [] for name in wanted}
    lengths: dict[str, int] = {}
    for rel in sorted(set().union(*(set(g) for g in grouped.values()))):
        article = workspace.read(rel)
        if not readable(article):
            continue  # the file is gone or unreadable: its claims cannot be compared on a text
        clean = workspace.clean(article)
        lengths[rel] = len(clean.text)
        for name in wanted:
            spans[name].extend(_place(grouped[name].get(rel, []), clean))
    return spans, lengths, labels


def from_store(root: Path, db_path: Path | str | None, reviewers: tuple[str, str]) -> Comparison:
    """Reviewers A and B of one database, over the articles where either has an active claim."""
    spans, lengths, labels = gather(root, db_path, reviewers)
    return Comparison(spans[reviewers[0]], spans[reviewers[1]], lengths, labels, reviewers)


def against(spans: dict[str, list[Span]], lengths: dict[str, int], labels: list[str], reviewer: str,
            consensus: str, groups: dict[str, frozenset[str]] | None = None) -> AgreementReport:
    """A reviewer against the consensus, over the articles the consensus has claims in (those adjudicated)."""
    settled = {s.article for s in spans[consensus]}
    mine = [s for s in spans[reviewer] if s.article in settled]
    return agreement(mine, spans[consensus], lengths, labels=labels, reviewers=(reviewer, consensus),
                     articles=settled, groups=groups)


def code_groups(root: Path) -> dict[str, frozenset[str]]:
    """Every code with codes under it, with its descendants, from the corpus's codebook (none if flat)."""
    from jingtui.codebook import load_codebook

    book = load_codebook(Path(root))
    return {code.id: frozenset({code.id} | {d.id for d in book.descendants(code.id)})
            for code in book.walk() if book.children(code.id)}


def from_files(file_a: Path, file_b: Path, root: Path | None = None) -> Comparison:
    """The claims of two export files (A = the first), over the articles where either has an active claim."""
    from jingtui.export.importer import read_export, to_claim

    exports = [read_export(Path(file_a)), read_export(Path(file_b))]
    labels = list(dict.fromkeys(exports[0].labels + exports[1].labels))
    articles = sorted({rel for e in exports for rel, art in e.articles.items()
                       if any(c.get("status", "active") == "active" for c in art.claims)})
    names = []
    for export in exports:
        who = sorted({c.get("reviewer", "") for art in export.articles.values() for c in art.claims} - {""})
        names.append(", ".join(who) if who else export.path.stem)
    spans: tuple[list[Span], list[Span]] = ([], [])
    lengths: dict[str, int] = {}
    workspace = None
    if root is not None:
        from jingtui.workspace import Workspace, check_corpus, readable

        workspace = Workspace(check_corpus(Path(root)))
    for rel in articles:
        entries = [e.articles.get(rel) for e in exports]
        if workspace is not None:
            article = workspace.read(rel)
            if not readable(article):
                raise UserError(f"{rel} is not in {workspace.root}; give the folder both files were exported from.")
            clean = workspace.clean(article)
            lengths[rel] = len(clean.text)
            for side, entry in enumerate(entries):
                if entry is not None:
                    claims = [to_claim(rel, entry.text_sha256, c) for c in entry.claims]
                    spans[side].extend(_place(claims, clean))
            continue
        texts = {(e.text_sha256, len(e.text)) for e in entries if e is not None and e.text is not None}
        if not texts:
            raise UserError(f"Neither file carries the text of {rel}: export with --include-text, "
                            "or give the corpus folder.")
        shas = {e.text_sha256 for e in entries if e is not None}
        if len(shas) > 1:
            raise UserError(f"The two files were exported from different texts of {rel}; "
                            "give the corpus folder to place both on its current text.")
        lengths[rel] = next(iter(texts))[1]
        for side, entry in enumerate(entries):
            if entry is not None:
                spans[side].extend(Span(rel, c["label"], c["start"], c["end"]) for c in entry.claims
                                   if c.get("status", "active") == "active")
    return Comparison(spans[0], spans[1], lengths, labels, (names[0], names[1]))
