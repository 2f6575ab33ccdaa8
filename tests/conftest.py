"""Paths shared by every test."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "seeds"
TEST_DATA = REPO / "tests" / "data"
CORPUS = TEST_DATA / "corpus"  # 24 real pages, described in tests/data/corpus/SOURCES.md
LINE_LABELS = TEST_DATA / "line_labels"
EXTRACTION_REFERENCE = TEST_DATA / "extraction_reference"
PHRASE_TESTS = TEST_DATA / "phrase_tests.tsv"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A scratch copy of the seeds, so a test may write its database beside them."""
    import shutil

    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
