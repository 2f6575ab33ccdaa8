"""``jingtui export DIR --format qdpx -o FILE.qdpx``: the claims as a REFI-QDA project.

One TextSource per exported article: its cleaned Simplified text as a UTF-8 ``.txt`` (LF line ends, no
BOM), its metadata as variables (title, outlet, author, date, path), every active claim as a
PlainTextSelection with one Coding of the claim's code by the reviewer's user, the claim's note as a
Note linked to it, the articles marked done as the set ``done``. Claims made on an older cleaned text
are placed on the current one first; claims that cannot be placed (orphaned) have no span to export
and are counted in the result. GUIDs come from our ids (:mod:`jingtui.refi.guids`), so exporting the
same claims again gives the same GUIDs. After writing, every selection is read back from the file and
compared with its claim's quote (:func:`jingtui.refi.verify.verify_qdpx`).

The codes are the corpus's codebook (``DIR/codebook.toml`` or the default one), with its hierarchy,
colours and definitions; a label used by claims but missing from the codebook is exported as a code of
its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from jingtui import __version__
from jingtui.errors import UserError
from jingtui.refi import guids
from jingtui.refi.codes import CodeLike, label_codes, refi_codes
from jingtui.refi.positions import COUNTINGS, Counting, profile
from jingtui.refi.records import Project, Selection, TextSource, Variable, VariableType
from jingtui.refi.verify import VerifyReport

if TYPE_CHECKING:
    from jingtui.codebook import DocumentVariable
    from jingtui.export.formats import ArticleRecord
    from jingtui.export.run import Selection as ClaimSelection

ProgressFn = Callable[[int, int], None]
DONE_SET = "done"
# variable name -> (ArticleRecord attribute, REFI type)
VARIABLES: dict[str, tuple[str, str]] = {
    "title": ("title", "Text"), "outlet": ("source", "Text"), "author": ("author", "Text"),
    "date": ("date", "Date"), "path": ("path", "Text"),
}


@dataclass
class QdpxResult:
    """What a ``.qdpx`` export wrote, and what the check after writing found."""

    path: Path
    claims: int
    articles: int
    counting: Counting
    skipped_orphaned: int
    check: VerifyReport
    format: str = "qdpx"

    def summary(self) -> str:
        plural = "s" if self.claims != 1 else ""
        text = (f"Exported {self.claims} claim{plural} from {self.articles} article"
                f"{'s' if self.articles != 1 else ''} to {self.path} (positions: {self.counting.name}); "
                f"check: {self.check.summary()}")
        if self.skipped_orphaned:
            text += (f"; {self.skipped_orphaned} orphaned claim{'s' if self.skipped_orphaned != 1 else ''} "
                     "left out (no place in the current text)")
        return text + "."


def check_counting(name: str) -> Counting:
    try:
        return profile(name)
    except ValueError:
        raise UserError(f"Unknown position counting {name!r}; choose one of {', '.join(COUNTINGS)}.") from None


@dataclass
class Tally:
    """Claims written and orphaned claims left out, counted while the sources stream by."""

    claims: int = 0
    orphaned: int = 0


# a document variable's type in the codebook -> its REFI type
REFI_TYPES: dict[str, VariableType] = {"text": "Text", "choice": "Text", "number": "Float", "boolean": "Boolean",
                                       "date": "Date"}


def document_variables(specs: Sequence[DocumentVariable]) -> dict[str, Variable]:
    """The codebook's document variables as REFI variables (by variable id), named as the codebook names
    them; a name taken by one of the article's own variables (title, outlet, ...) gets its id after it."""
    taken = set(VARIABLES)
    result: dict[str, Variable] = {}
    for spec in specs:
        name = spec.title
        if name in taken:
            name = f"{name} ({spec.id})"
        taken.add(name)
        result[spec.id] = Variable(guids.variable_guid(f"codebook:{spec.id}"), name, REFI_TYPES.get(spec.type, "Text"))
    return result


def variable_text(value: Any, kind: VariableType) -> str | None:
    """A stored variable value as the REFI value element holds it (None when it cannot be said so)."""
    if value is None or value == "":
        return None
    if kind == "Boolean":
        return "true" if value is True else "false" if value is False else None
    if kind == "Float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return format(Decimal(str(value)), "f")
    return str(value)


def project_header(name: str, codes: Sequence[CodeLike], reviewers: Iterable[str], done: Iterable[str],
                   counting: Counting, variables: Iterable[Variable] = ()) -> Project:
    """Everything of the project but its sources: users, codes, variables, the set of done articles."""
    project = Project(name=name, origin=f"jingtui {__version__}",
                      description=f"Claims exported by jingtui {__version__}. {counting.describe()}")
    project.variables = [Variable(guids.variable_guid(var), var, kind)  # type: ignore[arg-type]
                         for var, (_attr, kind) in VARIABLES.items()]
    project.variables += list(variables)
    project.codes = refi_codes(codes)
    project.users = {guids.user_guid(reviewer): reviewer for reviewer in sorted(set(reviewers)) if reviewer}
    project.sets = {DONE_SET: [guids.source_guid(path) for path in done]}
    return project


def text_sources(records: Iterable[ArticleRecord], tally: Tally, on_article: Callable[[], None] | None = None,
                 variables: dict[str, Variable] | None = None) -> Iterator[TextSource]:
    """One TextSource per export record (lazily), its active claims as selections; counts into ``tally``."""
    code_guid, user_guid, selection_guid, coding_guid = (guids.code_guid, guids.user_guid, guids.selection_guid,
                                                         guids.coding_guid)
    for record in records:
        if on_article is not None:
            on_article()
        if record.text is None:  # the article's file is gone: its claims have no text to stand in
            tally.orphaned += len(record.claims)
            continue
        source = TextSource(guid=guids.source_guid(record.path), name=record.path, text=record.text)
        source.variables = {var: str(getattr(record, attr)) for var, (attr, _kind) in VARIABLES.items()
                            if getattr(record, attr)}
        for variable_id, value in (record.variables or {}).items():
            variable = (variables or {}).get(variable_id)
            said = variable_text(value, variable.type) if variable is not None else None
            if variable is not None and said is not None:
                source.variables[variable.name] = said
        append = source.selections.append
        for claim in record.claims:
            if claim["status"] != "active":
                tally.orphaned += 1
                continue
            reviewer = claim["reviewer"]
            claim_id = str(claim["id"])
            append(Selection(guid=selection_guid(claim_id), start=claim["start"], end=claim["end"],
                             code=code_guid(claim["label"]), coding_guid=coding_guid(claim_id),
                             user=user_guid(reviewer) if reviewer else None, created=claim["created_at"],
                             modified=claim["updated_at"], note=claim["note"] or "", quote=claim["quote"],
                             claim_id=claim_id))
        tally.claims += len(source.selections)
        yield source


def export_qdpx(root: Path, db_path: Path | str | None, out: Path, *, counting: str = "codepoints",
                selection: ClaimSelection | None = None,
                force: bool = False, progress: ProgressFn | None = None,
                codebook: Path | None = None) -> QdpxResult:
    """Write the claims of the corpus ``root`` as a ``.qdpx`` project at ``out`` (atomically), then check it."""
    from jingtui.export.run import Selection as Chosen
    from jingtui.export.run import article_records, plan_export
    from jingtui.export.writer import check_target
    from jingtui.refi.project_writer import write_qdpx
    from jingtui.refi.verify import verify_qdpx
    from jingtui.util.fileio import atomic_file
    from jingtui.util.gc_pause import paused_gc
    from jingtui.workspace import Workspace, check_corpus
    from jingtui.workspace.parallel_clean import clean_ahead

    profile_ = check_counting(counting)
    workspace = Workspace(check_corpus(Path(root)), db_path, codebook)
    root, db_path = workspace.root, workspace.db_path
    out = Path(out)
    if out.resolve() in {db_path.resolve(), db_path.resolve().with_name(db_path.name + ".journal")}:
        raise UserError(f"{out} is the annotation database itself; choose another file to export to.")
    check_target(out, force=force)
    book = workspace.codebook  # a bad codebook stops here, before anything is written
    chosen = selection or Chosen()
    with workspace.open_store(read_only=True) as store:
        plan = plan_export(root, store, chosen, book)
        labels = list(plan.header.get("labels", []))
    if chosen.article is not None and not plan.articles and chosen.article not in workspace.paths():
        raise UserError(f"{chosen.article} is not an article of {root}.")
    clean_ahead(workspace, plan.articles)
    total, done = len(plan.articles), [0]

    def on_article() -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], total)

    if progress is not None:
        progress(0, total)
    reviewers = {doc["reviewer"] for docs in plan.claims.values() for doc in docs}
    codes = list(book.codes) + label_codes(label for label in labels if label not in book)
    variables = document_variables(book.variables)
    project = project_header(root.name or "jingtui", codes, reviewers,
                             [path for path in plan.articles if plan.done.get(path)], profile_, variables.values())
    tally = Tally()
    with paused_gc():
        sources = text_sources(article_records(root, plan, include_text=True), tally, on_article, variables)
        try:
            with atomic_file(out, "wb") as stream:
                write_qdpx(cast(BinaryIO, stream), project, profile_, sources=sources)
        except OSError as exc:
            raise UserError(f"Cannot write {out}: {exc.strerror or exc}.") from None
    check = verify_qdpx(out, profile_)
    return QdpxResult(path=out, claims=tally.claims, articles=len(plan.articles), counting=profile_,
                      skipped_orphaned=tally.orphaned, check=check)
