"""``jingtui list DIR [--json]``: the articles of a folder, with their metadata and problems."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jingtui.commands.tables import Column, TextTable, print_table
from jingtui.util.plural import counted

if TYPE_CHECKING:
    from jingtui.corpus.model import Article

def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the folder that holds the articles")
    parser.add_argument("--json", action="store_true", help="print a JSON array instead of a table")


def printable(text: str) -> str:
    """A file name that may hold undecodable bytes (kept as surrogates) in a form any output accepts."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def article_record(article: Article) -> dict[str, Any]:
    """One article as the JSON record ``jingtui list --json`` prints."""
    meta = article.meta
    return {
        "path": printable(article.path),
        "title": meta.title,
        "subtitle": meta.subtitle,
        "source": meta.source,
        "author": meta.author,
        "date": meta.date,
        "url": meta.url,
        "categories": list(meta.categories),
        "format": article.format,
        "encoding": article.encoding,
        "size": article.size,
        "chars": len(article.original),
        "blocks": len(article.blocks),
        "sha256": article.content_sha256,
        "problems": list(article.problems),
        "ok": article.ok,
    }


def _table(articles: Sequence[Article], root: Path) -> TextTable:
    from jingtui.clean.titles import article_title  # the app's title function too

    table = TextTable(f"{printable(str(root))} ({counted(len(articles), 'file')})", (
        Column("path", style="cyan"), Column("title"), Column("outlet"), Column("date", wrap=False),
        Column("encoding", wrap=False, style="dim"), Column("chars", justify="right", wrap=False),
        Column("problems", style="red")))
    for article in articles:
        meta = article.meta
        table.add_row(printable(article.path), article_title(article), meta.source or "", meta.date or "",
                      article.encoding or "", f"{len(article.original):,}", " ".join(article.problems))
    return table


def run(args: argparse.Namespace) -> int:
    from jingtui.corpus import read_corpus

    root = Path(args.folder).expanduser()
    articles = read_corpus(root)  # raises UserError (exit 2) when DIR is missing or not a folder
    if args.json:
        json.dump([article_record(a) for a in articles], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console

    console = Console()
    print_table(console, _table(articles, root))
    bad = sum(1 for a in articles if not a.ok)
    summary = f"{counted(len(articles), 'file')}, {len(articles) - bad} ok" + (f", {bad} with problems" if bad else "")
    console.print(summary, markup=False, highlight=False)
    return 0
