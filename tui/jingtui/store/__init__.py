"""Claims in TinyDB. Never imports Textual.

- :mod:`.claims`: :class:`ClaimStore` (journal + atomic snapshot, lock, indexes)
- :mod:`.session`: :class:`AnnotationSession` (validated changes with undo/redo)
- :mod:`.anchor`: re-anchoring claims when the cleaned text changed
- :mod:`.errors`: :class:`StoreError` with ``kind``
"""

from jingtui.store.claims import ClaimStore
from jingtui.store.errors import ClaimError, StoreError
from jingtui.store.model import DEFAULT_LABELS, ArticleState, Claim, make_claim
from jingtui.store.paths import default_db_path
from jingtui.store.session import AnnotationSession

__all__ = ["AnnotationSession", "ArticleState", "Claim", "ClaimError", "ClaimStore", "DEFAULT_LABELS",
           "StoreError", "default_db_path", "make_claim"]
