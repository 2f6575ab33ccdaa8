"""An article's title as the reader shows it: one function for the app's list and header and for
``jingtui list``, so the two never disagree on what an article is called."""

from __future__ import annotations

from jingtui.clean.model import CleanText
from jingtui.corpus.model import Article


def article_title(article: Article, clean: CleanText | None = None) -> str:
    """The headline of ``article``: the title line of its cleaned text when it is cleaned (Simplified
    script), else the reader's title (converted to Simplified when the cleaned text says the article
    is Traditional); "" when it has none."""
    title = article.meta.title
    if clean is not None:
        for para in clean.paragraphs:
            if para.kind == "title":
                return clean.text[para.start : para.end]
        if title and clean.script == "traditional":
            from jingtui.clean.script import to_simplified

            return to_simplified(title)
    return title or ""


__all__ = ["article_title"]
