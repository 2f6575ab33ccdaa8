"""The check after writing a ``.qdpx``: read every selection back and compare it with what it should cover.

Independent of the reader's repairs (:mod:`jingtui.refi.project_reader` moves a span to fit the
selection's name): here each selection's positions are converted with the chosen counting, the text is
cut from the source file in the archive, and the cut must equal the selection's name, which the
writer sets to the claim's quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from jingtui.refi.archive import open_qdpx_stream
from jingtui.refi.positions import Counter, Counting
from jingtui.refi.project_reader import normalise_text


@dataclass
class VerifyReport:
    """How many selections were read back, and a phrase for each one that does not cover its quote."""

    checked: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def summary(self) -> str:
        if self.ok:
            return f"all {self.checked} selection{'s' if self.checked != 1 else ''} read back with their quotes"
        return (f"{len(self.mismatches)} of {self.checked} selections do not read back as their quotes "
                f"(first: {self.mismatches[0]})")


def verify_qdpx(path: Path, counting: Counting) -> VerifyReport:
    """Read the written project back and compare every selection's text with its name (the quote).

    The ``.qde`` is read as a stream by expat (no tree in memory: 100,000 selections are ~50 MB of XML),
    text source by text source.
    """
    report = VerifyReport()
    with open_qdpx_stream(path) as (archive, qde):
        state = _Source()

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = tag.rsplit("}", 1)[-1]
            if local == "TextSource":
                data = archive.source(attrs.get("plainTextPath", ""))
                decoded = normalise_text(data) if data is not None else None
                state.name = attrs.get("name", "")
                state.text = decoded[0] if decoded else None
                state.counter = Counter(decoded[0], counting, decoded[1]) if decoded else None
            elif local == "PlainTextSelection":
                _check(report, state, attrs)

        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler = start
        parser.buffer_text = True
        try:
            parser.ParseFile(qde)
        except expat.ExpatError as exc:
            report.mismatches.append(f"the project XML breaks at line {exc.lineno}")
    return report


@dataclass
class _Source:
    """The text source being read: its name, text and counter (None when its text is missing)."""

    name: str = ""
    text: str | None = None
    counter: Counter | None = None


def _check(report: VerifyReport, state: _Source, attrs: dict[str, str]) -> None:
    report.checked += 1
    text, counter = state.text, state.counter
    if text is None or counter is None:
        report.mismatches.append(f"{state.name}: its text is missing")
        return
    start = counter.to_offset(int(attrs.get("startPosition", "0")))
    end = counter.to_offset(int(attrs.get("endPosition", "0")), round_up=True)
    expected = attrs.get("name", "")
    if text[start:end] != expected:
        report.mismatches.append(f"{state.name} {start}-{end}: {text[start:end][:30]!r} "
                                 f"instead of {expected[:30]!r}")
