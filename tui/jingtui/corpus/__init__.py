"""Folder -> articles. Never imports Textual."""

from jingtui.corpus.discover import Candidate, discover
from jingtui.corpus.model import Article, ArticleMeta, Block
from jingtui.corpus.reader import read_article, read_corpus

__all__ = ["Article", "ArticleMeta", "Block", "Candidate", "discover", "read_article", "read_corpus"]
