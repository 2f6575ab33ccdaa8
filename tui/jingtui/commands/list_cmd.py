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
    from jingtui.index import IndexRow

FAST_JSON = 2000  # more records than this are written by orjson (indented by 2, not 1: the same JSON)


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the folder that holds the articles")
    parser.add_argument("--json", action="store_true", help="print a JSON array instead of a table")


def printable(text: str) -> str:
    """A file name that may hold undecodable bytes (kept as surrogates) in a form any output accepts."""
    if text.isascii():
        return text
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


def row_record(row: IndexRow) -> dict[str, Any]:
    """One row of the corpus index as the JSON record ``jingtui list --json`` prints (the same as
    :func:`article_record` of the article it was read from)."""
    facts = row.read
    if facts is None:  # not read (the index could not be filled): what discovery knows
        problems = [row.skip] if row.skip else []
        return {"path": printable(row.path), "title": None, "subtitle": None, "source": None, "author": None,
                "date": None, "url": None, "categories": [], "format": "text", "encoding": None, "size": row.size,
                "chars": 0, "blocks": 0, "sha256": "", "problems": problems, "ok": False}
    return {
        "path": printable(row.path),
        "title": facts.title,
        "subtitle": facts.subtitle,
        "source": facts.source,
        "author": facts.author,
        "date": facts.date,
        "url": facts.url,
        "categories": list(facts.categories),
        "format": facts.format,
        "encoding": facts.encoding,
        "size": facts.size,
        "chars": facts.chars,
        "blocks": facts.blocks,
        "sha256": facts.sha256,
        "problems": list(facts.problems),
        "ok": facts.ok,
    }


def _table(rows: Sequence[IndexRow], root: Path) -> TextTable:
    table = TextTable(f"{printable(str(root))} ({counted(len(rows), 'file')})", (
        Column("path", style="cyan"), Column("title"), Column("outlet"), Column("date", wrap=False),
        Column("encoding", wrap=False, style="dim"), Column("chars", justify="right", wrap=False),
        Column("problems", style="red")))
    for row in rows:
        facts = row.read
        problems = list(facts.problems) if facts is not None else [row.skip or ""]
        # the reader's title, as clean/titles.py gives it for an article not cleaned (the app's list
        # shows the cleaned, Simplified one)
        table.add_row(printable(row.path), facts.title or "" if facts else "", facts.source or "" if facts else "",
                      facts.date or "" if facts else "", facts.encoding or "" if facts else "",
                      f"{facts.chars if facts else 0:,}", " ".join(problems))
    return table


def run(args: argparse.Namespace) -> int:
    from jingtui.workspace.index_fill import indexed_rows

    root = Path(args.folder).expanduser()
    rows = indexed_rows(root)  # through the folder's index; UserError (exit 2) when DIR is missing or not a folder
    if args.json:
        records = [row_record(row) for row in rows]
        if len(records) > FAST_JSON:  # the standard encoder with indentation runs in Python: 27 s for 100,000
            import orjson

            sys.stdout.flush()
            sys.stdout.buffer.write(orjson.dumps(records, option=orjson.OPT_INDENT_2))
        else:
            json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console

    console = Console()
    print_table(console, _table(rows, root))
    bad = sum(1 for r in rows if r.read is None or not r.read.ok)
    summary = f"{counted(len(rows), 'file')}, {len(rows) - bad} ok" + (f", {bad} with problems" if bad else "")
    console.print(summary, markup=False, highlight=False)
    return 0
