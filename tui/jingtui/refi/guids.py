"""Stable GUIDs for what jingtui exports: the same claim, code, reviewer or article always gets the same one.

Another program keys what it imports by GUID, so a second export of the same claims updates what the
first one brought in instead of duplicating it. Every GUID is a name-based UUID (version 5) in one fixed
namespace, from a kind (``claim``, ``coding``, ``code``, ...) and our own id, except the selection of a
claim whose id already is a UUID (as ``new_claim_id`` makes them): that GUID is the claim id itself, so
importing our own export gives every claim its id back.

GUIDs are written in lower case without braces; :func:`normalise` reads any form the schema allows.
"""

from __future__ import annotations

import re
import uuid

# Fixed forever: changing it changes every GUID we have ever exported.
NAMESPACE = uuid.UUID("1928ef31-645e-56ba-8b0b-1cd857cb67fe")

GUID_PATTERN = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")


def derived(kind: str, key: str) -> str:
    """The GUID of ``key`` (our id) as a thing of ``kind`` (``code``, ``user``, ``article``, ...)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def code_guid(code_id: str) -> str:
    """The GUID of a code of the codebook, from its id (``metric``, ``slogan``, ...)."""
    return derived("code", code_id)


def user_guid(reviewer: str) -> str:
    """The GUID of the REFI user standing for a reviewer."""
    return derived("user", reviewer)


def source_guid(path: str) -> str:
    """The GUID of an article's TextSource, from its path in the corpus."""
    return derived("article", path)


def selection_guid(claim_id: str) -> str:
    """The GUID of a claim's PlainTextSelection: the claim id itself when it is a UUID."""
    try:
        return str(uuid.UUID(hex=claim_id)) if len(claim_id) in (32, 36) else derived("claim", claim_id)
    except ValueError:
        return derived("claim", claim_id)


def claim_id_of(guid: str) -> str:
    """The claim id an imported selection (or coding) GUID gives: its 32 hex digits."""
    return uuid.UUID(normalise(guid)).hex


def coding_guid(claim_id: str) -> str:
    return derived("coding", claim_id)


def note_guid(claim_id: str) -> str:
    return derived("note", claim_id)


def set_guid(name: str) -> str:
    return derived("set", name)


def variable_guid(name: str) -> str:
    return derived("variable", name)


def project_guid(name: str) -> str:
    return derived("project", name)


def is_guid(text: str) -> bool:
    """Whether ``text`` is a GUID as the schema writes them (with or without braces)."""
    return bool(GUID_PATTERN.match(text))


def normalise(text: str) -> str:
    """A GUID in our form (lower case, no braces); ValueError when ``text`` is not a GUID."""
    match = GUID_PATTERN.match(text.strip())
    if match is None:
        raise ValueError(f"not a GUID: {text!r}")
    return match.group(1).lower()
