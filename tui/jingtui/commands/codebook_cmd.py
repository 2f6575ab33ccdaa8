"""``jingtui codebook DIR [--json] [--codebook FILE]``: print and check the corpus's codebook.

``jingtui codebook import FILE.qdc DIR`` and ``jingtui codebook export DIR -o FILE.qdc`` exchange it with
other qualitative-analysis programs (REFI-QDA codebook files). A codebook that cannot be used: one
sentence naming the file and line, exit status 2, nothing written. A code whose key is a reader key (it
would not tag; the reviewer's remapped keys in config.toml count) is listed with the codebook, then
said on stderr with its file and line, and the status is 2 too (``--json``: under ``key_problems``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jingtui.errors import UserError
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.app.code_keys import KeyClash
    from jingtui.codebook import Codebook

ACTIONS = ("import", "export")


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.usage = ("jingtui codebook DIR [--json] [--codebook FILE]\n"
                    "       jingtui codebook import FILE.qdc DIR\n"
                    "       jingtui codebook export DIR -o FILE.qdc")
    parser.add_argument("words", nargs="+", metavar="DIR",
                        help="the corpus folder (or: import FILE.qdc DIR, export DIR)")
    parser.add_argument("--json", action="store_true", help="print the codebook as JSON")
    parser.add_argument("--codebook", metavar="FILE", help="the codebook file (default DIR/codebook.toml)")
    parser.add_argument("-o", "--output", metavar="FILE", help="export: the .qdc file to write")
    parser.add_argument("--db", metavar="PATH", help="the annotation database, to count claims per code")


def run(args: argparse.Namespace) -> int:
    words = list(args.words)
    if words[0] in ACTIONS and len(words) > 1:
        return exchange(words[0], words[1:], args)
    if len(words) != 1:
        raise UserError("Usage: jingtui codebook DIR [--json] (or: import FILE.qdc DIR, export DIR -o FILE.qdc)")
    return show(Path(words[0]), args)


def exchange(action: str, rest: list[str], args: argparse.Namespace) -> int:
    """``import FILE.qdc DIR`` or ``export DIR -o FILE.qdc`` (REFI-QDA codebook files)."""
    from jingtui.export.qdc import export_qdc, import_qdc

    codebook = Path(args.codebook) if args.codebook else None
    if action == "import":
        if len(rest) != 2:
            raise UserError("Usage: jingtui codebook import FILE.qdc DIR")
        result = import_qdc(Path(rest[0]), Path(rest[1]), codebook)
        if args.json:
            print(json.dumps({"matched": result.matched, "added": result.added,
                              "codebook": str(result.written) if result.written else None}, ensure_ascii=False))
        else:
            print(result.summary(Path(rest[0])))
        return 0
    if len(rest) != 1 or not args.output:
        raise UserError("Usage: jingtui codebook export DIR -o FILE.qdc")
    if not Path(rest[0]).is_dir():
        raise UserError(f"{rest[0]} is not a folder.")
    print(export_qdc(Path(rest[0]), Path(args.output).expanduser(), codebook))
    return 0


def _claim_counts(root: Path, db: str | None) -> dict[str, int] | None:
    """Active claims per code in the corpus's database, or None when there is no database."""
    from jingtui.workspace import Workspace

    workspace = Workspace(root, db)
    if not workspace.has_store():
        return None
    with workspace.open_store(read_only=True) as store:
        counts: dict[str, int] = {}
        for claim in store.claim_documents():
            if claim.get("status", "active") == "active":
                counts[claim["label"]] = counts.get(claim["label"], 0) + 1
        return counts


def show(root: Path, args: argparse.Namespace) -> int:
    from jingtui.codebook import load_codebook

    if not root.is_dir():
        raise UserError(f"{root} is not a folder.")
    book = load_codebook(root, args.codebook)
    counts = _claim_counts(root, args.db)
    unknown = {code: n for code, n in (counts or {}).items() if code not in book}
    clashes = _key_clashes(book)
    if args.json:
        data = book.to_dict()
        if counts is not None:
            data["claims"] = {c.id: counts.get(c.id, 0) for c in book.codes}
            data["unknown_codes"] = unknown
        if clashes:
            data["key_problems"] = [{"code": c.code.id, "key": c.key, "line": c.line or None,
                                     "reader_action": c.entry.id, "problem": c.sentence()} for c in clashes]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return _said(clashes)
    print(f"{book.source or 'The default codebook (no codebook.toml in the folder)'}: "
          f"{counted(len(book.codes), 'code')}, {counted(len(book.variables), 'variable')}, version {book.version}")
    for code in book.walk():
        indent = "  " * book.depth(code.id)
        key = f"[{code.key}]" if code.key else "   "
        extra = [f"id {code.id}"] if code.id != code.name else []
        if code.colour:
            extra.append(code.colour)
        if code.suggested_by:
            extra.append(f"suggested by {code.suggested_by}")
        if code.fields:
            extra.append("fields " + ", ".join(f"{f.id}:{f.type}" for f in code.fields))
        if counts is not None:
            extra.append(counted(counts.get(code.id, 0), "claim"))
        print(f"{key:>5} {indent}{code.name}" + (f"  ({'; '.join(extra)})" if extra else ""))
    for var in book.variables:
        values = f": {' | '.join(var.choices)}" if var.choices else ""
        print(f"variable {var.id} ({var.name}, {var.type}){values}")
    if unknown:
        listed = ", ".join(f"{code} ({n})" for code, n in sorted(unknown.items()))
        print(f"Claims with codes that are not in the codebook (kept; recode them in the reader): {listed}")
    return _said(clashes)


def _key_clashes(book: Codebook) -> list[KeyClash]:
    """The codes whose key the reader has (with the reviewer's remapped keys, when config.toml is usable)."""
    from jingtui.app.code_keys import key_clashes
    from jingtui.app.config import load_keymap

    return key_clashes(book, load_keymap().overrides)


def _said(clashes: list[KeyClash]) -> int:
    """Each clash as one sentence on stderr; the exit status (2 when there is any)."""
    for clash in clashes:
        print(clash.sentence(), file=sys.stderr)
    return 2 if clashes else 0
