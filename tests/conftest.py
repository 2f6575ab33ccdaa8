"""Paths shared by every test."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest


def _scratch_copy(source: Path) -> Path:
    """A copy of one of the repository's folders of articles, made once for the whole run.

    Commands that read a folder keep its index and caches beside it (``DIR/.jingtui``): run on the
    checkout itself, the tests would write there, and a file left by one run could change what the next
    one sees. The copy is removed when the run ends."""
    target = Path(tempfile.mkdtemp(prefix="jingtui-tests-")) / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".jingtui"))
    atexit.register(shutil.rmtree, target.parent, True)
    return target


REPO = Path(__file__).resolve().parents[1]
SEEDS = _scratch_copy(REPO / "data" / "seeds")
TEST_DATA = REPO / "tests" / "data"
CORPUS = _scratch_copy(TEST_DATA / "corpus")  # 24 real pages, described in tests/data/corpus/SOURCES.md
LINE_LABELS = TEST_DATA / "line_labels"
EXTRACTION_REFERENCE = TEST_DATA / "extraction_reference"
PHRASE_TESTS = TEST_DATA / "phrase_tests.tsv"


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reviewer's own config.toml (remapped keys) never reaches a test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A scratch copy of the seeds, so a test may write its database beside them."""
    target = tmp_path / "seeds"
    # never the folder's index or caches: a test that listed the seeds in place must not change what another sees
    shutil.copytree(SEEDS, target, ignore=shutil.ignore_patterns(".jingtui"))
    return target


# ---------------------------------------------------------------------- PostgreSQL (the team store)


@pytest.fixture(scope="session")
def pg_cluster():
    """The private PostgreSQL cluster of this test session (see tests/pg_cluster.py)."""
    import os

    from pg_cluster import Unavailable, remove_cluster, start_cluster

    try:
        cluster = start_cluster()
    except Unavailable as exc:
        if os.environ.get("JINGTUI_REQUIRE_PG") == "1":
            pytest.fail(f"JINGTUI_REQUIRE_PG=1 and {exc}")
        pytest.skip(str(exc))
    yield cluster
    remove_cluster(cluster)


@pytest.fixture
def pg_db(pg_cluster):
    """A fresh database with the jingtui schema: ``(cluster, name)``."""
    return pg_cluster, pg_cluster.new_database()


@pytest.fixture
def pg_url(pg_db) -> str:
    """The owner's URL of a fresh database with the jingtui schema."""
    cluster, name = pg_db
    return cluster.url(name)


@pytest.fixture(params=(120, 70, 50), ids=lambda width: f"{width}-columns")
def terminal_width(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """A command's output on a wide, a narrow and a very narrow terminal (COLUMNS, which Rich reads
    before the size of the terminal the tests happen to run in)."""
    monkeypatch.setenv("COLUMNS", str(request.param))
    return int(request.param)


def assert_readable(out: str, width: int, *, cut_values: bool = False) -> None:
    """Every line of a command's output fits ``width`` cells and, unless the command shortens values
    itself (``cut_values``), no value was cut short with an ellipsis to squeeze a table."""
    from rich.cells import cell_len

    too_wide = [line for line in out.splitlines() if cell_len(line) > width]
    assert too_wide == []
    if not cut_values:
        assert "…" not in out
