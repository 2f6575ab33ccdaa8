"""The codebook exchanged as a REFI-QDA codebook file (``.qdc``, REFI-QDA 1.5 section 5.2).

``jingtui codebook export DIR -o FILE.qdc`` writes the corpus's codes as the standard's ``<CodeBook>``:
hierarchy, names, colours and definitions (as ``<Description>``); GUIDs derived from our code ids, so a
second export updates the same codes in the other program. Keys, inclusion and exclusion rules,
examples, fields, detectors and document variables have no place in the standard: they stay in our
``codebook.toml``.

``jingtui codebook import FILE.qdc DIR`` matches the file's codes to ours (by GUID, then by path of names
or name: :mod:`jingtui.export.qdpx_codes`) and adds the others to the codebook file, keeping its comments;
a corpus with no codebook file and no claims gets the file's codes alone. A file that is not a REFI-QDA
codebook is one sentence and nothing is changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jingtui.codebook import Codebook, CodebookError, load_codebook
from jingtui.errors import UserError
from jingtui.export.qdpx_codes import codebook_text_with, merge_refi_codes
from jingtui.refi.codes import codebook_document, parse_codebook, refi_codes

MAX_QDC_BYTES = 50 << 20


@dataclass
class QdcImport:
    """What importing a ``.qdc`` did: the codes matched to ours, the new ones, the file written."""

    matched: int = 0
    added: list[str] = field(default_factory=list)
    written: Path | None = None
    skipped_default: bool = False  # the default codes were left out of a new codebook file

    def summary(self, source: Path) -> str:
        if not self.added:
            return f"{source}: all {self.matched} codes are already in the codebook; nothing changed."
        where = f" to {self.written}" if self.written else ""
        return (f"{source}: {len(self.added)} new code{'s' if len(self.added) != 1 else ''} added{where} "
                f"({self.matched} already there).")


def qdc_bytes(book: Codebook) -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` document (UTF-8)."""
    if not book.codes:
        raise UserError("The codebook has no codes; a REFI-QDA codebook needs at least one.")
    return codebook_document(refi_codes(book.codes), origin="jingtui")


def export_qdc(root: Path, out: Path, codebook_file: Path | None = None) -> str:
    """Write the corpus's codebook to ``out``; returns the sentence to print."""
    from jingtui.util.fileio import atomic_write_bytes

    book = load_codebook(root, codebook_file)
    data = qdc_bytes(book)
    try:
        atomic_write_bytes(Path(out), data)
    except OSError as exc:
        raise UserError(f"Cannot write {out}: {exc.strerror or exc}.") from None
    return (f"Wrote {len(book.codes)} code{'s' if len(book.codes) != 1 else ''} to {out} "
            "(keys, rules, examples, fields and variables stay in codebook.toml: the standard has no place for them).")


def _has_claims(root: Path) -> bool:
    from jingtui.workspace import Workspace

    workspace = Workspace(root)
    if not workspace.has_store():
        return False
    with workspace.open_store(read_only=True) as store:
        return len(store) > 0


def import_qdc(source: Path, root: Path, codebook_file: Path | None = None) -> QdcImport:
    """Merge the codes of the ``.qdc`` file ``source`` into the corpus's codebook (see the module docstring)."""
    from jingtui.util.fileio import atomic_write_text

    if not Path(root).is_dir():
        raise UserError(f"{root} is not a folder.")
    try:
        if Path(source).stat().st_size > MAX_QDC_BYTES:
            raise UserError(f"{source} is larger than 50 MB; a codebook file never is. Nothing was changed.")
        data = Path(source).read_bytes()
    except FileNotFoundError:
        raise UserError(f"There is no file {source}.") from None
    except IsADirectoryError:
        raise UserError(f"{source} is a folder, not a .qdc file.") from None
    except OSError as exc:
        raise UserError(f"Cannot read {source}: {exc.strerror or exc}.") from None
    codes = parse_codebook(data, name=str(source))
    if not codes:
        raise UserError(f"{source} has no codes; nothing was changed.")
    if len({c.guid for c in codes}) != len(codes):
        raise UserError(f"{source} gives two codes the same guid, which the standard forbids; nothing was changed.")
    book = load_codebook(root, codebook_file)
    result = QdcImport()
    fresh = book.source is None and not _has_claims(Path(root))
    base = Codebook((), ()) if fresh else book  # a new corpus takes the file's codes alone
    merge = merge_refi_codes(base, codes)
    result.matched = len(codes) - len(merge.new)
    result.added = [code.id for code in merge.new]
    result.skipped_default = fresh
    if not merge.new:
        return result
    path, text = codebook_text_with(Path(root), base, merge.new)
    if codebook_file is not None:
        path = Path(codebook_file)
    try:
        from jingtui.codebook import parse_codebook as check

        check(text, source=str(path))
    except CodebookError as exc:  # should not happen: the merge makes valid codes
        raise UserError(f"The codes of {source} do not make a valid codebook ({exc}); nothing was changed.") from None
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise UserError(f"Cannot write the codebook {path}: {exc.strerror or exc}; nothing was changed.") from None
    result.written = path
    return result
