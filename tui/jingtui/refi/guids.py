"""Stable GUIDs for what jingtui exports: the same claim, code, reviewer or article always gets the same one.

Another program keys what it imports by GUID, so a second export of the same claims updates what the
first one brought in instead of duplicating it. Every GUID is a name-based UUID (version 5) in one fixed
namespace, from a kind (``claim``, ``coding``, ``code``, ...) and our own id, except the selection of a
claim whose id already is a UUID (as ``new_claim_id`` makes them): that GUID is the claim id itself, so
importing our own export gives every claim its id back.

GUIDs are written in lower case without braces; :func:`normalise` reads any form the schema allows.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from functools import lru_cache

# Fixed forever: changing it changes every GUID we have ever exported.
NAMESPACE = uuid.UUID("1928ef31-645e-56ba-8b0b-1cd857cb67fe")

_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")
_PLAIN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
GUID_PATTERN = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")


_NAMESPACE_BYTES = NAMESPACE.bytes


def derived(kind: str, key: str) -> str:
    """The GUID of ``key`` (our id) as a thing of ``kind`` (``code``, ``user``, ``article``, ...).

    ``str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))``, computed without building UUID objects (a third of
    the time; an export makes two per claim).
    """
    digest = hashlib.sha1(_NAMESPACE_BYTES + f"{kind}:{key}".encode("utf-8", "surrogatepass")).digest()
    h = bytearray(digest[:16])
    h[6] = (h[6] & 0x0F) | 0x50  # version 5
    h[8] = (h[8] & 0x3F) | 0x80  # RFC 4122 variant
    x = h.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


@lru_cache(maxsize=4096)
def code_guid(code_id: str) -> str:
    """The GUID of a code of the codebook, from its id (``metric``, ``slogan``, ...)."""
    return derived("code", code_id)


@lru_cache(maxsize=4096)
def user_guid(reviewer: str) -> str:
    """The GUID of the REFI user standing for a reviewer."""
    return derived("user", reviewer)


def source_guid(path: str) -> str:
    """The GUID of an article's TextSource, from its path in the corpus."""
    return derived("article", path)


def selection_guid(claim_id: str) -> str:
    """The GUID of a claim's PlainTextSelection: the claim id itself when it is a UUID."""
    if len(claim_id) == 32 and _HEX32.match(claim_id):
        x = claim_id.lower()
        return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"
    if len(claim_id) == 36 and GUID_PATTERN.match(claim_id):
        return claim_id.lower()
    return derived("claim", claim_id)


def claim_id_of(guid: str) -> str:
    """The claim id an imported selection (or coding) GUID gives: its 32 hex digits."""
    return normalise(guid).replace("-", "")


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
    if len(text) == 36 and text[8] == "-" and text[23] == "-" and _PLAIN.match(text):
        return text.lower()
    match = GUID_PATTERN.match(text.strip())
    if match is None:
        raise ValueError(f"not a GUID: {text!r}")
    return match.group(1).lower()
