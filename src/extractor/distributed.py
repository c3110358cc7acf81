"""Extraction on a Dask cluster (`--scheduler tcp://host:8786`, or `--scheduler local`).

The client reads the inputs and cuts the articles into shards of `shard_size`; each worker
loads the model once (the pipeline is cached per process) and returns a shard's record lines;
the client writes each shard to `<output>.shards/shard-NNNNNN.jsonl` whole or not at all (a
temporary file renamed), so a rerun redoes only the missing shards. Workers need no shared disk.
Once every shard is there, the output file is their concatenation, in input order.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from .extract import chunked
from .reading import Article


def shard_lines(articles: list[Article], batch_size: int) -> list[str]:
    """Runs on a worker: a shard's record lines."""
    from .batch import _record_lines

    return _record_lines(articles, batch_size)


def _client(scheduler: str, jobs: int):
    from dask.distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(n_workers=max(jobs, 1), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    return Client(scheduler), None


def write_whole(path: Path, lines: list[str]) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    os.replace(temporary, path)


def run_on_dask(articles: Iterable[Article], output: Path, options) -> Iterator[str]:
    """Record lines of every article, in input order, computed on the cluster; shards already
    written by an earlier run are read back, not recomputed."""
    from dask.distributed import as_completed

    if output is None:
        raise ValueError("a Dask run needs an output file (-o): its shards are kept beside it")
    folder = Path(f"{output}.shards")
    folder.mkdir(parents=True, exist_ok=True)
    client, cluster = _client(options.scheduler, options.jobs)
    try:
        shards = []
        futures = {}
        for number, shard in enumerate(chunked(articles, options.shard_size)):
            path = folder / f"shard-{number:06d}.jsonl"
            shards.append(path)
            if not path.exists():
                futures[client.submit(shard_lines, shard, options.batch_size, pure=False)] = path
        for future in as_completed(list(futures)):
            write_whole(futures[future], future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for path in shards:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                yield line.rstrip("\n")
