"""ClaimStore: CRUD, queries, state, settings, rejections, reopening, refusals, lock."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import tinydb

from jingtui.store import ClaimStore, StoreError, default_db_path, make_claim
from jingtui.store.model import ArticleState
from jingtui.store.paths import journal_path

TEXT = "今年以来，全市公安机关共破获刑事案件1234起。坚持以人民为中心的发展思想。村民老张说，日子越过越好。"


def claim(article: str = "a.md", start: int = 5, end: int = 22, label: str = "metric", **kw):
    return make_claim(article, TEXT, start, end, label, text_sha256="sha", **kw)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return default_db_path(tmp_path / "corpus")


@pytest.fixture
def store(db: Path):
    with ClaimStore.open(db) as opened:
        yield opened


def test_default_db_path(tmp_path: Path) -> None:
    assert default_db_path(tmp_path) == tmp_path / ".jingtui" / "annotations.json"


def test_open_creates_folder_and_a_plain_tinydb_file(db: Path) -> None:
    with ClaimStore.open(db) as store:
        assert len(store) == 0
    assert db.exists()
    assert json.loads(db.read_text(encoding="utf-8"))["_jingtui"]["1"]["format"] == "jingtui-annotations"
    assert tinydb.TinyDB(db).table("claims").all() == []


def test_open_missing_without_create(db: Path) -> None:
    with pytest.raises(StoreError) as info:
        ClaimStore.open(db, create=False)
    assert info.value.kind == "missing"
    assert not db.parent.exists()


def test_add_get_update_delete(store: ClaimStore) -> None:
    added = store.add(claim())
    assert added.quote == TEXT[5:22]
    assert store.get(added.id) == added
    assert len(store) == 1 and added.id in store
    updated = store.update(added.id, label="slogan", note="check")
    assert (updated.label, updated.note) == ("slogan", "check")
    assert updated.updated_at >= added.updated_at and updated.created_at == added.created_at
    assert store.get(added.id).label == "slogan"
    deleted = store.delete(added.id)
    assert deleted.id == added.id and store.get(added.id) is None and len(store) == 0
    with pytest.raises(KeyError):
        store.delete(added.id)
    with pytest.raises(KeyError):
        store.update(added.id, label="metric")


def test_returned_claims_are_copies(store: ClaimStore) -> None:
    added = store.add(claim())
    added.label = "mutated"
    added.fields["x"] = 1
    assert store.get(added.id).label == "metric" and store.get(added.id).fields == {}


def test_add_refuses_bad_claims(store: ClaimStore) -> None:
    first = store.add(claim())
    with pytest.raises(ValueError):
        store.add(first)  # same id
    bad = claim()
    bad.quote = "x"
    with pytest.raises(ValueError):
        store.add(bad)
    with pytest.raises(TypeError):
        store.update(first.id, colour="red")
    with pytest.raises(TypeError):
        store.update(first.id, id="other")
    with pytest.raises(ValueError):
        store.update(first.id, end=first.start)
    assert len(store) == 1


def test_claims_sorted_and_filtered(store: ClaimStore) -> None:
    store.add(claim("b.md", 23, 36, "slogan", reviewer="amy"))
    store.add(claim("a.md", 23, 36, "slogan", reviewer="bo"))
    store.add(claim("a.md", 5, 22, "metric", reviewer="amy"))
    orphan = store.add(claim("a.md", 37, 40, "anecdote", reviewer="amy"))
    store.update(orphan.id, status="orphaned")
    assert [(c.article, c.start) for c in store.claims()] == [("a.md", 5), ("a.md", 23), ("a.md", 37), ("b.md", 23)]
    assert [c.start for c in store.claims("a.md", reviewer="amy")] == [5, 37]
    assert [c.start for c in store.claims("a.md", status="orphaned")] == [37]
    assert store.claims("missing.md") == []
    assert store.counts() == {"a.md": {"metric": 1, "slogan": 1}, "b.md": {"slogan": 1}}
    assert store.articles() == ["a.md", "b.md"]


def test_counts_follow_relabel_and_delete(store: ClaimStore) -> None:
    one = store.add(claim())
    store.update(one.id, label="slogan")
    assert store.counts() == {"a.md": {"slogan": 1}}
    store.delete(one.id)
    assert store.counts() == {}


def test_state_meta_rejections(store: ClaimStore) -> None:
    assert store.get_state("a.md") == ArticleState()
    state = store.set_state("c.md", done=True, position=12)
    assert (state.done, state.position, state.seconds) == (True, 12, 0.0) and state.updated_at
    store.set_state("c.md", seconds=3.5)
    assert store.get_state("c.md").done is True and store.get_state("c.md").seconds == 3.5
    with pytest.raises(TypeError):
        store.set_state("c.md", colour=1)
    store.set_state("c.md", cleaning_overrides={"0-9-abc": "keep"})
    kept = store.get_state("c.md")
    assert kept.cleaning_overrides == {"0-9-abc": "keep"} and kept.done is True
    kept.cleaning_overrides["x"] = "drop"  # a copy: the store is not changed behind its back
    assert store.get_state("c.md").cleaning_overrides == {"0-9-abc": "keep"}
    assert store.articles() == ["c.md"]
    assert store.get_meta("labels") is None and store.get_meta("x", 5) == 5
    assert store.labels() == ("metric", "slogan", "anecdote")
    store.set_meta("labels", ["metric", "slogan", "anecdote", "quote"])
    store.set_meta("last_article", "c.md")
    assert store.labels()[-1] == "quote" and store.get_meta("last_article") == "c.md"
    record = store.reject_suggestion("a.md", "metric", 5, 22, TEXT[5:22])
    store.reject_suggestion("a.md", "metric", 5, 22, TEXT[5:22])  # same one: kept once
    store.reject_suggestion("a.md", "slogan", 1, 3, TEXT[1:3])
    assert [r["start"] for r in store.rejections("a.md")] == [1, 5]
    assert record["label"] == "metric" and store.rejections("b.md") == []
    assert store.unreject_suggestion("a.md", "slogan", 1, 3) is True
    assert [r["start"] for r in store.rejections("a.md")] == [5]


def test_everything_survives_reopen(db: Path) -> None:
    with ClaimStore.open(db) as store:
        kept = store.add(claim())
        gone = store.add(claim(start=23, end=36, label="slogan"))
        store.update(kept.id, note="备注", fields={"value": 1234})
        store.delete(gone.id)
        store.set_state("a.md", done=True, position=7)
        store.set_meta("last_article", "a.md")
        store.reject_suggestion("a.md", "metric", 0, 2, TEXT[0:2])
    with ClaimStore.open(db) as store:
        assert [c.id for c in store.claims()] == [kept.id]
        assert store.get(kept.id).note == "备注" and store.get(kept.id).fields == {"value": 1234}
        assert store.get_state("a.md").position == 7 and store.get_meta("last_article") == "a.md"
        assert len(store.rejections("a.md")) == 1
    # the snapshot alone (after a clean close) holds everything, readable by plain TinyDB
    docs = tinydb.TinyDB(db).table("claims").all()
    assert [d["id"] for d in docs] == [kept.id] and docs[0]["note"] == "备注"
    assert "备注" in db.read_text(encoding="utf-8")  # ensure_ascii=False


def test_changes_are_in_the_journal_before_close(db: Path) -> None:
    store = ClaimStore.open(db)
    added = store.add(claim())
    lines = journal_path(db).read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["d"]["id"] == added.id
    # a reader that does not take the lock sees it too
    with ClaimStore.open(db, read_only=True) as reader:
        assert reader.get(added.id) is not None
        with pytest.raises(StoreError):
            reader.add(claim(start=0, end=2))
    store.close()


def test_add_many_and_put_many(store: ClaimStore) -> None:
    many = [claim(f"{i % 7}.md", i % 30, i % 30 + 3) for i in range(200)]
    assert store.add_many(many) == 200
    assert len(store) == 200 and sum(sum(c.values()) for c in store.counts().values()) == 200
    with pytest.raises(ValueError):
        store.add_many([claim(), many[0]])
    assert len(store) == 200  # all or nothing
    changed = store.get(many[0].id)
    changed.note = "x"
    assert store.put_many([changed, claim("new.md")]) == 2
    assert store.get(many[0].id).note == "x" and len(store) == 201


def test_compaction_keeps_everything(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jingtui.store import durable_tables

    monkeypatch.setattr(durable_tables, "COMPACT_MIN_BYTES", 2000)
    with ClaimStore.open(db) as store:
        ids = [store.add(claim(start=i % 20, end=i % 20 + 4)).id for i in range(40)]
        on_disk = {d["id"] for d in tinydb.TinyDB(db).table("claims").all()}
        assert on_disk and on_disk <= set(ids)  # compacted along the way, before close
    with ClaimStore.open(db) as store:
        assert {c.id for c in store.claims()} == set(ids)


def test_second_open_is_refused_with_the_pid(db: Path) -> None:
    with ClaimStore.open(db):
        with pytest.raises(StoreError) as info:
            ClaimStore.open(db)
        assert info.value.kind == "locked" and str(os.getpid()) in str(info.value)
    with ClaimStore.open(db):  # released on close
        pass


def test_a_big_batch_is_written_as_one_snapshot(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jingtui.store import durable_tables

    monkeypatch.setattr(durable_tables, "COMPACT_MIN_BYTES", 10_000)
    with ClaimStore.open(db) as store:
        early = store.add(claim("z.md"))
        many = [claim(f"{i % 9}.md", i % 30, i % 30 + 3) for i in range(100)]
        assert store.add_many(many) == 100
        # written straight into the snapshot, the journal holds only its header
        assert len(journal_path(db).read_text(encoding="utf-8").splitlines()) == 1
        assert len(tinydb.TinyDB(db).table("claims").all()) == 101
        assert store.counts()["0.md"] == {"metric": 12} and len(store) == 101
        extra = store.add(claim("y.md"))  # a new document id after the batch's, not one of them
        assert len(store) == 102 and extra.id in store and all(c.id in store for c in many)
        store.delete(extra.id)
        assert store.put_many([store.get(early.id)] + [store.get(c.id) for c in many[:60]]) == 61
        store.update(early.id, note="after")
        assert len(store) == 101 and sum(sum(c.values()) for c in store.counts().values()) == 101
    with ClaimStore.open(db) as store:
        assert len(store) == 101 and store.get(early.id).note == "after"


def test_closed_store_refuses_changes(db: Path) -> None:
    store = ClaimStore.open(db)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError):
        store.add(claim())


def test_counts_of_one_article(store: ClaimStore) -> None:
    store.add(claim("a.md"))
    store.add(claim("b.md", label="slogan"))
    assert store.counts("b.md") == {"b.md": {"slogan": 1}}
    assert store.counts("none.md") == {}


def test_second_instance_in_another_process_is_refused(db: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys\nfrom pathlib import Path\nfrom jingtui.store import ClaimStore, StoreError\n"
        "try:\n    ClaimStore.open(Path(sys.argv[1]))\nexcept StoreError as e:\n    print(e.kind, e)\n"
    )
    with ClaimStore.open(db):
        out = subprocess.run([sys.executable, "-c", script, str(db)], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("locked ") and f"pid {os.getpid()}" in out.stdout and "--db" in out.stdout


def test_snapshot_storage_is_a_tinydb_storage(db: Path) -> None:
    from jingtui.store.snapshot import SnapshotStorage

    with ClaimStore.open(db) as store:
        added = store.add(claim())
    with tinydb.TinyDB(db, storage=SnapshotStorage) as plain:
        assert plain.table("claims").all()[0]["id"] == added.id
        plain.table("notes").insert({"text": "写入"})  # written atomically, still a jingtui database
    with ClaimStore.open(db) as store:
        assert store.get(added.id) is not None
    assert json.loads(db.read_text(encoding="utf-8"))["notes"]["1"]["text"] == "写入"


def test_values_read_back_as_they_will_from_disk(store: ClaimStore) -> None:
    store.set_meta("labels", ("metric", "slogan"))
    assert store.get_meta("labels") == ["metric", "slogan"]
    added = store.add(claim())
    store.update(added.id, fields={"range": (1, 2)})
    assert store.get(added.id).fields == {"range": [1, 2]}
    with pytest.raises(TypeError):
        store.set_meta("bad", object())
    assert store.get_meta("bad") is None


def test_close_without_compaction_keeps_changes_in_the_journal(db: Path) -> None:
    store = ClaimStore.open(db)
    added = store.add(claim())
    store.close(compact=False)
    assert tinydb.TinyDB(db).table("claims").all() == []  # the snapshot lags behind ...
    with ClaimStore.open(db) as again:  # ... the journal does not
        assert again.get(added.id) is not None
    assert len(tinydb.TinyDB(db).table("claims").all()) == 1


def test_claim_documents_are_the_stored_documents_filtered(store: ClaimStore) -> None:
    one = store.add(claim("a.md", 5, 22, reviewer="amy"))
    two = store.add(claim("a.md", 23, 36, "slogan", reviewer="bo"))
    three = store.add(claim("b.md", 5, 22, reviewer="amy"))
    assert sorted(d["id"] for d in store.claim_documents()) == sorted([one.id, two.id, three.id])
    assert sorted(d["id"] for d in store.claim_documents("a.md")) == sorted([one.id, two.id])
    assert [d["id"] for d in store.claim_documents("a.md", reviewer="amy")] == [one.id]
    assert [d["id"] for d in store.claim_documents(reviewer="bo")] == [two.id]
    assert list(store.claim_documents("missing.md")) == []
    doc = next(store.claim_documents("b.md"))
    assert doc == store.get(three.id).to_dict()  # every model field, as stored
    assert next(store.claim_documents("b.md")) is doc  # no copy
    docs = store.claim_documents("a.md")
    store.delete(two.id)  # a change while iterating does not disturb the selection
    assert len(list(docs)) == 2


def test_files_are_compact_utf8_json_with_chinese_unescaped(db: Path) -> None:
    with ClaimStore.open(db) as store:
        added = store.add(claim(note="备注"))
        journal = journal_path(db).read_bytes()
        assert "备注".encode() in journal and b'"d":{' in journal
    raw = db.read_bytes()
    assert "备注".encode() in raw and b'", "' not in raw
    assert json.loads(raw.decode("utf-8"))["claims"]["1"]["id"] == added.id
    assert tinydb.TinyDB(db).table("claims").all()[0]["note"] == "备注"


def test_doc_to_claim_with_every_field_or_only_some() -> None:
    from jingtui.store.documents import claim_to_doc, doc_to_claim

    full = claim(note="备注")
    full.fields = {"value": 3}
    doc = claim_to_doc(full)
    again = doc_to_claim(doc)
    assert again == full and again.fields is not doc["fields"]
    assert doc_to_claim({**doc, "updated_at": ""}).updated_at == full.created_at
    short = doc_to_claim({"id": "x", "article": "a.md", "label": "metric", "start": 0, "end": 2, "quote": "今年",
                          "extra": 1})
    assert (short.id, short.status, short.fields) == ("x", "active", {}) and short.updated_at == short.created_at


def test_claim_index_built_late_agrees_with_changes_made_before_it(db: Path) -> None:
    """The claims index is built on first use; changes made before that must not be counted twice."""
    with ClaimStore.open(db) as store:
        store.add(claim(start=0, end=4))
        store.add(claim(start=5, end=9, label="slogan"))
        store.add(claim("b.md", start=1, end=3))
    with ClaimStore.open(db) as store:
        assert store._db.indexes.claim_maps is None  # nothing asked yet: not built
        first = store.claims("a.md")[0]
        store.add(claim(start=10, end=12))  # changes while the index is still unbuilt
        store._db.indexes.claim_maps = None
        store.delete(first.id)
        store.update(store.claims("a.md", status="active")[-1].id, label="anecdote")
        assert store.counts() == {"a.md": {"slogan": 1, "anecdote": 1}, "b.md": {"metric": 1}}
        assert len(store) == 3 and first.id not in store
        assert [c.start for c in store.claims("a.md")] == [5, 10]
        added = store.add(claim("c.md", start=2, end=6))
        assert store.counts("c.md") == {"c.md": {"metric": 1}} and added.id in store


def test_done_articles_lists_only_those_marked_done(store: ClaimStore) -> None:
    store.set_state("b.md", done=True)
    store.set_state("a.md", done=True)
    store.set_state("c.md", position=5)
    store.set_state("d.md", done=True)
    store.set_state("d.md", done=False)
    assert store.done_articles() == ["a.md", "b.md"]
