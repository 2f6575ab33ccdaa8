"""``jingtui import FILE DIR [--db PATH] [--reviewer R]``: merge claims from a jingtui JSON or JSONL export.

The whole file is checked first; a file that is not ours, cut short, of an unknown version, or with
claims for articles not in DIR is refused with one sentence and the database is left as it was.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a JSON or JSONL file written by jingtui export")
    parser.add_argument("folder", metavar="DIR", help="the corpus folder the claims belong to")
    parser.add_argument("--db", metavar="PATH", help="the annotation database (default DIR/.jingtui/annotations.json)")
    parser.add_argument("--reviewer", metavar="R", help="record every imported claim as R's")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    from jingtui.export.importer import merge_claims, prepare_import
    from jingtui.workspace import Workspace, check_corpus

    root = check_corpus(Path(args.folder))
    # Everything is checked and placed before the database is even opened.
    claims = prepare_import(Path(args.file), root, reviewer=args.reviewer)
    workspace = Workspace(root, Path(args.db).expanduser() if args.db else None)
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
