"""Remapping keys from config.toml: the keys move (bindings, help, palette), a bad file is one sentence
naming the file and line and the defaults are used, and the default keymap stays the contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingtui.app import keymap
from jingtui.app.app import JingtuiApp
from jingtui.app.config import config_path, load_keymap, parse_keymap, valid_key
from jingtui.app.screens.help import HelpScreen

SIZE = (160, 48)
HERE = Path("config.toml")

# The contract (the team's architecture note, section 4): id -> default keys.
CONTRACT = {
    "list.down": "j,down", "list.up": "k,up", "list.open": "enter", "list.filter": "slash",
    "article.next": "right_square_bracket", "article.previous": "left_square_bracket", "article.done": "d",
    "move.sentence_prev": "left_parenthesis", "move.sentence_next": "right_parenthesis",
    "move.paragraph_prev": "left_curly_bracket", "move.paragraph_next": "right_curly_bracket",
    "select.sentence": "v", "search.start": "slash", "search.next": "n", "search.previous": "N",
    "tag.1": "1", "tag.2": "2", "tag.3": "3", "claim.delete": "x,delete", "claim.previous": "less_than_sign",
    "claim.next": "greater_than_sign", "claim.note": "e", "claim.copy": "y", "edit.undo": "u,ctrl+z",
    "edit.redo": "ctrl+r,ctrl+y", "suggest.toggle": "s", "suggest.reject": "r", "suggest.accept_paragraph": "A",
    "app.export": "ctrl+e", "app.palette": "ctrl+p", "app.help": "question_mark", "app.quit": "q",
}


def test_the_default_keymap_is_the_contract():
    for entry_id, keys in CONTRACT.items():
        assert keymap.BY_ID[entry_id].keys == keys, entry_id
    assert "a" in keymap.BY_ID["suggest.accept"].keys.split(",")


def test_every_binding_of_every_class_comes_from_the_keymap():
    from jingtui.app.screens.corpus_view import CorpusView
    from jingtui.app.screens.export import ExportDialog
    from jingtui.app.screens.note import NoteDialog
    from jingtui.app.screens.reader import ReaderScreen
    from jingtui.app.widgets.article_list import ArticleRows
    from jingtui.app.widgets.claims_panel import ClaimsPanel
    from jingtui.app.widgets.line_list import LineList
    from jingtui.app.widgets.text_panes import ArticlePane
    from jingtui.app.widgets.timeline_pane import QueryInput, TimelinePane

    for cls in (JingtuiApp, ReaderScreen, ArticlePane, ArticleRows, ClaimsPanel, LineList, HelpScreen,
                NoteDialog, ExportDialog, CorpusView, TimelinePane, QueryInput):
        for binding in cls.BINDINGS:
            assert binding.id in keymap.BY_ID, (cls.__name__, binding)
            assert binding.key and all(valid_key(k) for k in binding.key.split(",")), binding


def test_no_two_default_keys_clash():
    assert keymap.clash({}) is None


def test_a_remap_is_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\n"tag.1" = "m"\n"edit.undo" = "u, ctrl+z ,f9"\n', encoding="utf-8")
    assert load_keymap(path).overrides == {"tag.1": "m", "edit.undo": "u,ctrl+z,f9"}
    assert load_keymap(tmp_path / "missing.toml").overrides == {}


@pytest.mark.parametrize(
    "text, line, words",
    [
        ('[keymap]\n"tag.1" = "m"\n"tag.2 = "n"\n', 3, "not valid TOML"),
        ('# mine\n[keymap]\n\n"tag.9" = "m"\n', 4, "there is no key 'tag.9'"),
        ('[keymap]\n"tag.1" = "m"\n"tag.2" = "ctrl+nonsense"\n', 3, "'ctrl+nonsense' is not a key name"),
        ('[keymap]\n"tag.1" = 5\n', 2, "is not a key name"),
        ('[keymap]\n"tag.1" = "v"\n', 2, "v would run both"),
        ('[keymap]\n\n"edit.undo" = "u,ctrl+u"\n', 3, "ctrl+u would run both edit.undo and text.no_editing"),
        ('keymap = 3\n', 1, "must be a table"),
    ],
)
def test_a_bad_file_is_one_sentence_with_its_line_and_the_defaults(text, line, words):
    config = parse_keymap(text, HERE)
    assert config.overrides == {}
    assert config.problem.startswith(f"config.toml, line {line}: ")
    assert words in config.problem and config.problem.endswith("the default keys are used.")
    assert "\n" not in config.problem


def test_the_file_lives_under_xdg_config_home(tmp_path):
    assert config_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "jingtui" / "config.toml"
    assert config_path({}).parts[-3:] == (".config", "jingtui", "config.toml")


def _config(tmp_path, monkeypatch, text: str) -> None:
    home = tmp_path / "xdg"
    (home / "jingtui").mkdir(parents=True)
    (home / "jingtui" / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))


async def test_a_remapped_key_tags_and_help_shows_it(seeds_copy, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, '[keymap]\n"tag.1" = "m"\n')
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")
        assert app.reader.claims == []  # 1 no longer tags
        await pilot.press("m")
        assert [c.label for c in app.reader.claims] == ["metric"]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = dict(row for _, rows in app.screen.sections for row in rows)
        assert rows["m"].startswith("Tag the selection (or the sentence) with label 1")


async def test_a_bad_file_is_said_once_and_the_defaults_work(seeds_copy, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, '[keymap]\n"tag.1" = "nonsense-key"\n')
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.endswith("line 2: 'nonsense-key' is not a key name (for example \"m\", \"ctrl+k\", \"f5\", "
                              "\"question_mark\"); the default keys are used.") for m in messages), messages
        await pilot.press("1")
        assert [c.label for c in app.reader.claims] == ["metric"]
