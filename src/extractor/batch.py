"""Batch extraction: inputs to JSON Lines, with every rejected input reported, none lost."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import IO, Iterable, Iterator, Optional

from .extract import extract_articles
from .reading import Article, InputError, iter_inputs


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
                errors: Optional[IO[str]] = None, pretty: bool = False, batch_size: int = 32) -> Summary:
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
        summary.extracted += 1
    summary.seconds = time.perf_counter() - started
    return summary


def _json_line(obj: dict) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False) + "\n"
