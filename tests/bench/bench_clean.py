"""Benchmark of the cleaning pipeline: 1,000 articles, cold and cached.

Run: python tests/bench/bench_clean.py [N]

The articles are the five seeds repeated with variations (a numbered sentence added to a body line,
so every file has its own content hash). Files are read with the corpus reader first; only cleaning
and the cache are timed. Prints medians per article (per script) and totals.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tui"))

from jingtui.clean.cache import CleanCache  # noqa: E402
from jingtui.clean.pipeline import clean_article  # noqa: E402
from jingtui.clean.plain import read_file_article  # noqa: E402

SEEDS = REPO / "data" / "seeds"


def make_corpus(folder: Path, count: int) -> list[Path]:
    seeds = sorted(p for p in SEEDS.iterdir() if p.is_file() and not p.name.startswith("."))
    paths = []
    for i in range(count):
        seed = seeds[i % len(seeds)]
        text = seed.read_text(encoding="utf-8")
        # Variation: a sentence with the article number, appended to the longest line.
        lines = text.split("\n")
        longest = max(range(len(lines)), key=lambda k: len(lines[k]))
        extra = f"第{i}篇变体，附加一句说明。" if seed.name[:3] != "002" else f"第{i}篇變體，附加一句說明。"
        if lines[longest].rstrip().endswith(("</p>", "</div>")):
            lines[longest] = lines[longest].replace("</p>", f"{extra}</p>", 1)
        else:
            lines[longest] = lines[longest] + extra
        path = folder / f"{i:04d}_{seed.name}"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def main(count: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths = make_corpus(folder, count)
        articles = [read_file_article(p) for p in paths]
        clean_article(articles[0])  # load OpenCC tables and regexes once

        by_script: dict[str, list[float]] = {}
        cpu_by_script: dict[str, list[float]] = {}
        start = time.perf_counter()
        for article in articles:
            t0, c0 = time.perf_counter(), time.process_time()
            clean = clean_article(article)
            cpu_by_script.setdefault(clean.script, []).append(time.process_time() - c0)
            by_script.setdefault(clean.script, []).append(time.perf_counter() - t0)
        cold_total = time.perf_counter() - start

        cache_dir = Path(tmp) / "cache"
        cache = CleanCache(cache_dir)
        start = time.perf_counter()
        for article in articles:
            cache.get(article)
        fill_total = time.perf_counter() - start

        reopen = CleanCache(cache_dir)  # a new process would start like this
        start = time.perf_counter()
        texts = [reopen.get(article).text for article in articles]
        cached_total = time.perf_counter() - start
        assert all(texts)
        size = sum(p.stat().st_size for p in cache_dir.rglob("*.json"))

    print(f"articles: {count}")
    for script, times in sorted(by_script.items()):
        cpu = cpu_by_script[script]
        print(f"cold clean, {script}: median {statistics.median(times) * 1000:.2f} ms wall, "
              f"{statistics.median(cpu) * 1000:.2f} ms CPU (n={len(times)}, max {max(times) * 1000:.1f} ms)")
    print(f"cold clean, all {count}: {cold_total:.2f} s")
    print(f"clean + store in cache, all {count}: {fill_total:.2f} s")
    print(f"cached reopen of {count}: {cached_total:.3f} s ({cached_total / count * 1000:.2f} ms each)")
    print(f"cache size: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
