"""``jingtui search DIR QUERY [--regex] [--json] ...``: keyword-in-context hits over the cleaned
Simplified text of every article of a folder, with counts per article and per month."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from jingtui.commands.db_option import DB_HELP
from jingtui.commands.tables import Column, TextTable, print_table
from jingtui.errors import UserError
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.search.kwic import Query, SearchResult
    from jingtui.workspace import Workspace


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the folder of articles")
    parser.add_argument("query", metavar="QUERY",
                        help="the word to look for, in Simplified or Traditional script (both are found)")
    parser.add_argument("--regex", action="store_true", help="QUERY is a regular expression (Python syntax)")
    parser.add_argument("--json", action="store_true",
                        help="print the hits as a JSON list, each with path, start, end, left, hit, right "
                             "(and title, date, month)")
    parser.add_argument("--json-report", action="store_true",
                        help="print one JSON object: query, total, hits and counts (per_article, per_month)")
    parser.add_argument("--outlet", metavar="X", help="only articles whose outlet contains X (in either script)")
    parser.add_argument("--from", dest="date_from", metavar="DATE",
                        help="only articles dated DATE or later (YYYY, YYYY-MM or YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", metavar="DATE",
                        help="only articles dated DATE or earlier (YYYY, YYYY-MM or YYYY-MM-DD)")
    parser.add_argument("--code", metavar="C",
                        help="only hits inside a claim of code C (its id, name or path in the codebook)")
    parser.add_argument("--claims", action="store_true",
                        help="list the claims whose quote QUERY matches instead of the hits (search by code: "
                             "with --code C, the claims of code C; with --reviewer R, R's)")
    parser.add_argument("--reviewer", metavar="R", help="only hits inside a claim of reviewer R")
    parser.add_argument("--done", action="store_true", help="only articles marked done")
    parser.add_argument("--sort", choices=("article", "left", "right"), default="article",
                        help="order of the hits: by article (default), by left context (read from the hit "
                             "outwards) or by right context")
    parser.add_argument("--width", type=int, default=20, metavar="N",
                        help="characters of context on each side (default 20)")
    parser.add_argument("--codebook", metavar="FILE",
                        help="the codebook that names the codes of --code (default DIR/codebook.toml)")
    parser.add_argument("--db", metavar="PATH|URL", help=DB_HELP)


def _date(value: str | None, option: str) -> str | None:
    from jingtui.util.dates import is_date_bound

    if value is not None and not is_date_bound(value):
        raise UserError(f"{option} {value!r} is not a date; write YYYY-MM-DD (or YYYY-MM, YYYY).")
    return value


def _has_articles(root: Path) -> bool:
    """Whether the folder holds one article at least (discovery stops at the first)."""
    from jingtui.corpus.discover import walk_in_order

    return any(found.skip_reason is None for found in walk_in_order(root, ordered=False))


def _print(result: SearchResult) -> None:
    from rich.console import Console

    console = Console()
    hits = result.hits
    table = TextTable(f"{counted(len(hits), 'hit')} of {result.query.text!r}",
                      (Column("article"), Column("at", justify="right", wrap=False),
                       Column("left", justify="right"), Column("hit", style="bold"), Column("right")))
    for h in hits:
        table.add_row(h.path, str(h.start), h.left, h.hit, h.right)
    print_table(console, table)
    table = TextTable("Hits per article", (Column("article"), Column("hits", justify="right", wrap=False)))
    for path, n in result.per_article.items():
        table.add_row(path, str(n))
    print_table(console, table)
    table = TextTable("Hits per month", (Column("month", wrap=False), Column("hits", justify="right", wrap=False)))
    for month, n in result.per_month.items():
        table.add_row(month, str(n))
    print_table(console, table)


def _claims(workspace: Workspace, query: Query, as_json: bool) -> int:
    """Search by code: the active claims whose quote matches the query."""
    from jingtui.search.corpus_search import matching_claims
    from jingtui.search.kwic import BadQuery

    if not workspace.has_store():
        found = []
    else:
        with workspace.open_store(read_only=True) as store:
            try:
                found = matching_claims(store, query)
            except BadQuery as exc:
                raise UserError(str(exc)) from None
    if as_json:
        print(json.dumps([{"id": c.id, "path": c.article, "code": c.label, "reviewer": c.reviewer, "start": c.start,
                           "end": c.end, "quote": c.quote, "origin": c.origin} for c in found],
                         ensure_ascii=False, indent=1))
        return 0
    from rich.console import Console

    what = f"code {query.code}" if query.code else "any code"
    table = TextTable(f"{counted(len(found), 'claim')} of {what} whose quote matches {query.text!r}",
                      (Column("article"), Column("at", justify="right", wrap=False), Column("code", wrap=False),
                       Column("reviewer", wrap=False), Column("quote")))
    for c in found:
        table.add_row(c.article, str(c.start), c.label, c.reviewer, c.quote)
    print_table(Console(), table)
    return 0


def run(args: argparse.Namespace) -> int:
    from jingtui.search.corpus_search import search_corpus
    from jingtui.search.kwic import BadQuery, Query
    from jingtui.workspace import Workspace, check_corpus

    if args.width < 0:
        raise UserError(f"--width {args.width} is negative; give a number of characters, 0 or more.")
    # the query as the search screen takes it: the spaces around it (a word copied from a page) do not count
    query = Query(args.query.strip(), regex=args.regex, outlet=args.outlet,
                  date_from=_date(args.date_from, "--from"), date_to=_date(args.date_to, "--to"),
                  done=True if args.done else None, code=args.code, reviewer=args.reviewer,
                  width=args.width, sort=args.sort)
    workspace = Workspace(check_corpus(Path(args.folder)), args.db, args.codebook)
    if not _has_articles(workspace.root):
        from jingtui.corpus.discover import ARTICLE_SUFFIXES

        raise UserError(f"The folder {workspace.root} holds no articles (files ending in "
                        f"{' '.join(ARTICLE_SUFFIXES)}); nothing to search.")
    if args.db and not workspace.has_store():
        raise UserError(f"There is no annotation database at {workspace.db_path}.")
    if query.code is not None:  # the code's name or path names it too; an id the codebook lacks is kept as
        named = workspace.codebook.named(query.code)  # given (claims of a code since removed have it)
        if named is not None:
            from dataclasses import replace

            query = replace(query, code=named.id)
    if args.claims:
        return _claims(workspace, query, args.json or args.json_report)
    try:
        result = search_corpus(workspace, query)
    except BadQuery as exc:
        raise UserError(str(exc)) from None
    if args.json_report:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    elif args.json:  # the agreed contract: a list of hits
        print(json.dumps(result.to_dict()["hits"], ensure_ascii=False, indent=1))
    else:
        _print(result)
    return 0
