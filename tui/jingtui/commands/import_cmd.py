"""``jingtui import FILE DIR [--db PATH] [--reviewer R] [--positions P]``: merge claims from a jingtui JSON
or JSONL export, or codings from a REFI-QDA project (``.qdpx``, from MAXQDA, ATLAS.ti, NVivo, QualCoder).

The whole file is checked first; a file that is not ours, cut short, of an unknown version, or with
claims for articles not in DIR is refused with one sentence and the database is left as it was. A
``.qdpx`` (by its name or its ZIP signature) goes through :mod:`jingtui.export.qdpx_import`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from jingtui.commands.db_option import DB_HELP


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a JSON or JSONL file written by jingtui export")
    parser.add_argument("folder", metavar="DIR", help="the corpus folder the claims belong to")
    parser.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    parser.add_argument("--reviewer", metavar="R", help="record every imported claim as R's")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--codebook", metavar="FILE", help=".qdpx only: the codebook file (default DIR/codebook.toml)")
    parser.add_argument("--positions", choices=("codepoints", "utf16", "nvivo"), default=None,
                        help=".qdpx only: how the project's positions count characters (default: what the "
                             "project says, else a guess from the program that wrote it)")


def run(args: argparse.Namespace) -> int:
    from jingtui.export.importer import merge_claims, prepare_import
    from jingtui.workspace import Workspace, check_corpus

    root = check_corpus(Path(args.folder))
    from jingtui.export.qdpx_import import is_qdpx

    if is_qdpx(Path(args.file)):
        return _run_qdpx(args, root)
    # Everything is checked and placed before the database is even opened.
    claims = prepare_import(Path(args.file), root, reviewer=args.reviewer)
    workspace = Workspace(root, args.db)
    with workspace.open_store(read_only=False, create=True) as store:
        report = merge_claims(store, claims)
    if args.json:
        print(json.dumps({"added": report.added, "skipped": report.skipped, "orphaned": report.orphaned,
                          "labels_added": report.labels_added, "errors": report.errors}, ensure_ascii=False))
    else:
        print(f"Imported {args.file}: {report.summary()}.")
        if report.labels_added:
            print(f"New labels: {', '.join(report.labels_added)}.")
        for error in report.errors:
            print(error)
    return 0


def _run_qdpx(args: argparse.Namespace, root: Path) -> int:
    from jingtui.codebook import load_codebook
    from jingtui.errors import UserError
    from jingtui.export.importer import merge_claims
    from jingtui.export.qdpx_import import prepare_qdpx_import
    from jingtui.util.fileio import atomic_write_text
    from jingtui.workspace import Workspace

    workspace = Workspace(root, Path(args.db).expanduser() if args.db else None)
    book = load_codebook(root, args.codebook)
    # Everything is read, checked and placed before the codebook or the database is written.
    prepared = prepare_qdpx_import(Path(args.file), root, book=book, reviewer=args.reviewer,
                                   counting=args.positions)
    if prepared.codebook is not None:
        book_path, text = prepared.codebook
        try:
            atomic_write_text(book_path, text)
        except OSError as exc:
            raise UserError(f"Cannot write the codebook {book_path}: {exc.strerror or exc}; "
                            "nothing was imported.") from None
    with workspace.open_store(read_only=False, create=True) as store:
        report = merge_claims(store, prepared.claims)
        newly_done = [path for path in prepared.done if not store.get_state(path).done]
        for path in newly_done:
            store.set_state(path, done=True)
    if args.json:
        print(json.dumps({"added": report.added, "skipped": report.skipped, "orphaned": report.orphaned,
                          "labels_added": report.labels_added, "errors": report.errors,
                          "matched": prepared.matched, "unmatched": prepared.unmatched,
                          "skipped_sources": prepared.skipped, "users": prepared.users,
                          "codes_added": [code.id for code in prepared.new_codes],
                          "done": newly_done, "positions": prepared.counting.name}, ensure_ascii=False))
        return 0
    print(f"Imported {args.file}: {report.summary()}.")
    for line in prepared.report_lines():
        print(line)
    if newly_done:
        print(f"Marked done: {len(newly_done)} article{'s' if len(newly_done) != 1 else ''}.")
    return 0

