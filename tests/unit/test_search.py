"""Corpus search: the pure keyword-in-context function, ``jingtui search`` and ``jingtui stats --by month``."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.search.kwic import ArticleFacts, BadQuery, Query, Span, find_hits, month_of
from jingtui.search.per_month import month_counts

A = "坚决做到两个维护。\n全面发展，高质量发展。"
B = "发展是第一要务"
C = "没有这个词"


def corpus(**facts: ArticleFacts) -> list[tuple[str, str, ArticleFacts]]:
    texts = {"a.txt": A, "b.txt": B, "c.txt": C}
    return [(p, texts[p], facts.get(p.split(".")[0], ArticleFacts())) for p in ("a.txt", "b.txt", "c.txt")]


def test_traditional_query_finds_simplified_text_with_offsets_and_context():
    result = find_hits(corpus(), Query("發展", width=4))
    assert [(h.path, h.start, h.end) for h in result.hits] == [("a.txt", 12, 14), ("a.txt", 18, 20), ("b.txt", 0, 2)]
    for h in result.hits:
        text = A if h.path == "a.txt" else B
        assert text[h.start:h.end] == h.hit == "发展"
    first = result.hits[0]
    assert (first.left, first.right) == ("。 全面", "，高质量")  # the newline is a space, 4 characters each side
    assert result.per_article == {"a.txt": 2, "b.txt": 1}
    assert result.to_dict()["searched"] == "发展"


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet="发展两个维护。\n ab", max_size=60), width=st.integers(0, 8),
       word=st.sampled_from(["发展", "维护", "。", "a"]))
def test_offsets_and_context_match_the_text(text, width, word):
    hits = find_hits([("x", text, ArticleFacts())], Query(word, width=width)).hits
    assert len(hits) == text.count(word)
    for h in hits:
        assert text[h.start:h.end] == h.hit == word
        assert h.left == text[max(0, h.start - width):h.start].replace("\n", " ")
        assert h.right == text[h.end:h.end + width].replace("\n", " ")


def test_context_stops_at_the_edges_of_the_text():
    hits = find_hits([("b.txt", B, ArticleFacts())], Query("发展", width=20)).hits
    assert (hits[0].left, hits[0].right) == ("", "是第一要务")
    end = find_hits([("b.txt", B, ArticleFacts())], Query("要务", width=3)).hits[0]
    assert (end.left, end.right) == ("是第一", "")
    assert find_hits([("b.txt", B, ArticleFacts())], Query("发展", width=0)).hits[0].left == ""


def test_regex_and_a_bad_one():
    hits = find_hits(corpus(), Query(r"[高全]\w{0,2}发展", regex=True)).hits
    assert [h.hit for h in hits] == ["全面发展", "高质量发展"]
    with pytest.raises(BadQuery) as caught:
        find_hits(corpus(), Query("发展(", regex=True))
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message and "does not compile" in message
    with pytest.raises(BadQuery):
        find_hits(corpus(), Query("x*", regex=True))  # matches nothing but the empty text
    with pytest.raises(BadQuery):
        find_hits(corpus(), Query(""))
    assert [h.hit for h in find_hits(corpus(), Query("(發展")).hits] == []  # a plain query is literal


def test_sorting_by_article_left_and_right():
    texts = [("z.txt", "乙发展丙", ArticleFacts()), ("a.txt", "甲发展乙。丙发展甲", ArticleFacts())]
    by_article = find_hits(texts, Query("发展", width=1)).hits
    assert [(h.path, h.start) for h in by_article] == [("z.txt", 1), ("a.txt", 1), ("a.txt", 6)]  # corpus order
    by_left = find_hits(texts, Query("发展", width=2, sort="left")).hits
    assert [h.left for h in by_left] == ["。丙", "乙", "甲"]  # read from the hit outwards: 丙 < 乙 < 甲
    assert [h.left[-1] for h in by_left] == sorted(h.left[-1] for h in by_left)
    by_right = find_hits(texts, Query("发展", width=1, sort="right")).hits
    assert [h.right for h in by_right] == sorted(h.right for h in by_right)
    with pytest.raises(BadQuery):
        find_hits(texts, Query("发展", sort="middle"))  # type: ignore[arg-type]


def test_counts_per_month():
    result = find_hits(corpus(a=ArticleFacts(date="2021-03-05"), b=ArticleFacts(date="")), Query("发展"))
    assert result.per_month == {"2021-03": 2, "unknown": 1}
    assert [h.month for h in result.hits] == ["2021-03", "2021-03", "unknown"]
    assert month_of("2020-12-31") == "2020-12" and month_of(None) == month_of("soon") == "unknown"


def test_article_filters_outlet_dates_done():
    facts = {"a": ArticleFacts(outlet="沧州公安", date="2021-03-05", done=True),
             "b": ArticleFacts(outlet="滨州日报", date="2022-01-10")}
    paths = lambda q: sorted({h.path for h in find_hits(corpus(**facts), q).hits})  # noqa: E731
    assert paths(Query("发展", outlet="公安")) == ["a.txt"]
    assert paths(Query("发展", date_from="2022-01-01")) == ["b.txt"]
    assert paths(Query("发展", date_to="2021-12-31")) == ["a.txt"]
    assert paths(Query("发展", date_from="2021", date_to="2021")) == ["a.txt"]  # a year is a whole year
    assert paths(Query("发展", date_from="2022-01", date_to="2022-01")) == ["b.txt"]
    assert paths(Query("发展", done=True)) == ["a.txt"]
    assert paths(Query("发展", date_from="2000-01-01", date_to="2030-01-01")) == ["a.txt", "b.txt"]


def test_code_and_reviewer_filters_keep_hits_inside_claims():
    claims = (Span(10, 15, "slogan", "ann"), Span(15, 21, "metric", "bob"))
    facts = {"a": ArticleFacts(claims=claims)}
    at = lambda q: [h.start for h in find_hits(corpus(**facts), q).hits]  # noqa: E731
    assert at(Query("发展", code="slogan")) == [12]
    assert at(Query("发展", code="metric")) == [18]
    assert at(Query("发展", reviewer="bob")) == [18]
    assert at(Query("发展", code="slogan", reviewer="bob")) == []
    assert at(Query("发展", code="anecdote")) == []


def test_month_counts():
    counts = month_counts({"a": "2021-03-05", "b": "2021-03-30", "c": None},
                          [("a", "slogan"), ("b", "slogan"), ("c", "metric"), ("gone", "metric")])
    assert counts.articles == {"2021-03": 2, "unknown": 1}
    assert counts.claims == {"2021-03": {"slogan": 2}, "unknown": {"metric": 2}}
    assert counts.to_dict()["claims_per_code"] == {"metric": 2, "slogan": 2}
    assert counts.months == ["2021-03", "unknown"]


def _claim_on_seeds(root, word, label, reviewer):
    """A claim of ``label`` on the first ``word`` of the first seed with it (its cleaned text)."""
    from jingtui.store.model import make_claim
    from jingtui.workspace import Workspace

    ws = Workspace(root)
    for rel in ws.paths():
        text = ws.clean(ws.read(rel)).text
        if word in text:
            start = text.index(word)
            claim = make_claim(rel, text, start, start + len(word), label, text_sha256="x")
            claim.reviewer = reviewer
            with ws.open_store() as store:
                store.add(claim)
            return rel, start
    raise AssertionError(f"no seed holds {word}")


def test_search_command_json(seeds_copy, capsys):
    from jingtui.cli import main

    assert main(["search", str(seeds_copy), "發展", "--json", "--width", "5"]) == 0
    listed = json.loads(capsys.readouterr().out)  # the contract: a list of hits
    assert isinstance(listed, list) and listed
    assert {"path", "start", "end", "left", "hit", "right"} <= set(listed[0])
    assert main(["search", str(seeds_copy), "發展", "--json-report", "--width", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hits"] == listed
    assert {"query", "total", "hits", "counts"} <= set(data)
    assert data["total"] == len(data["hits"]) > 0
    assert {"path", "start", "end", "left", "hit", "right"} <= set(data["hits"][0])
    assert {"per_article", "per_month"} <= set(data["counts"])
    assert sum(data["counts"]["per_article"].values()) == data["total"] == sum(data["counts"]["per_month"].values())
    assert all(h["hit"] == "发展" and len(h["left"]) <= 5 and "\n" not in h["left"] + h["right"] for h in data["hits"])

    rel, start = _claim_on_seeds(seeds_copy, "发展", "slogan", "ann")
    assert main(["search", str(seeds_copy), "发展", "--json", "--code", "slogan"]) == 0
    coded = json.loads(capsys.readouterr().out)
    assert [(h["path"], h["start"]) for h in coded] == [(rel, start)]
    assert main(["search", str(seeds_copy), "发展", "--json-report", "--reviewer", "bob"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0
    # a codebook of Chinese names: --code takes the name (or path) as well as the id
    (seeds_copy / "codebook.toml").write_text('[[codes]]\nid = "slogan"\nname = "口号"\nkey = "2"\n', encoding="utf-8")
    for named in ("口号", "slogan"):
        assert main(["search", str(seeds_copy), "发展", "--json", "--code", named]) == 0
        assert [(h["path"], h["start"]) for h in json.loads(capsys.readouterr().out)] == [(rel, start)], named
        assert main(["search", str(seeds_copy), "发展", "--claims", "--json", "--code", named]) == 0
        assert [c["code"] for c in json.loads(capsys.readouterr().out)] == ["slogan"], named
    # a codebook kept outside the folder (as jingtui open --codebook FILE takes it)
    elsewhere = seeds_copy.parent / "book.toml"
    (seeds_copy / "codebook.toml").rename(elsewhere)
    assert main(["search", str(seeds_copy), "发展", "--json", "--code", "口号", "--codebook", str(elsewhere)]) == 0
    assert [(h["path"], h["start"]) for h in json.loads(capsys.readouterr().out)] == [(rel, start)]


def test_search_command_table_and_errors(seeds_copy, capsys, terminal_width):
    from conftest import assert_readable
    from jingtui.cli import main

    assert main(["search", str(seeds_copy), "发展", "--sort", "left", "--width", "6"]) == 0
    out = capsys.readouterr().out
    assert "发展" in out and "Hits per month" in out
    assert_readable(out, terminal_width)
    assert main(["search", str(seeds_copy), "发展(", "--regex"]) == 2
    err = capsys.readouterr().err
    assert "does not compile" in err and err.count("\n") == 1
    assert main(["search", str(seeds_copy), "发展", "--from", "yesterday"]) == 2
    capsys.readouterr()
    # the query as the screens take it: spaces around it (a word copied from a page) do not count
    assert main(["search", str(seeds_copy), "发展", "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert main(["search", str(seeds_copy), " 发展\t", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == plain
    assert main(["stats", str(seeds_copy), "--by", "month", "--json", "--query", " 发展 "]) == 0
    assert json.loads(capsys.readouterr().out)["query"]["total"] == len(plain)
    assert main(["search", str(seeds_copy), "  "]) == 2
    err = capsys.readouterr().err
    assert "The query is empty" in err and err.count("\n") == 1
    for month in ("2022-13", "2022-02-30"):  # shaped like a date, but no such month or day
        assert main(["search", str(seeds_copy), "发展", "--to", month]) == 2
        err = capsys.readouterr().err
        assert "is not a date" in err and err.count("\n") == 1


def test_stats_by_month(seeds_copy, capsys):
    from jingtui.cli import main

    _claim_on_seeds(seeds_copy, "发展", "slogan", "ann")
    # the folder's own documentation is listed as skipped, never an article (an undated one here)
    (seeds_copy / "README.md").write_text("# About this folder\n\nFive articles.\n", encoding="utf-8")
    assert main(["stats", str(seeds_copy), "--by", "month", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sum(data["articles_per_month"].values()) == 5 == data["totals"]["articles"]
    assert data["undated"]["articles"] == data["articles_per_month"].get("unknown", 0)
    assert sum(n for per in data["claims_per_month"].values() for n in per.values()) == 1
    assert data["claims_per_code"] == {"slogan": 1}
    assert main(["stats", str(seeds_copy), "--by", "month"]) == 0
    assert "articles" in capsys.readouterr().out


def test_search_of_a_folder_without_articles_is_one_sentence(tmp_path, capsys):
    """A folder with no article in it (an empty one, or only the folder's own README) is a mistyped path
    far more often than a corpus: one sentence and exit status 2, as for a folder that does not exist."""
    from jingtui.cli import main

    (tmp_path / "empty").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# About\n\nNothing here yet.\n", encoding="utf-8")
    for folder in ("empty", "docs"):
        for extra in ([], ["--json"], ["--claims"]):
            assert main(["search", str(tmp_path / folder), "公安", *extra]) == 2, (folder, extra)
            captured = capsys.readouterr()
            assert captured.out == "" and captured.err.count("\n") == 1 and "no articles" in captured.err


def test_the_outlet_filter_finds_an_outlet_written_in_either_script(tmp_path, capsys):
    """The texts are searched in Simplified whatever the script of the query; an outlet written in
    Traditional (聯合報) is found by its Simplified name too, and the other way round."""
    from jingtui.cli import main
    from jingtui.search.kwic import ArticleFacts, Query, keeps_article

    assert keeps_article(Query("x", outlet="联合报"), ArticleFacts(outlet="聯合報"))
    assert keeps_article(Query("x", outlet="聯合"), ArticleFacts(outlet="联合报·要闻"))
    assert not keeps_article(Query("x", outlet="新华"), ArticleFacts(outlet="聯合報"))
    for name, outlet, body in (("a.md", "聯合報", "公安機關破獲案件。"), ("b.md", "新华社", "公安机关破获案件。")):
        (tmp_path / name).write_text(f"---\ntitle: {name}\nsource: {outlet}\ndate: 2022-01-05\n---\n\n{body}\n",
                                     encoding="utf-8")
    for outlet, expected in (("联合报", ["a.md"]), ("聯合報", ["a.md"]), ("新華社", ["b.md"])):
        assert main(["search", str(tmp_path), "公安", "--json", "--outlet", outlet]) == 0
        assert [h["path"] for h in json.loads(capsys.readouterr().out)] == expected, outlet
