"""The search screen's filter line as a :class:`~jingtui.search.kwic.Query`: words ``name:value``
separated by spaces (``outlet:人民网 from:2022-01 to:2022-06 code:slogan reviewer:amy done:yes``),
the colon ASCII or full-width. A word that is not a filter, or a value that cannot be used, is
:class:`~jingtui.search.kwic.BadQuery` with one sentence."""

from __future__ import annotations

from jingtui.search.kwic import DEFAULT_WIDTH, BadQuery, Query, SortKey
from jingtui.util.dates import is_date_bound

FILTERS = ("outlet", "from", "to", "code", "reviewer", "done")
_YES = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}


def parse_filters(text: str) -> dict[str, str]:
    """``{name: value}`` of the filter line (the last of a name given twice counts)."""
    found: dict[str, str] = {}
    for word in text.replace("：", ":").split():
        name, colon, value = word.partition(":")
        name = name.lower()
        if not colon or not value:
            raise BadQuery(f"The filter {word!r} has no value; write name:value, with a name among "
                           f"{', '.join(FILTERS)}.")
        if name not in FILTERS:
            raise BadQuery(f"There is no filter {name!r}; the filters are {', '.join(FILTERS)}.")
        found[name] = value
    return found


def query_of(text: str, filters: str = "", *, regex: bool = False, sort: SortKey = "article",
             width: int = DEFAULT_WIDTH) -> Query:
    """The query the screen searches for: ``text`` with the filter line ``filters``."""
    given = parse_filters(filters)
    for name in ("from", "to"):
        if name in given and not is_date_bound(given[name]):
            raise BadQuery(f"{name}:{given[name]} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD.")
    done = None
    if "done" in given:
        if given["done"].lower() not in _YES:
            raise BadQuery(f"done:{given['done']} is neither yes nor no.")
        done = _YES[given["done"].lower()]
    return Query(text, regex=regex, outlet=given.get("outlet"), date_from=given.get("from"),
                 date_to=given.get("to"), done=done, code=given.get("code"), reviewer=given.get("reviewer"),
                 width=width, sort=sort)


def filters_line(query: Query) -> str:
    """The filter line that gives ``query``'s filters back (for the screen's status)."""
    parts = [("outlet", query.outlet), ("from", query.date_from), ("to", query.date_to), ("code", query.code),
             ("reviewer", query.reviewer),
             ("done", None if query.done is None else ("yes" if query.done else "no"))]
    return " ".join(f"{name}:{value}" for name, value in parts if value)
