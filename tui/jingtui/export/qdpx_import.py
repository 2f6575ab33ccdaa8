"""``jingtui import FILE.qdpx DIR``: codings made in another qualitative-analysis program come back as claims.

Everything is read and placed before the database is opened (:func:`prepare_qdpx_import`); a file that
cannot be used raises :class:`~jingtui.errors.UserError` with one sentence and nothing is written.

* Each coding of a text selection becomes a claim of the reviewer named by its REFI user (the coding's
  creating user, else the selection's; ``--reviewer`` overrides).
* Sources are matched to the corpus's articles by the GUIDs our export gives them, then by their
  ``path`` or ``title`` variable or their name, then by their text (equal to the article's cleaned or
  original text once line ends and a BOM are set aside).
* Each selection's text is cut from the source's own text and re-anchored on the article's current
  cleaned text by that quote and its context (:func:`jingtui.store.anchor.reanchor`), never by the
  offsets alone; a selection that cannot be placed is kept as an orphaned claim.
* Codes map to the codebook's codes by our GUIDs, then by name or path of names
  (:mod:`jingtui.export.qdpx_codes`); every other code of the project is added to the codebook (file
  comments kept) with its hierarchy, colour and description. Sources that are not text, and text
  sources matched to no article, are reported and skipped; the set ``done`` marks its articles done.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jingtui.codebook import Code, Codebook
from jingtui.errors import UserError
from jingtui.export.qdpx_codes import codebook_text_with, merge_refi_codes
from jingtui.refi import guids
from jingtui.refi.positions import Counting, profile
from jingtui.refi.records import Project, Selection, TextSource
from jingtui.store.anchor import ToOriginal
from jingtui.store.model import CONTEXT_CHARS, Claim, utc_now
from jingtui.workspace import Workspace

if TYPE_CHECKING:
    from jingtui.store.anchor import ToOriginal
    from jingtui.workspace.workspace import Workspace

DONE_SET = "done"


@dataclass
class QdpxImport:
    """What a ``.qdpx`` brings, placed on the corpus's current texts, and what could not be used."""

    claims: list[Claim]
    counting: Counting
    origin: str
    done: list[str] = field(default_factory=list)  # articles in the set "done"
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)  # article -> {document variable id: value}
    matched: dict[str, str] = field(default_factory=dict)  # source name -> article path
    unmatched: list[str] = field(default_factory=list)  # phrases: text sources placed nowhere
    skipped: list[str] = field(default_factory=list)  # phrases: sources that are not text
    new_codes: list[Code] = field(default_factory=list)  # codes of the project the codebook lacks
    codebook: tuple[Path, str] | None = None  # where the codebook with the new codes goes, and its text
    users: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def report_lines(self) -> list[str]:
        lines = [(f"Read {len(self.matched)} text source{'s' if len(self.matched) != 1 else ''} matched to "
                 f"articles, from {self.origin or 'an unnamed program'} (positions read as {self.counting.name}).")]
        if self.new_codes and self.codebook is not None:
            shown = ", ".join(code.name for code in self.new_codes[:20])
            more = f" and {len(self.new_codes) - 20} more" if len(self.new_codes) > 20 else ""
            lines.append(f"Added {len(self.new_codes)} code{'s' if len(self.new_codes) != 1 else ''} to the "
                         f"codebook {self.codebook[0]}: {shown}{more}.")
        if self.users:
            lines.append(f"Users (reviewers): {', '.join(self.users)}.")
        if self.unmatched:
            lines.append(f"Not matched to any article, skipped: {'; '.join(self.unmatched)}.")
        if self.skipped:
            lines.append(f"Not text, skipped: {'; '.join(self.skipped)}.")
        lines += self.problems
        return lines


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").strip()


class _Matcher:
    """Finds the article a source stands for: our GUID, a path or title variable or name, the text."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.paths = workspace.paths()
        self.path_set = set(self.paths)
        self.by_guid = {guids.source_guid(path): path for path in self.paths}
        self._titles: dict[str, str] | None = None
        self._texts: dict[str, str] | None = None

    def titles(self) -> dict[str, str]:
        if self._titles is None:
            self._titles = {}
            for path in self.paths:
                title = (self.workspace.read(path).meta.title or "").strip()
                if title:
                    self._titles.setdefault(title, path)
        return self._titles

    def texts(self) -> dict[str, str]:
        if self._texts is None:
            self._texts = {}
            from jingtui.workspace.parallel_clean import clean_ahead

            clean_ahead(self.workspace, self.paths)
            for path in self.paths:
                article = self.workspace.read(path)
                clean = self.workspace.clean(article)
                for text in (clean.text, article.original):
                    digest = hashlib.sha256(_normal(text).encode("utf-8", "replace")).hexdigest()
                    self._texts.setdefault(digest, path)
        return self._texts

    def match(self, source: TextSource) -> tuple[str, str] | None:
        """(article path, how it was found), or None."""
        if source.guid in self.by_guid:
            return self.by_guid[source.guid], "GUID"
        for key in ("path",):
            value = source.variables.get(key, "").strip()
            if value in self.path_set:
                return value, "path"
        if source.name.strip() in self.path_set:
            return source.name.strip(), "name"
        title = source.variables.get("title", "").strip()
        if title and title in self.titles():
            return self.titles()[title], "title"
        if source.text:
            digest = hashlib.sha256(_normal(source.text).encode("utf-8", "replace")).hexdigest()
            if digest in self.texts():
                return self.texts()[digest], "text"
        return None


def _variable_ids(book: Codebook) -> dict[str, str]:
    """A REFI variable's name (letter case aside) -> the codebook's document variable it stands for.

    Our export names a variable as the codebook does (``title (title)`` when the name is one of the
    article's own variables); an article's own variables (title, outlet, ...) are never taken for one.
    """
    from jingtui.export.qdpx_export import VARIABLES

    ids: dict[str, str] = {}
    for spec in book.variables:
        for key in (f"{spec.title} ({spec.id})", spec.title, spec.id):
            if key not in VARIABLES:
                ids.setdefault(key.casefold(), spec.id)
    return ids


_INTEGER = re.compile(r"^[+-]?\d+$")


def _variable_values(raw: dict[str, str], ids: dict[str, str], book: Codebook) -> dict[str, Any]:
    """The values of the codebook's document variables among a source's variables, typed as the codebook
    says (a value that is not of its type, or not one of its choices, is left out)."""
    specs = {spec.id: spec for spec in book.variables}
    values: dict[str, Any] = {}
    for name, text in raw.items():
        variable_id = ids.get(name.casefold())
        if variable_id is None or not text.strip():
            continue
        spec, text = specs[variable_id], text.strip()
        value: Any = None
        if spec.type == "number":
            try:
                value = int(text) if _INTEGER.match(text) else float(text)
            except ValueError:
                value = None
        elif spec.type == "boolean":
            value = {"true": True, "1": True, "false": False, "0": False}.get(text.lower())
        elif spec.type == "date":
            value = text if re.match(r"^\d{4}-\d{2}-\d{2}$", text) else None
        elif spec.type == "choice":
            value = text if not spec.choices or text in spec.choices else None
        else:
            value = text
        if value is not None:
            values[variable_id] = value
    return values


def _claim_id(selection: Selection, codings: int) -> str:
    return guids.claim_id_of(selection.guid if codings == 1 else selection.coding_guid or selection.guid)


def _claim_on_source(article: str, label: str, source: TextSource, selection: Selection, reviewer: str,
                     claim_id: str, source_sha: str, to_original: ToOriginal | None = None) -> Claim:
    """The selection as a claim on its source's own text (``to_original``: when that text is the article's
    current cleaned text, its offset map, so the claim is complete as it stands)."""
    text = source.text
    created = selection.created or utc_now()
    original = (-1, -1)
    if text is not None and 0 <= selection.start < selection.end <= len(text):
        start, end = selection.start, selection.end
        quote = text[start:end]
        prefix, suffix = text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS]
        if to_original is not None:
            original = to_original(start, end)
    else:  # no text for the source, or an empty span: only the quoted text (if any) can place it
        start, end, quote, prefix, suffix = selection.start, selection.end, selection.quote, "", ""
    return Claim(article=article, label=label, start=start, end=end, quote=quote, prefix=prefix, suffix=suffix,
                 original_start=original[0], original_end=original[1], note=selection.note, reviewer=reviewer,
                 origin="manual", status="active", text_sha256=source_sha, id=claim_id, created_at=created,
                 updated_at=selection.modified or created)


def place_project(project: Project, counting: Counting, workspace: Workspace, book: Codebook, *,
                  reviewer: str | None = None) -> QdpxImport:
    """The claims of a read project placed on the corpus's current cleaned texts (nothing written)."""
    import dataclasses

    from jingtui.store.anchor import reanchor

    merge = merge_refi_codes(book, project.codes)
    mapping = merge.ids
    variable_ids = _variable_ids(book)
    result = QdpxImport(claims=[], counting=counting, origin=project.origin, skipped=list(project.skipped))
    matcher = _Matcher(workspace)
    placed: dict[str, str] = {}  # source GUID -> article
    missing_codes = 0
    users_seen: dict[str, None] = {}
    for source in project.sources:
        found = matcher.match(source)
        if found is None:
            if source.selections:
                result.unmatched.append(f"{source.name or source.guid} ({len(source.selections)} coding"
                                        f"{'s' if len(source.selections) != 1 else ''})")
            continue
        article_path, _how = found
        placed[source.guid] = article_path
        result.matched[source.name or source.guid] = article_path
        values = _variable_values(source.variables, variable_ids, book)
        if values:
            result.variables[article_path] = values
        if not source.selections:
            continue
        article = workspace.read(article_path)
        clean = workspace.clean(article)
        mapper = clean.to_original.to_original
        source_sha = hashlib.sha256((source.text or "").encode("utf-8", "replace")).hexdigest() if source.text else ""
        codings: dict[str, int] = {}
        for selection in source.selections:
            codings[selection.guid] = codings.get(selection.guid, 0) + 1
        for selection in source.selections:
            label = mapping.get(selection.code)
            if label is None:
                missing_codes += 1
                continue
            name = reviewer if reviewer is not None else project.users.get(selection.user or "", "")
            if name:
                users_seen[name] = None
            claim = _claim_on_source(article_path, label, source, selection, name,
                                     _claim_id(selection, codings[selection.guid]), source_sha,
                                     mapper if source_sha == clean.sha256 else None)
            if not claim.quote:
                result.claims.append(dataclasses.replace(claim, status="orphaned"))
                continue
            placed_claim = reanchor(claim, clean.text, clean.sha256, mapper)
            if placed_claim.status == "active" and placed_claim.original_start < 0:  # kept in place: no span yet
                original = mapper(placed_claim.start, placed_claim.end)
                placed_claim = dataclasses.replace(placed_claim, original_start=original[0], original_end=original[1])
            result.claims.append(placed_claim)
    result.new_codes = merge.new
    if merge.new:
        result.codebook = codebook_text_with(workspace.root, book, merge.new)
    result.users = list(users_seen) or [name for name in project.users.values()]
    result.done = sorted({placed[guid] for guid in project.sets.get(DONE_SET, []) if guid in placed})
    if missing_codes:
        result.problems.append(f"{missing_codes} coding{'s' if missing_codes != 1 else ''} refer to codes not "
                               "in the project's codebook, skipped.")
    return result


def prepare_qdpx_import(file: Path, corpus_root: Path, *, book: Codebook | None = None,
                        reviewer: str | None = None, counting: str | None = None) -> QdpxImport:
    """Read and check a ``.qdpx`` and place its codings on the corpus's current texts (nothing written).

    ``book`` is the corpus's codebook (default: ``load_codebook(corpus_root)``); the result carries the
    text of the codebook with the project's new codes, for the caller to write.
    """
    from jingtui.codebook import load_codebook
    from jingtui.refi.project_reader import read_qdpx
    from jingtui.util.gc_pause import paused_gc
    from jingtui.workspace import Workspace, check_corpus

    root = check_corpus(Path(corpus_root))
    try:
        chosen = profile(counting) if counting else None
    except ValueError as exc:
        raise UserError(f"{str(exc)[0].upper()}{str(exc)[1:]}.") from None
    with paused_gc():
        project, used = read_qdpx(Path(file), counting=chosen)
        book = book if book is not None else load_codebook(root)
        return place_project(project, used, Workspace(root), book, reviewer=reviewer)


def is_qdpx(path: Path) -> bool:
    """Whether ``path`` should be read as a REFI-QDA project: a ``.qdpx`` name or a ZIP's first bytes."""
    path = Path(path)
    if path.suffix.lower() == ".qdpx":
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False
