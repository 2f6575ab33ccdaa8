"""Corpus search: keyword-in-context hits over the cleaned Simplified text of every article.

:mod:`jingtui.search.kwic` is pure (texts in, hits out); :mod:`jingtui.search.corpus_search` reads the
articles, their cleaned texts and their claims through a :class:`~jingtui.workspace.Workspace`.
"""
