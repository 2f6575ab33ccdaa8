"""The search index: any query's hits equal a brute-force scan of every text, through changes to the
corpus; a damaged or foreign index file is built again, never trusted; the workspace's search re-reads
an article whose file changed."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jingtui.search import text_index
from jingtui.search.corpus_search import CorpusSearch, index_path, search_corpus
from jingtui.search.index_file import Stamp
from jingtui.search.index_scan import scan
from jingtui.search.kwic import ArticleFacts, Query, compile_query, find_hits
from jingtui.search.text_index import Entry, refresh
from jingtui.workspace import Workspace

ALPHABET = "发展两个维护。\n\x00ab"


def brute(texts: dict[str, str], order: list[str], query: Query) -> list[tuple[str, int, int, str, str]]:
    triples = [(p, texts[p], ArticleFacts()) for p in order]
    return [(h.path, h.start, h.end, h.left, h.right) for h in find_hits(triples, query).hits]


def indexed(index: text_index.TextIndex, query: Query) -> list[tuple[str, int, int, str, str]]:
    table = scan(index, compile_query(query), query)
    return [(h.path, h.start, h.end, h.left, h.right) for h in table]


def build(folder: Path, texts: dict[str, str | None], previous=None, version="v1", **kwargs):
    order = sorted(texts)
    stamps = {p: Stamp(len(t or ""), hash(t) & 0xFFFF) for p, t in texts.items()}

    def source(p: str) -> Entry | None:
        t = texts[p]
        return None if t is None else Entry(t, title=p, outlet="o", date="2024-01-02")

    return refresh(folder / "index.sqlite", version, order, stamps, source, previous=previous, **kwargs)


corpora = st.dictionaries(st.sampled_from([f"{i:02d}.txt" for i in range(12)]),
                          st.text(alphabet=ALPHABET, max_size=40), max_size=8)
queries = st.one_of(
    st.builds(Query, st.text(alphabet=ALPHABET, min_size=1, max_size=3), width=st.integers(0, 5)),
    st.builds(Query, st.sampled_from(["发.", "^两", "护$", "[ab]+", "维护|发展", "\\n发", "(?<=个)维"]),
              regex=st.just(True), width=st.integers(0, 5)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=corpora, second=corpora, query=queries, chunk=st.integers(1, 60))
def test_any_query_finds_what_a_brute_force_scan_finds_before_and_after_changes(first, second, query, chunk):
    original = text_index.CHUNK_CHARS
    text_index.CHUNK_CHARS = chunk
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            index = build(folder, dict(first))
            assert indexed(index, query) == brute(first, sorted(first), query)
            # the corpus changes (articles edited, added, removed): only those are read again
            read: list[str] = []
            changed = {**second}
            index = build(folder, changed, previous=index, prepare=read.extend)
            assert indexed(index, query) == brute(changed, sorted(changed), query)
            assert set(read) == {p for p in changed if first.get(p) != changed[p] or p not in first}
            # reopened from the file alone, it is the same
            again = build(folder, changed)
            assert again.reread == 0
            assert indexed(again, query) == indexed(index, query)
    finally:
        text_index.CHUNK_CHARS = original


def test_an_article_without_text_is_remembered_and_its_neighbours_found(tmp_path):
    index = build(tmp_path, {"a": "发展", "b": None, "c": "两个维护发展"})
    assert [a.path for a in index.articles] == ["a", "b", "c"]
    assert indexed(index, Query("发展", width=2)) == [("a", 0, 2, "", ""), ("c", 4, 6, "维护", "")]
    assert build(tmp_path, {"a": "发展", "b": None, "c": "两个维护发展"}).reread == 0


@pytest.mark.parametrize("damage", ["garbage", "version", "checksum", "offsets"])
def test_a_damaged_or_foreign_index_is_built_again(tmp_path, damage):
    texts = {"a": "坚决做到两个维护", "b": "发展是第一要务"}
    build(tmp_path, texts)
    path = tmp_path / "index.sqlite"
    version = "v1"
    if damage == "garbage":
        for name in ("index.sqlite-wal", "index.sqlite-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        path.write_bytes(b"not a database at all" * 100)
    elif damage == "version":
        version = "v2"
    else:
        with sqlite3.connect(path) as db:
            if damage == "checksum":
                damaged = "坚决做到两个维护\x00发展是第一要务".encode("utf-16-le")[:-2]
                db.execute("UPDATE chunks SET text = ?", (damaged,))
            else:
                db.execute("UPDATE articles SET offset = offset + 1 WHERE path = 'b'")
    index = build(tmp_path, texts, version=version)
    assert index.rebuilt
    assert index.reread == 2
    assert indexed(index, Query("维护", width=1)) == [("a", 6, 8, "个", "")]


def test_cancelled_refresh_keeps_what_it_read_and_finishes_later(tmp_path):
    texts = {f"{i}": "发展" * 3 for i in range(5)}
    calls = []
    index = build(tmp_path, texts, cancelled=lambda: len(calls) >= 2, progress=lambda d, t: calls.append(d))
    assert not index.complete and len(index.articles) == 2
    index = build(tmp_path, texts)
    assert index.complete and index.reread == 3 and len(indexed(index, Query("发展"))) == 15


def test_workspace_search_reads_a_changed_file_again(seeds_copy):
    query = Query("两个维护", width=3)
    ws = Workspace(seeds_copy)
    searcher = CorpusSearch(ws)
    searcher.refresh(None)
    before = list(searcher.search(query))
    assert before and index_path(seeds_copy).is_file()
    assert [(h.path, h.start) for h in before] == [(h.path, h.start) for h in search_corpus(ws, query).hits]
    target = seeds_copy / before[0].path
    target.write_text(target.read_text(encoding="utf-8").replace("两个维护", "两个确立"), encoding="utf-8")
    index = searcher.refresh(None)
    assert index.reread == 1
    after = list(searcher.search(query))
    assert before[0].path not in {h.path for h in after}
    assert len(after) < len(before)
    target.unlink()
    index = searcher.refresh(None)
    assert (index.reread, index.removed) == (0, 1)  # a file gone is a change too (the screen searches again)


def test_most_hit_articles_come_most_first_with_their_titles(seeds_copy):
    searcher = CorpusSearch(Workspace(seeds_copy))
    searcher.refresh(None)
    table = searcher.search(Query("两个维护"))
    most = table.most_hit(10)
    assert sum(n for _, _, n in most) == len(table)
    assert [n for _, _, n in most] == sorted((n for _, _, n in most), reverse=True)
    assert {path: n for path, _, n in most} == table.per_article
    titles = {h.path: h.title for h in table}
    assert all(title == titles[path] for path, title, _ in most)
    assert table.most_hit(1) == most[:1]


def test_a_folder_whose_index_cannot_be_written_is_searched_all_the_same(seeds_copy):
    import shutil

    shutil.rmtree(seeds_copy / ".jingtui", ignore_errors=True)  # caches another test may have left in the seeds
    (seeds_copy / ".jingtui").write_text("a file where the cache folder would be", encoding="utf-8")
    hits = search_corpus(Workspace(seeds_copy), Query("两个维护")).hits
    assert len(hits) == 5
    assert not index_path(seeds_copy).exists()
