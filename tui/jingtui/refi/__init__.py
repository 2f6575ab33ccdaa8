"""REFI-QDA exchange (``.qdpx`` projects, ``.qdc`` codebooks): the XML and the archive, nothing else.

Pure core: no Textual, no corpus, no database. What is here turns plain records into REFI XML and back,
checks archives and XML before anything is trusted, and converts positions between counting
conventions. :mod:`jingtui.export.qdpx_export` and :mod:`jingtui.export.qdpx_import` connect it to the
corpus and the claims.

Modules: :mod:`.guids` (stable GUIDs from our ids), :mod:`.positions` (how selections count
characters), :mod:`.codes` (the ``<CodeBook>`` tree and ``.qdc`` files), :mod:`.schema` (the project
schema, checked without third-party libraries), :mod:`.archive` (reading a ``.qdpx`` safely),
:mod:`.project_writer` and :mod:`.project_reader` (the ``project.qde`` document).
"""

from jingtui.refi.errors import RefiError

NAMESPACE_PROJECT = "urn:QDA-XML:project:1.0"
NAMESPACE_CODEBOOK = "urn:QDA-XML:codebook:1.0"

__all__ = ["NAMESPACE_CODEBOOK", "NAMESPACE_PROJECT", "RefiError"]
