"""Opening the adjudication screen on an article with 400 claims of three reviewers (run on demand):
``python tests/bench/bench_adjudicate_screen.py [--runs N]``.

A scratch corpus holds the seeds plus one long article (a seed's body repeated to about 20,000 characters);
three reviewers code it with 134 claims each (a third of them moved, recoded or left out, as in
``bench_adjudicate.py``). Timed under ``run_test`` (160x48), with the article's cleaned text already in
the app (as when the reader has it open):

1. the first opening: a new screen pushed until its first frame is painted (``push_screen`` then
   ``pilot.pause()``: the corpus counts, the article's items and lanes, mounting the widgets, layout, paint);
2. opening it again as the reader's key does (the screen stays installed: fresh counts, the article shown);
3. switching the screen to that article from another (``show_article``) and painting.

Wall and CPU time: on the shared machine wall time includes waiting for a core. The goal: under 100 ms.

Figures: tests/bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tui"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_adjudicate import LABELS  # noqa: E402

LONG = "long.txt"


def make_corpus(root: Path) -> Path:
    shutil.copytree(REPO / "data" / "seeds", root, ignore=shutil.ignore_patterns(".jingtui"))
    paragraph = ("第{n}段：今年以来，全市公安机关坚持以人民为中心的发展思想，"
                 "共破获刑事案件{n}34起，抓获犯罪嫌疑人{n}7名，同比分别上升12.{n}%和8.9%。村民老张说，现在办事不用出村，让群众少跑腿、数据多跑路，日子越过越好。")
    body = "\n\n".join(paragraph.format(n=n) for n in range(190))
    (root / LONG).write_text("长文章的标题\n\n" + body + "\n", encoding="utf-8")
    from jingtui.store.claims import ClaimStore
    from jingtui.store.model import make_claim
    from jingtui.workspace import Workspace

    workspace = Workspace(root)
    clean = workspace.clean(workspace.read(LONG))
    text = clean.text
    db = root / ".jingtui" / "annotations.json"
    with ClaimStore.open(db, sync=False) as store:
        claims = []
        step = (len(text) - 80) // 134
        for i in range(134):
            start = 10 + i * step
            for r, who in enumerate(("ann", "bo", "cy")):
                s, e, label = start, start + 12 + i % 20, LABELS[i % 3]
                twist = (i * 3 + r) % 9 if r else -1
                if twist == 0:
                    continue
                if twist == 1:
                    s += 2
                elif twist == 2:
                    label = LABELS[(i + 1) % 3]
                claims.append(make_claim(LONG, text, s, e, label, text_sha256=clean.sha256, reviewer=who))
        seed = sorted(p.name for p in root.glob("0*.txt"))[0]  # a second article to switch from
        seed_clean = workspace.clean(workspace.read(seed))
        for who, start in (("ann", 10), ("bo", 12), ("cy", 10)):
            claims.append(make_claim(seed, seed_clean.text, start, start + 8, "metric", text_sha256=seed_clean.sha256,
                                     reviewer=who))
        store.add_many(claims)
        print(f"{len(text)} characters, {len(claims)} claims of 3 reviewers on {LONG}")
    return db


async def measure(root: Path, db: Path, runs: int) -> None:
    from jingtui.adjudicate.workbench import Adjudication
    from jingtui.app.adjudicating import open_adjudication
    from jingtui.app.app import JingtuiApp
    from jingtui.app.screens.adjudication import AdjudicationScreen

    app = JingtuiApp(root, db, reviewer="chair")
    async with app.run_test(size=(160, 48)) as pilot:
        app.workers.cancel_group(app, "load")
        for path in app.order:
            app.ensure_loaded(path)
        app.show_article(LONG)
        await pilot.pause()

        def text_of(path: str):
            clean = app.ensure_loaded(path).clean
            return (clean.text, clean.sha256) if clean else None

        def clock() -> tuple[float, float]:
            return time.perf_counter(), time.process_time()

        figures: dict[str, list[tuple[float, float]]] = {"first": [], "again": [], "switch": []}

        def lap(name: str, start: tuple[float, float]) -> None:
            figures[name].append((time.perf_counter() - start[0], time.process_time() - start[1]))

        for _ in range(runs):
            start = clock()
            screen = AdjudicationScreen(Adjudication(app.store, ("ann", "bo", "cy")), text_of, article=LONG)
            await app.push_screen(screen)
            await pilot.pause()
            lap("first", start)
            assert len(screen.items) + screen.agreed > 100
            app.pop_screen()
            await pilot.pause()
        open_adjudication(app, ("ann", "bo", "cy"))  # installs the screen the reader's key reuses
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        for _ in range(runs):
            start = clock()
            open_adjudication(app, ("ann", "bo", "cy"))
            await pilot.pause()
            lap("again", start)
            screen = app.screen
            other = next(a for a in screen.articles if a != LONG)
            screen.show_article(other)
            await pilot.pause()
            start = clock()
            screen.show_article(LONG)
            await pilot.pause()
            lap("switch", start)
            app.pop_screen()
            await pilot.pause()
        for name, what in (("first", "open the screen the first time (mount)"),
                           ("again", "open it again from the reader (installed)"),
                           ("switch", "switch to the article inside the screen")):
            wall = statistics.median(w for w, _ in figures[name]) * 1000
            cpu = statistics.median(c for _, c in figures[name]) * 1000
            print(f"{what}: median {wall:.0f} ms wall, {cpu:.0f} ms CPU")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        db = make_corpus(root)
        asyncio.run(measure(root, db, args.runs))


if __name__ == "__main__":
    main()
