"""Counts agree with their nouns everywhere ("1 warning", never "1 warnings")."""

from __future__ import annotations

import re
from pathlib import Path

from jingtui.util.plural import counted, plural


def test_counted():
    assert counted(1, "warning") == "1 warning"
    assert counted(0, "warning") == "0 warnings"
    assert counted(12000, "claim") == "12,000 claims"
    assert counted(2, "match") == "2 matches" and counted(3, "orphaned claim") == "3 orphaned claims"
    assert plural("is", 2) == "are"


def test_no_sentence_puts_a_bare_count_before_a_plural_noun():
    """A count printed straight before a plural noun reads "1 claims" when the count is 1."""
    source = Path(__file__).parents[2] / "tui" / "jingtui"
    nouns = "claims|articles|warnings|suggestions|problems|files|codes|changes|documents"
    counts = r"len\([^}]*\)|total|n|count|\w+\.(?:claims|articles|moved|orphaned)"
    pattern = re.compile(r"\{(?:" + counts + r")(?::,)?\} (?:" + nouns + r")\b")
    offenders = [f"{path.relative_to(source)}:{number}" for path in source.rglob("*.py")
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []
