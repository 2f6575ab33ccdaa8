"""How a selection's ``startPosition``/``endPosition`` count characters: the counting profiles.

The REFI-QDA standard does not say what a position counts. Programs differ:

* ``codepoints``: Unicode code points, exclusive end (Python tools, QualCoder; jingtui's own offsets).
  A line end counts one, even a CR LF pair in a source (ATLAS.ti counts CR LF as one character).
* ``utf16``: UTF-16 code units (programs written in JavaScript, Java or C#): a character outside the
  Basic Multilingual Plane (such as 𠮷, U+20BB7) counts two; a CR LF pair counts two.
* ``nvivo``: as NVivo counts: characters outside the Basic Multilingual Plane twice, a CR LF pair two.

On the texts jingtui writes (LF line ends only) ``utf16`` and ``nvivo`` give the same numbers, and all
three agree unless a text holds characters outside the BMP (rare Han characters of the extensions,
emoji). :class:`Counter` converts between code-point offsets of a text (LF line ends) and a profile's
positions; it costs nothing for a text with neither astral characters nor CR LF pairs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Literal

CountingName = Literal["codepoints", "utf16", "nvivo"]
COUNTINGS: tuple[CountingName, ...] = ("codepoints", "utf16", "nvivo")
DEFAULT_COUNTING: CountingName = "codepoints"


@dataclass(frozen=True)
class Counting:
    """A counting profile: how many units a character outside the BMP and a CR LF line end take."""

    name: CountingName
    astral_units: int
    crlf_units: int
    sentence: str  # how the profile is said in the project's description

    def describe(self) -> str:
        return f"Selection positions count {self.sentence} (jingtui counting: {self.name})."


PROFILES: dict[CountingName, Counting] = {
    "codepoints": Counting("codepoints", 1, 1, "Unicode code points from 0, end exclusive; a line end is one"),
    "utf16": Counting("utf16", 2, 2, "UTF-16 code units from 0, end exclusive"),
    "nvivo": Counting("nvivo", 2, 2, "as NVivo does: UTF-16 code units from 0, end exclusive, characters "
                                     "outside the Basic Multilingual Plane twice"),
}

_DESCRIBED = re.compile(r"jingtui counting:\s*(codepoints|utf16|nvivo)\b")


def profile(name: str) -> Counting:
    """The profile called ``name``; ValueError for an unknown name."""
    try:
        return PROFILES[name]  # type: ignore[index]
    except KeyError:
        raise ValueError(f"unknown counting {name!r}; choose one of {', '.join(COUNTINGS)}") from None


def described_counting(description: str | None) -> Counting | None:
    """The profile a project's description names (one we wrote), or None."""
    match = _DESCRIBED.search(description or "")
    return PROFILES[match.group(1)] if match else None  # type: ignore[index]


def counting_for_origin(origin: str | None) -> Counting:
    """The profile the program that wrote a project most likely used (by its ``origin`` attribute)."""
    text = (origin or "").lower()
    if "nvivo" in text:
        return PROFILES["nvivo"]
    if "maxqda" in text:
        return PROFILES["utf16"]
    return PROFILES["codepoints"]  # QualCoder, ATLAS.ti, jingtui, Transana, unknown


class Counter:
    """Offsets of one text converted between code points and a profile's units.

    ``text`` uses LF line ends; ``crlf_at`` lists the offsets of LFs that stood for a CR LF pair in the
    source the positions were counted on (an imported source with Windows line ends).
    """

    def __init__(self, text: str, counting: Counting, crlf_at: frozenset[int] | set[int] = frozenset()) -> None:
        extras: dict[int, int] = {}
        if counting.astral_units != 1 and not _all_bmp(text):
            for index, char in enumerate(text):
                if char > "\uffff":
                    extras[index] = counting.astral_units - 1
        if counting.crlf_units != 1:
            for index in crlf_at:
                extras[index] = counting.crlf_units - 1
        self.length = len(text)
        self._special = sorted(extras)
        self._widths = [1 + extras[i] for i in self._special]
        self._starts: list[int] = []  # unit position where each special character starts
        extra = 0
        for index, width in zip(self._special, self._widths, strict=True):
            self._starts.append(index + extra)
            extra += width - 1
        self.units = self.length + extra

    @property
    def identity(self) -> bool:
        """Whether units and code points coincide on this text."""
        return not self._special

    def to_units(self, offset: int) -> int:
        """The position in units of the code-point ``offset``."""
        if not self._special:
            return offset
        k = bisect_left(self._special, offset)  # special characters before ``offset``
        if k == 0:
            return offset
        return self._starts[k - 1] + self._widths[k - 1] + (offset - self._special[k - 1] - 1)

    def to_offset(self, units: int, *, round_up: bool = False) -> int:
        """The code-point offset at ``units``; a position inside a wide character rounds down (or up)."""
        if not self._special:
            return units
        k = bisect_right(self._starts, units) - 1
        if k < 0:
            return units
        start, width, index = self._starts[k], self._widths[k], self._special[k]
        if units == start:
            return index
        if units < start + width:
            return index + 1 if round_up else index
        return index + 1 + (units - start - width)


def _all_bmp(text: str) -> bool:
    return len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)  # a lone surrogate: one unit
