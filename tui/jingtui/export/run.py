"""Exporting a corpus's claims: choose the claims, gather their articles, write one of the formats.

Which articles an export lists: those with at least one claim that passes the filters, plus (when no
label or reviewer filter is given) the articles marked done without claims, so "read, nothing found" is
kept. Orphaned claims are exported with ``status: "orphaned"``.

Cost (measured by ``tests/bench/bench_export.py``; figures in tests/bench/README.md): the claims are the
store's own documents, read without copies (the store builds no index for them); each listed article is
read once, through the corpus's cache of read articles (title, source, author, date, encoding, and the
original text for ``original_quote``); the cleaning pipeline runs only with ``include_text`` (through the
cache, never-opened articles cleaned ahead on every core). Without the text, ``text_sha256`` is the one
the claims refer to and ``script`` comes from the cleaning cache, or is detected on the original. The
collector is paused while claims are planned and written (see :mod:`jingtui.util.gc_pause`); JSON and
JSON Lines go to the file as bytes written by orjson.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from jingtui.codebook import Codebook, default_codebook
from jingtui.errors import UserError
from jingtui.export.formats import (
    FORMATS,
    WRITERS,
    ArticleRecord,
    claim_record,
    document_header,
)
from jingtui.store.model import utc_now
from jingtui.util.gc_pause import paused_gc
from jingtui.util.han import is_han
from jingtui.workspace.current_claims import Reanchoring

if TYPE_CHECKING:
    from jingtui.export.qdpx_export import QdpxResult
    from jingtui.store.protocol import Store

SCOPES = ("all", "article", "done")
ProgressFn = Callable[[int, int], None]


@dataclass
class ExportResult:
    """What an export wrote: the file (None for stdout), how many claims and articles."""

    path: Path | None
    claims: int
    articles: int
    format: str = "json"
    reanchoring: Reanchoring | None = None  # claims moved or orphaned on the current texts

    def summary(self) -> str:
        """One line: how many claims from how many articles went where (the export dialog's)."""
        where = self.path if self.path is not None else "standard output"
        if self.claims == 0:
            return f"No claims in this scope: an empty export was written to {where}"
        return (f"Exported {self.claims} claim{'s' if self.claims != 1 else ''} from {self.articles} "
                f"article{'s' if self.articles != 1 else ''} to {where}")


@dataclass
class Selection:
    """Which claims to export."""

    label: str | None = None
    reviewer: str | None = None
    done_only: bool = False
    article: str | None = None


@dataclass
class Plan:
    """The claims chosen (stored documents, read-only), grouped by article, with what is needed to write them."""

    header: dict[str, Any]
    articles: list[str]  # in natural order
    claims: Mapping[str, list[dict[str, Any]]]  # article -> [claim document] (a team store: read when asked)
    done: dict[str, Any]  # article -> bool
    overrides: dict[str, Any] = field(default_factory=dict)  # article -> its cleaning overrides, when it has any
    variables: dict[str, Any] = field(default_factory=dict)  # article -> {variable id: value}
    path_of: Callable[[str], str] | None = None  # code id -> its path in the codebook
    # given: each article's claims are placed on its current cleaned text as it is written, and this
    # report says what moved or was orphaned (complete once every article is written)
    reanchoring: Reanchoring | None = None

    @property
    def claim_count(self) -> int:
        from jingtui.export.sources import ClaimsByArticle

        if isinstance(self.claims, ClaimsByArticle):  # claims read article by article: counted beforehand
            return self.claims.total
        return sum(len(v) for v in self.claims.values())


def plan_export(root: Path, store: Store, selection: Selection, codebook: Codebook | None = None) -> Plan:
    """Choose the claims and articles of an export from the store (no article is read yet).

    ``codebook`` (default: the default codebook) goes into the JSON header and gives each claim its
    ``code_path``; codes used by claims but missing from it are listed after its codes in ``labels``."""
    with paused_gc():  # 100,000 sort keys at once: see jingtui.util.gc_pause
        return _plan_export(root, store, selection, codebook or default_codebook())


def _plan_export(root: Path, store: Store, selection: Selection, codebook: Codebook) -> Plan:
    from jingtui.export.sources import ClaimsByArticle, claim_docs
    from jingtui.workspace import natural_order

    wanted: set[str] | None = None
    if selection.label is not None:  # a code (by id or path) and every code below it
        code = codebook.code(selection.label) or codebook.by_path(selection.label)
        wanted = {selection.label} if code is None else {code.id, *(c.id for c in codebook.descendants(code.id))}
    by_article: Any
    if store.team is not None:  # a team store: counted on the server, read one article at a time when written
        counted = store.team.claim_tally(selection.article, reviewer=selection.reviewer)
        by_article = ClaimsByArticle(store.team, counted, reviewer=selection.reviewer, labels=wanted)
        used = {label for by_label in counted.values() for label, n in by_label.items() if n
                and (wanted is None or label in wanted)}
    else:
        by_article = claim_docs(store, article=selection.article, reviewer=selection.reviewer)
        if wanted is not None:
            by_article = {a: kept for a, docs in by_article.items()
                          if (kept := [d for d in docs if d["label"] in wanted])}
        used = {d["label"] for docs in by_article.values() for d in docs}
    candidates = set(by_article)
    finished = set(store.done_articles())
    if selection.label is None and selection.reviewer is None:
        candidates.update(finished if selection.article is None else finished & {selection.article})
    done = {a: a in finished for a in candidates}
    if selection.done_only:
        candidates = {a for a in candidates if done[a]}
    labels = list(dict.fromkeys([*codebook.ids, *store.labels()]))
    labels += sorted(used - set(labels))
    header = document_header(exported_at=utc_now(), corpus=str(Path(root).resolve()), labels=labels,
                             codebook=codebook.to_dict())
    overrides = {a: o for a in candidates if (o := _cleaning_overrides(store, a))}
    variables = {a: state.variables for a in candidates if (state := store.get_state(a)).variables}
    claims = (by_article.restricted(candidates) if isinstance(by_article, ClaimsByArticle)
              else {a: by_article.get(a, []) for a in candidates})
    return Plan(header=header, articles=natural_order(candidates), claims=claims, done=done, overrides=overrides,
                variables=variables, path_of=codebook.path_of)


def _cleaning_overrides(store: Store, article: str) -> dict[str, str]:
    """The passages the reviewer brought back into (or sent out of) an article's cleaned text."""
    return dict(store.get_state(article).cleaning_overrides or {})


def _most_common_sha(docs: Iterable[dict[str, Any]]) -> str | None:
    shas = {d.get("text_sha256") for d in docs}
    if len(shas) == 1:
        return next(iter(shas)) or None
    counts = Counter(d.get("text_sha256") for d in docs if d.get("text_sha256"))
    return counts.most_common(1)[0][0] if counts else None


def detect_script_quickly(text: str) -> str:
    """What ``jingtui.clean.script.detect_script(text)`` says, from the distinct characters of ``text``.

    ``detect_script`` counts Traditional-only and Simplified-only characters one by one in Python (about
    1 ms for a 2,000-character article); here the counts come from ``str.count`` on the distinct
    characters that matter, and the same rule decides (a property test keeps the two in step).
    """
    from jingtui.clean.script import SIMPLIFIED, TRADITIONAL, UNKNOWN, tables

    t = tables()
    distinct = set(text)
    trad = sum(text.count(ch) for ch in distinct & t.traditional_only)
    simp = sum(text.count(ch) for ch in distinct & t.simplified_only)
    if trad >= 3 and trad >= 3 * simp:
        return TRADITIONAL
    if simp or trad:
        return SIMPLIFIED
    return SIMPLIFIED if any(is_han(ch) for ch in distinct) else UNKNOWN


def article_records(root: Path, plan: Plan, *, include_text: bool = False) -> Iterator[ArticleRecord]:
    """One :class:`ArticleRecord` per planned article, read lazily in order.

    An article whose file is gone is still exported (its claims are the reviewer's work) with empty
    metadata. ``text_sha256`` is the hash of the text the claims' offsets refer to; ``script`` comes
    from the cleaning cache when it has the article, else it is detected on the original. With
    ``plan.reanchoring`` each article's claims are placed on its current cleaned text (with the reviewer's
    cleaning overrides) just before its record is made, and the report grows article by article: an
    export holds one article's claims at a time, whatever the corpus. Without it, ``include_text`` still
    re-anchors claims made on an older text in memory, so the offsets match the text in the file.
    """
    from jingtui.store.anchor import reanchor
    from jingtui.store.documents import claim_to_doc
    from jingtui.store.model import Claim
    from jingtui.workspace import Workspace, readable
    from jingtui.workspace.current_claims import reanchor_docs

    workspace = Workspace(root)
    for path in plan.articles:
        docs = plan.claims[path]
        read = workspace.read(path)
        article = read if readable(read) else None
        overrides = plan.overrides.get(path) or None
        record = ArticleRecord(path=path, done=plan.done.get(path, False), cleaning_overrides=overrides,
                               variables=plan.variables.get(path, {}))
        original = None
        if article is not None:
            meta = article.meta
            record.title, record.source, record.author, record.date = meta.title, meta.source, meta.author, meta.date
            record.encoding = article.encoding
            original = article.original
        clean = None
        report = plan.reanchoring if docs else None
        if article is not None:
            current = include_text or report is not None  # the current text is needed: cleaned now if not cached
            clean = workspace.clean(article, overrides) if current else workspace.cached(article, overrides)
        if report is not None and clean is not None:
            docs = reanchor_docs(docs, clean, report)
        if include_text and clean is not None:
            record.text, record.text_sha256 = clean.text, clean.sha256
            if plan.reanchoring is None:
                mapper = clean.to_original.to_original
                docs = [d if d.get("text_sha256") == clean.sha256 else
                        claim_to_doc(reanchor(Claim.from_dict(d), clean.text, clean.sha256, mapper)) for d in docs]
        else:
            record.text_sha256 = _most_common_sha(docs)
        if clean is not None:
            record.script = clean.script
        elif original is not None:
            record.script = detect_script_quickly(original)
        record.claims = [claim_record(d, original, plan.path_of) for d in docs]
        yield record


def write_export(out: TextIO, fmt: str, root: Path, plan: Plan, *, include_text: bool = False,
                 progress: ProgressFn | None = None) -> int:
    """Write the planned export in ``fmt`` to a text stream; returns the number of claims written."""
    total = len(plan.articles)
    done = [0]

    def on_article(_record: ArticleRecord) -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], total)

    if progress is not None:
        progress(0, total)
    writer = WRITERS[fmt]
    records = article_records(root, plan, include_text=include_text)
    kwargs: dict[str, Any] = {"include_text": include_text, "on_article": on_article}
    if fmt == "w3c":
        kwargs["total"] = plan.claim_count
    if fmt == "json" and plan.reanchoring is not None:  # known once every article is written: after them
        report = plan.reanchoring
        kwargs["trailer"] = lambda: {"reanchored": report.as_json()}
    with paused_gc():  # a record dict per claim, all alive at once: see jingtui.util.gc_pause
        return writer(out, plan.header, records, **kwargs)


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UserError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    return fmt


def export_to(root: Path, db_path: Path | str | None, out: Path | None, *, fmt: str = "json",
              selection: Selection | None = None, include_text: bool = False, force: bool = False,
              progress: ProgressFn | None = None, stdout: TextIO | None = None,
              codebook_file: Path | None = None) -> ExportResult:
    """Export the claims of the corpus ``root`` (database ``db_path``: a path or a ``postgresql://`` URL;
    default ``JINGTUI_DB`` or ``<root>/.jingtui/annotations.json``) under its codebook (``codebook_file``,
    ``<root>/codebook.toml`` or the default one).

    ``out`` None writes to ``stdout`` (default ``sys.stdout``); otherwise the file is written
    atomically and an existing file that is not one of ours is refused unless ``force``.
    """
    from jingtui.export.sources import ClaimsByArticle
    from jingtui.export.writer import atomic_output, check_target
    from jingtui.workspace import Workspace, check_corpus
    from jingtui.workspace.parallel_clean import clean_ahead

    workspace = Workspace(check_corpus(Path(root)), db_path, codebook_file)
    root, db = workspace.root, workspace.db
    check_format(fmt)
    codebook = workspace.codebook  # a bad codebook stops here, before anything is written
    selection = selection or Selection()
    if out is not None:
        if isinstance(db, Path) and Path(out).resolve() in {db.resolve(), db.resolve().with_name(db.name + ".journal")}:
            raise UserError(f"{out} is the annotation database itself; choose another file to export to.")
        check_target(Path(out), force=force)  # refuse early, before any work
    # open until written: a team store's claims are read one article at a time as they are written
    # on a team database, "done" is the chosen reviewer's (else the role's)
    with workspace.open_store(read_only=True, reviewer=selection.reviewer) as store:
        plan = plan_export(root, store, selection, codebook)
        if selection.article is not None and not plan.articles and selection.article not in workspace.paths():
            raise UserError(f"{selection.article} is not an article of {root}.")
        if isinstance(plan.claims, ClaimsByArticle):
            annotated = plan.claims.annotated(plan.articles)
        else:
            annotated = [a for a in plan.articles if plan.claims.get(a)]
        # the current text of every annotated article decides where its claims are (as in the app): each
        # article's are placed on it as they are written, so the report comes last (JSON: after "articles")
        clean_ahead(workspace, plan.articles if include_text else annotated)
        reanchoring = plan.reanchoring = Reanchoring()
        if out is None:
            stream = stdout or sys.stdout
            count = write_export(stream, fmt, root, plan, include_text=include_text, progress=progress)
            stream.flush()
            return ExportResult(path=None, claims=count, articles=len(plan.articles), format=fmt,
                                reanchoring=reanchoring)
        with atomic_output(Path(out), force=force, newline="" if fmt == "csv" else "\n") as stream:
            count = write_export(stream, fmt, root, plan, include_text=include_text, progress=progress)
    return ExportResult(path=Path(out), claims=count, articles=len(plan.articles), format=fmt, reanchoring=reanchoring)


def export_corpus(root: Path, db_path: Path | str, out: Path, *, fmt: str, scope: str = "all",
                  article: str | None = None, include_text: bool = False, force: bool = False,
                  progress: ProgressFn | None = None, counting: str = "codepoints",
                  codebook_file: Path | None = None) -> ExportResult | QdpxResult:
    """The export behind the app's dialog: ``scope`` is ``all``, ``article`` (with ``article``) or ``done``.

    ``fmt`` ``qdpx`` writes a REFI-QDA project (:func:`jingtui.export.qdpx_export.export_qdpx`, positions
    counted as ``counting``; its result also says how the check after writing went).
    """
    if scope not in SCOPES:
        raise UserError(f"Unknown export scope {scope!r}; choose one of {', '.join(SCOPES)}.")
    if scope == "article" and not article:
        raise UserError("No article is open: choose another scope.")
    selection = Selection(done_only=scope == "done", article=article if scope == "article" else None)
    if fmt == "qdpx":
        from jingtui.export.qdpx_export import export_qdpx

        return export_qdpx(root, db_path, out, counting=counting, selection=selection, force=force,
                           progress=progress, codebook=codebook_file)
    return export_to(root, db_path, out, fmt=fmt, selection=selection, include_text=include_text, force=force,
                     progress=progress, codebook_file=codebook_file)
