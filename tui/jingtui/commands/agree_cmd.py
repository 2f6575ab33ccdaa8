"""``jingtui agree DIR --reviewers A,B [--db PATH] [--json]`` or ``jingtui agree --files A.json B.json [DIR]``:
agreement between two reviewers, per label, overall and per article.

Krippendorff's alpha for unitizing (u-alpha, claims as units); Cohen's kappa and Krippendorff's alpha
with characters as units (nominal alpha); span F1 exact and overlap. See :mod:`jingtui.export.agreement` for the details.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from jingtui.errors import UserError


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", nargs="?",
                        help="the corpus folder (with --files: optional, to measure on its current texts)")
    parser.add_argument("--reviewers", metavar="A,B", help="the two reviewers to compare, as named in the database")
    parser.add_argument("--files", nargs=2, metavar=("A.json", "B.json"),
                        help="compare two export files (JSON or JSONL) instead of two reviewers of one database")
    parser.add_argument("--db", metavar="PATH", help="the annotation database (default DIR/.jingtui/annotations.json)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--articles", action="store_true", help="show the table per article even when there are more than 30")


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _table(title: str, rows, first: str):
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    table.add_column(first, overflow="fold", min_width=12)
    for name in ("u-alpha", "kappa", "alpha", "F1 exact", "F1 ovl", "chars", "A", "B"):
        table.add_column(name, justify="right", no_wrap=True)
    for name, s in rows:
        table.add_row(name, _fmt(s.u_alpha), _fmt(s.kappa), _fmt(s.alpha), _fmt(s.f1_exact), _fmt(s.f1_overlap),
                      str(s.characters), str(s.claims_a), str(s.claims_b))
    return table


def run(args: argparse.Namespace) -> int:
    from jingtui.export import compare

    if args.files:
        if args.reviewers:
            raise UserError("Give either --reviewers (with DIR) or --files, not both.")
        comparison = compare.from_files(Path(args.files[0]), Path(args.files[1]),
                                        Path(args.folder) if args.folder else None)
    else:
        if not args.folder:
            raise UserError("Give the corpus folder and --reviewers A,B, or --files A.json B.json.")
        names = [n.strip() for n in (args.reviewers or "").split(",")]
        if len(names) != 2 or not all(names):
            raise UserError("Give two reviewers separated by a comma, for example --reviewers ann,bo.")
        if names[0] == names[1]:
            raise UserError("Give two different reviewers.")
        comparison = compare.from_store(Path(args.folder), Path(args.db).expanduser() if args.db else None,
                                        (names[0], names[1]))
    report = comparison.report()
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console

    console = Console()
    a, b = report.reviewers
    console.print(f"Agreement between A = {a} and B = {b} over {len(report.articles)} "
                  f"article{'s' if len(report.articles) != 1 else ''} (those where either has a claim).",
                  markup=False, highlight=False)
    rows = [(label, s) for label, s in report.by_label.items()] + [("overall", report.overall)]
    console.print(_table("Per label", rows, "label"))
    if args.articles or len(report.by_article) <= 30:
        console.print(_table("Per article", list(report.by_article.items()), "article"))
    else:
        console.print(f"Add --articles to see the figures of each of the {len(report.by_article)} articles.",
                      markup=False, highlight=False)
    console.print("u-alpha: Krippendorff's alpha for unitizing (claims as units on each text). "
                  "A, B: claims of each reviewer. F1 ovl: span F1 counting overlapping claims of the same label. "
                  "kappa and alpha count characters as units (alpha: nominal, character level, not the "
                  "unitizing u-alpha); overall, a character covered by two claims of one reviewer takes the "
                  "shorter claim's label. n/a: undefined (no variation, or no claims).",
                  markup=False, highlight=False, style="dim")
    return 0
