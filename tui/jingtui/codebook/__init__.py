"""The codebook: a team's own codes, definitions, keys, colours, claim fields and document variables.

Public names (other packages import these; keep them stable): :class:`Code`, :class:`FieldSpec`,
:class:`DocumentVariable`, :class:`Codebook`, :class:`CodebookError`, :func:`default_codebook`,
:func:`parse_codebook`, :func:`codebook_from_data`, :func:`read_codebook`, :func:`load_codebook`, :func:`codebook_path`,
:data:`CODEBOOK_FILE`, :data:`FIELD_TYPES`, :data:`DETECTORS`. Never imports Textual.
"""

from jingtui.codebook.default import default_codebook
from jingtui.codebook.files import (
    CODEBOOK_FILE,
    codebook_path,
    load_codebook,
    read_codebook,
)
from jingtui.codebook.model import (
    DETECTORS,
    FIELD_TYPES,
    PATH_SEPARATOR,
    Code,
    Codebook,
    DocumentVariable,
    FieldSpec,
    code_dict,
    spec_dict,
)
from jingtui.codebook.parse import (
    CodebookError,
    codebook_from_data,
    normalise_colour,
    parse_codebook,
)

__all__ = [
    "CODEBOOK_FILE", "DETECTORS", "FIELD_TYPES", "PATH_SEPARATOR", "Code", "Codebook", "CodebookError",
    "DocumentVariable", "FieldSpec", "code_dict", "codebook_from_data", "codebook_path", "default_codebook",
    "load_codebook", "normalise_colour", "parse_codebook", "read_codebook", "spec_dict",
]
