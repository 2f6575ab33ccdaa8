"""Generate a large corpus for the benchmarks: the seeds and the shared corpus repeated, each file with
bytes of its own (a line ``No. N`` at the end, ASCII so it fits any encoding), 1,000 files per folder.

    python tests/bench/make_corpus.py DEST [--count 100000] [--extra ../shared/corpus]

Generating 100,000 files (about 4 GB) takes a minute or two: do it once, in /tmp, and point the
benchmarks at it. Folders are ``DEST/0000/``, ``DEST/0001/``, ...; a file is ``a000123_<seed name>``.
Files already there are kept (an interrupted run can be resumed).
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "data" / "seeds"
SHARED = ROOT.parent.parent / "shared" / "corpus"  # /work/shared/corpus beside the worktrees
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
PER_FOLDER = 1000


def sources(extra: list[Path]) -> list[Path]:
    """The article files the corpus repeats: the seeds, then each extra folder's articles."""
    found: list[Path] = []
    for folder in [SEEDS, *extra]:
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                            and not p.name.startswith(".") and not p.stem.isupper())
    return found


def make_corpus(dest: Path, count: int, extra: list[Path] | None = None) -> int:
    """Write ``count`` articles under ``dest``; how many were written (files already there are kept)."""
    files = sources([SHARED] if extra is None else extra)
    data = [p.read_bytes() for p in files]
    written = 0
    for i in range(count):
        k = i % len(files)
        folder = dest / f"{i // PER_FOLDER:04}"
        if i % PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"a{i:06}_{files[k].name}"
        if path.exists():
            continue
        path.write_bytes(data[k] + f"\n\nNo. {i}\n".encode("ascii"))
        written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--extra", type=Path, action="append", help="another folder of articles to repeat "
                        "(default: the shared corpus, when it is there)")
    args = parser.parse_args()
    written = make_corpus(args.dest, args.count, args.extra)
    print(f"{written:,} files written under {args.dest} ({args.count:,} asked)")


if __name__ == "__main__":
    main()
