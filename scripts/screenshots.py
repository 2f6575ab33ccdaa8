"""Screenshots of jingtui's main states, for the README: SVG (Chinese at full width) and PNG.

    python scripts/screenshots.py [--seeds data/seeds] [--out screenshots] [--no-png]

Drives the app headless (Textual's ``run_test``) on a scratch copy of the seed folder, with a scratch
database, and writes to ``--out``:

- ``main.svg``      160x48: the article list, original and cleaned text side by side (article 002,
                     Traditional with pinyin on the left), three claims tagged, one of each label;
- ``help.svg``      160x48: the help screen (``?``);
- ``warnings.svg``  160x48: the article with the most warnings, scrolled to its first damaged
                     paragraph, with the warnings listed (the key that shows them);
- ``export.svg``    160x48: the export dialog (``ctrl+e``), when the app has it;
- ``corpus.svg``    160x48: the corpus view, when the app has it;
- ``corpus-over-time.svg`` 160x48: its chart of claims per month (tab ``4``);
- ``corpus-suggestions.svg`` 160x48: its slogans tab with the suggestions included (``g``);
- ``narrow.svg``    80x24: the same article on a small terminal;
- ``picker.svg`` and ``codebook.svg`` 160x48: the reader under the demonstration codebook
                     (``scripts/demo_codebook.toml``: hierarchy, Chinese names, colours, fields), claims tagged
                     with code keys, then the code picker (``c``) filtered by pinyin initials, and the codebook
                     panel (``C``) with the tree, counts and a code's definition;
- ``adjudication.svg`` 160x48: the adjudication screen on a copy of the seeds coded by two reviewers with
                     deliberate disagreements (``scripts/make_adjudication_demo.py``), two of them settled;

each fixed with ``jingtui.app.svg.fix_cjk_text_widths`` (Rich's SVG squeezes Chinese to half width),
plus ``<name>.png`` rendered by ``rsvg-convert`` (librsvg) with a monospaced font and the Simplified
Chinese Noto CJK font. librsvg ignores ``textLength``, so the PNG is made from a copy of the SVG with
one ``<text>`` per character (``split_text_into_cells``). Needs ``rsvg-convert`` (Debian:
``librsvg2-bin``) and ``fonts-noto-cjk`` for the PNGs; ``--no-png`` skips them.

Which claims get tagged is decided by generic rules, not by the text of a seed: the first body sentence
with a digit is tagged metric, the first with quotation marks slogan, the next long one anecdote.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tui"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # cjk_svg beside it, also when a test loads this file

import contextlib  # noqa: E402 - after the path to the package, with the other imports of this part

from cjk_svg import fix_cjk_text_widths, split_text_into_cells  # noqa: E402 - beside this script

WIDE = (160, 48)
NARROW = (80, 24)
# A number with a measure word or unit: a metric claim in any article.
METRIC = re.compile(r"\d+(?:\.\d+)?\s*(?:余|多)?\s*(?:万|亿)?\s*(?:起|人|名|个|项|件|元|户|次|家|辆|%|％|公里|吨)")
PNG_FONTS = "'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', monospace"


# ---- SVG and PNG ------------------------------------------------------------------------------
def raster_svg(svg: str) -> str:
    """A copy of ``svg`` for librsvg: one element per character, local fonts instead of web fonts."""
    svg = split_text_into_cells(svg)
    svg = re.sub(r"font-family:\s*Fira Code,\s*monospace", f"font-family: {PNG_FONTS}", svg)
    return svg


def write_png(svg: str, png: Path) -> None:
    converter = shutil.which("rsvg-convert")
    if converter is None:
        raise SystemExit("rsvg-convert is missing: apt-get install librsvg2-bin fonts-noto-cjk (or use --no-png)")
    with tempfile.NamedTemporaryFile("w", suffix=".svg", encoding="utf-8", delete=False) as tmp:
        tmp.write(raster_svg(svg))
    try:
        subprocess.run([converter, "--format=png", "--output", str(png), tmp.name], check=True)
    finally:
        Path(tmp.name).unlink(missing_ok=True)


class Shooter:
    def __init__(self, out: Path, png: bool) -> None:
        self.out = out
        self.png = png
        self.written: list[Path] = []

    def shoot(self, app, name: str, title: str) -> None:
        svg = fix_cjk_text_widths(app.export_screenshot(title=title))
        path = self.out / f"{name}.svg"
        path.write_text(svg, encoding="utf-8")
        self.written.append(path)
        if self.png:
            png = path.with_suffix(".png")
            write_png(svg, png)
            self.written.append(png)


# ---- driving the app --------------------------------------------------------------------------
def pick_article(paths: list[str], prefix: str) -> str:
    """The article whose file name starts with ``prefix`` (else the first)."""
    for path in paths:
        if Path(path).name.startswith(prefix):
            return path
    return paths[0]


def pick_sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """(offset inside a sentence, key) for up to three sentences: a number, a quotation, a long one."""
    body = [(s, e) for s, e in spans if e - s >= 12 and "\n" not in text[s:e].strip()][1:]  # past the title
    chosen: list[tuple[int, str]] = []
    used: set[int] = set()

    def take(test, key: str) -> bool:
        for start, end in body:
            if start not in used and test(text[start:end]):
                used.add(start)
                chosen.append((start + 1, key))
                return True
        return False

    take(lambda s: METRIC.search(s) is not None, "1") or take(lambda s: re.search(r"\d", s) is not None, "1")
    take(lambda s: "“" in s or "「" in s, "2")
    take(lambda s: len(s) >= 30, "3")
    return chosen


async def settle(pilot, app) -> None:
    await pilot.pause()
    with contextlib.suppress(Exception):
        await app.workers.wait_for_complete()
    await pilot.pause()


async def tag_claims(pilot, app) -> None:
    pane = app.reader.cleaned_pane
    for offset, key in pick_sentences(pane.text, list(pane.nav.spans)):
        pane.move_to_offset(offset)
        await pilot.press(key)
    pane.move_to_offset(0)
    await pilot.pause()


def densest_warning(warnings, reach: int = 40):
    """The warning (with a non-empty span) that has the most other warnings within ``reach`` characters."""
    visible = [w for w in warnings if w.end > w.start] or list(warnings)
    return max(visible, key=lambda w: sum(1 for v in warnings if abs(v.start - w.start) <= reach))


def first_warning_article(app) -> str | None:
    best, count = None, 0
    for path in app.reader.order:
        entry = app.reader.ensure_loaded(path)
        n = len(entry.clean.warnings) if entry.clean is not None else 0
        if n > count:
            best, count = path, n
    return best


async def wide_states(root: Path, db: Path, shooter: Shooter) -> None:
    from jingtui.app.app import JingtuiApp

    app = JingtuiApp(root, db_path=db, reviewer="reviewer")
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(pilot, app)
        article = pick_article(app.reader.order, "002")
        app.reader.show_article(article, focus="cleaned", restore=False)
        await settle(pilot, app)
        await tag_claims(pilot, app)
        app.clear_notifications()
        await settle(pilot, app)
        shooter.shoot(app, "main", "jingtui: list, original and cleaned text side by side")

        await pilot.press("question_mark")
        await settle(pilot, app)
        shooter.shoot(app, "help", "jingtui: help")
        await pilot.press("escape")
        await settle(pilot, app)

        damaged = first_warning_article(app)
        if damaged is not None:
            app.reader.show_article(damaged, focus="cleaned", restore=False)
            await settle(pilot, app)
            clean = app.reader.entries[damaged].clean
            target = densest_warning(clean.warnings)
            app.reader.cleaned_pane.move_to_offset(max(0, target.start - 1), center=True)
            await pilot.press("w")  # moves to the next warning and lists them
            await settle(pilot, app)
            await pilot.pause(0.3)  # let the toast appear
            shooter.shoot(app, "warnings", "jingtui: an article with damaged text")
            app.clear_notifications()

        app.reader.show_article(article, focus="cleaned", restore=False)
        await settle(pilot, app)
        try:
            from jingtui.app.screens.export import ExportDialog  # noqa: F401
        except ImportError:
            pass
        else:
            await pilot.press("ctrl+e")
            await settle(pilot, app)
            if type(app.screen).__name__ == "ExportDialog":
                shooter.shoot(app, "export", "jingtui: export")
                await pilot.press("escape")
                await settle(pilot, app)
        try:
            from jingtui.app.screens.corpus_view import CorpusView
        except ImportError:
            pass
        else:
            view = CorpusView(app.root, app.db_path)
            app.push_screen(view)
            await settle(pilot, app)
            shooter.shoot(app, "corpus", "jingtui: corpus view")
            await pilot.press("4")  # the chart of claims per month (its figures load when the tab is shown)
            for _ in range(200):
                await pilot.pause(0.05)
                if all(getattr(pane, "figures", None) is not None for pane in view.query("TimelinePane")):
                    break
            await settle(pilot, app)
            shooter.shoot(app, "corpus-over-time", "jingtui: corpus view, claims per month")
            await pilot.press("1")
            await settle(pilot, app)
            await pilot.press("g")  # with the suggestions (computed in a child process)
            for _ in range(600):
                await pilot.pause(0.05)
                if view.data is not None and view.data.with_suggestions and not view.filling:
                    break
            await pilot.press("2")
            await settle(pilot, app)
            shooter.shoot(app, "corpus-suggestions", "jingtui: corpus view, slogans with suggestions")
            await pilot.press("escape")
            await settle(pilot, app)


async def adjudication_state(root: Path, shooter: Shooter) -> None:
    """Two reviewers' codings made as the demo script makes them, then the adjudication screen."""
    import importlib.util

    from jingtui.app.app import JingtuiApp
    from jingtui.workspace import Workspace

    demo_script = REPO / "scripts" / "make_adjudication_demo.py"
    spec = importlib.util.spec_from_file_location("make_adjudication_demo", demo_script)
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    db = root / ".jingtui" / "adjudication.json"
    workspace = Workspace(root)
    demo.code(workspace, db, "ann", False, 10)
    demo.code(workspace, db, "bo", True, 10)
    app = JingtuiApp(root, db_path=db, reviewer="chair", adjudicate=(("ann", "bo"), "consensus"))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        await pilot.press("b", "a")  # bo's claim of the first disagreement, ann's of the second
        await settle(pilot, app)
        app.clear_notifications()
        await settle(pilot, app)
        shooter.shoot(app, "adjudication", "jingtui: adjudicating two reviewers' disagreements")


async def codebook_states(root: Path, shooter: Shooter) -> None:
    """A copy of the seeds with the demonstration codebook: code keys, the picker, the panel."""
    from jingtui.app.app import JingtuiApp

    shutil.copyfile(REPO / "scripts" / "demo_codebook.toml", root / "codebook.toml")
    app = JingtuiApp(root, db_path=root / ".jingtui" / "codebook-demo.json", reviewer="reviewer")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        app.reader.show_article(pick_article(app.reader.order, "002"), focus="cleaned", restore=False)
        await settle(pilot, app)
        pane = app.reader.cleaned_pane
        keys = {"1": "5", "2": "7", "3": "6"}  # a number: 物价; a quotation: 话语; a long one: 治理
        for offset, key in pick_sentences(pane.text, list(pane.nav.spans)):
            pane.move_to_offset(offset)
            await pilot.press(keys[key])
        await settle(pilot, app)
        app.clear_notifications()
        await pilot.press("c", "j")  # the picker, filtered by pinyin initials: 经济, 就业, 基层治理 ...
        await settle(pilot, app)
        shooter.shoot(app, "picker", "jingtui: the code picker (c), typing pinyin initials")
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("C", "down")
        await settle(pilot, app)
        shooter.shoot(app, "codebook", "jingtui: the codebook panel (C)")


async def narrow_state(root: Path, db: Path, shooter: Shooter) -> None:
    from jingtui.app.app import JingtuiApp

    app = JingtuiApp(root, db_path=db, reviewer="reviewer")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        app.reader.show_article(pick_article(app.reader.order, "002"), focus="cleaned", restore=False)
        await settle(pilot, app)
        app.clear_notifications()
        await settle(pilot, app)
        shooter.shoot(app, "narrow", "jingtui: 80x24")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO / "data" / "seeds")
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    parser.add_argument("--no-png", action="store_true", help="write the SVGs only")
    parser.add_argument("--only", choices=("wide", "narrow", "adjudication", "codebook"), action="append",
                        help="only these states (repeatable; default: all)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    shooter = Shooter(args.out, png=not args.no_png)
    args.out = args.out.resolve()
    shooter.out = args.out
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="jingtui-shots-") as scratch:
        shutil.copytree(args.seeds, Path(scratch) / "seeds", ignore=shutil.ignore_patterns(".jingtui"))
        # Relative paths, so the screens show "seeds/..." rather than a scratch folder's name.
        os.chdir(scratch)
        try:
            root = Path("seeds")
            db = root / ".jingtui" / "annotations.json"
            only = set(args.only or ("wide", "narrow", "adjudication", "codebook"))
            if "wide" in only:
                asyncio.run(wide_states(root, db, shooter))
            if "narrow" in only:
                asyncio.run(narrow_state(root, db, shooter))
            if "adjudication" in only:
                asyncio.run(adjudication_state(root, shooter))
            if "codebook" in only:
                demo = Path("语料")
                shutil.copytree(root, demo, ignore=shutil.ignore_patterns(".jingtui", "codebook.toml"))
                asyncio.run(codebook_states(demo, shooter))
        finally:
            os.chdir(here)
    for path in shooter.written:
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
