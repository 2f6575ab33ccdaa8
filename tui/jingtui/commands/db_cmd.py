"""``jingtui db SUBCOMMAND``: look after an annotation database.

- ``jingtui db init URL`` and ``jingtui db copy FROM TO``: the team database's schema, and moving a
  corpus's claims between a TinyDB file and a team database.
- ``jingtui db check DB [--json]``: every problem of a database file and its journal (the line number of
  each bad journal line, malformed documents, an unreadable snapshot); exit 0 when it opens as it is, 1
  when it has problems.
- ``jingtui db repair DB -o NEW [--json]``: every readable record (snapshot, then the journal's readable
  changes) into a new database file NEW; DB and its journal are only read.

Each ``db`` subcommand is an entry ``(add_parser, run, help)`` in :data:`SUBCOMMANDS`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from jingtui.errors import UserError
from jingtui.util.plural import counted


def _add_init(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", metavar="URL", help="the team database, postgresql://[USER@]HOST/NAME "
                        "(password from PGPASSWORD or ~/.pgpass, never on the command line)")
    parser.add_argument("--reviewer", action="append", default=[], metavar="NAME",
                        help="make NAME a reviewer (a database role; created if missing); repeat for several")
    parser.add_argument("--adjudicator", action="append", default=[], metavar="NAME",
                        help="make NAME an adjudicator: a reviewer who may also write the consensus reviewer's claims")
    parser.add_argument("--consensus", metavar="NAME", help="the consensus reviewer's name (default consensus)")


def _run_init(args: argparse.Namespace) -> int:
    import psycopg

    from jingtui.store.location import is_server_url, redact
    from jingtui.store.pg import schema
    from jingtui.store.pg.connect import connect, first_line

    if not is_server_url(args.url):
        raise UserError(f"{args.url} is not a team database URL; give postgresql://[USER@]HOST/NAME.")
    where = redact(args.url)
    with connect(args.url) as conn:
        try:
            before, after = schema.upgrade(conn, where)
            for name in args.reviewer:
                schema.add_member(conn, name)
            for name in args.adjudicator:
                schema.add_member(conn, name, adjudicator=True)
            if args.consensus:
                conn.execute("UPDATE team SET value = %s WHERE key = 'consensus'", (args.consensus,))
        except psycopg.errors.InsufficientPrivilege as exc:
            raise UserError(f"The team database {where} refused: {first_line(exc)} (run db init as the "
                            "database's owner, with the right to create roles).") from None
    if before == after:
        print(f"The team database {where} is up to date (schema version {after}).")
    elif before == 0:
        print(f"Created the jingtui schema (version {after}) in {where}.")
    else:
        print(f"Upgraded {where} from schema version {before} to {after}.")
    for name in args.reviewer + args.adjudicator:
        role = "an adjudicator" if name in args.adjudicator else "a reviewer"
        print(f"{name} is {role}.")
    return 0


def _add_copy(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="FROM", help="a database file or a team database URL")
    parser.add_argument("target", metavar="TO", help="a database file or a team database URL")
    parser.add_argument("--reviewer", metavar="NAME",
                        help="whose article states and settings a database file holds (default: the one "
                             "reviewer of its claims, or the team database's role)")


def _run_copy(args: argparse.Namespace) -> int:
    from jingtui.store.copy_stores import copy_stores
    from jingtui.store.location import parse_location, redact

    source, target = parse_location(args.source), parse_location(args.target)
    result = copy_stores(source, target, reviewer=args.reviewer)
    print(f"Read from {redact(source)}: {result.source.summary()}.")
    print(f"Now in {redact(target)}: {result.target.summary()}.")
    if result.complete:
        print("Nothing lost: every row of the source is in the target.")
        return 0
    print("The target does not hold the same rows as the source (it held other rows before?); "
          "compare the counts above.", file=sys.stderr)
    return 1


def _local_path(db: str) -> Path:
    if db.startswith(("postgresql://", "postgres://")):
        raise UserError("check and repair read a database file; a PostgreSQL database keeps its own consistency.")
    path = Path(db).expanduser()
    if not path.exists():
        raise UserError(f"There is no annotation database at {path}.")
    return path


def _add_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("db", metavar="DB", help="the annotation database file (its journal is read beside it)")
    parser.add_argument("--json", action="store_true",
                        help="print {database, ok, claims, problems: [{where, line, document, problem}]}")


def _run_check(args: argparse.Namespace) -> int:
    from jingtui.store.repair import salvage

    path = _local_path(args.db)
    result = salvage(path)
    if args.json:
        print(json.dumps({"database": str(path), "ok": not result.problems, "claims": result.claims,
                          "problems": [p.as_dict() for p in result.problems]}, ensure_ascii=False))
    elif not result.problems:
        print(f"{path}: no problems ({counted(result.claims, 'claim')}).")
    else:
        print(f"{path}: {counted(len(result.problems), 'problem')}.")
        for p in result.problems:
            where = p.where + (f" line {p.line}" if p.line else "")
            print(f"  {where}: {p.sentence}")
        print(f"`jingtui db repair {path} -o NEW.json` copies every readable record "
              f"({counted(result.claims, 'claim')}) into a new file.")
    return 0 if not result.problems else 1


def _add_repair(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("db", metavar="DB", help="the damaged annotation database file (left untouched)")
    parser.add_argument("-o", "--output", metavar="NEW", required=True, help="the new database file to write")
    parser.add_argument("--json", action="store_true",
                        help="print {database, output, claims, snapshot_documents, journal_changes, problems}")


def _run_repair(args: argparse.Namespace) -> int:
    from jingtui.store.repair import repair_database

    path = _local_path(args.db)
    out = Path(args.output).expanduser()
    result = repair_database(path, out)
    if args.json:
        print(json.dumps({"database": str(path), "output": str(out), "claims": result.claims,
                          "snapshot_documents": result.snapshot_documents,
                          "journal_changes": result.journal_changes,
                          "problems": [p.as_dict() for p in result.problems]}, ensure_ascii=False))
        return 0
    for p in result.problems:
        where = p.where + (f" line {p.line}" if p.line else "")
        print(f"left out: {where}: {p.sentence}", file=sys.stderr)
    print(f"Wrote {out}: {counted(result.claims, 'claim')} ({counted(result.snapshot_documents, 'document')} from the "
          f"snapshot, {counted(result.journal_changes, 'change')} from the journal); {path} was not changed. "
          f"Open it with --db {out}.")
    return 0




SUBCOMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]] = {
    "init": (_add_init, _run_init, "create or upgrade the schema of a team database (PostgreSQL)"),
    "copy": (_add_copy, _run_copy, "copy every claim, article state and setting between two databases"),
    "check": (_add_check, _run_check, "report every problem of an annotation database file and its journal"),
    "repair": (_add_repair, _run_repair, "copy every readable record of a damaged database file into a new file"),
}


def add_parser(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_command", metavar="SUBCOMMAND")
    for name, (add, _run, help_text) in SUBCOMMANDS.items():
        add(sub.add_parser(name, help=help_text, description=help_text))


def run(args: argparse.Namespace) -> int:
    if not getattr(args, "db_command", None):
        raise UserError("Give a db subcommand: " + ", ".join(SUBCOMMANDS) + ".")
    return SUBCOMMANDS[args.db_command][1](args)
