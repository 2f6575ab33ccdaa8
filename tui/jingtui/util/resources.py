"""The data files shipped inside the package (slogan lexicon, export schema), read the same way from a
source checkout, an editable install or an installed wheel (``importlib.resources``)."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

DATA_PACKAGE = "jingtui.data"


def data_file(name: str) -> Traversable:
    """The shipped data file ``name`` (``slogans.txt``, ``export.schema.json``)."""
    return resources.files(DATA_PACKAGE).joinpath(name)


def read_data_text(name: str) -> str:
    """The text (UTF-8) of the shipped data file ``name``."""
    return data_file(name).read_text(encoding="utf-8")
