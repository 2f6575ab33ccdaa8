"""Benchmark: discovery + decoding + flattening + metadata of 1,000 articles (goal: under 1 s).

The folder is made in a temporary directory from the five seeds, repeated with variations: a small
edit in every copy (a number in the headline line and in a body line), and a rotation of encodings
(UTF-8, GB18030, UTF-8 with BOM and CRLF, UTF-16 with BOM, Big5 of the Traditional seed, UTF-16LE
without BOM), spread over 10 sub-folders.

Run: python tests/bench/bench_corpus.py [--runs 5] [--count 1000]
"""

from __future__ import annotations

import argparse
import codecs
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tui"))

from jingtui.corpus import discover, read_corpus  # noqa: E402

SEEDS = REPO / "data" / "seeds"


def _encodable(text: str, codec: str) -> str:
    return "".join(ch for ch in text if _ok(ch, codec))


def _ok(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
        return True
    except UnicodeEncodeError:
        return False


def _variant(text: str, index: int) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if len(line.strip()) > 40 and "。" in line:  # a body line, never the front matter
            lines[i] = line + f"（第{index}份）"
            break
    return "\n".join(lines)


ENCODINGS = ("utf-8", "gb18030", "utf-8-sig-crlf", "utf-16", "big5", "utf-16-le")


def build(folder: Path, count: int) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    for n in range(count):
        seed_index = n % len(seeds)
        text = _variant(texts[seed_index], n)
        encoding = ENCODINGS[(n // len(seeds)) % len(ENCODINGS)]
        if encoding == "big5":
            text = _encodable(texts[2], "big5")  # the Traditional seed
            data = text.encode("big5")
        elif encoding == "utf-8-sig-crlf":
            data = codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8")
        elif encoding == "gb18030":
            data = text.encode("gb18030")
        else:
            data = text.encode(encoding)
        target = folder / f"part{n % 10}" / f"{n:04d}_{seeds[seed_index].name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build(folder, args.count)
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        read_corpus(folder)  # warm the page cache and lazy tables
        discover_times, total_times, cpu_times = [], [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            candidates = discover(folder)
            discover_times.append(time.perf_counter() - start)
            start, cpu = time.perf_counter(), time.process_time()
            articles = read_corpus(folder)
            total_times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu)
        assert len(candidates) == args.count and len(articles) == args.count
        bad = [a.path for a in articles if not a.ok or not a.meta.title]
        encodings: dict[str, int] = {}
        for a in articles:
            encodings[a.encoding or "none"] = encodings.get(a.encoding or "none", 0) + 1
        print(f"{args.count} articles, {size / 1e6:.1f} MB, encodings {encodings}")
        print(f"articles without title or with problems: {len(bad)}")
        print(f"discover only:                         median {statistics.median(discover_times) * 1000:.0f} ms")
        print(f"read_corpus (discover+decode+meta):    median {statistics.median(total_times) * 1000:.0f} ms "
              f"(min {min(total_times) * 1000:.0f}, max {max(total_times) * 1000:.0f}, {args.runs} runs)")
        print(f"  of which CPU time of this process:   median {statistics.median(cpu_times) * 1000:.0f} ms "
              "(wall time also counts other processes on a shared machine)")


if __name__ == "__main__":
    main()
