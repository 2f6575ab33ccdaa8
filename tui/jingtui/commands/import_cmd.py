"""``jingtui import FILE DIR [--db PATH] [--reviewer R] [--codebook FILE] [--positions P]``: merge claims
from a jingtui JSON or JSONL export, or codings from a REFI-QDA project (``.qdpx``, from MAXQDA, ATLAS.ti,
NVivo, QualCoder).

The whole file is checked first; a file that is not ours, cut short, of an unknown version, with a bad
codebook or with claims for articles not in DIR is refused with one sentence and the database is left as
it was. A ``.qdpx`` (by its name or its ZIP signature) goes through :mod:`jingtui.export.qdpx_import`.
The codes of an export that the corpus's codebook lacks are added to the codebook file (made from the
default codebook when the corpus has none); codes that differ are reported, ours kept. Article variables
are set where the database has none.
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
    parser.add_argument("--codebook", metavar="FILE", help="the corpus's codebook (default DIR/codebook.toml)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--positions", choices=("codepoints", "utf16", "nvivo"), default=None,
                        help=".qdpx only: how the project's positions count characters (default: what the "
                             "project says, else a guess from the program that wrote it)")


def run(args: argparse.Namespace) -> int:
    from jingtui.codebook.merge import CodebookMerge, apply_merge, merge_codebooks, merge_labels
    from jingtui.export.importer import merge_claims, merge_variables, prepare_import_all
    from jingtui.workspace import Workspace, check_corpus

    root = check_corpus(Path(args.folder))
    from jingtui.export.qdpx_import import is_qdpx

    if is_qdpx(Path(args.file)):
        return _run_qdpx(args, root)
    workspace = Workspace(root, args.db, args.codebook)
    ours = workspace.codebook  # a bad codebook of ours stops the import before anything is written
    # Everything is checked and placed before the database is even opened.
    prepared = prepare_import_all(Path(args.file), root, reviewer=args.reviewer)
    merge = merge_codebooks(ours, prepared.codebook, args.file) if prepared.codebook else CodebookMerge()
    known = set(ours.ids) | {c.id for c in merge.codes}
    bare = merge_labels(ours, [label for label in prepared.labels if label not in known])
    merge = CodebookMerge(merge.codes + bare.codes, merge.variables, merge.conflicts)
    with workspace.open_store(read_only=False, create=True) as store:
        report = merge_claims(store, prepared.claims)
        variables_set, variable_conflicts = merge_variables(store, prepared.variables)
    written = apply_merge(root, workspace.codebook_file, ours, merge)
    conflicts = list(merge.conflicts) + variable_conflicts
    codes_added = [c.id for c in merge.codes]
    if args.json:
        print(json.dumps({"added": report.added, "skipped": report.skipped, "orphaned": report.orphaned,
                          "labels_added": report.labels_added, "errors": report.errors,
                          "codes_added": codes_added, "variables_added": [v.id for v in merge.variables],
                          "variable_values_set": variables_set, "conflicts": conflicts,
                          "codebook": str(written) if written else None}, ensure_ascii=False))
    else:
        print(f"Imported {args.file}: {report.summary()}.")
        if codes_added or merge.variables:
            codes = f"{len(codes_added)} code{'s' if len(codes_added) != 1 else ''} ({', '.join(codes_added)})"
            parts = [codes] if codes_added else []
            if merge.variables:
                parts.append(f"variables {', '.join(v.id for v in merge.variables)}")
            print(f"Added to the codebook {written}: {'; '.join(parts)}.")
        if variables_set:
            print(f"Set {variables_set} article variable value{'s' if variables_set != 1 else ''}.")
        for line in conflicts:
            print(line)
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
        variables_set, values_kept = 0, 0
        for path, values in prepared.variables.items():  # the other program's values fill ours, never replace them
            current = dict(store.get_state(path).variables or {})
            values_kept += sum(1 for key, value in values.items() if key in current and current[key] != value)
            merged = {**values, **current}
            if merged != current:
                store.set_state(path, variables=merged)
                variables_set += 1
    if args.json:
        print(json.dumps({"added": report.added, "skipped": report.skipped, "orphaned": report.orphaned,
                          "labels_added": report.labels_added, "errors": report.errors,
                          "matched": prepared.matched, "unmatched": prepared.unmatched,
                          "skipped_sources": prepared.skipped, "users": prepared.users,
                          "codes_added": [code.id for code in prepared.new_codes],
                          "done": newly_done, "variables_set": variables_set, "variable_values_kept": values_kept,
                          "positions": prepared.counting.name}, ensure_ascii=False))
        return 0
    print(f"Imported {args.file}: {report.summary()}.")
    for line in prepared.report_lines():
        print(line)
    if newly_done:
        print(f"Marked done: {len(newly_done)} article{'s' if len(newly_done) != 1 else ''}.")
    if variables_set or values_kept:
        print(f"Document variables set on {variables_set} article{'s' if variables_set != 1 else ''}"
              + (f"; {values_kept} value{'s' if values_kept != 1 else ''} differed from ours, ours kept."
                 if values_kept else "."))
    return 0

