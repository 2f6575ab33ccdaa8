"""Folder -> articles. Never imports Textual."""

from jingtui.corpus.model import Article, ArticleMeta, Block

__all__ = ["Article", "ArticleMeta", "Block"]
