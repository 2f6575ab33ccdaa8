"""``jingtui suggest DIR [--json] [--eval GOLD]``: rule-based claim suggestions for a folder."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from jingtui.commands.db_option import DB_HELP
from jingtui.commands.tables import Column, TextTable, print_table
from jingtui.errors import UserError
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.suggest import Suggestion
    from jingtui.suggest.evaluate import Evaluation


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the folder of articles")
    parser.add_argument("--json", action="store_true",
                        help="print a JSON list of {path, label, start, end, quote, score, reason, fields}")
    parser.add_argument("--eval", metavar="GOLD",
                        help="compare with a gold file (JSON Lines of {path, label, quote}) and print "
                             "precision and recall per label; a suggestion matches a gold claim of the same "
                             "label when their spans overlap by at least 50%% of the shorter one")
    parser.add_argument("--label", action="append", metavar="LABEL",
                        help="only this detector (metric, slogan, anecdote) or code; repeat for several")
    parser.add_argument("--db", metavar="PATH|URL",
                        help="leave out what this database's reviewer already claimed or rejected; " + DB_HELP)
    parser.add_argument("--codebook", metavar="FILE", help="the codebook (default DIR/codebook.toml): "
                        "suggestions are labelled with the code each detector suggests")
    parser.add_argument("--min-score", type=float, default=0.0, metavar="S",
                        help="leave out suggestions scored below S (0 to 1)")


def cleaned_articles(root: Path) -> list[tuple[object, object]]:
    """``(Article, CleanText)`` for every article of ``root`` with text, through the cleaning cache."""
    from jingtui.workspace import Workspace, check_corpus

    workspace = Workspace(check_corpus(root))
    return [(article, workspace.clean(article)) for article in workspace.articles() if article.original.strip()]


def suggestions_for(root: Path, labels: Iterable[str] | None = None, min_score: float = 0.0, *,
                    reviewed: bool = False, db: Path | str | None = None, as_codes: bool = True,
                    codebook: Path | None = None) -> dict[str, tuple[str, list[Suggestion]]]:
    """``{path: (text, [Suggestion])}`` for every article of ``root``, lexicon merged with the corpus's.

    ``reviewed=True`` leaves out the suggestions the reviewer rejected or already claimed (database
    ``db``, default the corpus's own); the default keeps every suggestion of the rules. See
    :func:`jingtui.suggest.corpus.corpus_suggestions`.
    """
    from jingtui.suggest.corpus import corpus_suggestions
    from jingtui.workspace import Workspace, check_corpus

    workspace = Workspace(check_corpus(root), db, codebook)
    return corpus_suggestions(workspace, labels=labels, min_score=min_score, reviewed=reviewed, as_codes=as_codes)


def _print_table(per_article: dict[str, tuple[str, list[Suggestion]]]) -> None:
    from rich.console import Console

    table = TextTable("Suggestions", (Column("article"), Column("label", wrap=False), Column("span", wrap=False),
                                      Column("score", justify="right", wrap=False), Column("quote"), Column("reason")))
    total = 0
    for path, (_text, found) in per_article.items():
        for s in found:
            total += 1
            quote = s.quote if len(s.quote) <= 60 else s.quote[:59] + "…"
            table.add_row(path, s.label, f"{s.start}-{s.end}", f"{s.score:.2f}", quote, s.reason)
    console = Console()
    print_table(console, table)
    summary = f"{counted(total, 'suggestion')} in {counted(len(per_article), 'article')}"
    console.print(summary, markup=False, highlight=False)


def _print_eval(evaluation: Evaluation, as_json: bool) -> None:
    if as_json:
        print(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    table = TextTable("Suggestions against the gold set", (
        Column("label"), *(Column(name, justify="right", wrap=False)
                           for name in ("precision", "recall", "suggested", "correct", "gold", "found"))),
        caption="match: same label and spans overlapping by at least half of the shorter one")
    for s in evaluation.scores.values():
        table.add_row(s.label, f"{s.precision:.3f}", f"{s.recall:.3f}", str(s.suggested), str(s.correct),
                      str(s.gold), str(s.found))
    console = Console()
    print_table(console, table)
    if evaluation.unlocated:
        console.print(f"{len(evaluation.unlocated)} gold quotes were not found in the cleaned text:")
        for g in evaluation.unlocated[:20]:
            console.print(f"  {g.path} {g.label}: {g.quote}", markup=False)


def run(args: argparse.Namespace) -> int:
    root = Path(args.folder)
    # --eval measures the rules against gold labels, which name detectors: no mapping to codes there.
    per_article = suggestions_for(root, args.label, args.min_score, reviewed=bool(args.db), db=args.db,
                                  as_codes=not args.eval, codebook=Path(args.codebook) if args.codebook else None)
    if args.eval:
        from jingtui.suggest.evaluate import evaluate, read_gold

        gold = read_gold(args.eval)
        paths = {g.path for g in gold}
        texts = {p: per_article[p][0] for p in per_article if p in paths}
        if not texts:
            raise UserError(f"None of the articles named in {args.eval} is in {root}.")
        evaluation = evaluate(texts, {p: per_article[p][1] for p in texts}, gold,
                              tuple(args.label) if args.label else None)
        _print_eval(evaluation, args.json)
        return 0
    if args.json:
        rows = []
        for path, (_text, found) in per_article.items():
            for s in found:
                rows.append({"path": path, **s.to_dict()})
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    _print_table(per_article)
    return 0
