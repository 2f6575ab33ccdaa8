"""``jingtui adjudicate DIR --reviewers A,B[,C] [--as NAME] [--force] [--db PATH] [--json]``: settle the
disagreements of two or three reviewers into a consensus reviewer's claims.

Without ``--json`` the adjudication screen opens (the reader with the reviewers' claims in lanes and the
disagreements listed); with ``--json`` the disagreement list and the counts are printed and nothing changes.
``--accept-agreed`` puts every claim the reviewers agree on into the consensus first (one undoable step
per article on the screen; stored at once from the command line).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jingtui.commands.db_option import DB_HELP
from jingtui.errors import UserError

if TYPE_CHECKING:
    from jingtui.adjudicate.workbench import Adjudication


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the corpus folder")
    parser.add_argument("--reviewers", metavar="A,B[,C]", required=True,
                        help="the two or three reviewers to adjudicate, as named in the database")
    parser.add_argument("--as", dest="consensus", metavar="NAME", default="consensus",
                        help="the reviewer name the consensus is stored under (default: consensus)")
    parser.add_argument("--force", action="store_true",
                        help="adjudicate into a consensus name that already holds claims made by hand")
    parser.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    parser.add_argument("--json", action="store_true",
                        help="print the disagreements and counts as JSON instead of opening the screen")
    parser.add_argument("--accept-agreed", action="store_true",
                        help="put every claim the reviewers agree on into the consensus")


def reviewer_names(value: str | None) -> tuple[str, ...]:
    names = tuple(n.strip() for n in (value or "").split(","))
    if not all(names) or len(names) < 2:
        raise UserError("Give two or three reviewers separated by commas, for example --reviewers ann,bo.")
    return names


def _item_record(item: Any, settled: bool, reviewers: Sequence[str]) -> dict[str, Any]:
    return {
        "start": item.start, "end": item.end, "kinds": list(item.kinds), "settled": settled,
        "versions": {name: [{"id": c.id, "label": c.label, "start": c.start, "end": c.end, "quote": c.quote,
                             "fields": dict(c.fields)} for c in version]
                     for name, version in zip(reviewers, item.versions, strict=False)},
    }


def listing(work: Adjudication) -> dict[str, Any]:
    """The disagreement list of the corpus (reading order within each article) with counts."""
    from jingtui.adjudicate.disagreements import Counts

    counts = work.corpus_counts()
    disagreements = work.corpus_items(agreed=False)
    articles = []
    for article, article_counts in counts.items():
        decided = work.decided(article)
        records = [_item_record(item, work.is_settled(item, decided), work.reviewers)
                   for item in disagreements.get(article, ())]
        articles.append({"article": article, "counts": article_counts.to_dict(), "disagreements": records})
    return {"reviewers": list(work.reviewers), "consensus": work.consensus,
            "counts": sum(counts.values(), Counts()).to_dict(), "articles": articles}


def run(args: argparse.Namespace) -> int:
    from jingtui.adjudicate.workbench import Adjudication, check_reviewers
    from jingtui.store.errors import StoreError
    from jingtui.workspace import Workspace, check_corpus

    root = check_corpus(Path(args.folder).expanduser())
    reviewers = reviewer_names(args.reviewers)
    consensus = (args.consensus or "").strip()
    if not consensus:
        raise UserError("Give the consensus a name with --as NAME.")
    workspace = Workspace(root, args.db)  # a file, or a team database (the adjudicator's role writes the consensus)
    if not workspace.has_store():
        raise UserError(f"There is no annotation database at {workspace.db}; import the reviewers' exports first "
                        "(jingtui import FILE DIR) or give --db.")
    try:
        store = workspace.open_store(read_only=args.json and not args.accept_agreed, reviewer=consensus)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    try:
        check_reviewers(store, reviewers, consensus, force=args.force)
        work = Adjudication(store, reviewers, consensus)
        if args.accept_agreed:
            accepted = work.accept_agreed(work.corpus_counts())
            if not args.json:
                print(f"Accepted the agreed claims of {len(accepted)} article{'s' if len(accepted) != 1 else ''} "
                      f"into {consensus!r}.")
        if args.json:
            print(json.dumps(listing(work), ensure_ascii=False, indent=2))
            return 0
    finally:
        store.close()
    return _open_screen(root, workspace.db, reviewers, consensus)


def _open_screen(root: Path, db_path: Path | str, reviewers: tuple[str, ...], consensus: str) -> int:
    from jingtui.app import services
    from jingtui.app.app import JingtuiApp
    from jingtui.commands.open_cmd import _open_store

    # on a team database the adjudicator's role writes the consensus reviewer's claims
    who = consensus if services.is_server_url(db_path) else services.default_reviewer()
    store, session = _open_store(root, db_path, who)
    app = JingtuiApp(root, db_path, session.reviewer, store=store, session=session,
                     adjudicate=(reviewers, consensus))
    app.run()
    return 0
