"""The version of the code that made a cache entry: a hash of its sources."""

from __future__ import annotations

from pathlib import Path

from jingtui.util.source_hash import sources_hash


def test_the_hash_follows_names_and_contents(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("x = 1\n", encoding="utf-8")
    b.write_text("y = 2\n", encoding="utf-8")
    first = sources_hash([a, b])
    assert len(first) == 12 and first == sources_hash([a, b])
    a.write_text("x = 3\n", encoding="utf-8")
    assert sources_hash([a, b]) != first
    assert sources_hash([tmp_path / "missing.py"]) == sources_hash([tmp_path / "missing.py"])
    assert sources_hash([tmp_path / "missing.py"]) != sources_hash([a])
