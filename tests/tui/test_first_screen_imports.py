"""What the app imports before its first frame: a reopened folder pays for no parser and no cleaning rule.

The first screen of a folder opened before comes from the corpus index and the caches, so the reader's
decoders and parsers (HTML, YAML front matter, the metadata patterns), the cleaning pipeline and OpenCC
are not needed until a file changes. Importing them costs about a third of jingtui's own start (issue
18: the five seeds within twice a trivial Textual app). Each check runs in a fresh interpreter, where
``sys.modules`` says what the start imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Imported only when a file is read or cleaned for the first time (or changed since).
PARSING_AND_CLEANING = (
    "yaml",
    "html.parser",
    "opencc",
    "jingtui.corpus.formats",
    "jingtui.corpus.markdown",
    "jingtui.corpus.html",
    "jingtui.corpus.metadata",
    "jingtui.corpus.decode",
    "jingtui.clean.pipeline",
    "jingtui.clean.lines",
)

FIRST_FRAME = r"""
import asyncio, json, sys
from pathlib import Path
from jingtui.app.app import JingtuiApp

async def main():
    app = JingtuiApp(Path(sys.argv[1]), reviewer="test")
    async with app.run_test(size=(160, 48)):
        while app.first_frame_at is None:
            await asyncio.sleep(0.005)
        modules = sorted(sys.modules)
        shown = app.reader.current
    print(json.dumps({"modules": modules, "shown": shown}))

asyncio.run(main())
"""


def first_frame_modules(folder: Path) -> tuple[set[str], str | None]:
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(folder)], capture_output=True, text=True,
                          timeout=120, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return set(answer["modules"]), answer["shown"]


def test_importing_the_app_imports_no_parser_and_no_cleaning_rule() -> None:
    script = "import sys, json, jingtui.app.app; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    imported = set(json.loads(done.stdout))
    assert "jingtui.app.app" in imported
    assert imported.isdisjoint(PARSING_AND_CLEANING), sorted(imported & set(PARSING_AND_CLEANING))


def test_a_reopened_folder_reaches_its_first_frame_without_parsing_or_cleaning(seeds_copy: Path) -> None:
    cold, shown = first_frame_modules(seeds_copy)
    assert shown  # an article is on screen, read and cleaned for the first time: the parsers were needed
    assert "jingtui.clean.pipeline" in cold and "jingtui.corpus.formats" in cold
    warm, shown_again = first_frame_modules(seeds_copy)
    assert shown_again == shown
    assert warm.isdisjoint(PARSING_AND_CLEANING), sorted(warm & set(PARSING_AND_CLEANING))
