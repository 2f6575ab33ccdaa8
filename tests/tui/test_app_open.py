"""`jingtui open`: bad folders and databases give one sentence; the palette; text is never markup."""

from __future__ import annotations

from rich.text import Text

from jingtui.app import keymap
from jingtui.app.app import JingtuiApp
from jingtui.cli import main

SIZE = (160, 48)


def test_missing_folder_is_one_sentence(tmp_path, capsys):
    code = main(["open", str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code == 2
    assert "does not exist" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_file_instead_of_folder(tmp_path, capsys):
    file = tmp_path / "a.txt"
    file.write_text("x", encoding="utf-8")
    assert main(["open", str(file)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_corrupt_database_is_refused_with_a_way_out(seeds_copy, tmp_path, capsys):
    db = tmp_path / "bad.json"
    db.write_text("{not json", encoding="utf-8")
    assert main(["open", str(seeds_copy), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "--db" in err and "bad.new.json" in err
    assert db.read_text(encoding="utf-8") == "{not json"


def test_keymap_is_complete_and_unique():
    ids = [e.id for e in keymap.KEYMAP]
    assert len(ids) == len(set(ids))
    contract = {
        "j", "k", "enter", "right_square_bracket", "left_square_bracket", "slash", "left_parenthesis",
        "right_parenthesis", "left_curly_bracket", "right_curly_bracket", "v", "n", "N", "1", "2", "3", "x",
        "delete", "less_than_sign", "greater_than_sign", "e", "y", "u", "ctrl+z", "ctrl+r", "ctrl+y", "d", "s",
        "a", "r", "A", "ctrl+e", "ctrl+p", "question_mark", "q",
    }
    bound = {k.strip() for e in keymap.KEYMAP for k in e.keys.split(",") if k.strip()}
    assert contract <= bound
    for scope in ("app", "list", "text"):
        keys = [k.strip() for e in keymap.entries(scope) for k in e.keys.split(",") if k.strip()]
        assert len(keys) == len(set(keys)), scope


async def test_palette_runs_an_action(seeds_copy, tmp_path):
    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Hide / show the original")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert not app.reader.original_pane.display


async def test_article_text_is_never_markup(tmp_path):
    root = tmp_path / "markup"
    root.mkdir()
    title = "[bold red]不是标记[/] \\[x] [link=http://x]点[/link]"
    (root / "a.md").write_text(f"---\ntitle: '{title}'\n---\n\n{title}\n\n正文第一段。[b]加粗[/b]\n", encoding="utf-8")
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "[b]加粗[/b]" in app.reader.cleaned_pane.text
        prompt = app.reader.article_list.options.get_option_at_index(0).prompt
        assert isinstance(prompt, Text)
        assert "[bold red]" in prompt.plain or "[bold red]" in app.reader.entries[app.reader.current].display_title
        pane = app.reader.cleaned_pane
        pane.move_to_offset(pane.text.index("[b]"))
        await pilot.press("1")
        assert "[b]加粗[/b]" in app.reader.claims[0].quote
        row = app.reader.claims_panel.get_option_at_index(0).prompt
        assert isinstance(row, Text) and "[b]加粗[/b]" in row.plain
        assert "[b]加粗[/b]" in app.reader.annotator.citation(app.reader.claims[0].quote, "metric")


async def test_export_and_corpus_view_open_and_close(seeds_copy, tmp_path):
    from jingtui.app.screens.corpus_view import CorpusView
    from jingtui.app.screens.export import ExportDialog

    app = JingtuiApp(seeds_copy, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 2
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, CorpusView)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 2


async def test_an_article_without_headline_names_its_path_once_in_the_header(tmp_path):
    import shutil

    from conftest import CORPUS

    root = tmp_path / "corpus"
    root.mkdir()
    (page,) = CORPUS.glob("12_*")
    shutil.copy(page, root / page.name)
    app = JingtuiApp(root, tmp_path / "db.json", reviewer="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        header = app.reader.header_bar
        assert header.title_text == page.name
        assert page.name not in header.details and header.details  # encoding, script... but not the path again
