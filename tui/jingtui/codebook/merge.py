"""Merging another codebook into ours (an import): new codes and variables are added, differences reported.

Nothing of ours is changed: a code with the same id keeps our name, parent and key, and each difference
is one sentence in ``conflicts``. A new code whose key we already use comes in without a key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from jingtui.codebook.edit import add_code, add_variable, render_codebook
from jingtui.codebook.files import CODEBOOK_FILE, codebook_path
from jingtui.codebook.model import Code, Codebook, DocumentVariable


@dataclass(frozen=True)
class CodebookMerge:
    """What merging brings: codes and variables to add, and the differences left as they were."""

    codes: tuple[Code, ...] = ()
    variables: tuple[DocumentVariable, ...] = ()
    conflicts: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.codes or self.variables)


def merge_codebooks(ours: Codebook, theirs: Codebook, where: str = "the file") -> CodebookMerge:
    """What ``theirs`` adds to ``ours``; see the module docstring."""
    added: list[Code] = []
    conflicts: list[str] = []
    keys = {c.key for c in ours.codes if c.key}
    for code in theirs.codes:
        mine = ours.code(code.id)
        if mine is not None:
            if mine.name != code.name:
                conflicts.append(
                    f"Code {code.id} is named {mine.name!r} here and {code.name!r} in {where}; ours is kept.")
            if (mine.parent or None) != (code.parent or None):
                theirs_parent = theirs.path_of(code.parent) if code.parent else "the top"
                ours_parent = ours.path_of(mine.parent) if mine.parent else "the top"
                conflicts.append(f"Code {code.id} is under {ours_parent} here and under {theirs_parent} in {where}; "
                                 "ours is kept.")
            continue
        if code.key and code.key in keys:
            holder = ours.by_key(code.key)
            user = f"{holder.name} uses" if holder is not None else "another new code has"
            conflicts.append(f"New code {code.id} ({code.name}) comes without its key {code.key}, which {user} here.")
            code = replace(code, key=None)
        if code.key:
            keys.add(code.key)
        added.append(code)
    variables: list[DocumentVariable] = []
    for var in theirs.variables:
        mine_var = ours.variable(var.id)
        if mine_var is None:
            variables.append(var)
        elif (mine_var.type, mine_var.choices) != (var.type, var.choices):
            conflicts.append(f"Variable {var.id} is {_spec_text(mine_var)} here and {_spec_text(var)} in {where}; "
                             "ours is kept.")
    return CodebookMerge(tuple(added), tuple(variables), tuple(conflicts))


def _spec_text(spec: DocumentVariable) -> str:
    return f"a {spec.type}" + (f" of {' | '.join(spec.choices)}" if spec.choices else "")


def merge_labels(ours: Codebook, labels: Iterable[str]) -> CodebookMerge:
    """Codes for bare labels (an export made before codebooks, another program's codes) we do not have."""
    new = [label for label in dict.fromkeys(labels) if label and label not in ours]
    return CodebookMerge(tuple(Code(label, label.replace("/", "-")) for label in new))


def merged_text(ours: Codebook, merge: CodebookMerge, text: str | None, source: str = CODEBOOK_FILE) -> str:
    """The codebook file's new text with ``merge`` added (``text`` None: a new file holding ``ours`` first)."""
    if text is None:
        text = render_codebook(ours)
    for code in merge.codes:
        text = add_code(text, code, source)
    for var in merge.variables:
        text = add_variable(text, var, source)
    return text


def apply_merge(root: Path, codebook_file: Path | None, ours: Codebook, merge: CodebookMerge) -> Path | None:
    """Write ``merge`` into the corpus's codebook file (made from ``ours`` when there is none, as
    ``root/codebook.toml``); returns the file written, or None when there was nothing to add."""
    if not merge:
        return None
    from jingtui.util.fileio import atomic_write_text

    path = codebook_path(root, codebook_file)
    text = path.read_text(encoding="utf-8") if path is not None else None
    target = path if path is not None else Path(root) / CODEBOOK_FILE
    atomic_write_text(target, merged_text(ours, merge, text, str(target)))
    return target
