"""A few lines on what a records file holds: `python -m extractor.summary RECORDS.jsonl`."""

from __future__ import annotations

import json
import sys
from collections import Counter

CATEGORIES = ("clusters", "quotes", "people", "organisations", "places", "dates", "figures")


def summarise(lines) -> str:
    counts: Counter = Counter()
    clusters: Counter = Counter()
    articles = 0
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        articles += 1
        for category in CATEGORIES:
            counts[category] += len(record.get(category) or [])
        clusters.update(c["name"] for c in record.get("clusters") or [])
    totals = ", ".join(f"{counts[c]} {c}" for c in CATEGORIES)
    out = [f"{articles} articles: {totals}"]
    if clusters:
        out.append("clusters most mentioned: " + ", ".join(f"{n} ({k})" for n, k in clusters.most_common(10)))
    return "\n".join(out)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(summarise(handle))
