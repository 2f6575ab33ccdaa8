"""Precision and recall of suggestions against a quote-based gold set.

Gold file: JSON Lines, one claim per line: ``{"path": ..., "label": ..., "quote": ...}``. A gold
quote stands for every place where it occurs in the article's cleaned text (quotes are located
after folding ASCII punctuation to its full-width form, so ``,`` matches ``，``). A suggestion
*matches* a gold claim of the same label when their spans overlap by at least half of the shorter
span. Precision = matching suggestions / suggestions; recall = matched gold claims / located gold
claims. Gold quotes that cannot be found in the text are reported, not counted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jingtui.errors import UserError

MIN_OVERLAP = 0.5
_FOLD = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）",
                       "\u3000": " ", "\u00a0": " "})


@dataclass(frozen=True)
class GoldClaim:
    path: str
    label: str
    quote: str


@dataclass
class LabelScore:
    label: str
    suggested: int = 0
    correct: int = 0  # suggestions that match a gold claim
    gold: int = 0
    found: int = 0  # gold claims matched by a suggestion

    @property
    def precision(self) -> float:
        return self.correct / self.suggested if self.suggested else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "suggested": self.suggested, "correct": self.correct, "gold": self.gold, "found": self.found}


@dataclass
class Evaluation:
    scores: dict[str, LabelScore]
    unlocated: list[GoldClaim] = field(default_factory=list)
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (path, label, quote)
    false: list[tuple[str, str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": "a suggestion matches a gold claim of the same label when their spans overlap by "
                    ">= 50% of the shorter span",
            "labels": [s.to_dict() for s in self.scores.values()],
            "unlocated": [g.__dict__ for g in self.unlocated],
        }


def read_gold(path: Path | str) -> list[GoldClaim]:
    """The gold claims of a JSON Lines file; a malformed line is a UserError naming the line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"Cannot read the gold file {path}: {exc.strerror or exc}.") from None
    gold = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = json.loads(line)
            gold.append(GoldClaim(str(row["path"]), str(row["label"]), str(row["quote"])))
        except (ValueError, KeyError, TypeError):
            raise UserError(f"Line {number} of {path} is not a gold claim like "
                            '{"path": ..., "label": ..., "quote": ...}.') from None
    return gold


def fold(text: str) -> str:
    """ASCII punctuation to full-width, one character for one, so offsets are kept."""
    return text.translate(_FOLD)


def locate(text: str, quote: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``quote`` occurs in ``text`` (punctuation width ignored)."""
    hay, needle = fold(text), fold(quote.strip())
    spans: list[tuple[int, int]] = []
    if not needle:
        return spans
    i = hay.find(needle)
    while i >= 0:
        spans.append((i, i + len(needle)))
        i = hay.find(needle, i + 1)
    return spans


def overlaps(a: tuple[int, int], b: tuple[int, int], minimum: float = MIN_OVERLAP) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter > 0 and shorter > 0 and inter >= minimum * shorter


def evaluate(texts: dict[str, str], suggestions: dict[str, list[Any]], gold: list[GoldClaim],
             labels: tuple[str, ...] | None = None) -> Evaluation:
    """Score ``suggestions`` (path -> Suggestion list) against ``gold`` over the articles in ``texts``."""
    if labels is None:
        labels = tuple(dict.fromkeys([g.label for g in gold] + [s.label for ss in suggestions.values() for s in ss]))
    scores = {label: LabelScore(label) for label in labels}
    result = Evaluation(scores)
    # Gold spans: every occurrence of every quote, de-duplicated per label.
    gold_spans: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for g in gold:
        if g.path not in texts or g.label not in scores:
            continue
        spans = locate(texts[g.path], g.quote)
        if not spans:
            result.unlocated.append(g)
            continue
        bucket = gold_spans.setdefault((g.path, g.label), [])
        for s, e in spans:
            if not any(s == a and e == b for a, b, _ in bucket):
                bucket.append((s, e, g.quote))
    for path in texts:
        for label in labels:
            golds = gold_spans.get((path, label), [])
            mine = [s for s in suggestions.get(path, []) if s.label == label]
            score = scores[label]
            score.gold += len(golds)
            score.suggested += len(mine)
            for s in mine:
                if any(overlaps((s.start, s.end), (a, b)) for a, b, _ in golds):
                    score.correct += 1
                else:
                    result.false.append((path, label, s.quote))
            for a, b, quote in golds:
                if any(overlaps((s.start, s.end), (a, b)) for s in mine):
                    score.found += 1
                else:
                    result.missed.append((path, label, quote))
    return result
