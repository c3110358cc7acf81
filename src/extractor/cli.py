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
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="JSON Lines file to write (default: standard output).")
@click.option("--pretty", is_flag=True, help="Indented JSON, for reading one article.")
@click.option("--rejects", type=click.File("w", encoding="utf-8"),
              help="JSON Lines file listing every rejected input: source, line, reason.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")
def extract(inputs, output, pretty, rejects, quiet):
    """Extract records from INPUTS: .txt, .md, .html/.htm and .jsonl files, folders (read
    recursively) or - for standard input. One JSON record per article is written (JSON Lines).

    Exit status: 0 when every article was extracted, 1 when some input was rejected (each one
    is named on standard error with its reason), 2 on a usage error.
    """
    from .batch import run_extract

    out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")
    try:
        summary = run_extract(inputs, out, rejects=rejects, pretty=pretty)
    finally:
        if out is not sys.stdout:
            out.close()
    if not quiet:
        click.echo(summary.line(), err=True)
    sys.exit(1 if summary.rejected else 0)


@main.command()
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_SCHEMAS,
              show_default=True, help="Folder to write the schema files into.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the folder is out of date.")
def schema(folder: Path, check: bool):
    """Write the JSON Schemas of the records (generated from the code) into a folder."""
    from .schema import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(folder)
        for name in stale:
            click.echo(f"out of date: {folder / name}", err=True)
        sys.exit(1 if stale else 0)
    for path in write_schemas(folder):
        click.echo(f"wrote {path}")


if __name__ == "__main__":
    main()
