"""Coding every hit of a corpus search: widening to clause or sentence, passages from the hit table, one
undoable change for many claims (origin ``search``, the query recorded), and ``jingtui search --claims``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.search.code_hits import ORIGIN, passages_of, search_fields
from jingtui.search.corpus_search import CorpusSearch, matching_claims
from jingtui.search.kwic import Query
from jingtui.search.widen import UNITS, widen
from jingtui.store import AnnotationSession, ClaimStore
from jingtui.store.session import Passage
from jingtui.workspace import Workspace

TEXT = "他说：“坚决做到两个维护，全面发展。”然后走了。\n第二行，两个维护。"


def test_widen_to_clause_and_sentence_uses_the_readers_units():
    first, last = TEXT.find("两个维护"), TEXT.rfind("两个维护")
    assert TEXT[slice(*widen(TEXT, first, first + 4, "hit"))] == "两个维护"
    # a quotation stays whole
    assert TEXT[slice(*widen(TEXT, first, first + 4, "clause"))] == "“坚决做到两个维护，全面发展。”"
    assert TEXT[slice(*widen(TEXT, last, last + 4, "clause"))] == "两个维护"
    assert TEXT[slice(*widen(TEXT, first, first + 4, "sentence"))] == "他说：“坚决做到两个维护，全面发展。”"
    assert TEXT[slice(*widen(TEXT, last, last + 4, "sentence"))] == "第二行，两个维护。"


@settings(max_examples=80, deadline=None)
@given(text=st.text(alphabet="两个维护，。“”\n a", max_size=40), data=st.data(), unit=st.sampled_from(UNITS))
def test_a_widened_hit_holds_the_hit_and_stays_in_the_text(text, data, unit):
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    s, e = widen(text, start, end, unit)
    assert 0 <= s <= start < end <= e <= len(text)
    assert text[s:e].count("\n") == text[start:end].count("\n")  # never into another line


@pytest.fixture
def session(tmp_path: Path):
    with ClaimStore.open(tmp_path / "annotations.json") as store:
        yield AnnotationSession(store, reviewer="amy")


def test_many_passages_are_one_change_undone_and_redone_together(session):
    texts = {f"{i}.md": f"第{i}段，坚决做到两个维护。" for i in range(300)}
    passages = [Passage(p, t, f"sha-{p}", t.find("两"), t.find("两") + 4) for p, t in texts.items()]
    passages.append(passages[0])  # twice: once
    claims, skipped = session.tag_many(passages, "slogan", fields=search_fields(Query("两个维护")), what="code 300")
    assert (len(claims), skipped) == (300, 1)
    stored = session.store.claims()
    assert len(stored) == 300
    assert {c.origin for c in stored} == {ORIGIN}
    assert stored[0].fields == {"search": {"query": "两个维护", "regex": False}}
    assert session.tagged_count == 300
    change = session.undo()
    assert change is not None and change.description == "Undid: code 300"
    assert len(session.store.claims()) == 0 and session.tagged_count == 0
    session.redo()
    assert sorted(c.id for c in session.store.claims()) == sorted(c.id for c in claims)
    # coded again with the same code: every passage is tagged already
    assert session.tag_many(passages, "slogan") == ([], 301)


def test_store_delete_many_is_all_or_none(session):
    texts = ["甲乙丙丁", "戊己庚辛"]
    claims, _ = session.tag_many([Passage(str(i), t, "x", 0, 2) for i, t in enumerate(texts)], "metric")
    with pytest.raises(KeyError):
        session.store.delete_many([claims[0].id, "nope"])
    assert len(session.store.claims()) == 2
    assert [c.id for c in session.store.delete_many([c.id for c in claims])] == [c.id for c in claims]
    assert len(session.store.claims()) == 0


def test_passages_of_search_hits_carry_hash_and_original_offsets(seeds_copy):
    ws = Workspace(seeds_copy)
    searcher = CorpusSearch(ws)
    table = searcher.search(Query("两个维护"))
    cleans = {p: ws.clean(ws.read(p)) for p in ws.paths()}
    got = passages_of(table, range(len(table)), "sentence", cleans.get)
    assert got.stale == 0 and len(got.passages) == len(table) == 5
    for p in got.passages:
        clean = cleans[p.article]
        assert "两个维护" in clean.text[p.start:p.end] and p.text_sha256 == clean.sha256
        assert p.original_span == clean.to_original.to_original(p.start, p.end)
    # an article whose text is not what the index holds is left out
    changed = dict(cleans)
    first = table.path(0)
    changed[first] = SimpleNamespace(text="别的")
    assert passages_of(table, [0], "hit", changed.get).stale == 1
    assert passages_of(table, [0], "hit", lambda _path: None).stale == 1  # gone, or no longer readable


def test_search_by_code_lists_claims_whose_quote_matches(seeds_copy):
    ws = Workspace(seeds_copy)
    table = CorpusSearch(ws).search(Query("两个维护"))
    with ws.open_store() as store:
        session = AnnotationSession(store, reviewer="amy")
        session.tag_many(passages_of(table, [0, 1], "sentence").passages, "slogan")
        session.tag_many(passages_of(table, [2], "hit").passages, "metric")
        assert len(matching_claims(store, Query("两个维护", code="slogan"))) == 2
        assert len(matching_claims(store, Query("两个维护"))) == 3
    out = subprocess.run([sys.executable, "-m", "jingtui", "search", str(seeds_copy), "两個維護", "--claims",
                          "--code", "slogan", "--json"], capture_output=True, text=True, check=True).stdout
    found = json.loads(out)
    assert [(c["code"], c["origin"]) for c in found] == [("slogan", "search")] * 2
    assert all("两个维护" in c["quote"] for c in found)
    # --code keeps its meaning for hits: only hits inside a slogan claim
    hits = json.loads(subprocess.run([sys.executable, "-m", "jingtui", "search", str(seeds_copy), "两个维护",
                                      "--code", "slogan", "--json"], capture_output=True, text=True,
                                     check=True).stdout)
    assert [(h["path"], h["start"]) for h in hits] == [(table.path(i), table.starts[i]) for i in (0, 1)]


def test_the_filter_line_of_the_search_screen():
    from jingtui.search.filter_text import filters_line, query_of
    from jingtui.search.kwic import BadQuery

    query = query_of("两个维护", "outlet:人民网 from：2022-01 to:2022-06 code:slogan reviewer:amy done:yes", regex=True)
    assert (query.outlet, query.date_from, query.date_to, query.code, query.reviewer, query.done, query.regex) == \
        ("人民网", "2022-01", "2022-06", "slogan", "amy", True, True)
    assert filters_line(query) == "outlet:人民网 from:2022-01 to:2022-06 code:slogan reviewer:amy done:yes"
    assert query_of("x", "done:no").done is False and query_of("x").outlet is None
    assert query_of("x", "from:2024-02-29 to:2024").date_to == "2024"  # a leap day is a day
    for bad, said in [("colour:red", "There is no filter 'colour'"), ("outlet", "has no value"),
                      ("from:May", "is not a date"), ("done:maybe", "neither yes nor no"),
                      ("from:2022-13", "is not a date"), ("to:2023-02-30", "is not a date"),
                      ("to:2022-00", "is not a date")]:
        with pytest.raises(BadQuery, match=said):
            query_of("x", bad)


def test_cached_file_gives_the_cleaned_text_from_the_bytes_alone(seeds_copy, corpus_dir, tmp_path):
    import shutil

    corpus = shutil.copytree(corpus_dir, tmp_path / "corpus")
    corpus.chmod(0o755)  # the shared corpus is read only: its copy must take a cache
    for folder in (seeds_copy, corpus):
        ws = Workspace(folder)
        for path in ws.paths():
            article = ws.read(path)
            if not article.original.strip():
                continue
            before = ws.cached_file(path)
            text = ws.clean(article).text
            assert before is None or before.text == text
            assert ws.cached_file(path).text == text  # cleaned now: in the cache
    first = Workspace(seeds_copy).paths()[0]
    (seeds_copy / first).write_bytes(b"other bytes")
    assert Workspace(seeds_copy).cached_file(first) is None
