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


def test_every_util_module_the_reader_or_cleaner_reads_text_with_is_in_their_cache_versions() -> None:
    """A util module imported by corpus/ or clean/ either shapes their output (and is hashed into the
    caches' versions, so editing it invalidates them) or is known not to (file I/O, hashing, ...)."""
    import ast

    from jingtui.util.source_hash import TEXT_RULE_MODULES, text_rule_sources

    package = Path(__file__).resolve().parents[2] / "tui" / "jingtui"
    not_text_rules = {"fileio", "source_hash", "gc_pause", "resources"}
    used: set[str] = set()
    for folder in ("corpus", "clean"):
        for path in (package / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jingtui.util."):
                    used.add(node.module.rsplit(".", 1)[1])
    assert used - not_text_rules <= {name.removesuffix(".py") for name in TEXT_RULE_MODULES}
    assert all(path.is_file() for path in text_rule_sources())
