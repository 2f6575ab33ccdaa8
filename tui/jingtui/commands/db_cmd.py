"""``jingtui db init URL`` and ``jingtui db copy FROM TO``: the team database's schema, and moving a
corpus's claims between a TinyDB file and a team database.

Each ``db`` subcommand is a pair ``(add_parser, run)`` in :data:`SUBCOMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from jingtui.errors import UserError


def _add_init(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", metavar="URL", help="the team database, postgresql://[USER@]HOST/NAME "
                        "(password from PGPASSWORD or ~/.pgpass, never on the command line)")
    parser.add_argument("--reviewer", action="append", default=[], metavar="NAME",
                        help="make NAME a reviewer (a database role; created if missing); repeat for several")
    parser.add_argument("--adjudicator", action="append", default=[], metavar="NAME",
                        help="make NAME an adjudicator: a reviewer who may also write the consensus reviewer's claims")
    parser.add_argument("--consensus", metavar="NAME", help="the consensus reviewer's name (default consensus)")


def _run_init(args: argparse.Namespace) -> int:
    from jingtui.store.location import is_server_url, redact
    from jingtui.store.pg import schema
    from jingtui.store.pg.connect import connect, first_line

    import psycopg

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


SUBCOMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]] = {
    "init": (_add_init, _run_init, "create or upgrade the schema of a team database (PostgreSQL)"),
    "copy": (_add_copy, _run_copy, "copy every claim, article state and setting between two databases"),
}


def add_parser(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_command", metavar="SUBCOMMAND")
    for name, (add, _run, help_text) in SUBCOMMANDS.items():
        add(sub.add_parser(name, help=help_text, description=help_text))


def run(args: argparse.Namespace) -> int:
    if not getattr(args, "db_command", None):
        raise UserError("Give a db subcommand: " + ", ".join(SUBCOMMANDS) + ".")
    return SUBCOMMANDS[args.db_command][1](args)
