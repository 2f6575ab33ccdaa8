"""The data files shipped inside the package (slogan lexicon, export schema), read the same way from a
source checkout, an editable install or an installed wheel (``importlib.resources``)."""

from __future__ import annotations

import sys
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.resources.abc from Python 3.11 (importlib.abc before, gone in 3.14)
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

DATA_PACKAGE = "jingtui.data"


def data_file(name: str) -> Traversable:
    """The shipped data file ``name`` (``slogans.txt``, ``export.schema.json``)."""
    return resources.files(DATA_PACKAGE).joinpath(name)


def read_data_text(name: str) -> str:
    """The text (UTF-8) of the shipped data file ``name``."""
    text: str = data_file(name).read_text(encoding="utf-8")
    return text
