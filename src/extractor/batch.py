"""Batch extraction: inputs to JSON Lines, with every rejected input reported, none lost."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from dataclasses import dataclass, field
from typing import IO, Iterable, Iterator, Optional

from .extract import extract_articles
from .reading import JSONL_SUFFIXES, Article, InputError, iter_inputs
from .records import ArticleRecord


@dataclass
class Summary:
    read: int = 0
    extracted: int = 0
    rejected: int = 0
    seconds: float = 0.0
    rejections: list[InputError] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.read} articles read, {self.extracted} extracted, {self.rejected} rejected "
                f"in {self.seconds:.1f} s")


def run_extract(inputs: Iterable[str], out: IO[str], *, rejects: Optional[IO[str]] = None,
                errors: Optional[IO[str]] = None, pretty: bool = False, batch_size: int = 32,
                as_gold: Optional[Path] = None) -> Summary:
    """Extract every article of `inputs` into `out`, one JSON record a line."""
    errors = errors or sys.stderr
    summary = Summary()
    started = time.perf_counter()

    def articles() -> Iterator[Article]:
        for item in iter_inputs(inputs):
            summary.read += 1
            if isinstance(item, InputError):
                summary.rejected += 1
                summary.rejections.append(item)
                print(f"error: {item}", file=errors)
                if rejects:
                    rejects.write(_json_line(item.to_json()))
                continue
            yield item

    for record in extract_articles(articles(), batch_size=batch_size):
        text = record.model_dump_json(indent=2) + "\n" if pretty else record.model_dump_json() + "\n"
        out.write(text)
        out.flush()
        if as_gold:
            write_draft_gold(record, as_gold)
        summary.extracted += 1
    summary.seconds = time.perf_counter() - started
    return summary


def _json_line(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


def write_draft_gold(record: ArticleRecord, folder: Path) -> Path:
    """A gold-format file from a record, named as `evaluate` pairs them: `<id>.gold.json`."""
    from .evaluate import records_to_gold

    folder.mkdir(parents=True, exist_ok=True)
    source = Path(record.source or record.id)
    document = f"{source.name}#{record.id}" if source.suffix.lower() in JSONL_SUFFIXES else source.name
    path = folder / f"{record.id}.gold.json"
    path.write_text(json.dumps(records_to_gold(record, document), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    return path
