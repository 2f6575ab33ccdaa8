"""Where a corpus's codebook is (``DIR/codebook.toml`` or ``--codebook FILE``) and reading it."""

from __future__ import annotations

from pathlib import Path

from jingtui.codebook.default import default_codebook
from jingtui.codebook.model import Codebook
from jingtui.codebook.parse import CodebookError, parse_codebook

CODEBOOK_FILE = "codebook.toml"


def codebook_path(root: Path, override: Path | str | None = None) -> Path | None:
    """The codebook file of the corpus at ``root``: ``override`` if given, else ``root/codebook.toml`` if it
    exists, else None (the default codebook). A given file that does not exist is an error."""
    if override is not None:
        path = Path(override).expanduser()
        if not path.is_file():
            raise CodebookError(f"There is no codebook file at {path}.")
        return path
    path = Path(root) / CODEBOOK_FILE
    return path if path.is_file() else None


def read_codebook(path: Path | str) -> Codebook:
    """The codebook in the file ``path``; :class:`CodebookError` (one sentence) when it cannot be used."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CodebookError(f"{path} cannot be read ({exc.strerror or exc}).") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CodebookError(f"{path}, line {line}: the file is not UTF-8 text.") from None
    return parse_codebook(text, source=str(path))


def load_codebook(root: Path | str, override: Path | str | None = None) -> Codebook:
    """The codebook of the corpus at ``root`` (see :func:`codebook_path`); the default one when there is none."""
    path = codebook_path(Path(root), override)
    return default_codebook() if path is None else read_codebook(path)
