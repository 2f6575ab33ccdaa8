"""CleanCache: round trip, invalidation, corrupt entries, compact offset maps."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from jingtui.clean import cache as cache_module
from jingtui.clean.cache import CleanCache, RunOffsetMap, decode_map, encode_map
from jingtui.clean.model import OffsetMap
from jingtui.clean.pipeline import clean_article
from jingtui.clean.plain import article_from_text, read_file_article


def seed(number: str):
    path = next(SEEDS.glob(f"{number}_*"))
    return read_file_article(path)


def test_round_trip_equals_fresh_clean(tmp_path):
    cache = CleanCache(tmp_path)
    article = seed("002")
    first = cache.get(article)
    assert cache.path_for(article).exists()
    again = CleanCache(tmp_path).load(article)
    assert again is not None
    fresh = clean_article(article)
    for clean in (first, again):
        assert clean.text == fresh.text
        assert clean.to_original.starts == fresh.to_original.starts
        assert clean.to_original.ends == fresh.to_original.ends
        assert clean.paragraphs == fresh.paragraphs
        assert clean.lines == fresh.lines
        assert clean.warnings == fresh.warnings
        assert clean.script == fresh.script


def test_cached_get_does_not_clean_again(tmp_path, monkeypatch):
    cache = CleanCache(tmp_path)
    article = seed("004")
    cache.get(article)
    calls = []
    monkeypatch.setattr("jingtui.clean.pipeline.clean_article", lambda *a: calls.append(a))
    assert cache.get(article).text
    assert calls == []


def test_corrupt_entry_is_ignored_and_rebuilt(tmp_path):
    cache = CleanCache(tmp_path)
    article = seed("001")
    good = cache.get(article).text
    path = cache.path_for(article)
    bad_map = json.loads(path.read_text(encoding="utf-8"))
    bad_map["length"] = 3
    for garbage in (b"{not json", b"", json.dumps({"format": 1, "text": "x", "map": []}).encode(), b"\xff\xfe",
                    b"[]", json.dumps(bad_map).encode()):
        path.write_bytes(garbage)
        assert cache.load(article) is None
        assert cache.get(article).text == good
        assert cache.load(article) is not None


def test_pipeline_version_change_invalidates(tmp_path, monkeypatch):
    cache = CleanCache(tmp_path)
    article = seed("003")
    old_path = cache.path_for(article)
    cache.get(article)
    monkeypatch.setattr(cache_module, "PIPELINE_VERSION", "other-version")
    assert cache.path_for(article) != old_path
    assert cache.load(article) is None


def test_changed_content_is_a_different_entry(tmp_path):
    cache = CleanCache(tmp_path)
    a = article_from_text("标题\n正文第一段，说了一些话。", "x.txt")
    b = article_from_text("标题\n正文第一段，说了另一些话。", "x.txt")
    assert cache.path_for(a) != cache.path_for(b)
    assert cache.get(a).text != cache.get(b).text


def test_no_temporary_files_left(tmp_path):
    cache = CleanCache(tmp_path)
    cache.get(seed("000"))
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_unwritable_directory_still_returns_text(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    clean = CleanCache(blocker).get(seed("004"))
    assert clean.text


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), max_size=60))
def test_map_encoding_round_trips(steps):
    starts, ends, pos = [], [], 0
    for gap, width in steps:
        pos += gap
        starts.append(pos)
        ends.append(pos + width)
    encoded = encode_map(OffsetMap(starts, ends))
    decoded = decode_map(json.loads(json.dumps(encoded)))
    assert decoded.starts == starts and decoded.ends == ends
    lazy = RunOffsetMap(",".join(map(str, encoded)), len(starts))
    assert len(lazy) == len(starts) and lazy.starts == starts and lazy.ends == ends


def test_damaged_packed_map_never_breaks_lookups():
    lazy = RunOffsetMap("3,10,1,zz", 5)
    assert len(lazy.starts) == 5 and lazy.to_original(0, 5)
    short = RunOffsetMap("2,10,1", 4)
    assert short.starts == [10, 11, 12, 12] and short.ends == [11, 12, 12, 12]


def test_cached_map_answers_like_the_fresh_one(tmp_path):
    cache = CleanCache(tmp_path)
    article = seed("002")
    cache.get(article)
    cached = CleanCache(tmp_path).load(article)
    fresh = clean_article(article)
    assert len(cached.to_original) == len(fresh.to_original) == len(fresh.text)
    for start, end in [(0, 5), (10, 40), (100, 101), (len(fresh.text) - 3, len(fresh.text))]:
        assert cached.to_original.to_original(start, end) == fresh.to_original.to_original(start, end)
    ostart, oend = fresh.to_original.to_original(50, 60)
    assert cached.to_original.from_original(ostart, oend) == fresh.to_original.from_original(ostart, oend)


def test_cached_clean_text_copies_pickles_and_replaces(tmp_path):
    import copy
    import dataclasses
    import pickle

    cache = CleanCache(tmp_path)
    article = seed("002")
    cache.get(article)
    cached = CleanCache(tmp_path).load(article)
    fresh = clean_article(article)
    assert pickle.loads(pickle.dumps(cached)).paragraphs == fresh.paragraphs
    assert copy.deepcopy(cached).warnings == fresh.warnings
    replaced = dataclasses.replace(cached, script="x")
    assert replaced.script == "x" and replaced.lines == fresh.lines
    assert cached.sha256 == fresh.sha256 and cached.removed == fresh.removed


def test_prune_keeps_only_current_entries(tmp_path, monkeypatch):
    cache = CleanCache(tmp_path)
    a, b = seed("001"), seed("004")
    cache.get(a)
    monkeypatch.setattr(cache_module, "PIPELINE_VERSION", "newer")
    cache.get(a)
    cache.get(b)
    assert len(list(tmp_path.glob("*/*.json"))) == 3
    assert cache.prune([a]) == 2
    assert [p for p in tmp_path.glob("*/*.json")] == [cache.path_for(a)]


def test_overrides_are_part_of_the_cache_key(tmp_path):
    from jingtui.clean.cache import cache_key
    from jingtui.clean.overrides import Overrides, bring_back

    article = read_file_article(next(SEEDS.glob("000_*")))
    cache = CleanCache(tmp_path)
    plain = cache.get(article)
    removed = next(ln for ln in plain.lines if ln.kind == "chrome")
    overrides = bring_back(plain, article.original, Overrides(), removed.original_start)
    assert cache_key(article, overrides=overrides) != cache_key(article) == cache_key(article, overrides=Overrides())
    brought = cache.get(article, overrides)
    assert len(brought.text) > len(plain.text)
    assert CleanCache(tmp_path).get(article, overrides.as_dict()).text == brought.text
    assert CleanCache(tmp_path).get(article).text == plain.text
