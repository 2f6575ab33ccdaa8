"""Import: merge claims from one of our JSON or JSONL exports into a corpus's database.

Everything is checked before anything is written: the file must be ours (format marker), complete,
of a version we read, every claim well formed, every article present in the corpus folder. A file that
fails any check raises :class:`~jingtui.errors.UserError` with one sentence and the database is not
touched. Then each claim is re-anchored on the article's *current* cleaned text (exact quote with
context, then fuzzy; unplaceable claims are kept as ``orphaned`` and counted), duplicates are skipped,
and the new claims are stored in one all-or-nothing write (``ClaimStore.add_many``).

A duplicate is a claim whose id is already in the database (the database's copy wins, edited or not)
or one with the same article, start, end, label and reviewer as a stored claim or an earlier claim of
the same file. ``reviewer`` records every imported claim as that reviewer's.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from jingtui.codebook import Codebook, codebook_from_data
from jingtui.errors import UserError
from jingtui.export.formats import CLAIM_KEYS, FORMAT_NAME, FORMAT_VERSION
from jingtui.store.documents import STATUSES
from jingtui.store.model import Claim, new_claim_id, utc_now
from jingtui.util.gc_pause import paused_gc

if TYPE_CHECKING:
    from jingtui.store.protocol import Store
    from jingtui.workspace.workspace import Cleaner

ORIGINS = ("manual", "suggested", "adjudicated")  # adjudicated: a consensus claim (jingtui adjudicate)


@dataclass
class ImportReport:
    """How an import went: claims added, skipped as duplicates, stored as orphans; problems met."""

    added: int = 0
    skipped: int = 0
    orphaned: int = 0
    errors: list[str] = field(default_factory=list)
    labels_added: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.added} added, {self.skipped} skipped (already there), "
                f"{self.orphaned} orphaned (kept, could not be placed on the current text)")


@dataclass
class ImportedArticle:
    path: str
    text_sha256: str
    text: str | None
    done: bool
    claims: list[dict[str, Any]]
    variables: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExportFile:
    """A parsed and checked export file."""

    path: Path
    labels: list[str]
    articles: dict[str, ImportedArticle]  # path -> article, in file order
    codebook: Codebook | None = None  # the codebook the export carries (JSON exports since codebooks)

    @property
    def claim_count(self) -> int:
        return sum(len(a.claims) for a in self.articles.values())


# --------------------------------------------------------------------------------------- reading


def _not_ours(path: Path) -> UserError:
    return UserError(f"{path} is not a jingtui export (a JSON or JSONL file written by jingtui export).")


def _check_version(path: Path, data: dict[str, Any]) -> None:
    if data.get("format") != FORMAT_NAME:
        raise _not_ours(path)
    version = data.get("version")
    if version != FORMAT_VERSION:
        raise UserError(
            f"{path} is an export of format version {version!r}; this jingtui reads version {FORMAT_VERSION}.")


def read_export(path: Path) -> ExportFile:
    """Parse and check an export file (JSON or JSONL); UserError with one sentence when it is unusable."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"The file {path} does not exist.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder; give the export file.") from None
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if raw.lstrip()[:1] == b"{":  # the common case, a JSON export: orjson (70 MB: 0.3 s, json 0.8 s)
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # JSON Lines, a damaged file, a lone surrogate: the json module below says which
        else:
            if isinstance(data, dict) and "articles" in data:
                del raw
                _check_version(path, data)
                return _read_document(path, data)
            del data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_ours(path) from None
    del raw  # memory: a 70 MB export is 70 MB of bytes, ~100 MB of text and ~300 MB parsed
    if not text.lstrip()[:1] == "{":
        raise _not_ours(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Extra data"):  # more than one object: JSON Lines
            return _read_jsonl(path, text)
        _raise_broken(path, text, exc)
    if not isinstance(data, dict):
        raise _not_ours(path)
    if "articles" not in data and "article" in data:  # a one-line JSONL file
        return _read_jsonl(path, text)
    del text
    _check_version(path, data)
    return _read_document(path, data)


def _raise_broken(path: Path, text: str, exc: json.JSONDecodeError) -> None:
    head = text.lstrip()[:4096]
    if FORMAT_NAME not in head:
        raise _not_ours(path) from None
    body = text.rstrip()
    if not body.endswith("}") or exc.msg.startswith("Unterminated string") or exc.pos >= len(body) - 1:
        raise UserError(f"{path} is cut short (the JSON ends at line {exc.lineno} before it is complete); "
                        "export it again.") from None
    raise UserError(f"{path} is damaged: its JSON breaks at line {exc.lineno}, column {exc.colno}.") from None


def _read_document(path: Path, data: dict[str, Any]) -> ExportFile:
    articles_raw = data.get("articles")
    if not isinstance(articles_raw, list):
        raise UserError(f"{path} has no list of articles.")
    labels = data.get("labels")
    if not isinstance(labels, list):
        labels = []
    codebook = None
    if data.get("codebook") is not None:  # checked like a codebook file: a bad one stops the import
        codebook = codebook_from_data(data["codebook"], f"The codebook in {path}")
    articles: dict[str, ImportedArticle] = {}
    for number, item in enumerate(articles_raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not item.get("path"):
            raise UserError(f"Article {number} of {path} has no path.")
        rel = item["path"]
        claims = item.get("claims", [])
        if not isinstance(claims, list):
            raise UserError(f"The claims of {rel} in {path} are not a list.")
        for index, claim in enumerate(claims, 1):
            _check_claim(path, rel, index, claim)
        variables = item.get("variables") or {}
        if not isinstance(variables, dict):
            raise UserError(f"The variables of {rel} in {path} are not an object.")
        entry = articles.get(rel)
        if entry is None:
            articles[rel] = ImportedArticle(rel, item.get("text_sha256") or "", item.get("text"),
                                            bool(item.get("done")), list(claims), dict(variables))
        else:
            entry.claims.extend(claims)
    return ExportFile(path=path, labels=[str(x) for x in labels], articles=articles, codebook=codebook)


def _read_jsonl(path: Path, text: str) -> ExportFile:
    articles: dict[str, ImportedArticle] = {}
    labels: list[str] = []
    seen_labels: set[str] = set()
    count: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError:
            if number == 1:
                raise _not_ours(path) from None
            raise UserError(f"Line {number} of {path} is not complete JSON; the file may be cut short.") from None
        if not isinstance(data, dict):
            raise _not_ours(path)
        _check_version(path, data)
        rel = data.get("article")
        if not isinstance(rel, str) or not rel:
            raise UserError(f"Line {number} of {path} has no article path.")
        count[rel] = count.get(rel, 0) + 1
        _check_claim(path, rel, count[rel], data, line=number)
        entry = articles.get(rel)
        if entry is None:
            entry = articles[rel] = ImportedArticle(rel, data.get("text_sha256") or "", data.get("text"),
                                                    bool(data.get("done")), [])
        entry.claims.append({key: data[key] for key in CLAIM_KEYS if key in data})
        label = data["label"]
        if label not in seen_labels:
            seen_labels.add(label)
            labels.append(label)
    return ExportFile(path=path, labels=labels, articles=articles)


_TEXT_KEYS = ("id", "prefix", "suffix", "note", "reviewer", "created_at", "updated_at", "codebook_version")


def _claim_ok(claim: dict[str, Any]) -> bool:
    """The common case, checked quickly: a well-formed claim as we export it."""
    try:
        start, end, quote, label = claim["start"], claim["end"], claim["quote"], claim["label"]
        return (type(start) is int and type(end) is int and 0 <= start < end and type(quote) is str
                and len(quote) == end - start and type(label) is str and label != ""
                and not [key for key in _TEXT_KEYS if type(claim.get(key, "")) is not str]
                and type(claim.get("original_start", -1)) is int and type(claim.get("original_end", -1)) is int
                and claim.get("origin", "manual") in ORIGINS and claim.get("status", "active") in STATUSES
                and type(claim.get("fields", {})) is dict)
    except (KeyError, TypeError):
        return False


def _check_claim(path: Path, rel: str, index: int, claim: Any, *, line: int | None = None) -> None:
    if type(claim) is dict and _claim_ok(claim):
        return
    where = f"line {line} of {path}" if line is not None else f"claim {index} of {rel} in {path}"

    def bad(what: str) -> UserError:
        return UserError(f"{where[0].upper()}{where[1:]} {what}; nothing was imported.")

    if not isinstance(claim, dict):
        raise bad("is not an object")
    for key in ("label", "quote"):
        if not isinstance(claim.get(key), str) or not claim.get(key):
            raise bad(f"has no {key}")
    start, end = claim.get("start"), claim.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        raise bad("has no whole-number start and end")
    if not 0 <= start < end:
        raise bad(f"has an empty or negative span ({start}-{end})")
    if len(claim["quote"]) != end - start:
        raise bad(f"has a quote of {len(claim['quote'])} characters for a span of {end - start}")
    for key in ("id", "prefix", "suffix", "note", "reviewer", "created_at", "updated_at", "codebook_version"):
        if key in claim and claim[key] is not None and not isinstance(claim[key], str):
            raise bad(f"has a {key} that is not text")
    for key in ("original_start", "original_end"):
        if key in claim and (not isinstance(claim[key], int) or isinstance(claim[key], bool)):
            raise bad(f"has an {key} that is not a whole number")
    if claim.get("origin", "manual") not in ORIGINS:
        raise bad(f"has an unknown origin {claim.get('origin')!r}")
    if claim.get("status", "active") not in STATUSES:
        raise bad(f"has an unknown status {claim.get('status')!r}")
    if "fields" in claim and claim["fields"] is not None and not isinstance(claim["fields"], dict):
        raise bad("has fields that are not an object")


def to_claim(rel: str, text_sha256: str, data: dict[str, Any]) -> Claim:
    """A :class:`Claim` from a checked claim dict of an export."""
    get = data.get
    created = get("created_at") or utc_now()
    return Claim(
        article=rel, label=data["label"], start=data["start"], end=data["end"], quote=data["quote"],
        prefix=get("prefix") or "", suffix=get("suffix") or "", original_start=get("original_start", -1),
        original_end=get("original_end", -1), note=get("note") or "", reviewer=get("reviewer") or "",
        origin=get("origin") or "manual", status=get("status") or "active", text_sha256=text_sha256,
        fields=dict(get("fields") or {}), id=get("id") or new_claim_id(), created_at=created,
        updated_at=get("updated_at") or created, codebook_version=get("codebook_version") or "",
    )


# --------------------------------------------------------------------------------------- merging


def check_articles(export: ExportFile, corpus_root: Path) -> None:
    """UserError unless every article of the export is an article of the corpus folder."""
    from jingtui.workspace import corpus_paths

    present = set(corpus_paths(corpus_root))
    missing = [rel for rel in export.articles if rel not in present]
    if missing:
        more = f" (and {len(missing) - 1} other article{'s' if len(missing) > 2 else ''})" if len(missing) > 1 else ""
        raise UserError(f"{export.path} has claims for {missing[0]}{more}, which is not in {corpus_root}; "
                        "nothing was imported.")


def anchored_claims(export: ExportFile, corpus_root: Path, *, reviewer: str | None = None,
                    cleaner: Cleaner | None = None, consume: bool = False) -> list[Claim]:
    """Every claim of the export placed on the current cleaned text of its article (orphaned if it cannot be).

    ``consume=True`` empties the export's claim lists on the way (less memory for big files).
    """
    from jingtui.store.anchor import reanchor
    from jingtui.workspace import Cleaner, read_article

    cleaner = cleaner or Cleaner(corpus_root)
    result: list[Claim] = []
    for rel, entry in export.articles.items():
        if not entry.claims:
            continue
        if consume:  # free each article's parsed claims as soon as they are turned into Claims
            data_claims, entry.claims = entry.claims, []
        else:
            data_claims = entry.claims
        clean = cleaner.clean(read_article(corpus_root, rel))
        mapper = clean.to_original.to_original
        for data in data_claims:
            claim = to_claim(rel, entry.text_sha256, data)
            if reviewer is not None:
                claim.reviewer = reviewer
            if claim.status == "orphaned" or claim.text_sha256 != clean.sha256:
                claim = reanchor(dataclasses.replace(claim, status="active"), clean.text, clean.sha256, mapper)
            else:
                claim = reanchor(claim, clean.text, clean.sha256, mapper)
            result.append(claim)
    return result


@dataclass
class PreparedImport:
    """An export read, checked and placed on the corpus: its claims, and what it says of codes and articles."""

    claims: list[Claim]
    labels: list[str]
    codebook: Codebook | None
    variables: dict[str, dict[str, Any]]  # article -> {variable id: value}


def prepare_import(file: Path, corpus_root: Path, *, reviewer: str | None = None) -> list[Claim]:
    """Read and check an export file and place its claims on the corpus's current texts (nothing written).

    Raises UserError with one sentence for a file or a claim we cannot use.
    """
    return prepare_import_all(file, corpus_root, reviewer=reviewer).claims


def prepare_import_all(file: Path, corpus_root: Path, *, reviewer: str | None = None) -> PreparedImport:
    """:func:`prepare_import` with the export's labels, codebook and article variables."""
    from jingtui.workspace import Workspace, check_corpus
    from jingtui.workspace.parallel_clean import clean_ahead

    corpus_root = check_corpus(Path(corpus_root))
    with paused_gc():  # a parsed document and a Claim per claim, all alive at once: see jingtui.util.gc_pause
        export = read_export(Path(file))
        check_articles(export, corpus_root)
        # Articles never cleaned on this machine are cleaned by one process per core first (forked
        # children inherit the paused collector, so they never walk the parsed export).
        clean_ahead(Workspace(corpus_root), [rel for rel, entry in export.articles.items() if entry.claims])
        variables = {rel: entry.variables for rel, entry in export.articles.items() if entry.variables}
        used = (c["label"] for e in export.articles.values() for c in e.claims)
        labels = list(dict.fromkeys([*export.labels, *used]))
        claims = anchored_claims(export, corpus_root, reviewer=reviewer, consume=True)
        return PreparedImport(claims, labels, export.codebook, variables)


def merge_variables(store: Store, variables: dict[str, dict[str, Any]]) -> tuple[int, list[str]]:
    """Article variables of an import set where the database has none for that variable; returns how many
    values were set and one sentence per value that differs from ours (ours kept)."""
    count, conflicts = 0, []
    for rel, values in variables.items():
        state = store.get_state(rel)
        merged = dict(state.variables)
        for key, value in values.items():
            if key not in merged:
                merged[key] = value
                count += 1
            elif merged[key] != value:
                conflicts.append(
                    f"{rel}: variable {key} is {merged[key]!r} here and {value!r} in the file; ours is kept.")
        if merged != state.variables:
            store.set_state(rel, variables=merged)
    return count, conflicts


def import_claims(file: Path, corpus_root: Path, store: Store, *, reviewer: str | None = None) -> ImportReport:
    """Merge the claims of an export ``file`` into ``store`` (the database of ``corpus_root``).

    Checks the whole file first (UserError, nothing written); then re-anchors, skips duplicates and
    stores the new claims in one write. New labels are added to the database's label set.
    """
    return merge_claims(store, prepare_import(file, corpus_root, reviewer=reviewer))


def merge_claims(store: Store, claims: list[Claim]) -> ImportReport:
    """Store the claims that are not already there (see the module docstring) in one write.

    ``claims`` is emptied on the way (each claim is dropped as soon as the store has its copy), which
    keeps a 100,000-claim import ~100 MB lighter.
    """
    from jingtui.export.sources import claim_docs

    report = ImportReport()
    keys: dict[str, set[Any]] = {}
    new: list[Claim] = []
    seen_ids: set[str] = set()
    for claim in claims:
        article_keys = keys.get(claim.article)
        if article_keys is None:
            stored = claim_docs(store, article=claim.article).get(claim.article, [])
            article_keys = keys[claim.article] = {(d["start"], d["end"], d["label"], d.get("reviewer", ""))
                                                  for d in stored}
        key = (claim.start, claim.end, claim.label, claim.reviewer)
        if claim.id in store or claim.id in seen_ids or key in article_keys:
            report.skipped += 1
            continue
        seen_ids.add(claim.id)
        article_keys.add(key)
        new.append(claim)
        if claim.status == "orphaned":
            report.orphaned += 1
    claims.clear()
    del keys, seen_ids
    labels = list(store.labels())
    report.labels_added = [label for label in dict.fromkeys(c.label for c in new) if label not in labels]
    report.added = len(new)
    if new:
        try:
            store.add_many(_drain(new))
        except ValueError as exc:  # should not happen: every claim was checked
            raise UserError(f"Nothing was imported: {exc}.") from None
        if report.labels_added:
            store.set_meta("labels", labels + report.labels_added)
    return report


def _drain(items: list[Any]) -> Iterator[Any]:
    """Yield the items of a list in order, letting go of each one as it is handed over."""
    items.reverse()
    while items:
        yield items.pop()
