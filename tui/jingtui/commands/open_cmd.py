"""``jingtui open DIR [--db PATH] [--reviewer NAME]``: the reader and annotator."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from jingtui.commands.db_option import DB_HELP
from jingtui.errors import UserError
from jingtui.store.errors import StoreError
from jingtui.store.paths import DB_FOLDER

if TYPE_CHECKING:
    from jingtui.store.protocol import Store
    from jingtui.store.session import AnnotationSession


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the folder that holds the articles")
    parser.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    parser.add_argument("--codebook", metavar="FILE", help="the codebook (default DIR/codebook.toml, else "
                        "metric 1, slogan 2, anecdote 3)")
    parser.add_argument("--reviewer", metavar="NAME", help="who is annotating (default: your login name; on a team "
                        "database, your database role)")


def _open_store(root: Path, db_path: Path | str, reviewer: str | None) -> tuple[Store, AnnotationSession]:
    """Open the database before the screen starts, so a bad one is one sentence on stderr."""
    from jingtui.app import services

    try:
        return services.open_store(db_path, reviewer, local_dir=root / DB_FOLDER)
    except StoreError as exc:
        kind = exc.kind
        message = str(exc).rstrip(".") + "."
        if kind in ("corrupt", "foreign", "version") and isinstance(db_path, Path):
            new = db_path.with_name(db_path.stem + ".new" + db_path.suffix)
            # The store's sentence ends with generic advice; here we can name the exact command.
            message = message.replace(" Start a new one with --db NEW_PATH.", "")
            message = message.replace(" (or start afresh with --db NEW_PATH).", ".")
            if "untouched" not in message:
                message += " It was left untouched."
            message += f" To start a new database beside it: jingtui open {root} --db {new}"
        elif kind == "unwritable" and "--db" not in message:
            message += " Give a database path you can write to with --db PATH."
        raise UserError(message) from None


def run(args: argparse.Namespace) -> int:
    from jingtui.workspace import check_corpus

    root = check_corpus(Path(args.folder).expanduser())
    from jingtui.codebook import load_codebook

    codebook_file = Path(args.codebook).expanduser() if args.codebook else None
    codebook = load_codebook(root, codebook_file)  # a bad codebook: one sentence with file and line, exit 2
    from jingtui.app import services
    from jingtui.store.location import is_server_url, resolve_location

    db_path = resolve_location(args.db, root)
    team = is_server_url(db_path)
    reviewer = args.reviewer or (None if team else services.default_reviewer())
    store, session = _open_store(root, db_path, reviewer)
    reviewer = session.reviewer
    from jingtui.app.app import JingtuiApp

    app = JingtuiApp(root, db_path, reviewer, store=store, session=session, codebook=codebook,
                     codebook_file=codebook_file)
    app.run()
    return 0
