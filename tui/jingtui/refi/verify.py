"""The check after writing a ``.qdpx``: read every selection back and compare it with what it should cover.

Independent of the reader's repairs (:mod:`jingtui.refi.project_reader` moves a span to fit the
selection's name): here each selection's positions are converted with the chosen counting, the text is
cut from the source file in the archive, and the cut must equal the selection's name, which the
writer sets to the claim's quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jingtui.refi.archive import open_qdpx
from jingtui.refi.codes import NAMESPACE_PROJECT
from jingtui.refi.positions import Counter, Counting
from jingtui.refi.project_reader import normalise_text
from jingtui.refi.safexml import parse_xml

Q = f"{{{NAMESPACE_PROJECT}}}"


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
    """Read the written project back and compare every selection's text with its name (the quote)."""
    report = VerifyReport()
    with open_qdpx(path) as archive:
        root = parse_xml(archive.qde, name=str(path))
        for source in root.iterfind(f"{Q}Sources/{Q}TextSource"):
            data = archive.source(source.get("plainTextPath", ""))
            decoded = normalise_text(data) if data is not None else None
            selections = source.findall(f"{Q}PlainTextSelection")
            if decoded is None:
                report.checked += len(selections)
                report.mismatches += [f"{source.get('name')}: its text is missing"] * len(selections)
                continue
            text, crlf = decoded
            counter = Counter(text, counting, crlf)
            for selection in selections:
                report.checked += 1
                start = counter.to_offset(int(selection.get("startPosition", "0")))
                end = counter.to_offset(int(selection.get("endPosition", "0")), round_up=True)
                expected = selection.get("name", "")
                if text[start:end] != expected:
                    report.mismatches.append(f"{source.get('name')} {start}-{end}: {text[start:end][:30]!r} "
                                             f"instead of {expected[:30]!r}")
    return report
