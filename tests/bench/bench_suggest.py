"""Benchmark: suggest_claims on a 20,000-character article (goal: under 50 ms).

Run: python tests/bench/bench_suggest.py
The article is the cleaned seeds concatenated (real police publicity text), cut to 20,000 characters.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tui"))

from jingtui.clean.pipeline import clean_article  # noqa: E402
from jingtui.suggest import default_lexicon, suggest_claims  # noqa: E402
from jingtui.util.segment import clause_spans, sentence_spans  # noqa: E402


def seed_text() -> str:
    try:
        from jingtui.corpus import read_corpus

        articles = read_corpus(REPO / "data" / "seeds")
    except ImportError:
        from jingtui.clean.plain import article_from_text

        articles = [article_from_text(p.read_text(encoding="utf-8", errors="replace"), p.name)
                    for p in sorted((REPO / "data" / "seeds").iterdir())]
    return "\n".join(clean_article(a).text for a in articles)


def timed(fn, repeat: int, clock=time.perf_counter) -> list[float]:
    times = []
    for _ in range(repeat):
        t = clock()
        fn()
        times.append((clock() - t) * 1000)
    return times


def main() -> None:
    base = seed_text()
    text = (base * (20_000 // max(1, len(base)) + 1))[:20_000]
    lexicon = default_lexicon()
    t = time.perf_counter()
    found = suggest_claims(text, lexicon=lexicon)
    first = (time.perf_counter() - t) * 1000
    runs = timed(lambda: suggest_claims(text, lexicon=lexicon), 15)
    cpu = timed(lambda: suggest_claims(text, lexicon=lexicon), 15, time.process_time)
    print(f"text: {len(text)} characters, {text.count(chr(10)) + 1} paragraphs; {len(found)} suggestions")
    print(f"suggest_claims: wall median {statistics.median(runs):.1f} ms, min {min(runs):.1f}, max {max(runs):.1f} "
          f"(first call {first:.1f} ms); CPU median {statistics.median(cpu):.1f} ms; goal < 50 ms")
    print("(wall time depends on the machine's load; on a shared machine the CPU time is the steadier figure)")
    for name, fn in (("sentence_spans", lambda: sentence_spans(text)), ("clause_spans", lambda: clause_spans(text))):
        print(f"{name}: median {statistics.median(timed(fn, 15)):.2f} ms")
    from jingtui.suggest.anecdote import detect_anecdotes
    from jingtui.suggest.metric import detect_metrics
    from jingtui.suggest.slogan import detect_slogans

    for name, fn in (("metric", lambda: detect_metrics(text)), ("slogan", lambda: detect_slogans(text, lexicon)),
                     ("anecdote", lambda: detect_anecdotes(text))):
        print(f"  {name}: median {statistics.median(timed(fn, 9)):.1f} ms")
    # The 24 real pages of tests/data/corpus, cleaned once; suggestions timed per article.
    try:
        from jingtui.corpus import read_corpus

        texts = [clean_article(a).text for a in read_corpus(REPO / "tests" / "data" / "corpus")]
    except ImportError:
        return
    per = [min(timed(lambda t=t: suggest_claims(t, lexicon=lexicon), 3)) for t in texts]
    print(f"tests/data/corpus: {len(texts)} articles, {sum(map(len, texts))} characters; suggest_claims "
          f"{sum(per):.0f} ms in all, median {statistics.median(per):.1f} ms per article")


if __name__ == "__main__":
    main()
