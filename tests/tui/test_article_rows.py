"""The two lines of an article in the list."""

from __future__ import annotations

from jingtui.app.articles import Entry
from jingtui.app.widgets.article_list import row_text
from jingtui.clean.model import CleanText, OffsetMap
from jingtui.corpus.model import Article, ArticleMeta

LABELS = ("metric", "slogan", "anecdote")


def _clean(text: str) -> CleanText:
    return CleanText(text=text, to_original=OffsetMap(list(range(len(text))), list(range(1, len(text) + 1))))


def test_a_titled_article_shows_outlet_and_date_and_counts() -> None:
    article = Article(
        "a.html", meta=ArticleMeta(title="标题", source="人民网", date="2022-01-10"), original="标题\n正文"
    )
    entry = Entry("a.html", article=article, counts={"metric": 2})
    first, second = row_text(entry, LABELS).plain.split("\n")
    assert first.strip() == "标题"
    assert second.strip() == "M2 人民网 · 2022-01-10"


def test_an_article_without_headline_shows_the_start_of_its_text_not_its_path_twice() -> None:
    article = Article("12_udn.txt", original="高雄市警方破获毒品案。\n第二段")
    entry = Entry("12_udn.txt", article=article, clean=_clean("\n高雄市警方破获毒品案，查获毒品。\n第二段"))
    first, second = row_text(entry, LABELS).plain.split("\n")
    assert first.strip() == "12_udn.txt"
    assert second.strip() == "“高雄市警方破获毒品案，查获毒品。”"
    not_yet_cleaned = Entry("12_udn.txt", article=article)
    assert row_text(not_yet_cleaned, LABELS).plain.split("\n")[1].strip() == "no headline"


def test_a_titled_article_without_outlet_or_date_shows_its_path() -> None:
    article = Article("sub/b.md", meta=ArticleMeta(title="标题"), original="标题\n正文")
    entry = Entry("sub/b.md", article=article)
    assert row_text(entry, LABELS).plain.split("\n")[1].strip() == "sub/b.md"
