"""Code keys the reader has already (issue 14's leftover): named with file and line by ``jingtui codebook``
(exit 2), warned at start and listed by ``w`` in the app, never bound over the reader's key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jingtui.app.app import JingtuiApp
from jingtui.app.code_keys import key_clashes
from jingtui.cli import main
from jingtui.codebook import load_codebook

BOOK = """[[codes]]
id = "metric"
name = "数字"
key = "1"

[[codes]]
id = "prices"
name = "物价"
# the reader's key for a note
key = "e"

[[codes]]
id = "wages"
name = "工资"
key = "4"
"""


def corpus_with_book(root: Path) -> Path:
    (root / "codebook.toml").write_text(BOOK, encoding="utf-8")
    return root


def test_a_code_key_the_reader_has_is_named_with_file_line_and_action(tmp_path: Path) -> None:
    book = load_codebook(corpus_with_book(tmp_path))
    (clash,) = key_clashes(book)  # 1 is a tag key (tag.1 tags the code that has it), 4 is free
    assert (clash.code.id, clash.key, clash.entry.id, clash.line) == ("prices", "e", "claim.note", 10)
    assert clash.sentence() == (
        f"{tmp_path / 'codebook.toml'}, line 10: the key 'e' of code 'prices' (物价) is the reader's key to "
        "edit the note of the claim under the cursor (claim.note), so it does not tag; give the code another "
        "key, or tag it with the picker (c).")


def test_remapped_reader_keys_free_a_key_and_take_another(tmp_path: Path) -> None:
    book = load_codebook(corpus_with_book(tmp_path))
    assert key_clashes(book, {"claim.note": "f9"}) == []  # e is nobody's now
    (clash,) = key_clashes(book, {"claim.note": "f9", "view.warnings": "4"})
    assert (clash.code.id, clash.entry.id) == ("wages", "view.warnings")


def test_the_codebook_command_reports_the_clash_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus_with_book(tmp_path)
    assert main(["codebook", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert "物价" in out and "工资" in out  # the codebook is listed all the same
    assert err.strip().splitlines() == [key_clashes(load_codebook(tmp_path))[0].sentence()]
    assert main(["codebook", str(tmp_path), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    (problem,) = data["key_problems"]
    assert {k: problem[k] for k in ("code", "key", "line", "reader_action")} == {
        "code": "prices", "key": "e", "line": 10, "reader_action": "claim.note"}


async def test_the_app_warns_lists_the_clash_under_w_and_keeps_the_reader_key(seeds_copy: Path,
                                                                               tmp_path: Path) -> None:
    corpus_with_book(seeds_copy)
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="tester")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        reader = app.reader
        assert [c.code.id for c in reader.coding.key_clashes] == ["prices"]
        said = [n.message for n in app._notifications]
        assert any("e (物价)" in m and "picker (c)" in m for m in said)
        app.clear_notifications()
        await pilot.press("w")
        await pilot.pause()
        listed = "\n".join(n.message for n in app._notifications)
        assert "codebook.toml, line 10: the key 'e' of code 'prices'" in listed
        bound = {key for key, bindings in reader._bindings.key_to_bindings.items()
                 for b in bindings if b.action.startswith("tag_code(")}
        assert bound == {"4"}  # 工资's key; e stays the reader's
