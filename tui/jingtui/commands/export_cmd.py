"""``jingtui export DIR [-o FILE] [--format json|jsonl|csv|w3c|qdpx] [--positions codepoints|utf16|nvivo]
[--db PATH] [--include-text] [--label L] [--reviewer R] [--done-only] [--article PATH] [--force]``: the claims
of a folder, for other tools.

Default: the reference JSON on stdout. With ``-o`` the file is written atomically; an existing file that
is not a jingtui export is refused unless ``--force``. ``qdpx`` (a REFI-QDA project for MAXQDA,
ATLAS.ti, NVivo, QualCoder) needs ``-o``; ``--positions`` says how its selections count characters.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jingtui.commands.db_option import DB_HELP
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.export.run import Selection

FORMATS = ("json", "jsonl", "csv", "w3c", "qdpx")
COUNTINGS = ("codepoints", "utf16", "nvivo")


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the corpus folder")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument("--format", "-f", choices=FORMATS, default="json",
                        help="json (reference, default), jsonl (one claim per line), csv (UTF-8 with BOM), "
                             "w3c (W3C Web Annotation JSON-LD), qdpx (REFI-QDA project, needs -o)")
    parser.add_argument("--positions", choices=COUNTINGS, default=None,
                        help="qdpx only: how selection positions count characters: codepoints (default; "
                             "QualCoder, ATLAS.ti), utf16 (UTF-16 units; MAXQDA and JavaScript tools), "
                             "nvivo (NVivo: characters outside the BMP count twice)")
    parser.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    parser.add_argument("--include-text", action="store_true",
                        help="add each article's cleaned text, so the file stands alone")
    parser.add_argument("--label", metavar="L",
                        help="only claims of this code (id or path such as 经济/物价) and the codes below it")
    parser.add_argument("--codebook", metavar="FILE",
                        help="the codebook (default DIR/codebook.toml, else the default one)")
    parser.add_argument("--reviewer", metavar="R", help="only claims of this reviewer")
    parser.add_argument("--done-only", action="store_true", help="only articles marked done")
    parser.add_argument("--article", metavar="PATH", help="only this article (path relative to DIR)")
    parser.add_argument("--force", action="store_true", help="replace FILE even if it is not a jingtui export")


def run(args: argparse.Namespace) -> int:
    from jingtui.export.run import Selection, export_to

    selection = Selection(label=args.label, reviewer=args.reviewer, done_only=args.done_only, article=args.article)
    out = Path(args.output).expanduser() if args.output else None
    if args.format == "qdpx":
        return _run_qdpx(args, selection, out)
    if args.positions is not None:
        from jingtui.errors import UserError

        raise UserError("--positions says how a REFI-QDA project counts characters; use it with --format qdpx.")
    stdout = None
    if out is None:
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:  # UTF-8 whatever the locale; the csv module writes its own line ends
            reconfigure(encoding="utf-8", newline="" if args.format == "csv" else None)
        stdout = sys.stdout
    result = export_to(Path(args.folder), args.db, out, fmt=args.format,
                       selection=selection, include_text=args.include_text, force=args.force, stdout=stdout,
                       codebook_file=Path(args.codebook).expanduser() if args.codebook else None)
    sentence = result.reanchoring.sentence() if result.reanchoring is not None else ""
    if sentence:
        print(sentence, file=sys.stderr)
    if out is not None:
        print(f"Exported {counted(result.claims, 'claim')} from {counted(result.articles, 'article')} to {out}",
              file=sys.stderr)
    return 0


def _run_qdpx(args: argparse.Namespace, selection: Selection, out: Path | None) -> int:
    from jingtui.errors import UserError
    from jingtui.export.qdpx_export import export_qdpx

    if out is None:
        raise UserError("A .qdpx project is a ZIP file, not text for the terminal: give -o FILE.qdpx.")
    result = export_qdpx(Path(args.folder), args.db, out,
                         counting=args.positions or "codepoints", selection=selection, force=args.force,
                         codebook=Path(args.codebook).expanduser() if args.codebook else None)
    print(result.summary(), file=sys.stderr)
    for mismatch in result.check.mismatches[1:20]:
        print(f"  {mismatch}", file=sys.stderr)
    return 0
