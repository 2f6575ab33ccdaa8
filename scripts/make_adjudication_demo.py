"""Make a corpus coded by two reviewers with deliberate disagreements, to try ``jingtui adjudicate`` on.

    python scripts/make_adjudication_demo.py DEST [--source data/seeds] [--reviewers ann,bo]

Copies the articles of ``--source`` into ``DEST``, codes them twice in two scratch databases (reviewer A:
the first ``--per-article`` rule-based suggestions, accepted as they are; reviewer B: the same, with every
fifth claim left out, every fifth moved by a few characters, every fifth recoded, every seventh given
another field value, and one claim of its own per article), exports each as JSON, and merges both into
``DEST``'s database with ``jingtui import``, as two reviewers' exports would be. Prints what it made. The
disagreements are chosen by position in each article's claim list, so any folder of articles works.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from jingtui.cli import main as jingtui
from jingtui.store.claims import ClaimStore
from jingtui.store.model import make_claim
from jingtui.suggest import suggest_claims
from jingtui.workspace import Workspace, readable

LABELS = ("metric", "slogan", "anecdote")


def code(workspace: Workspace, db: Path, reviewer: str, twist: bool, per_article: int) -> int:
    made = 0
    with ClaimStore.open(db, sync=False) as store:
        for rel in workspace.paths():
            article = workspace.read(rel)
            if not readable(article):
                continue
            clean = workspace.clean(article)
            text = clean.text
            found = suggest_claims(text)[:per_article]
            for i, s in enumerate(found):
                start, end, label, fields = s.start, s.end, s.label, dict(s.fields)
                if twist:
                    if i % 5 == 1:
                        continue  # left out
                    if i % 5 == 2 and end + 3 <= len(text):
                        end += 3  # a longer span
                    elif i % 5 == 3:
                        label = LABELS[(LABELS.index(label) + 1) % 3] if label in LABELS else "anecdote"
                    elif i % 7 == 4 and fields:
                        fields = {**fields, "checked": "no"}
                claim = make_claim(rel, text, start, end, label, text_sha256=clean.sha256, reviewer=reviewer,
                                   original_span=clean.to_original.to_original(start, end))
                claim.fields = fields
                store.add(claim)
                made += 1
            if twist and len(text) > 40:  # one claim only B made: the first sentence's first 12 characters
                first = text.index("\n") + 1 if "\n" in text[:-1] else 0
                end = min(len(text), first + 12)
                if end > first:
                    store.add(make_claim(rel, text, first, end, "anecdote", text_sha256=clean.sha256,
                                         reviewer=reviewer))
                    made += 1
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "seeds")
    parser.add_argument("--reviewers", default="ann,bo")
    parser.add_argument("--per-article", type=int, default=10, help="claims of reviewer A per article (default 10)")
    args = parser.parse_args()
    a, b = args.reviewers.split(",")
    if args.dest.exists():
        print(f"{args.dest} exists; give a new folder.", file=sys.stderr)
        return 2
    shutil.copytree(args.source, args.dest, ignore=shutil.ignore_patterns(".jingtui"))
    workspace = Workspace(args.dest)
    with tempfile.TemporaryDirectory() as tmp:
        for name, twist in ((a, False), (b, True)):
            db = Path(tmp) / f"{name}.json"
            made = code(workspace, db, name, twist, args.per_article)
            export = Path(tmp) / f"{name}-export.json"
            jingtui(["export", str(args.dest), "--db", str(db), "-o", str(export)])
            jingtui(["import", str(export), str(args.dest)])
            print(f"{name}: {made} claims")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
