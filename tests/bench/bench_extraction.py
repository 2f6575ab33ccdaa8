"""Benchmark of extraction on a public set of hand-cleaned Chinese web pages.

Run: python tests/bench/bench_extraction.py --dataset DIR [--pages] [--half dev|check]

``DIR`` is a copy of the Chinese-Web-Content-Extraction-Dataset (immortal-autumn, commit 99d0ef0): the
folders ``original/`` (saved pages, ``NAME.html``), ``cleaned/`` (the body as a person copied it,
``NAME.txt``) and ``date/`` (the page's date as that person read it). The dataset is not in this
repository; see tests/bench/README.md for how to get it.

What it measures, per page and overall:

* **Text**: character-bigram F1 of our cleaned text against ``cleaned/NAME.txt``
  (``jingtui.clean.quality.bigram_f1``): the bigrams of each text are the pairs of consecutive
  characters once every whitespace character is removed, counted as a multiset; precision is the
  shared count over ours, recall over the reference's, F1 their harmonic mean (1.0 when both are
  empty, 0.0 when only one is). Our title and subtitle lines are left out unless the reference starts
  with the title, as the people who made the references mostly copied the body only. The overall
  figure is the mean of the per-page figures.
* **Date**: right when our date agrees with the gold date on the parts the gold gives (``2003-5``
  checks year and month, ``2005-9-15 11:46:00`` the day), both zero-padded. Pages whose gold is not a
  date (``UNKNOWN``, blank, a name) do not count.
* **Time**: the median time per page of cleaning (reading the file, then ``clean_article``), wall
  and CPU (the CPU figure is the steadier one on a shared machine), one process, after one warm-up
  page.

The pages are split in two halves by their position in name order (even: ``dev``, odd: ``check``):
rules are tuned looking at one half and checked on the other; both halves are reported.

When trafilatura is installed (it is not a dependency of the project; the figures quoted use 2.3.1),
it runs on the same pages in the same run with its defaults, for comparison: its text through
``trafilatura.extract``, its date through ``trafilatura.extract_metadata``, both given the page as our
decoder reads it (so the comparison is of extraction, not of charset guessing: on raw bytes
trafilatura misreads several GBK pages and scores about 0.72).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tui"))

from jingtui.clean.pipeline import clean_article
from jingtui.clean.quality import bigram_f1
from jingtui.corpus import read_article
from jingtui.corpus.decode import decode
from jingtui.corpus.formats import declared_charset

_GOLD_DATE = re.compile(r"^\s*((?:19|20)\d\d)(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:\s|$)")


@dataclass
class PageResult:
    name: str
    half: str
    f1: float
    date_gold: str
    date_ours: str
    date_ok: bool | None  # None: the gold gives no date
    seconds: float
    cpu: float = 0.0
    f1_other: float | None = None
    date_other_ok: bool | None = None


def gold_date_parts(text: str) -> tuple[str, ...] | None:
    """The zero-padded parts (year, month, day) the gold date gives, or None when it is not a date."""
    match = _GOLD_DATE.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    parts = [year]
    if month:
        parts.append(f"{int(month):02d}")
        if day:
            parts.append(f"{int(day):02d}")
    return tuple(parts)


def date_agrees(ours: str | None, gold: tuple[str, ...]) -> bool:
    if not ours:
        return False
    found = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", ours.strip())
    if not found:
        return False
    have = [found.group(1)] + [f"{int(g):02d}" for g in found.groups()[1:] if g]
    return tuple(have[: len(gold)]) == gold


def our_body(clean, reference: str) -> str:
    """Our text, without the title and subtitle when the reference does not start with the title."""
    first_ref_line = next((line.strip() for line in reference.splitlines() if line.strip()), "")
    title = next((clean.text[p.start : p.end] for p in clean.paragraphs if p.kind == "title"), "")
    if title and bigram_f1(title, first_ref_line) >= 0.8:
        return clean.text
    return "\n".join(clean.text[p.start : p.end] for p in clean.paragraphs if p.kind not in ("title", "subtitle"))


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _other_extractor():
    try:
        import trafilatura  # type: ignore[import-not-found]
    except ImportError:
        return None
    return trafilatura


def run(dataset: Path, half: str | None = None) -> list[PageResult]:
    pages = sorted((dataset / "original").glob("*.html"))
    if not pages:
        raise SystemExit(f"No pages in {dataset / 'original'}: give the dataset's folder with --dataset.")
    other = _other_extractor()
    first = True
    results = []
    for index, page in enumerate(pages):
        which = "dev" if index % 2 == 0 else "check"
        if half and which != half:
            continue
        name = page.stem
        reference = _read_text(dataset / "cleaned" / f"{name}.txt")
        gold_file = dataset / "date" / f"{name}.txt"
        gold_text = _read_text(gold_file).strip() if gold_file.exists() else ""
        if first:
            clean_article(read_article(page.parent, page.name))  # warm-up: tables, regexes
            first = False
        t0, c0 = time.perf_counter(), time.process_time()
        article = read_article(page.parent, page.name)
        clean = clean_article(article)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        gold = gold_date_parts(gold_text)
        ours = article.meta.date or ""
        result = PageResult(name, which, bigram_f1(our_body(clean, reference), reference), gold_text, ours,
                            None if gold is None else date_agrees(ours, gold), seconds, cpu)
        if other is not None:
            data = page.read_bytes()
            html = decode(data, declared_charset(data)).text  # the same decoded text as ours
            text = other.extract(html) or ""
            result.f1_other = bigram_f1(text, reference)
            if gold is not None:
                meta = other.extract_metadata(html)
                result.date_other_ok = date_agrees(getattr(meta, "date", None) if meta else None, gold)
        results.append(result)
    return results


def _summary(label: str, results: list[PageResult]) -> str:
    if not results:
        return f"{label}: no pages"
    f1 = statistics.mean(r.f1 for r in results)
    dated = [r for r in results if r.date_ok is not None]
    dates = sum(1 for r in dated if r.date_ok) / max(1, len(dated))
    right = sum(1 for r in dated if r.date_ok)
    line = f"{label}: {len(results)} pages, F1 {f1:.3f}, dates {dates:.2f} ({right}/{len(dated)})"
    if results[0].f1_other is not None:
        other_f1 = statistics.mean(r.f1_other or 0.0 for r in results)
        other_dates = sum(1 for r in dated if r.date_other_ok) / max(1, len(dated))
        line += f"; trafilatura F1 {other_f1:.3f}, dates {other_dates:.2f}"
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, required=True, help="the dataset's folder (original/, cleaned/, date/)")
    parser.add_argument("--pages", action="store_true", help="one line per page")
    parser.add_argument("--half", choices=("dev", "check"), help="only one half of the pages")
    args = parser.parse_args(argv)
    results = run(args.dataset, args.half)
    if args.pages:
        for r in sorted(results, key=lambda r: r.f1):
            other = f" traf {r.f1_other:.3f}" if r.f1_other is not None else ""
            mark = {None: " ", True: "+", False: "-"}[r.date_ok]
            print(f"{r.name[:8]} {r.half:5} F1 {r.f1:.3f}{other}  date {mark} ours={r.date_ours or '-':10} "
                  f"gold={r.date_gold[:19]:19} {r.seconds * 1000:6.1f} ms")
    print(_summary("all", results))
    for half in ("dev", "check"):
        part = [r for r in results if r.half == half]
        if part and len(part) != len(results):
            print(_summary(half, part))
    print(f"median time per page (read + clean): {statistics.median(r.seconds for r in results) * 1000:.1f} ms wall, "
          f"{statistics.median(r.cpu for r in results) * 1000:.1f} ms CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
