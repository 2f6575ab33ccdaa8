"""Snapshot tests of the screens ``scripts/screenshots.py`` makes that test_app_snapshots.py and
test_adjudication_screen.py do not cover: help, warnings, export dialog, corpus view, code picker and
codebook panel. Each is driven as the script drives it (same size, same keys), on a scratch copy of the
seeds opened by a relative path (so no scratch folder's name shows), with a fixed reviewer and the
header's clock frozen. Update with ``pytest --snapshot-update`` and look at the SVGs under
``tests/tui/__snapshots__/test_screen_snapshots/``."""

from __future__ import annotations

import importlib.util
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from jingtui.app.app import JingtuiApp

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "002_a12cabb78c2b9679.txt"
WIDE = (160, 48)


def load_script():
    """scripts/screenshots.py, for its rules of which sentences to tag and which warning to show."""
    spec = importlib.util.spec_from_file_location("screenshots", REPO / "scripts" / "screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = load_script()


class FrozenDatetime(datetime):
    """``datetime.now()`` at a fixed moment: the export dialog's default file name carries a stamp."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return cls(2024, 1, 2, 3, 4, 5, tzinfo=tz)


@pytest.fixture
def scratch(seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seeds as ``seeds`` relative to the working directory, as the screenshot script opens them."""
    monkeypatch.chdir(tmp_path)
    import jingtui.app.screens.export as export

    monkeypatch.setattr(export, "datetime", FrozenDatetime)
    return Path("seeds")


def make_app(root: Path) -> JingtuiApp:
    return JingtuiApp(root, db_path=root / ".jingtui" / "annotations.json", reviewer="reviewer")


async def settle(pilot) -> None:
    """Every article loaded (rows independent of timing), the clock frozen, article 002 open."""
    app = pilot.app
    app.workers.cancel_group(app.reader, "load")
    for entry in app.reader.entries.values():
        app.reader.ensure_loaded(entry.path)
    app.reader.article_list.rebuild()
    header = app.reader.header_bar
    header.clock = lambda: header.started
    app.reader.show_article(ARTICLE, focus="cleaned", restore=False)
    await pilot.pause()


def freeze_article_time(app) -> None:
    """Time spent on earlier visits to the article (measured with the real clock) shows as zero."""
    header = app.reader.header_bar
    header.article_seconds = 0.0
    header.refresh()


def drop_toasts(app) -> None:
    app.clear_notifications()
    for toast in list(app.query("Toast")):
        toast.remove()


def test_help_160x48(snap_compare, scratch: Path) -> None:
    async def run(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(scratch), terminal_size=WIDE, run_before=run)


def test_export_dialog_160x48(snap_compare, scratch: Path) -> None:
    async def run(pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "ExportDialog"

    assert snap_compare(make_app(scratch), terminal_size=WIDE, run_before=run)


def test_warnings_160x48(snap_compare, scratch: Path) -> None:
    async def run(pilot) -> None:
        await settle(pilot)
        app = pilot.app
        counts = {path: len(app.reader.entries[path].clean.warnings) for path in app.reader.order
                  if app.reader.entries[path].clean is not None}
        damaged = max(counts, key=lambda path: counts[path])
        assert counts[damaged] > 0
        app.reader.show_article(damaged, focus="cleaned", restore=False)
        await pilot.pause()
        warnings = app.reader.entries[damaged].clean.warnings
        target = SCRIPT.densest_warning(warnings)
        app.reader.cleaned_pane.move_to_offset(max(0, target.start - 1), center=True)
        await pilot.press("w")  # the next warning, and the list of them
        await pilot.pause(0.3)  # the toast shows
        freeze_article_time(app)
        await pilot.pause()

    assert snap_compare(make_app(scratch), terminal_size=WIDE, run_before=run)


def test_corpus_view_160x48(snap_compare, scratch: Path) -> None:
    async def run(pilot) -> None:
        from jingtui.app.screens.corpus_view import CorpusView

        await settle(pilot)
        app = pilot.app
        await SCRIPT.tag_claims(pilot, app)  # three claims, one of each label, as on the main screenshot
        drop_toasts(app)
        view = CorpusView(app.root, app.db_path, store=app.store)
        app.push_screen(view)
        for _ in range(200):
            await pilot.pause(0.05)
            if view.data is not None and not view.filling:
                break
        assert view.data is not None
        await pilot.pause()

    assert snap_compare(make_app(scratch), terminal_size=WIDE, run_before=run)


def codebook_app(scratch: Path) -> JingtuiApp:
    shutil.copyfile(REPO / "scripts" / "demo_codebook.toml", scratch / "codebook.toml")
    return JingtuiApp(scratch, db_path=scratch / ".jingtui" / "codebook-demo.json", reviewer="reviewer")


async def tag_with_codes(pilot) -> None:
    """Three sentences of 002 tagged with the demo codebook's keys 5, 7, 6, as the script does."""
    await settle(pilot)
    app = pilot.app
    pane = app.reader.cleaned_pane
    keys = {"1": "5", "2": "7", "3": "6"}  # a number: 物价; a quotation: 话语; a long one: 治理
    for offset, key in SCRIPT.pick_sentences(pane.text, list(pane.nav.spans)):
        pane.move_to_offset(offset)
        await pilot.press(keys[key])
    await pilot.pause()
    drop_toasts(app)


def test_code_picker_160x48(snap_compare, scratch: Path) -> None:
    async def run(pilot) -> None:
        await tag_with_codes(pilot)
        await pilot.press("c", "j")  # the picker, filtered by pinyin initials
        await pilot.pause()

    assert snap_compare(codebook_app(scratch), terminal_size=WIDE, run_before=run)


def test_codebook_panel_160x48(snap_compare, scratch: Path) -> None:
    async def run(pilot) -> None:
        await tag_with_codes(pilot)
        await pilot.press("C", "down")
        await pilot.pause()

    assert snap_compare(codebook_app(scratch), terminal_size=WIDE, run_before=run)


def test_corpus_view_with_suggestions_160x48(snap_compare, scratch: Path) -> None:
    """``g`` in the corpus view, then its slogans tab, as the script's ``corpus-suggestions`` shot: the
    suggested slogans dim beside the claimed one, with their own column."""

    async def run(pilot) -> None:
        view = await corpus_view_with_claims(pilot)
        await pilot.press("g")  # computed in a child process
        await until_filled(pilot, view, with_suggestions=True)
        await pilot.press("2")
        await pilot.pause()
        assert view.data is not None and view.data.suggestions > 0

    assert snap_compare(make_app(scratch), terminal_size=WIDE, run_before=run)


async def corpus_view_with_claims(pilot):
    """The corpus view opened over the main shot's three claims, its figures shown."""
    from jingtui.app.screens.corpus_view import CorpusView

    await settle(pilot)
    app = pilot.app
    await SCRIPT.tag_claims(pilot, app)
    drop_toasts(app)
    view = CorpusView(app.root, app.db_path, store=app.store)
    app.push_screen(view)
    await until_filled(pilot, view, with_suggestions=False)
    return view


async def until_filled(pilot, view, *, with_suggestions: bool) -> None:
    """Wait until the view shows its figures (with the suggestions when asked) and its tables are full."""
    for _ in range(600):
        await pilot.pause(0.05)
        data = view.data
        if data is not None and data.with_suggestions == with_suggestions and not view.filling:
            return
    raise AssertionError("the corpus view never showed its figures")


def test_corpus_view_over_time_160x48(snap_compare, scratch: Path) -> None:
    """The corpus view's chart of claims per month (tab 4), after the three claims of the main shot."""

    async def run(pilot) -> None:
        from jingtui.app.widgets.timeline_pane import TimelinePane

        view = await corpus_view_with_claims(pilot)
        await pilot.press("4")
        pane = view.query_one(TimelinePane)
        for _ in range(200):
            await pilot.pause(0.05)
            if pane.figures is not None:
                break
        await pilot.pause()
        assert pane.figures is not None and pane.figures.counts.claim_series().total == 3

    assert snap_compare(make_app(scratch), terminal_size=WIDE, run_before=run)
