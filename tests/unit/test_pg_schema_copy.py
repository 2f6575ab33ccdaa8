"""``jingtui db init`` and ``jingtui db copy`` against the private PostgreSQL cluster."""

from __future__ import annotations

import psycopg
import pytest

from jingtui.cli import main
from jingtui.store.claims import ClaimStore
from jingtui.store.errors import StoreError
from jingtui.store.factory import open_store
from jingtui.store.model import make_claim
from jingtui.store.pg import schema

TEXT = "国内生产总值增长百分之五。撸起袖子加油干。一位村民说起了往事。"


def _empty_database(cluster) -> str:
    import os

    cluster.counter += 1
    name = f"e{os.getpid()}_{cluster.counter}"
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # a name made here, not input
    return cluster.url(name)


def test_db_init_creates_then_finds_the_schema_up_to_date(pg_cluster, capsys) -> None:
    url = _empty_database(pg_cluster)
    assert main(["db", "init", url, "--reviewer", "dora"]) == 0
    assert "Created the jingtui schema" in capsys.readouterr().out
    assert main(["db", "init", url]) == 0
    assert "up to date" in capsys.readouterr().out
    with open_store(url.replace("postgres@", "dora@")) as store:
        assert store.reviewer == "dora" and store.labels() == ("metric", "slogan", "anecdote")


def test_a_database_of_another_program_is_refused_and_left_untouched(pg_cluster, capsys) -> None:
    url = _empty_database(pg_cluster)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    assert main(["db", "init", url]) == 2
    assert "another program" in capsys.readouterr().err
    with pytest.raises(StoreError) as refused:
        open_store(url)
    assert refused.value.kind == "foreign"
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (1,)


def test_a_newer_schema_is_refused_with_one_sentence(pg_url, capsys) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE schema_version SET version = %s", (schema.LATEST + 1,))
    with pytest.raises(StoreError) as refused:
        open_store(pg_url)
    assert refused.value.kind == "version" and "newer" in str(refused.value)
    assert main(["db", "init", pg_url]) == 2
    assert "nothing was written" in capsys.readouterr().err


def test_an_empty_database_asks_for_db_init(pg_cluster) -> None:
    with pytest.raises(StoreError) as refused:
        open_store(_empty_database(pg_cluster))
    assert "jingtui db init" in str(refused.value)


def test_db_copy_there_and_back_loses_nothing(pg_db, tmp_path, capsys) -> None:
    cluster, name = pg_db
    source = tmp_path / "ann.json"
    with ClaimStore.open(source) as store:
        for start, end, label in ((0, 12, "metric"), (13, 21, "slogan")):
            c = make_claim("a.md", TEXT, start, end, label, text_sha256="h1", reviewer="ann")
            c.fields = {"value": 5, "unit": "%"} if label == "metric" else {}
            store.add(c)
        store.set_state("a.md", done=True, position=7, seconds=12.5)
        store.set_meta("labels", ["metric", "slogan", "anecdote", "quote"])
        store.set_meta("last_article", "a.md")
        store.reject_suggestion("a.md", "anecdote", 22, 32, TEXT[22:32])
    url = cluster.url(name)
    assert main(["db", "copy", str(source), url]) == 0
    out = capsys.readouterr().out
    assert "2 claims, 1 article state, 2 settings, 1 rejected suggestion" in out and "Nothing lost" in out
    with open_store(cluster.url(name, "bo")) as bo:  # another reviewer's rows in the team database
        bo.add(make_claim("b.md", TEXT, 0, 4, "metric", text_sha256="h2", reviewer="bo"))
        bo.set_state("b.md", done=True)
    with open_store(cluster.url(name, "ann")) as ann:
        assert ann.done_articles() == ["a.md"] and ann.get_meta("last_article") == "a.md"
        assert ann.labels()[-1] == "quote" and len(ann.rejections("a.md")) == 1
    back = tmp_path / "back.json"
    assert main(["db", "copy", url, str(back), "--reviewer", "ann"]) == 0
    assert "Nothing lost" in capsys.readouterr().out
    with ClaimStore.open(back, read_only=True) as store:
        assert len(store) == 3 and store.get_state("a.md").position == 7
        assert store.get_meta("team_rows")["states"][0][:2] == ["bo", "b.md"]
    again = cluster.url(cluster.new_database())  # and into a second team database: bo's state comes along
    assert main(["db", "copy", str(back), again, "--reviewer", "ann"]) == 0
    assert "Nothing lost" in capsys.readouterr().out
    with open_store(again.replace("postgres@", "bo@")) as bo:
        assert bo.done_articles() == ["b.md"]


def test_db_copy_names_the_url_without_its_password(pg_cluster, tmp_path, capsys) -> None:
    url = pg_cluster.url("nosuchdb", "ann").replace("ann@", "ann:hunter2@")
    (tmp_path / "a.json").write_text("")
    assert main(["db", "copy", str(tmp_path / "a.json"), url]) == 2
    err = capsys.readouterr().err
    assert "hunter2" not in err and "ann:***@" in err


def test_db_init_upgrades_an_older_schema_and_an_old_one_is_not_used_before(pg_cluster, capsys) -> None:
    url = _empty_database(pg_cluster)
    with psycopg.connect(url, autocommit=True) as conn:
        assert schema.upgrade(conn, "old", target=1) == (0, 1)
    with pytest.raises(StoreError) as refused:
        open_store(url)
    assert refused.value.kind == "version" and "jingtui db init" in str(refused.value)
    assert main(["db", "init", url]) == 0
    assert f"from schema version 1 to {schema.LATEST}" in capsys.readouterr().out
    with open_store(url) as store:
        store.set_state("a.md", cleaning_overrides={"p3": "keep"})
    with open_store(url) as store:
        assert store.get_state("a.md").cleaning_overrides == {"p3": "keep"}


def test_an_export_from_the_team_database_equals_one_from_its_file_copy(pg_db, seeds_copy, tmp_path) -> None:
    import json

    from jingtui.export.run import Selection, export_to
    from jingtui.workspace import Workspace

    cluster, name = pg_db
    url = cluster.url(name)
    workspace = Workspace(seeds_copy, url.replace("postgres@", "ann@"))
    paths = workspace.paths()[:3]
    with workspace.open_store() as store:
        for i, path in enumerate(paths):
            text = workspace.clean(workspace.read(path)).text
            for start in range(0, 60, 12):
                store.add(make_claim(path, text, start, start + 6, ("metric", "slogan")[i % 2],
                                     text_sha256="h", reviewer="ann"))
        store.set_state(paths[0], done=True)
    copy = tmp_path / "copy.json"
    assert main(["db", "copy", url, str(copy), "--reviewer", "ann"]) == 0
    outputs = {}
    for where in (url.replace("postgres@", "ann@"), copy):  # "done" is the exporting reviewer's
        out = tmp_path / f"{len(outputs)}.json"
        result = export_to(seeds_copy, where, out, selection=Selection(label="metric"))
        data = json.loads(out.read_text(encoding="utf-8"))
        outputs[str(where)] = (result.claims, [(a["path"], a.get("done"), [(c["id"], c["start"]) for c in a["claims"]])
                                               for a in data["articles"]], data["reanchored"])
    team, file = outputs.values()
    assert team == file and team[0] == 10


def test_db_copy_into_a_team_database_as_a_reviewer_is_one_sentence_and_copies_nothing(pg_db, tmp_path, capsys):
    cluster, name = pg_db
    source = tmp_path / "mixed.json"
    with ClaimStore.open(source) as store:
        for who in ("ann", "bo"):
            store.add(make_claim("a.md", TEXT, 0, 12, "metric", text_sha256="h1", reviewer=who))
    assert main(["db", "copy", str(source), cluster.url(name, "ann"), "--reviewer", "ann"]) == 2
    assert "as its owner" in capsys.readouterr().err
    with psycopg.connect(cluster.url(name)) as conn:
        assert conn.execute("SELECT count(*) FROM claims").fetchone() == (0,)
