"""Command line: ``jingtui open|list|clean|export|import|agree|suggest|stats|search|db``.

Each subcommand lives in ``jingtui.commands.<name>`` with ``add_parser(subparsers)`` and
``run(args) -> int``; modules are imported only for the command that runs, so ``jingtui list`` never
pays for importing Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

from jingtui import __version__
from jingtui.errors import UserError

# subcommand -> (module under jingtui.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "open": ("open_cmd", "read and annotate the articles of a folder"),
    "list": ("list_cmd", "list the articles of a folder"),
    "clean": ("clean_cmd", "print the cleaned, Simplified text of one file"),
    "export": ("export_cmd", "export claims as JSON, JSONL, CSV or W3C Web Annotation"),
    "import": ("import_cmd", "merge claims from an export file into the database"),
    "agree": ("agree_cmd", "agreement between two reviewers"),
    "adjudicate": ("adjudicate_cmd", "settle two or three reviewers' disagreements into a consensus"),
    "suggest": ("suggest_cmd", "rule-based claim suggestions for a folder"),
    "stats": ("stats_cmd", "corpus-wide counts, slogans and metrics"),
    "search": ("search_cmd", "keyword-in-context hits across a folder, with counts per article and month"),
    "codebook": ("codebook_cmd", "print and check the codebook; exchange it as a REFI-QDA .qdc file"),
    "db": ("db_cmd", "a database: init a team database, copy between databases, check one, repair a damaged one"),
}


def _load(name: str) -> ModuleType:
    module, _ = COMMANDS[name]
    return importlib.import_module(f"jingtui.commands.{module}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jingtui",
        description="A keyboard-driven reader and annotator for Chinese news articles.",
    )
    parser.add_argument("--version", action="version", version=f"jingtui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_module, help_text) in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name, help=help_text, add_help=False)
            continue
        try:
            module = _load(name)
        except ModuleNotFoundError as exc:  # a command not built yet in this checkout
            if exc.name != f"jingtui.commands.{COMMANDS[name][0]}":
                raise
            continue
        module.add_parser(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(_load(args.command).run(args) or 0)
    except UserError as exc:
        print(f"jingtui: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
