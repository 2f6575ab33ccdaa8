"""Export (JSON, JSONL, CSV, W3C Web Annotation), import and merge, agreement. No Textual here.

Public entry points: :func:`export_corpus` (the app's export dialog), :func:`jingtui.export.run.export_to`
(``jingtui export``), :func:`jingtui.export.importer.import_claims` (``jingtui import``) and
:func:`jingtui.export.agreement.agreement` (``jingtui agree``).
"""

from jingtui.export.run import ExportResult, Selection, export_corpus, export_to

__all__ = ["ExportResult", "Selection", "export_corpus", "export_to"]
