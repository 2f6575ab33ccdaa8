"""``jingtui agree DIR --reviewers A,B[,C] [--consensus NAME] [--db PATH] [--json]`` or
``jingtui agree --files A.json B.json [DIR]``: agreement between reviewers, per label, overall and per article.

With three reviewers every pair is reported. Where a consensus exists (``jingtui adjudicate``; the reviewer
``consensus`` unless ``--consensus NAME``), each reviewer is also measured against it over the adjudicated
articles (after adjudication, beside the pairs: before), with the disagreements settled and left.
JSON: the first pair's figures at the top level as before, then ``pairs`` (every pair) and ``consensus``
(``name``, ``against``: reviewer -> figures, ``progress``: counts), ``consensus`` null when there is none.

Krippendorff's alpha for unitizing (u-alpha, claims as units); Cohen's kappa and Krippendorff's alpha
with characters as units (nominal alpha); span F1 exact and overlap. See :mod:`jingtui.export.agreement`
for the details.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jingtui.commands.db_option import DB_HELP
from jingtui.commands.tables import Column, TextTable, print_table
from jingtui.errors import UserError
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from rich.console import Console

    from jingtui.export.agreement import AgreementReport, Scores


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", nargs="?",
                        help="the corpus folder (with --files: optional, to measure on its current texts)")
    parser.add_argument("--reviewers", metavar="A,B[,C]",
                        help="the two or three reviewers to compare, as named in the database")
    parser.add_argument("--consensus", metavar="NAME",
                        help="the consensus reviewer to measure each reviewer against (default: consensus, if present)")
    parser.add_argument("--files", nargs=2, metavar=("A.json", "B.json"),
                        help="compare two export files (JSON or JSONL) instead of two reviewers of one database")
    parser.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--articles", action="store_true",
                        help="show the table per article even when there are more than 30")


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _table(title: str, rows: Iterable[tuple[str, Scores]], first: str) -> TextTable:
    numbers = ("u-alpha", "kappa", "alpha", "F1 exact", "F1 ovl", "chars", "A", "B")
    table = TextTable(title, (Column(first), *(Column(name, justify="right", wrap=False) for name in numbers)))
    for name, s in rows:
        table.add_row(name, _fmt(s.u_alpha), _fmt(s.kappa), _fmt(s.alpha), _fmt(s.f1_exact), _fmt(s.f1_overlap),
                      str(s.characters), str(s.claims_a), str(s.claims_b))
    return table


def _pairs_and_consensus(args: argparse.Namespace, names: list[str]) -> tuple[list[AgreementReport], Any]:
    from itertools import combinations

    from jingtui.export import compare
    from jingtui.export.agreement import agreement

    consensus = (args.consensus or "consensus").strip()
    if consensus in names:
        raise UserError(f"{consensus!r} is one of the reviewers compared; name the consensus with --consensus NAME.")
    spans, lengths, labels = compare.gather(Path(args.folder), args.db, tuple(names),
                                            optional=() if args.consensus else (consensus,))
    try:
        groups = compare.code_groups(Path(args.folder))
    except UserError as exc:  # a broken codebook: the figures per code still stand
        print(f"jingtui: codes are not rolled up: {exc}", file=sys.stderr)
        groups = {}
    reports = [agreement(spans[a], spans[b], lengths, labels=labels, reviewers=(a, b), groups=groups)
               for a, b in combinations(names, 2)]
    if not spans.get(consensus):
        return reports, None
    against = {name: compare.against(spans, lengths, labels, name, consensus, groups) for name in names}
    return reports, (consensus, against, _progress(args, names, consensus))


def _progress(args: argparse.Namespace, names: list[str], consensus: str) -> dict[str, Any]:
    from jingtui.adjudicate.disagreements import Counts
    from jingtui.adjudicate.workbench import Adjudication
    from jingtui.workspace import Workspace

    with Workspace(Path(args.folder), args.db).open_store(read_only=True) as store:
        total = sum(Adjudication(store, names, consensus).corpus_counts().values(), Counts())
    return total.to_dict()


def run(args: argparse.Namespace) -> int:
    from jingtui.export import compare

    consensus = None
    if args.files:
        if args.reviewers:
            raise UserError("Give either --reviewers (with DIR) or --files, not both.")
        comparison = compare.from_files(Path(args.files[0]), Path(args.files[1]),
                                        Path(args.folder) if args.folder else None)
        reports = [comparison.report()]
    else:
        if not args.folder:
            raise UserError("Give the corpus folder and --reviewers A,B, or --files A.json B.json.")
        names = [n.strip() for n in (args.reviewers or "").split(",")]
        if len(names) not in (2, 3) or not all(names):
            raise UserError("Give two or three reviewers separated by commas, for example --reviewers ann,bo.")
        if len(set(names)) != len(names):
            raise UserError("Give two different reviewers." if len(names) == 2 else "Give different reviewers.")
        reports, consensus = _pairs_and_consensus(args, names)
    report = reports[0]
    if args.json:
        data = report.to_dict()
        data["pairs"] = [r.to_dict() for r in reports]
        data["consensus"] = None if consensus is None else {
            "name": consensus[0],
            "against": {name: r.to_dict() for name, r in consensus[1].items()},
            "progress": consensus[2],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console

    console = Console()
    for report in reports:
        _print_pair(console, report, args.articles)
    if consensus is not None:
        name, against, progress = consensus
        console.print(f"After adjudication: each reviewer against {name!r}, over the "
                      f"{len(next(iter(against.values())).articles)} adjudicated articles. Disagreements settled: "
                      f"{progress['settled']} of {progress['disagreements']} ({progress['left']} left); agreed "
                      f"claims accepted: {progress['accepted']} of {progress['agreed']}.",
                      markup=False, highlight=False)
        rows = []
        for reviewer, r in against.items():
            rows += [(f"{reviewer} {label}", s) for label, s in r.by_label.items()]
            rows += [(f"{reviewer} {code} (rolled up)", s) for code, s in r.by_parent.items()]
            rows.append((f"{reviewer} overall", r.overall))
        print_table(console, _table(f"Against {name}", rows, "reviewer, label"))
    console.print("u-alpha: Krippendorff's alpha for unitizing (claims as units on each text). "
                  "A, B: claims of each reviewer. F1 ovl: span F1 counting overlapping claims of the same label. "
                  "kappa and alpha count characters as units (alpha: nominal, character level, not the "
                  "unitizing u-alpha); overall, a character covered by two claims of one reviewer takes the "
                  "shorter claim's label. n/a: undefined (no variation, or no claims).",
                  markup=False, highlight=False, style="dim")
    return 0


def _print_pair(console: Console, report: AgreementReport, all_articles: bool) -> None:
    a, b = report.reviewers
    console.print(f"Agreement between A = {a} and B = {b} over {len(report.articles)} "
                  f"article{'s' if len(report.articles) != 1 else ''} (those where either has a claim).",
                  markup=False, highlight=False)
    rows = [(label, s) for label, s in report.by_label.items()] + [("overall", report.overall)]
    print_table(console, _table("Per label", rows, "label"))
    if report.by_parent:
        print_table(console, _table("Rolled up (each code with the codes under it)", list(report.by_parent.items()),
                                    "code"))
    if all_articles or len(report.by_article) <= 30:
        print_table(console, _table("Per article", list(report.by_article.items()), "article"))
    else:
        console.print(f"Add --articles to see the figures of each of the {counted(len(report.by_article), 'article')}.",
                      markup=False, highlight=False)
