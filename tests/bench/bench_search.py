"""Benchmark of corpus search and of coding its hits (run on demand).

    python tests/bench/bench_search.py [--articles 1000] [--runs 5] [--query 发展] [--code 1000]
    python tests/bench/bench_search.py --articles 100000 --folder /tmp/big   # kept for the next run

The corpus: the seeds and the shared corpus (``../shared/corpus``) repeated to ``--articles`` files, 1,000
per folder. The copies are hard links to one private copy of each source file (100,000 copies cost no
disk): the caches of read and cleaned articles, keyed by the bytes, are shared by the copies, while the
search index holds every copy's text on its own (its size and every scan are those of the whole corpus).

Timed (medians of ``--runs``; the load average of the machine printed beside them, it is shared):

* the first build of the index (every article read: the caches filled once per source file);
* a warm reopen: a new ``CorpusSearch`` checking the index against the folder and loading it;
* ``search`` of a two-character word (the goal: 1,000 articles < 100 ms, 100,000 < 1 s, warm index) and of
  ``两个维护``; the first 50 rows as the screen draws them; ``search_corpus`` (what ``jingtui search`` does:
  folder, refresh, search, every hit made);
* coding ``--code`` hits in one step (passages widened to the sentence, with their cleaned text's hash and
  original offsets, then ``tag_many`` into an empty database; goal < 1 s for 1,000), and its undo.

Figures: tests/bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tui"))

from jingtui.search.code_hits import passages_of, search_fields
from jingtui.search.corpus_search import CorpusSearch, search_corpus
from jingtui.search.kwic import Query
from jingtui.store import AnnotationSession, ClaimStore
from jingtui.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "data" / "seeds", ROOT.parent.parent / "shared" / "corpus"]
SUFFIXES = (".txt", ".md", ".html")
PER_FOLDER = 1000


def make_corpus(dest: Path, articles: int) -> Path:
    """``articles`` hard links under ``dest/corpus`` to private copies (``dest/sources``) of the seeds
    and the shared corpus; what is there already is kept."""
    private = dest / "sources"
    private.mkdir(parents=True, exist_ok=True)
    files = []
    for folder in SOURCES:
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.suffix in SUFFIXES and not path.stem.isupper():
                copy = private / path.name
                if not copy.exists():
                    shutil.copyfile(path, copy)
                files.append(copy)
    root = dest / "corpus"
    for i in range(articles):
        folder = root / f"{i // PER_FOLDER:04}"
        if i % PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"a{i:06}_{files[i % len(files)].name}"
        if not target.exists():
            os.link(files[i % len(files)], target)
    return root


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(work, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def report(what: str, seconds: float, extra: str = "") -> None:
    print(f"{what}: {seconds * 1000:,.1f} ms{(' ' + extra) if extra else ''} (load {load()})", flush=True)


def bench_coding(ws: Workspace, searcher: CorpusSearch, query: Query, count: int, tmp: Path, runs: int) -> None:
    table = searcher.search(query)
    # one hit per article (the first of each), as many articles as hits: the costly case (a cleaned
    # text read from the cache and an offset map per hit)
    firsts = [i for i in range(len(table)) if i == 0 or table.ranks[i] != table.ranks[i - 1]]
    rows = firsts[:count] if len(firsts) >= count else range(min(count, len(table)))

    def clean_of(path: str):
        return ws.cached_file(path)

    for unit in ("hit", "sentence"):
        times, undo_times = [], []
        for run in range(runs):
            db = tmp / f"coding-{unit}-{run}.json"
            with ClaimStore.open(db) as store:
                session = AnnotationSession(store, reviewer="bench")
                began = time.perf_counter()
                got = passages_of(table, rows, unit, clean_of)
                claims, skipped = session.tag_many(got.passages, "slogan", fields=search_fields(query))
                times.append(time.perf_counter() - began)
                began = time.perf_counter()
                session.undo()
                undo_times.append(time.perf_counter() - began)
                assert len(store) == 0
        left = f"; {skipped} widened to a sentence coded already" if skipped else ""
        articles = len({table.ranks[i] for i in rows})
        report(f"code {len(rows):,} hits of {articles:,} articles in one step "
               f"(widened to the {unit}: {len(claims):,} claims{left})",
               statistics.median(times))
        report(f"undo of that step ({len(claims):,} claims)", statistics.median(undo_times))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="发展")
    parser.add_argument("--code", type=int, default=1000, help="hits coded in one step")
    parser.add_argument("--folder", type=Path, help="make (or reuse) the corpus here instead of a temporary folder")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        root = make_corpus(args.folder or tmp, args.articles)
        ws = Workspace(root)
        began = time.perf_counter()
        searcher = CorpusSearch(ws)
        index = searcher.refresh(None)
        report(f"{len(index.articles):,} articles, {index.characters:,} characters: index refreshed, "
               f"{index.reread:,} articles read", time.perf_counter() - began)
        reopen, _ = timed(lambda: CorpusSearch(ws).refresh(None), max(1, min(args.runs, 3)))
        report("warm reopen (new CorpusSearch: folder listed, each file stat'ed, index loaded)", reopen)
        for text in (args.query, "两个维护"):
            query = Query(text)
            seconds, table = timed(lambda q=query: searcher.search(q), args.runs)
            report(f"search {text} ({len(table):,} hits, warm index)", seconds)  # type: ignore[arg-type]
        rows, _ = timed(lambda: table.hits(0, 50), args.runs)  # type: ignore[attr-defined]
        report("50 rows with their context (a screen of hits)", rows)
        whole, result = timed(lambda: search_corpus(ws, Query(args.query)), max(1, min(args.runs, 3)))
        report(f"search_corpus {args.query} (jingtui search: refresh, search, every Hit made)", whole)
        bench_coding(ws, searcher, Query(args.query), args.code, tmp, max(1, min(args.runs, 3)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
