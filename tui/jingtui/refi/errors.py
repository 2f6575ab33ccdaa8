"""The one error of the REFI package: a file we cannot use, said in one sentence."""

from __future__ import annotations

from jingtui.errors import UserError


class RefiError(UserError):
    """A REFI-QDA file (project, codebook, archive) that cannot be used; ``str()`` is one sentence."""
