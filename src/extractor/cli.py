"""The `extractor` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

DEFAULT_SCHEMAS = Path("schemas")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="extractor")
def main():
    """Business clusters, quotes, people, organisations, places, dates and figures from French
    press articles, as validated JSON records."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON Lines file to write (default: standard output).")
@click.option("--pretty", is_flag=True, help="Indented JSON, for reading one article.")
@click.option("--rejects", type=click.File("w", encoding="utf-8"),
              help="JSON Lines file listing every rejected input: source, line, reason.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (each loads the model once).")
@click.option("--batch-size", type=click.IntRange(1, 10000), default=32, show_default=True,
              help="Articles per nlp.pipe batch.")
@click.option("--resume", is_flag=True,
              help="Keep the records already in --output, skip their ids and add the rest.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on a Dask cluster (tcp://host:8786) or on a local one ('local', --jobs workers). "
                   "Needs --output; shards are kept in OUTPUT.shards/ and a rerun redoes only the missing ones.")
@click.option("--shard-size", type=click.IntRange(1, 100000), default=200, show_default=True,
              help="Articles per Dask shard.")
@click.option("--as-gold", "as_gold", type=click.Path(file_okay=False, path_type=Path),
              help="Also write a draft gold file per article into this folder, for an annotator to correct.")
@click.option("--db", "db_url", metavar="URL",
              help="Also load the records into this database (sqlite:///file.db, postgresql+psycopg://...).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on standard error.")
def extract(inputs, output, pretty, rejects, jobs, batch_size, resume, scheduler, shard_size, as_gold, db_url, quiet):
    """Extract records from INPUTS: .txt, .md, .html/.htm and .jsonl files, folders (read
    recursively) or - for standard input. One JSON record per article is written (JSON Lines), as
    records complete and in input order.

    Every input ends as a record or as a rejection named on standard error (file, line, reason)
    and in --rejects; the summary counts them. Exit status: 0 when every article was extracted,
    1 when some input was rejected, 2 on a usage error.
    """
    from .batch import Options, run_extract

    if (resume or scheduler) and not output:
        raise click.UsageError("--resume and --scheduler need --output FILE")
    options = Options(jobs=jobs, batch_size=batch_size, pretty=pretty, resume=resume, scheduler=scheduler,
                      shard_size=shard_size, as_gold=as_gold, progress=not quiet and sys.stderr.isatty())
    sink = _DatabaseSink(db_url) if db_url else None
    if sink:
        options.on_record.append(sink.add)
    summary = run_extract(list(inputs), output, options, rejects=rejects)
    loaded = sink.close() if sink else None
    if not quiet:
        click.echo(summary.line(), err=True)
        if loaded:
            click.echo(loaded.line(sink.target), err=True)
    sys.exit(1 if summary.rejected or (loaded and loaded.failures) else 0)


class _DatabaseSink:
    """Loads records into a database as they come, a transaction per batch."""

    BATCH = 500

    def __init__(self, url: str):
        from .db import DatabaseError, LoadSummary, create_db_engine, mask_url

        self.target, self.pending, self.summary = mask_url(url), [], LoadSummary()
        try:
            self.engine = create_db_engine(url)
        except DatabaseError as error:
            raise click.ClickException(str(error)) from None

    def add(self, record) -> None:
        self.pending.append(record)
        if len(self.pending) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        from .db import DatabaseError, load_records

        try:
            part = load_records(self.pending, self.engine)
        except DatabaseError as error:
            raise click.ClickException(str(error)) from None
        self.pending = []
        for name in ("read", "loaded", "replaced", "unchanged", "seconds"):
            setattr(self.summary, name, getattr(self.summary, name) + getattr(part, name))
        self.summary.failures += part.failures
        for failure in part.failures:
            click.echo(f"error: {failure}", err=True)

    def close(self):
        if self.pending:
            self._flush()
        self.engine.dispose()
        return self.summary


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold files; INPUTS are then records files (JSON Lines) already extracted.")
@click.option("--errors", "show_errors", is_flag=True, help="List every miss and false positive with its article.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON instead of the table.")
def evaluate(inputs, gold_dir, show_errors, as_json):
    """Score extraction against gold annotations (shared/spec/gold-format.md).

    `extractor evaluate CORPUS_DIR` extracts the articles of a corpus folder and scores them
    against the `*.gold.json` files beside them; `extractor evaluate --gold GOLD_DIR RECORDS.jsonl`
    scores records already extracted. Records and gold files pair by id (the gold file name
    without `.gold.json`).
    """
    import json

    from .evaluate import pair_records_with_gold, score
    from .gold import GoldError, load_gold_dir

    try:
        if gold_dir:
            golds = load_gold_dir(gold_dir)
            records = list(_read_records(inputs))
        else:
            golds = {}
            for folder in inputs:
                golds.update(load_gold_dir(folder))
            records = list(_extract_quietly(inputs))
    except GoldError as error:
        raise click.ClickException(str(error)) from None
    report = score(pair_records_with_gold(records, golds))
    if as_json:
        click.echo(json.dumps(report.to_json(errors=show_errors), ensure_ascii=False, indent=2))
        return
    click.echo(report.table())
    if show_errors:
        click.echo("\narticle\tcategory\tkind\titem\tcontext")
        for error in report.errors:
            click.echo(str(error))


def _read_records(paths):
    import json

    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as error:
                        raise click.ClickException(f"{path}:{number}: not JSON ({error.msg})") from None


def _extract_quietly(folders):
    from .extract import extract_articles
    from .reading import InputError, iter_inputs

    def articles():
        for item in iter_inputs(str(f) for f in folders):
            if isinstance(item, InputError):
                click.echo(f"error: {item}", err=True)
            else:
                yield item

    return extract_articles(articles())


@main.command()
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_SCHEMAS,
              show_default=True, help="Folder to write the schema files into.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the folder is out of date.")
def schema(folder: Path, check: bool):
    """Write the JSON Schema of the records and the SQL DDL for SQLite and PostgreSQL
    (all generated from the code) into a folder."""
    from .schema import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(folder)
        for name in stale:
            click.echo(f"out of date: {folder / name}", err=True)
        sys.exit(1 if stale else 0)
    for path in write_schemas(folder):
        click.echo(f"wrote {path}")


def _register_database_commands() -> None:
    from .db_cli import load, query

    main.add_command(load)
    main.add_command(query)


_register_database_commands()

if __name__ == "__main__":
    main()
