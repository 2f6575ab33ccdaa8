"""The codes of a REFI project against the corpus's codebook: which code is which, and the new ones.

Used by ``jingtui import FILE.qdpx`` (and usable by the codebook exchange, ``jingtui codebook import
FILE.qdc``). A REFI code is one of ours when its GUID is the one our export gives that code id
(:func:`jingtui.refi.guids.code_guid`), else when its name, path of names or id equals one of ours
(letter case aside). Every other code becomes a new :class:`~jingtui.codebook.Code`: its id made from
its name (one word, no ``/``; made unique), its parent the code its REFI parent became, its colour and
description kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jingtui.codebook import Code, Codebook
from jingtui.refi import guids
from jingtui.refi.codes import RefiCode

_NOT_IN_ID = re.compile(r"[\s/]+")


@dataclass
class CodeMerge:
    """REFI code GUID -> our code id, and the codes the codebook does not have yet (parents first)."""

    ids: dict[str, str] = field(default_factory=dict)
    new: list[Code] = field(default_factory=list)


def _new_id(name: str, taken: set[str]) -> str:
    base = _NOT_IN_ID.sub("_", name.strip()).strip("_") or "code"
    candidate, n = base, 2
    while candidate.casefold() in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate.casefold())
    return candidate


def merge_refi_codes(book: Codebook, codes: Sequence[RefiCode]) -> CodeMerge:
    """Match the REFI ``codes`` (parents before children) to ``book``; see the module docstring."""
    merge = CodeMerge()
    by_guid = {guids.code_guid(code.id): code.id for code in book.codes}
    by_name: dict[str, str] = {}
    for code in book.codes:
        for key in (code.id, code.name, book.path_of(code.id)):
            by_name.setdefault(key.casefold(), code.id)
    taken = {code.id.casefold() for code in book.codes}
    paths: dict[str, str] = {}  # REFI GUID -> path of names
    for refi in codes:
        name = refi.name.strip().replace("/", "／") or "code"
        parent_path = paths.get(refi.parent or "")
        path = f"{parent_path}/{name}" if parent_path else name
        paths[refi.guid] = path
        found = by_guid.get(refi.guid) or by_name.get(path.casefold())
        if found is None and parent_path is None:
            found = by_name.get(name.casefold())
        if found is not None:
            merge.ids[refi.guid] = found
            continue
        code_id = _new_id(name, taken)
        parent = merge.ids.get(refi.parent or "")
        merge.new.append(Code(id=code_id, name=name, parent=parent, colour=_colour(refi.colour),
                              definition=refi.description.strip()))
        merge.ids[refi.guid] = code_id
    return merge


def _colour(value: str | None) -> str | None:
    return value.lower() if value else None


def codebook_text_with(root: Path, book: Codebook, new: Sequence[Code]) -> tuple[Path, str]:
    """Where the codebook with the ``new`` codes goes and its text (the file's comments kept); nothing written.

    With a codebook file (``book.source``) the codes are appended to it; without one, a new
    ``DIR/codebook.toml`` holds the default codes and the new ones.
    """
    from jingtui.codebook import CODEBOOK_FILE
    from jingtui.codebook.edit import add_code, render_codebook

    if book.source:
        path = Path(book.source)
        text = path.read_text(encoding="utf-8")
        for code in new:
            text = add_code(text, code, source=str(path))
        return path, text
    return Path(root) / CODEBOOK_FILE, render_codebook(Codebook(tuple(book.codes) + tuple(new), book.variables))
