"""Batch extraction: inputs to JSON Lines, nothing lost, in one process, several, or on Dask.

Every input article ends as a record line or as a rejection (source, line, reason). Lines are
written whole, one `write` each, so a killed run leaves only whole lines and `--resume` can finish
it. Reading and writing stay in this process; workers only turn chunks of articles into records.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Optional

from .extract import chunked, extract_chunk
from .reading import JSONL_SUFFIXES, SUFFIXES, Article, InputError, iter_inputs
from .records import ArticleRecord

CHUNK = 16  # articles sent to a worker at a time


@dataclass
class Summary:
    read: int = 0
    extracted: int = 0
    rejected: int = 0
    skipped: int = 0  # already in the output (--resume)
    seconds: float = 0.0

    def line(self) -> str:
        skipped = f", {self.skipped} already done" if self.skipped else ""
        rate = self.extracted / self.seconds if self.seconds else 0.0
        return (f"{self.read} articles read, {self.extracted} extracted, {self.rejected} rejected{skipped} "
                f"in {self.seconds:.1f} s ({rate:.1f} articles/s)")


@dataclass
class Options:
    jobs: int = 1
    batch_size: int = 32
    pretty: bool = False
    resume: bool = False
    progress: bool = False
    scheduler: Optional[str] = None  # a Dask scheduler address, or "local"
    shard_size: int = 200
    as_gold: Optional[Path] = None
    on_record: list[Callable[[ArticleRecord], None]] = field(default_factory=list)


# --- output ----------------------------------------------------------------------------------

class LineWriter:
    """Appends whole lines to a file descriptor, one `os.write` per line."""

    def __init__(self, fd: int):
        self.fd = fd

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        while data:
            data = data[os.write(self.fd, data):]


def done_ids(path: Path) -> set[str]:
    """Ids already in an output file; a trailing partial line (a killed run) is cut off."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    whole = data[: data.rfind(b"\n") + 1]
    if len(whole) != len(data):
        with open(path, "r+b") as handle:
            handle.truncate(len(whole))
    ids = set()
    for line in whole.decode("utf-8").splitlines():
        if line.strip():
            ids.add(json.loads(line)["id"])
    return ids


# --- input -----------------------------------------------------------------------------------

class Intake:
    """The articles to extract, with rejections, duplicate ids and resumed ids accounted for."""

    def __init__(self, inputs: Iterable[str], summary: Summary, reject: Callable[[InputError], None],
                 skip_ids: set[str]):
        self.inputs, self.summary, self.reject, self.skip_ids = inputs, summary, reject, skip_ids
        self.first_source: dict[str, str] = {}

    def __iter__(self) -> Iterator[Article]:
        for item in iter_inputs(self.inputs):
            self.summary.read += 1
            if isinstance(item, InputError):
                self.reject(item)
            elif item.id in self.first_source:
                where = self.first_source[item.id]
                self.reject(InputError(item.source or item.id, f"duplicate id {item.id!r} (first in {where})", item.line))
            else:
                self.first_source[item.id] = f"{item.source}:{item.line}" if item.line else str(item.source)
                if item.id in self.skip_ids:
                    self.summary.skipped += 1
                else:
                    yield item


def count_articles(inputs: Iterable[str]) -> Optional[int]:
    """How many articles the inputs hold (for the progress bar's ETA); None for standard input."""
    total = 0
    for name in inputs:
        if name == "-":
            return None
        path = Path(name)
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() in JSONL_SUFFIXES and file.is_file():
                with open(file, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
    return total


class Progress:
    """A one-line progress report on standard error: done, articles/s, ETA."""

    def __init__(self, total: Optional[int], stream: IO[str], enabled: bool):
        self.total, self.stream, self.enabled = total, stream, enabled
        self.started = self.shown = time.perf_counter()

    def update(self, done: int, force: bool = False) -> None:
        now = time.perf_counter()
        if not self.enabled or (now - self.shown < 0.5 and not force):
            return
        self.shown = now
        rate = done / (now - self.started) if now > self.started else 0.0
        of = f"/{self.total}" if self.total else ""
        eta = f", ETA {((self.total - done) / rate):.0f} s" if self.total and rate else ""
        self.stream.write(f"\r{done}{of} articles, {rate:.1f} articles/s{eta}   ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


# --- workers ---------------------------------------------------------------------------------

def _record_lines(articles: list[Article], batch_size: int = 32) -> list[str]:
    """What a worker returns: each record as its JSON line (plain strings pickle cheaply)."""
    return [record.model_dump_json() for record in extract_chunk(articles, batch_size=batch_size)]


def load_pipeline() -> None:
    """Worker initialiser: the model is loaded once per process, before any chunk arrives. Its
    objects live as long as the process: frozen, they are left out of the garbage collector's full
    passes, each of which would scan them all again (some 0.15 s a pass)."""
    from .pipeline import get_pipeline

    get_pipeline()
    gc.freeze()


def ordered_map(pool, work: Callable, chunks: Iterable, *args, window: int) -> Iterator:
    """`work(chunk, *args)` on the pool's workers, results in input order, at most `window`
    chunks in flight so that memory stays flat whatever the corpus size."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(pool.apply_async(work, (chunk, *args)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _in_order(chunks: Iterable[list[Article]], jobs: int, batch_size: int) -> Iterator[list[str]]:
    """Each chunk's record lines, in input order, from `jobs` worker processes."""
    if jobs <= 1:
        load_pipeline()
        for chunk in chunks:
            yield _record_lines(chunk, batch_size)
        return
    with multiprocessing.get_context().Pool(jobs, initializer=load_pipeline) as pool:
        yield from ordered_map(pool, _record_lines, chunks, batch_size, window=2 * jobs)


# --- the run ---------------------------------------------------------------------------------

def run_extract(inputs: list[str], output: Optional[Path], options: Options,
                rejects: Optional[IO[str]] = None, errors: Optional[IO[str]] = None) -> Summary:
    """Extract every article of `inputs` into `output` (None: standard output)."""
    errors = errors or sys.stderr
    summary = Summary()
    started = time.perf_counter()

    def reject(error: InputError) -> None:
        summary.rejected += 1
        print(f"error: {error}", file=errors)
        if rejects:
            rejects.write(json.dumps(error.to_json(), ensure_ascii=False) + "\n")
            rejects.flush()

    skip = done_ids(output) if options.resume and output else set()
    intake = Intake(inputs, summary, reject, skip)
    progress = Progress(count_articles(inputs) if options.progress else None, errors, options.progress)
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | (os.O_APPEND if options.resume else os.O_TRUNC), 0o644) \
        if output else sys.stdout.fileno() if _real_stdout() else None
    writer = LineWriter(fd) if fd is not None else sys.stdout
    try:
        if options.scheduler:
            from .distributed import run_on_dask

            lines = run_on_dask(intake, output, options)
        else:
            lines = (line for chunk_lines in _in_order(chunked(intake, CHUNK), options.jobs, options.batch_size)
                     for line in chunk_lines)
        for line in lines:
            _emit(line, writer, options)
            summary.extracted += 1
            progress.update(summary.extracted + summary.skipped)
    finally:
        progress.close()
        if output and fd is not None:
            os.close(fd)
    summary.seconds = time.perf_counter() - started
    return summary


def _real_stdout() -> bool:
    """Standard output is a real file descriptor (not a test runner's buffer)."""
    try:
        sys.stdout.fileno()
        return True
    except (AttributeError, OSError, ValueError):
        return False


def _emit(line: str, writer, options: Options) -> None:
    if options.pretty or options.as_gold or options.on_record:
        record = ArticleRecord.model_validate_json(line)
        if options.pretty:
            line = record.model_dump_json(indent=2)
        if options.as_gold:
            write_draft_gold(record, options.as_gold)
        for callback in options.on_record:
            callback(record)
    writer.write(line + "\n")


def write_draft_gold(record: ArticleRecord, folder: Path) -> Path:
    """A gold-format file from a record, named as `evaluate` pairs them: `<id>.gold.json`."""
    from .evaluate import records_to_gold

    folder.mkdir(parents=True, exist_ok=True)
    source = Path(record.source or record.id)
    document = source.name if source.stem == record.id else f"{source.name}#{record.id}"
    path = folder / f"{record.id}.gold.json"
    path.write_text(json.dumps(records_to_gold(record, document), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    return path
