"""The corpus index: a folder's files, their metadata and cleaning state in one SQLite file.

``corpus_index.py`` is the store (:class:`CorpusIndex`), ``rows.py`` what a row holds
(:class:`IndexRow`, in :class:`Stage` s), ``diff.py`` what changed between two listings. The index
reads no article itself: ``jingtui.workspace.index_fill`` reads and cleans them and writes the facts.
Nothing here imports Textual.
"""

from jingtui.index.corpus_index import CorpusIndex, index_path
from jingtui.index.diff import Changes, Seen, compare
from jingtui.index.rows import CleanFacts, IndexRow, ListRow, ReadFacts, Stage, clean_facts, read_facts

__all__ = ["Changes", "CleanFacts", "CorpusIndex", "IndexRow", "ListRow", "ReadFacts", "Seen", "Stage", "clean_facts",
           "compare", "index_path", "read_facts"]
