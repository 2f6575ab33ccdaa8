"""Articles and claims per value of each document variable of a corpus (genre, stance, ...), read through
a :class:`~jingtui.workspace.Workspace`: the corpus view's variables tab reads this; ``jingtui stats``
gives the same figures under ``variables`` (both count with :func:`jingtui.suggest.code_stats.by_variable`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jingtui.suggest.code_stats import ValueCount, by_variable

if TYPE_CHECKING:
    from jingtui.workspace.workspace import Workspace


@dataclass(frozen=True)
class VariableFigures:
    """``values[variable id]``: one :class:`ValueCount` per value (the codebook's choices first, then the
    values found, "(not set)" for articles without one); ``titles[variable id]`` its name."""

    values: dict[str, list[ValueCount]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {var: [v.to_dict() for v in values] for var, values in self.values.items()}


def corpus_variable_figures(workspace: Workspace) -> VariableFigures:
    """The figures per variable value of ``workspace`` (its codebook's variables; the database read-only,
    none without one: every article then counts as "(not set)")."""
    book = workspace.codebook
    paths = workspace.paths()
    claims: list[Any] = []
    variables: dict[str, dict[str, Any]] = {}
    if book.variables and workspace.has_store():
        with workspace.open_store(read_only=True) as store:
            claims = list(store.claims(status="active"))
            for path in paths:
                state = store.get_state(path)
                if state.variables:
                    variables[path] = dict(state.variables)
    return VariableFigures(by_variable(book, variables, claims, paths), {v.id: v.title for v in book.variables})
