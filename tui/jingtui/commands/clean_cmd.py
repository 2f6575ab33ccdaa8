"""``jingtui clean FILE [--json]``: the cleaned, Simplified text of one file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jingtui.errors import UserError

if TYPE_CHECKING:
    from jingtui.clean.model import CleanText
    from jingtui.corpus.model import Article


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the article file to clean")
    parser.add_argument("--json", action="store_true",
                        help="print title, source, author, date, encoding, script, text, paragraphs, removed "
                             "and warnings as JSON")


def _read(path: Path) -> Article:
    """The Article of ``path``, through the corpus reader."""
    from jingtui.clean.plain import read_file_article

    try:
        return read_file_article(path)
    except UserError:
        raise
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def removed_spans(original: str, clean: CleanText) -> list[dict[str, Any]]:
    """Spans of the original left out of the text: whole lines with their class, and the pinyin
    annotations removed inside kept lines (class ``pinyin``), in document order."""
    from jingtui.clean.model import KEPT_CLASSES
    from jingtui.clean.pinyin import find_pinyin

    spans = []
    for ln in clean.lines:
        if ln.kind not in KEPT_CLASSES:
            spans.append({"original_start": ln.original_start, "original_end": ln.original_end, "class": ln.kind,
                          "rule": ln.rule})
            continue
        for edit in find_pinyin(original[ln.original_start : ln.original_end]):
            if not edit.damaged:
                spans.append({"original_start": ln.original_start + edit.start,
                              "original_end": ln.original_start + edit.end, "class": "pinyin", "rule": "pinyin"})
    return spans


def as_json(article: Article, clean: CleanText) -> dict[str, Any]:
    """The ``--json`` document for one cleaned article."""
    meta = article.meta
    title_para = next((p for p in clean.paragraphs if p.kind == "title"), None)
    title = clean.text[title_para.start : title_para.end] if title_para else meta.title
    return {
        "path": article.path,
        "title": title,
        "source": meta.source,
        "author": meta.author,
        "date": meta.date,
        "encoding": article.encoding,
        "script": clean.script,
        "text": clean.text,
        "paragraphs": [
            {"start": p.start, "end": p.end, "original_start": p.original_start, "original_end": p.original_end,
             "kind": p.kind}
            for p in clean.paragraphs
        ],
        "removed": removed_spans(article.original, clean),
        "warnings": [
            {"start": w.start, "end": w.end, "kind": w.kind, "message": w.message,
             "original_start": w.original_start, "original_end": w.original_end}
            for w in clean.warnings
        ],
        "problems": list(article.problems),
        "pipeline_version": clean.pipeline_version,
    }


def run(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    if not path.exists():
        raise UserError(f"The file {path} does not exist.")
    if not path.is_file():
        raise UserError(f"{path} is not a file; give one article file.")
    from jingtui.clean.pipeline import clean_article

    article = _read(path)
    clean = clean_article(article)
    if args.json:
        json.dump(as_json(article, clean), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(clean.text + ("\n" if clean.text else ""))
        for problem in article.problems:
            print(f"jingtui: {article.path}: {problem}", file=sys.stderr)
    return 0
