"""The team store against a real PostgreSQL (the private cluster of tests/pg_cluster.py)."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from jingtui.store.errors import StoreError
from jingtui.store.factory import open_store
from jingtui.store.model import make_claim
from jingtui.store.pg.store import PgClaimStore
from jingtui.store.session import AnnotationSession

TEXT = "国内生产总值增长百分之五。撸起袖子加油干。一位村民说起了往事。"


def claim(reviewer: str, start: int = 0, end: int = 12, label: str = "metric", article: str = "a.md"):
    return make_claim(article, TEXT, start, end, label, text_sha256="h1", reviewer=reviewer)


@pytest.fixture
def urls(pg_db):
    cluster, name = pg_db
    return {who: cluster.url(name, who) for who in ("postgres", "ann", "bo", "carol")}


def test_the_factory_chooses_the_team_store_by_url_and_claims_round_trip(urls, tmp_path) -> None:
    with open_store(urls["ann"], local_dir=tmp_path) as store:
        assert isinstance(store, PgClaimStore) and store.reviewer == "ann"
        session = AnnotationSession(store, store.reviewer)
        tagged = session.tag("a.md", TEXT, "h1", 0, 12, "metric")
        session.relabel(tagged.id, "slogan")
        session.set_note(tagged.id, "核对")
        session.set_done("a.md", True)
        store.set_meta("last_article", "a.md")
        session.reject_suggestion("a.md", "slogan", 13, 21, TEXT[13:21])
    with open_store(urls["ann"]) as store:  # a new connection sees what was committed
        (got,) = store.claims("a.md")
        assert (got.label, got.note, got.reviewer, got.quote) == ("slogan", "核对", "ann", TEXT[0:12])
        assert store.counts() == {"a.md": {"slogan": 1}} == store.counts_of(["a.md", "b.md"])
        assert store.done_articles() == ["a.md"] and store.get_meta("last_article") == "a.md"
        assert [r["quote"] for r in store.rejections("a.md")] == [TEXT[13:21]]
        assert len(store) == 1 and got.id in store
        assert [d["id"] for d in store.claim_documents()] == [got.id]
    with open_store(urls["bo"]) as other:  # another reviewer: the claim, not ann's own state
        assert [c.id for c in other.claims("a.md")] == [got.id]
        assert other.done_articles() == [] and other.get_meta("last_article") is None


def test_cleaning_overrides_are_kept_with_the_reviewers_article_state(urls) -> None:
    with open_store(urls["ann"]) as store:
        state = store.set_state("a.md", cleaning_overrides={"0-12-abc": "keep"})
        assert state.cleaning_overrides == {"0-12-abc": "keep"}
        store.set_state("a.md", done=True)
    with open_store(urls["ann"]) as store:
        state = store.get_state("a.md")
        assert state.done is True and state.cleaning_overrides == {"0-12-abc": "keep"}
    with open_store(urls["bo"]) as other:
        assert other.get_state("a.md").cleaning_overrides == {}


def test_undo_and_redo_go_through_the_server(urls) -> None:
    with open_store(urls["ann"]) as store:
        session = AnnotationSession(store, "ann")
        tagged = session.tag("a.md", TEXT, "h1", 0, 12, "metric")
        session.delete(tagged.id)
        assert store.claims("a.md") == []
        session.undo()
        assert [c.id for c in store.claims("a.md")] == [tagged.id]
        session.undo()
        assert store.claims("a.md") == [] and store.counts() == {}


def test_a_second_edit_of_the_same_row_is_refused_with_the_current_state(urls) -> None:
    with open_store(urls["ann"]) as first, open_store(urls["ann"]) as second:
        stored = first.add(claim("ann"))
        assert [c.id for c in second.claims("a.md")] == [stored.id]  # both windows show it
        first.update(stored.id, note="first")
        with pytest.raises(StoreError) as refused:
            second.update(stored.id, note="second")
        assert refused.value.kind == "conflict" and "changed meanwhile" in str(refused.value)
        assert second.get(stored.id).note == "first"  # never overwritten
        second.claims("a.md")  # seen again: now the change is made on the current version
        assert second.update(stored.id, note="second").note == "second"


def test_a_reviewer_cannot_touch_another_reviewers_claims_through_the_app(urls) -> None:
    with open_store(urls["ann"]) as ann, open_store(urls["bo"]) as bo:
        stored = ann.add(claim("ann"))
        bo.claims("a.md")
        for attempt in (lambda: bo.update(stored.id, label="slogan"), lambda: bo.delete(stored.id)):
            with pytest.raises(StoreError) as refused:
                attempt()
            assert refused.value.kind == "denied" and "ann's" in str(refused.value)
        with pytest.raises(StoreError) as refused:
            bo.add(claim("ann", 13, 21, "slogan"))  # a claim in ann's name
        assert refused.value.kind == "denied"
        assert [(c.label, c.reviewer) for c in ann.claims("a.md")] == [("metric", "ann")]


def test_row_level_security_holds_against_plain_sql(urls) -> None:
    with open_store(urls["ann"]) as ann:
        stored = ann.add(claim("ann"))
    with psycopg.connect(urls["bo"], autocommit=True) as bo:
        assert bo.execute("UPDATE claims SET label = 'slogan' WHERE id = %s", (stored.id,)).rowcount == 0
        assert bo.execute("DELETE FROM claims WHERE id = %s", (stored.id,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bo.execute("UPDATE article_states SET done = true")  # none of ann's: filtered, then:
            bo.execute("INSERT INTO claims (id, article, reviewer, label, start_offset, end_offset, quote, "
                       "created_at, updated_at) VALUES ('x', 'a.md', 'ann', 'metric', 0, 1, 'a', '', '')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor a consensus row: bo is no adjudicator
            bo.execute("INSERT INTO claims (id, article, reviewer, label, start_offset, end_offset, quote, "
                       "created_at, updated_at) VALUES ('y', 'a.md', 'consensus', 'metric', 0, 1, 'a', '', '')")
        with pytest.raises(psycopg.Error):  # the journal is append-only
            bo.execute("DELETE FROM events")
        assert bo.execute("SELECT label FROM claims WHERE id = %s", (stored.id,)).fetchone() == ("metric",)
    with psycopg.connect(urls["carol"], autocommit=True) as carol:  # the adjudicator writes consensus rows
        carol.execute("INSERT INTO claims (id, article, reviewer, label, start_offset, end_offset, quote, "
                      "created_at, updated_at) VALUES ('z', 'a.md', 'consensus', 'metric', 0, 1, 'a', '', '')")
        assert carol.execute("UPDATE claims SET label = 'slogan' WHERE id = 'z'").rowcount == 1
        assert carol.execute("UPDATE claims SET label = 'slogan' WHERE id = %s", (stored.id,)).rowcount == 0


def test_the_adjudicator_opens_the_consensus_reviewer(urls) -> None:
    with open_store(urls["carol"], reviewer="consensus") as carol:
        session = AnnotationSession(carol, carol.reviewer)
        agreed = session.tag("a.md", TEXT, "h1", 0, 12, "metric")
        assert carol.update(agreed.id, note="agreed").reviewer == "consensus"
    with open_store(urls["bo"], reviewer="consensus") as bo:
        with pytest.raises(StoreError) as refused:
            bo.add(claim("consensus", 13, 21, "slogan"))
        assert refused.value.kind == "denied"


def test_every_change_is_in_the_journal_with_who_and_when(urls) -> None:
    with open_store(urls["ann"]) as ann:
        stored = ann.add(claim("ann"))
        ann.update(stored.id, label="slogan")
        ann.set_state("a.md", done=True)
        ann.delete(stored.id)
    with psycopg.connect(urls["postgres"]) as conn:
        events = conn.execute("SELECT role, kind, claim_id FROM events ORDER BY id").fetchall()
    assert events == [("ann", "claim.add", stored.id), ("ann", "claim.update", stored.id),
                      ("ann", "state", None), ("ann", "claim.delete", stored.id)]


def test_a_tag_is_on_disk_when_acknowledged_and_its_notifying_commit_does_not_wait_for_the_disk(urls) -> None:
    """PostgreSQL commits notifying transactions one at a time until each is on disk; the claim's transaction
    commits unflushed and a second one waits for the flush, so the acknowledgement still means on disk."""
    from jingtui.store.pg import ops

    durable = urls["ann"] + "&options=-c%20synchronous_commit%3Don"  # the test cluster runs without it
    with open_store(durable) as ann:
        conn = ann.connection
        statements: list[str] = []
        real_execute = conn.execute

        def execute(query, params=None, **kwargs):
            statements.append(str(query))
            return real_execute(query, params, **kwargs)

        conn.execute = execute  # type: ignore[method-assign]
        try:
            stored = ann.add(claim("ann"))
        finally:
            del conn.execute
        flushed = conn.execute("SELECT pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn()").fetchone()
    assert flushed == (True,)  # everything written so far, the tag's commit included, is on disk
    assert any("synchronous_commit" in s for s in statements) and statements[-1] == ops._FLUSH
    assert len(statements) == 3  # applied_ops (with the settings), the claim, the flush
    with psycopg.connect(urls["postgres"]) as check:
        assert check.execute("SELECT count(*) FROM claims WHERE id = %s", (stored.id,)).fetchone() == (1,)


def test_a_refused_change_in_the_pipeline_leaves_the_store_usable(urls) -> None:
    """A tag's statements are pipelined: an error the server finds at the COMMIT (a claim id stored twice,
    another reviewer's row) is still one clear error, and the next change goes through."""
    with open_store(urls["ann"]) as ann:
        first = claim("ann")
        ann.add(first)
        with pytest.raises(ValueError, match="already stored"):
            ann.add(first)
        with pytest.raises(StoreError, match="only your own rows"):
            ann.add(claim("bo", 12, 20))
        ann.add(claim("ann", 12, 20))
        assert [(c.start, c.reviewer) for c in ann.claims("a.md")] == [(0, "ann"), (12, "ann")]


def test_one_articles_claims_load_in_one_indexed_query(urls) -> None:
    with psycopg.connect(urls["postgres"], autocommit=True) as conn:
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN SELECT * FROM claims WHERE article = 'a.md'"))
    assert "claims_by_article" in plan


def test_other_reviewers_changes_arrive_within_a_second(urls) -> None:
    arrived: list = []
    seen = threading.Event()

    def on_changes(changes):
        arrived.extend(changes)
        if any(c.kind == "claim.delete" for c in changes):
            seen.set()

    with open_store(urls["ann"]) as ann, open_store(urls["bo"]) as bo:
        listener = ann.listen(on_changes)
        try:
            assert listener.connected.wait(5)
            own = ann.add(claim("ann"))  # its own change is left out
            started = time.monotonic()
            theirs = bo.add(claim("bo", 13, 21, "slogan"))
            bo.update(theirs.id, note="看")
            bo.delete(theirs.id)
            assert seen.wait(1.0), "the deletion did not arrive within a second"
            assert time.monotonic() - started < 1.0
        finally:
            listener.stop()
    assert [(c.kind, c.claim_id, c.reviewer) for c in arrived] == [
        ("claim.add", theirs.id, "bo"), ("claim.update", theirs.id, "bo"), ("claim.delete", theirs.id, "bo")]
    assert own.id not in {c.claim_id for c in arrived}


def test_a_listener_may_bring_each_claim_as_it_is_now(urls) -> None:
    arrived: list = []
    seen = threading.Event()
    with open_store(urls["ann"]) as ann, open_store(urls["bo"]) as bo:
        listener = ann.listen(lambda changes: (arrived.extend(changes), seen.set()), with_claims=True)
        try:
            assert listener.connected.wait(5)
            theirs = bo.add(claim("bo", 13, 21, "slogan"))
            assert seen.wait(1.0)
        finally:
            listener.stop()
    assert [(c.claim_id, c.claim.quote if c.claim else None) for c in arrived] == [(theirs.id, TEXT[13:21])]


def test_a_password_is_never_shown(pg_cluster) -> None:
    url = pg_cluster.url("nosuchdb", "ann").replace("ann@", "ann:s3cret-pw@")
    with pytest.raises(StoreError) as refused:
        open_store(url)
    assert "s3cret-pw" not in str(refused.value) and "***" in str(refused.value)
    assert refused.value.kind == "unreachable"


def test_codebook_version_and_article_variables_round_trip_on_the_team_store(urls, tmp_path) -> None:
    with open_store(urls["ann"], local_dir=tmp_path) as store:
        made = claim("ann", label="prices")
        made.codebook_version = "0123456789abcdef"
        store.add(made)
        store.set_state("a.md", variables={"genre": "评论", "pages": 2})
    with open_store(urls["ann"]) as store:  # a new connection reads what was committed
        (got,) = store.claims()
        assert (got.label, got.codebook_version) == ("prices", "0123456789abcdef")
        assert store.get_state("a.md").variables == {"genre": "评论", "pages": 2}
