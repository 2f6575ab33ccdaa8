"""Text as it may stand in XML 1.0: escaped, and without the characters XML cannot hold.

The writers build the XML as strings (100,000 selections in a fraction of the time ElementTree takes),
so every value goes through :func:`attr` or :func:`text`. XML 1.0 forbids most control characters,
lone surrogates and U+FFFE/U+FFFF even as character references: they become U+FFFD.
"""

from __future__ import annotations

import re

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;",
                               "\r": "&#13;", "\t": "&#9;"})


def clean(value: str) -> str:
    """``value`` with the characters XML 1.0 cannot hold replaced by U+FFFD."""
    return _INVALID.sub("\ufffd", value)


def text(value: str) -> str:
    """``value`` escaped as element content."""
    return clean(value).translate(_TEXT_ESCAPES)


def attr(value: str) -> str:
    """``value`` escaped as a double-quoted attribute value (line ends kept as references)."""
    return clean(value).translate(_ATTR_ESCAPES)
