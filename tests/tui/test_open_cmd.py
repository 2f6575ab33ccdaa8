"""``jingtui open`` refuses what it cannot open with one sentence, before any screen starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingtui.cli import main


@pytest.mark.parametrize(
    "content",
    ['{"_default": {"1": ', '{"foo": 1}', "not json at all"],
    ids=["truncated", "foreign", "garbage"],
)
def test_a_bad_database_is_one_sentence_naming_a_new_path(
    seeds_copy: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = seeds_copy / ".jingtui" / "annotations.json"
    db.parent.mkdir(exist_ok=True)
    db.write_text(content, encoding="utf-8")

    assert main(["open", str(seeds_copy)]) == 2

    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert "untouched" in err
    assert f"--db {db.with_name('annotations.new.json')}" in err
    assert err.count("--db") == 1
    assert db.read_text(encoding="utf-8") == content


def test_a_missing_folder_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["open", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.strip() == f"jingtui: The folder {tmp_path / 'nowhere'} does not exist."
