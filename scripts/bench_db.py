"""Benchmark `extractor load`: real records from the corpus, replicated under new ids into a JSON
Lines file, loaded into SQLite.

    .venv/bin/python scripts/bench_db.py                      # 10,000 records, corpus extracted first
    .venv/bin/python scripts/bench_db.py --records out/corpus.jsonl -n 50000 --db sqlite:///bench.db

Prints records/s for a first load, a reload (every article unchanged, skipped) and a reload where
every article changed (replaced), by the clock and by the CPU time of this process (which is what
the load costs when other programs share the machine); exits 1 when the first load is slower than
--target records/s by the clock.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extractor.db import load_files, mask_url

ROOT = Path(__file__).resolve().parent.parent


def corpus_records(path: Path | None) -> list[dict]:
    """The records of `path`, or of the corpus extracted now."""
    if path is None:
        path = Path(tempfile.mkdtemp()) / "corpus.jsonl"
        subprocess.run([Path(sys.executable).with_name("extractor"), "extract", ROOT / "corpus", "-o", path, "-q"],
                       check=True)
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def replicate(records: list[dict], count: int, folder: Path, marker: str = "") -> Path:
    """A JSON Lines file of `count` records cycling over `records`, each with an id of its own
    (and its text marked, so that a new marker changes every article)."""
    path = folder / f"records{len(marker)}.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            record = records[n % len(records)]
            out.write(json.dumps({**record, "id": f"{record['id']}-{n}", "text": record["text"] + marker},
                                 ensure_ascii=False) + "\n")
    return path


def timed(label: str, path: Path, url: str, batch_size: int) -> float:
    cpu = time.process_time()
    summary = load_files([str(path)], url, batch_size=batch_size)
    cpu = time.process_time() - cpu
    rate = summary.read / summary.seconds
    print(f"{label:<20} {summary.line()}: {rate:,.0f} records/s ({summary.read / cpu:,.0f} records/s of CPU)")
    assert not summary.failures, summary.failures[:3]
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=Path, help="records file to replicate (default: extract the corpus)")
    parser.add_argument("-n", "--count", type=int, default=10_000, help="records to load (default 10000)")
    parser.add_argument("--db", help="database URL (default: a new SQLite file in a temporary folder)")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--target", type=float, default=1000, help="records/s the first load must reach")
    args = parser.parse_args()

    source = corpus_records(args.records)
    folder = Path(tempfile.mkdtemp())
    url = args.db or f"sqlite:///{folder / 'bench.db'}"
    records = replicate(source, args.count, folder)
    facts = sum(len(r[k]) for r in source for k in ("clusters", "quotes", "people", "organisations", "places",
                                                    "dates", "figures")) * args.count // len(source)
    print(f"{args.count} records from {len(source)} of the corpus, about {facts} facts, into {mask_url(url)}")
    started = time.perf_counter()
    rate = timed("first load", records, url, args.batch_size)
    timed("reload, unchanged", records, url, args.batch_size)
    timed("reload, all changed", replicate(source, args.count, folder, marker=" "), url, args.batch_size)
    print(f"total {time.perf_counter() - started:.1f} s; first load {rate:,.0f} records/s (target {args.target:,.0f})")
    return 0 if rate >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
