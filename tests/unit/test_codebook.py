"""The codebook: model, file format, bad input with file and line, edits that keep comments, typed values."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import tomllib
from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.cli import main
from jingtui.codebook import (
    Code,
    Codebook,
    CodebookError,
    FieldSpec,
    default_codebook,
    load_codebook,
    parse_codebook,
)
from jingtui.codebook.edit import (
    add_code,
    merge_code,
    move_code,
    remove_code,
    rename_code,
    render_codebook,
)
from jingtui.codebook.values import check_value, check_values

ROOT = Path(__file__).resolve().parents[2]


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"## The codebook.*?```toml\n(.*?)```", text, re.DOTALL)
    assert m, "README has an annotated codebook example"
    return m.group(1)


def schema() -> dict:
    return json.loads(files("jingtui").joinpath("data/codebook.schema.json").read_text(encoding="utf-8"))


def test_default_codebook_is_the_three_labels_with_keys_and_metric_fields():
    book = default_codebook()
    assert book.ids == ("metric", "slogan", "anecdote")
    assert [c.key for c in book.codes] == ["1", "2", "3"]
    assert [f.id for f in book.code("metric").fields] == ["value", "unit", "change", "period", "subject"]
    assert [book.for_detector(d).id for d in ("metric", "slogan", "anecdote")] == ["metric", "slogan", "anecdote"]
    assert load_codebook(ROOT / "data" / "seeds") == book  # a folder without codebook.toml


def test_readme_example_parses_with_hierarchy_paths_fields_and_variables():
    book = parse_codebook(readme_example(), source="README")
    assert book.path_of("prices") == "经济/物价"
    assert book.by_path("经济/物价").id == "prices"
    # what a person names a code by in a filter: its id, its path or its name
    assert [getattr(book.named(t), "id", None) for t in ("prices", "经济/物价", "物价", " 物价 ", "价格", "")] == \
        ["prices", "prices", "prices", "prices", None, None]
    assert book.by_key("5").id == "prices"
    assert [c.id for c in book.ancestors("prices")] == ["econ"]
    assert [c.id for c in book.children("econ")] == ["prices"]
    assert book.code("prices").field_spec("direction").choices == ("上涨", "下降", "持平")
    assert [v.id for v in book.variables] == ["genre", "level"]
    assert book.code("econ").colour == "#cc6600"
    assert book.for_detector("metric").id == "prices"
    jsonschema.validate(tomllib.loads(readme_example()), schema())


def test_version_is_a_content_hash_that_ignores_comments():
    text = readme_example()
    assert parse_codebook(text).version == parse_codebook("# a new comment\n" + text).version
    assert parse_codebook(text).version != parse_codebook(text.replace('name = "物价"', 'name = "价格"')).version


BAD = [
    ("[[codes]\nid = 'a'\n", 1, "not valid TOML"),
    ("[[codes]]\nid = 'a'\n\n[[codes]]\nid = 'a'\n", 5, "code id 'a' is used twice (first on line 2)"),
    ("[[codes]]\nid = 'a'\nkey = '4'\n[[codes]]\nid = 'b'\nkey = '4'\n", 6, "key '4' is used twice"),
    ("[[codes]]\nid = 'a'\nparent = 'zz'\n", 3, "parent 'zz', which is not a code id"),
    ("[[codes]]\nid = 'a'\nparent = 'b'\n[[codes]]\nid = 'b'\nparent = 'a'\n", 3, "cycle (a -> b -> a)"),
    ("[[codes]]\nid = 'a'\ncolour = 'bluish'\n", 3, "colour 'bluish' of code 'a'"),
    ("[[codes]]\nid = 'a'\n\n[[codes.fields]]\nid = 'v'\ntype = 'money'\n", 6, "unknown type 'money'"),
    ("[[codes]]\nid = 'a'\ndefintion = 'x'\n", 3, "unknown key 'defintion'"),
    ("[[variables]]\nid = 'g'\ntype = 'choice'\n", 3, "a choice with no choices"),
    ("[[codes]]\nname = 'x'\n", 1, "code 1 has no id"),
]


@pytest.mark.parametrize("text,line,problem", BAD)
def test_bad_codebook_is_one_sentence_with_file_and_line(text, line, problem):
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, source="cb.toml")
    message = str(info.value)
    assert message.startswith(f"cb.toml, line {line}: ")
    assert problem in message
    assert message.endswith(".") and "\n" not in message


def test_codebook_command_prints_checks_and_refuses(tmp_path, capsys):
    (tmp_path / "codebook.toml").write_text(readme_example(), encoding="utf-8")
    assert main(["codebook", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "经济" in out and "[5]" in out and "variable genre" in out
    assert main(["codebook", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["path"] for c in data["codes"]] == ["经济", "经济/物价", "提法"]
    before = "[[codes]]\nid = 'a'\nkey = '1'\n[[codes]]\nid = 'b'\nkey = '1'\n"
    (tmp_path / "codebook.toml").write_text(before, encoding="utf-8")
    assert main(["codebook", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "codebook.toml, line 6: the key '1' is used twice" in err
    assert (tmp_path / "codebook.toml").read_text(encoding="utf-8") == before
    assert main(["codebook", str(tmp_path), "--codebook", str(tmp_path / "none.toml")]) == 2
    assert "There is no codebook file" in capsys.readouterr().err


def test_edits_keep_comments_and_order_and_stay_valid():
    text = readme_example()
    text = add_code(text, Code("wages", "工资", parent="econ", key="6"))
    text = rename_code(text, "prices", "价格")
    text = move_code(text, "formula", "econ")
    book = parse_codebook(text)
    assert book.path_of("prices") == "经济/价格" and book.path_of("formula") == "经济/提法"
    assert "# stable: claims keep this, never change it once used" in text
    assert "# Codebook of the 2024 policy-publicity study." in text
    assert book.ids == ("econ", "prices", "formula", "wages")
    merged = parse_codebook(merge_code(text, "econ", "formula"))  # into its own child: children go up
    assert "econ" not in merged and merged.code("prices").parent is None and merged.code("formula").parent is None
    text2 = add_code(text, Code("other", "其他"))
    merged = parse_codebook(merge_code(text2, "econ", "other"))
    assert [c.id for c in merged.children("other")] == ["prices", "formula", "wages"]
    with pytest.raises(CodebookError):
        move_code(text, "econ", "prices")  # under its own child: a cycle, refused
    with pytest.raises(CodebookError):
        add_code(text, Code("x", "x", key="4"))  # the key is taken
    assert "prices" not in parse_codebook(remove_code(text, "prices"))


def test_render_round_trips_the_default_codebook():
    text = render_codebook(default_codebook())
    assert parse_codebook(text) == default_codebook()
    assert parse_codebook(text).version == default_codebook().version
    jsonschema.validate(tomllib.loads(text), schema())


def test_typed_values():
    number, choice = FieldSpec("v", "数值", "number"), FieldSpec("d", type="choice", choices=("上涨", "下降"))
    assert check_value(number, "1,234") == 1234 and check_value(number, "2.5") == 2.5
    assert check_value(FieldSpec("b", type="boolean"), "是") is True
    assert check_value(FieldSpec("t", type="date"), "2024-3-5") == "2024-03-05"
    assert check_value(choice, "上涨") == "上涨"
    for spec, bad in ((number, "many"), (choice, "flat"), (FieldSpec("t", type="date"), "2024-02-30"),
                      (FieldSpec("b", type="boolean"), "maybe")):
        with pytest.raises(ValueError):
            check_value(spec, bad)
    assert check_values([number], {"v": "3", "raw": "3起", "x": ""}) == {"v": 3, "raw": "3起", "x": ""}


@st.composite
def trees(draw):
    n = draw(st.integers(1, 30))
    parents = [None] + [draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(1, n)]
    return Codebook(tuple(Code(f"c{i}", f"名{i}", parent=None if p is None else f"c{p}")
                          for i, p in enumerate(parents)))


@given(trees())
@settings(max_examples=50, deadline=None)
def test_paths_ancestors_and_children_agree(book):
    for code in book.codes:
        path = book.path_of(code.id)
        assert path.split("/")[-1] == code.name
        assert len(path.split("/")) == book.depth(code.id) + 1
        assert book.by_path(path) == code
        assert all(code in book.children(a.id) or code in book.descendants(a.id) for a in book.ancestors(code.id))
    assert sorted(c.id for c in book.walk()) == sorted(book.ids)


def test_code_dict_and_so_the_version_cover_every_field_of_a_code():
    from dataclasses import fields

    from jingtui.codebook.model import code_dict

    full = Code("a", "甲", parent="p", key="k", colour="#000000", definition="d", inclusion="i", exclusion="e",
                examples=("x",), fields=(FieldSpec("v"),), suggested_by="metric")
    assert set(code_dict(full)) == {f.name for f in fields(Code)}
