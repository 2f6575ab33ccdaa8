"""Coding under a codebook in a session: code ids checked, versions recorded, variables and codebook
changes (new code, merge with its claims moved) undone and redone like tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingtui.codebook import Code, parse_codebook
from jingtui.codebook.edit import add_code, merge_code
from jingtui.store.claims import ClaimStore
from jingtui.store.codebook_change import CodebookChange
from jingtui.store.errors import ClaimError
from jingtui.store.session import AnnotationSession

TEXT = "国内生产总值增长百分之五。物价保持稳定。"
BOOK = """# 注释
[[codes]]
id = "econ"
name = "经济"

[[codes]]
id = "prices"
name = "物价"
parent = "econ"
"""


def test_tags_relabels_variables_and_a_merge_are_undoable(tmp_path: Path) -> None:
    path = tmp_path / "codebook.toml"
    path.write_text(BOOK, encoding="utf-8")
    book = parse_codebook(BOOK)
    with ClaimStore.open(tmp_path / "db.json") as store:
        session = AnnotationSession(store, "ann")
        session.codebook = book
        claim = session.tag("a.txt", TEXT, "h", 13, 19, "prices")
        assert claim.codebook_version == book.version
        with pytest.raises(ClaimError, match="not in the codebook"):
            session.tag("a.txt", TEXT, "h", 0, 12, "metric")
        session.set_variables("a.txt", {"genre": "消息"})
        assert store.get_state("a.txt").variables == {"genre": "消息"}
        # a new code, then a merge of prices into it, moving the claim
        after_add = add_code(BOOK, Code("stable", "稳定"))
        session.change_codebook(CodebookChange(path, BOOK, after_add, "add code 稳定"))
        after_merge = merge_code(after_add, "prices", "stable")
        merged = parse_codebook(after_merge)
        session.change_codebook(CodebookChange(path, after_add, after_merge, "merge 物价 into 稳定",
                                               moved={claim.id: ("prices", "stable")}, version_after=merged.version))
        assert store.get(claim.id).label == "stable" and store.get(claim.id).codebook_version == merged.version
        assert "prices" not in parse_codebook(path.read_text(encoding="utf-8"))
        session.undo()  # the merge
        assert store.get(claim.id).label == "prices" and store.get(claim.id).codebook_version == book.version
        assert path.read_text(encoding="utf-8") == after_add
        session.undo()  # the new code
        assert path.read_text(encoding="utf-8") == BOOK
        session.undo()  # the variables
        assert store.get_state("a.txt").variables == {}
        session.redo()
        session.redo()
        session.redo()
        assert store.get(claim.id).label == "stable" and store.get_state("a.txt").variables == {"genre": "消息"}
        assert path.read_text(encoding="utf-8").startswith("# 注释\n")
