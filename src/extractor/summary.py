"""A few lines on what a records file (and the database it was loaded into) holds:
`python -m extractor.summary RECORDS.jsonl [DATABASE_URL]`."""

from __future__ import annotations

import json
import sys
from collections import Counter

CATEGORIES = ("clusters", "quotes", "people", "organisations", "places", "dates", "figures")


def summarise(lines) -> str:
    counts: Counter = Counter()
    articles = 0
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        articles += 1
        for category in CATEGORIES:
            counts[category] += len(record.get(category) or [])
    return f"{articles} articles: " + ", ".join(f"{counts[c]} {c}" for c in CATEGORIES)


def summarise_database(url: str, most: int = 8) -> str:
    """Row counts of the main tables and the clusters most written about."""
    from sqlalchemy import func, select

    from . import db

    with db.connect(url, must_exist=True) as engine, engine.connect() as conn:
        tables = (db.articles, db.clusters, db.quotes, db.people, db.organisations, db.places, db.dates, db.figures)
        sizes = ", ".join(f"{conn.execute(select(func.count()).select_from(t)).scalar()} {t.name}" for t in tables)
        out = [f"{db.mask_url(url)}: {sizes}", "clusters (articles, first and last publication, regions):"]
        for row in db.find_clusters(conn)[:most]:
            out.append(f"  {row['cluster']} ({row['articles']}, {row['first']} to {row['last']}, {row['regions'] or '-'})")
    return "\n".join(out)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(summarise(handle))
    if len(sys.argv) > 2:
        print(summarise_database(sys.argv[2]))
