"""Bytes -> text: encoding detection and the normalisation every article gets.

Order (ARCHITECTURE.md section 6): a byte-order mark; strict UTF-8; else strict decodes as gb18030,
big5hkscs, utf-16le and utf-16be, each scored by the share of common Han characters among its non-ASCII
characters, with U+FFFD, private-use, control characters and Hangul counting against it. A declared
charset (``<meta charset>``, CleanEval ``encoding=``) is only a tie-breaker: pages labelled GB2312 whose
bytes are UTF-8 come out UTF-8. "GBK" and "GB2312" are read as gb18030 (a superset that also has U+00A0
and the copyright sign). When nothing decodes strictly, the best-scoring decode with replacement
characters is used and recorded as a problem; bytes that look like a binary file give no text.

Normalisation: NUL bytes are removed; CRLF and CR become LF (so do U+2028/U+2029); NBSP becomes a space;
other C0/C1 control characters (terminal escape codes, the bell) never reach the screen raw: C0 ones
become their visible Unicode "control picture" (ESC -> U+241B) and C1 ones U+FFFD, one character for one,
with a problem noted. Rich markup such as ``[bold]`` is plain text here and stays as it is.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

SCORED = ("gb18030", "big5hkscs", "utf-16le", "utf-16be")
SAMPLE_CHARS = 1_000  # scoring looks at a sample only: enough, and fast
CONFIDENT = 0.9  # a strict decode scoring this high is taken without trying the others
GOOD_ENOUGH = 0.5  # a strict decode scoring less is compared with decodes that replace bad bytes

_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "x-big5": "big5hkscs",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf-16": "utf-16le",
    "utf-16le": "utf-16le",
    "utf-16be": "utf-16be",
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32be", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16be", "utf-16-be"),
)

# Characters that argue against a decode: U+FFFD, private use, C0/C1 controls (not tab/LF/CR/ESC),
# Hangul syllables and jamo (Chinese pages decoded wrongly as UTF-16 or Big5 land there).
_BAD = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f"
                  "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_BINARY_BYTES = bytes([*range(0x01, 0x07), *range(0x0E, 0x1B), *range(0x1C, 0x20)])  # never in text
_CRLF = re.compile("\r\n?")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_PRINTABLE_ASCII = re.compile("[\t\n\r\x20-\x7e]+")


@dataclass(frozen=True)
class Decoded:
    """The decoded, normalised text, the encoding it was read with, and problems (one sentence each)."""

    text: str
    encoding: str | None
    problems: tuple[str, ...] = field(default_factory=tuple)


def normalise_encoding_name(declared: str | None) -> str | None:
    """A declared charset as the codec we read it with (``GB2312`` -> ``gb18030``), or None if unknown."""
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower().replace("_", "-")
    if name in _ALIASES:
        return _ALIASES[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


@lru_cache(maxsize=1)
def _common_re() -> re.Pattern[str]:
    """One character class of all common characters (sre turns it into a bitmap: fast to test)."""
    chars = "".join(sorted(chr(c) for c in _common_table()))
    return re.compile("[" + re.escape(chars) + "]")


@lru_cache(maxsize=1)
def _common_table() -> dict[int, None]:
    """Common Han characters and CJK punctuation, as a table keyed by code point.

    Common Han = GB2312 level 1 (the 3,755 most used Simplified characters) plus Big5 level 1 (the
    5,401 most used Traditional ones), read straight from the codecs, so no data file is needed.
    """
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("gb2312"))
    for lead in range(0xA4, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("big5"))
    chars.update("\u3000、。〃〈〉《》「」『』【】〔〕〖〗・·—…‘’“”")
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width ASCII forms
    return {ord(c): None for c in chars if len(c) == 1}


def _sample(text: str) -> str:
    """Up to ``SAMPLE_CHARS`` characters to score: the start, or, when the start is mostly markup,
    the non-ASCII characters of the first 60,000 (control characters are kept: they count against)."""
    head = text[:SAMPLE_CHARS]
    if len(head) - len(head.encode("ascii", "ignore")) >= SAMPLE_CHARS // 4:
        return head
    return _PRINTABLE_ASCII.sub("", text[:60_000])[:SAMPLE_CHARS]


def score(text: str) -> float:
    """How Chinese a decode looks: share of common Han among non-ASCII characters, minus penalties."""
    sample = _sample(text)
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    common = len(_common_re().findall(sample))
    bad = len(_BAD.findall(sample))
    return (common - 3 * bad) / max(non_ascii, 1)


def _looks_binary(data: bytes, ignore_nul: bool = False) -> bool:
    head = data[:8192]
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    if ignore_nul:
        return controls / max(len(head) - head.count(0), 1) > 0.02
    return controls / len(head) > 0.02 or head.count(0) / len(head) > 0.3


def sanitise_controls(text: str) -> tuple[str, int]:
    """Make control characters harmless, one character for one; return the text and how many changed.

    Tab and LF stay; U+2028/U+2029 become LF; other C0 characters and DEL become their Unicode control
    picture (ESC -> U+241B, BEL -> U+2407); C1 characters become U+FFFD.
    """
    if not _CONTROLS.search(text):
        return text, 0
    count = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal count
        ch = match.group()
        if ch in "\t\n":
            return ch
        if ch in "\u2028\u2029":
            return "\n"
        count += 1
        code = ord(ch)
        if code < 0x20:
            return chr(0x2400 + code)
        if code == 0x7F:
            return "\u2421"
        return "\ufffd"

    return _CONTROLS.sub(repl, text), count


def normalise(text: str) -> tuple[str, list[str]]:
    """NULs removed, LF line ends, NBSP as space, controls made visible; returns text and problems."""
    problems: list[str] = []
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "\r" in text:
        text = _CRLF.sub("\n", text)
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    if text.startswith("\ufeff"):
        text = text[1:]
    text, changed = sanitise_controls(text)
    if changed:
        problems.append(
            f"The file contains {changed} control character{'s' if changed != 1 else ''} "
            "(such as terminal escape codes or bells), shown as symbols like \u241b."
        )
    return text, problems


def _utf16_guess(data: bytes) -> str | None:
    """``utf-16le``/``utf-16be`` when NUL bytes gather on odd/even positions (ASCII in UTF-16), else None."""
    head = data[:4096]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    half = max(len(head) // 2, 1)
    if odd > 0.02 * half and odd > 4 * even:
        return "utf-16le"
    if even > 0.02 * half and even > 4 * odd:
        return "utf-16be"
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def detect(data: bytes, declared: str | None = None) -> tuple[str, str | None, list[str]]:
    """Raw decode without normalisation: (text, encoding name, problems)."""
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, errors="replace")
            problems = []
            if "\ufffd" in text and _strict(data[len(bom):], codec) is None:
                problems.append(f"Some bytes are not valid {name} and are shown as \ufffd.")
            return text, name, problems
    strict = _strict(data, "utf-8")
    if strict is not None and not _looks_binary(data, ignore_nul=True):
        return strict, "utf-8", []
    hint = normalise_encoding_name(declared)
    scored: list[tuple[float, str, str]] = []
    order = sorted(SCORED, key=lambda codec: (codec != hint, codec != _utf16_guess(data)))  # likeliest first
    for codec in order:
        decoded = _strict(data, codec)
        if decoded is not None:
            scored.append((score(decoded), codec, decoded))
            if scored[-1][0] >= CONFIDENT:
                break  # clearly Chinese: the other codecs cannot do better
    best = None
    if scored:
        best = max(scored, key=lambda item: item[0])
        if hint is not None:
            for item in scored:
                if item[1] == hint and item[0] >= best[0] - 0.02:
                    best = item
        if best[0] >= GOOD_ENOUGH:
            return best[2], best[1], []
    if _looks_binary(data):
        return "", None, ["This looks like a binary file, not text, so it was not read."]
    scored = [item for item in scored if not item[1].startswith("utf-16")]  # weak UTF-16 is noise
    best = max(scored, key=lambda item: item[0]) if scored else None
    # No strict decode looks right: compare with decodes that replace the bytes no codec accepts
    # (UTF-8 with a stray byte must not come out as a strict but meaningless UTF-16 decode).
    options = []
    for codec in ("utf-8", "gb18030", "big5hkscs"):
        decoded = data.decode(codec, errors="replace")
        options.append((score(decoded) - decoded.count("\ufffd") / max(len(decoded), 1), codec, decoded))
    if hint in ("utf-8", "gb18030", "big5hkscs"):
        options.sort(key=lambda item: item[1] != hint)
    value, codec, decoded = max(options, key=lambda item: item[0])
    if best is not None and best[0] >= value:
        return best[2], best[1], []  # weak, but the best there is, and no byte lost
    if value < 0.3 and len(data) - len(data.translate(None, _HIGH_BYTES)) <= 0.1 * len(data):
        western = _strict(data, "cp1252")  # not Chinese, mostly ASCII, a few accented letters
        if western is not None:
            return western, "cp1252", []
    bad = decoded.count("\ufffd")
    return decoded, codec, [
        f"{bad} byte sequence{'s' if bad != 1 else ''} could not be decoded as {codec} "
        f"and {'are' if bad != 1 else 'is'} shown as \ufffd."
    ]


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Detect the encoding of ``data`` (``declared`` is a hint only), decode and normalise it."""
    text, encoding, problems = detect(data, declared)
    text, more = normalise(text)
    return Decoded(text, encoding, tuple(problems + more))
