"""`extractor load` and `extractor query`: records into a database, and named questions on it.

Both are `click` commands that the `main` group registers. The database URL comes from `--db` or
the EXTRACTOR_DB environment variable (which keeps a password off the command line); it is only
ever shown masked.
"""

from __future__ import annotations

import json
import sys
from typing import Callable

import click

from .db import (
    DEFAULT_URL, FIGURE_ROLES, DatabaseError, cluster_figures_over_time, connect, find_clusters, find_quotes,
    load_files, mask_url, name_key,
)
from .records import ClusterKind, Region

db_option = click.option(
    "--db", "url", default=DEFAULT_URL, show_default=True, envvar="EXTRACTOR_DB", metavar="URL",
    help="SQLAlchemy URL of the database: sqlite:///file.db, postgresql+psycopg://user@host/db "
         "(also from $EXTRACTOR_DB).")


@click.command("load")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@db_option
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(min=1),
              help="Articles written per transaction.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")
def load(inputs, url, batch_size, quiet):
    """Load records files (JSON Lines written by `extractor extract`, - for standard input) into a
    database, creating its tables. Loading again skips unchanged articles and replaces changed ones.

    Exit status: 0 when every record loaded, 1 when some record failed (each one is named on
    standard error with file:line, id and reason; the others are loaded) or the database failed.
    """
    try:
        summary = load_files(inputs, url, batch_size=batch_size)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from None
    for failure in summary.failures:
        click.echo(f"error: {failure}", err=True)
    if not quiet:
        click.echo(summary.line(mask_url(url)), err=True)
    sys.exit(1 if summary.failures else 0)


@click.group("query")
def query():
    """Named questions on a database filled by `extractor load`, printed as tab-separated values
    with a header (or JSON Lines with --json). Exit status 1 when nothing matches.

    For other questions, see the SQL examples in docs/sql-examples.md.
    """


json_option = click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")


def _choice(enum) -> Callable:
    """A click callback accepting an enum value written with any case and accents ("occitanie")."""
    values = {name_key(member.value): member.value for member in enum}

    def convert(ctx, param, value):
        if value is None:
            return None
        try:
            return values[name_key(value)]
        except KeyError:
            raise click.BadParameter(f"{value!r} is none of: {', '.join(values.values())}") from None

    return convert


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())  # one line per row, whatever the text holds


def _emit(url: str, question: Callable, as_json: bool, **filters) -> None:
    try:
        with connect(url, must_exist=True) as engine, engine.connect() as conn:
            rows = question(conn, **filters)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from None
    if not rows:
        click.echo("nothing matches", err=True)
        sys.exit(1)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))  # dates as YYYY-MM-DD
        return
    click.echo("\t".join(rows[0]))
    for row in rows:
        click.echo("\t".join(_cell(v) for v in row.values()))


@query.command("clusters")
@click.option("--region", callback=_choice(Region), help="Clusters in this region (e.g. Occitanie).")
@click.option("--kind", callback=_choice(ClusterKind), help="Clusters of this kind (e.g. \"pôle de compétitivité\").")
@click.option("--sector", help="Clusters with a sector containing this text (e.g. verre).")
@click.option("--name", help="Clusters whose name contains this text.")
@db_option
@json_option
def clusters(url, as_json, **filters):
    """Clusters across articles: name, number of articles, first and last publication dates,
    regions and kinds. A cluster matches when one of its mentions matches every filter."""
    _emit(url, find_clusters, as_json, **filters)


@query.command("quotes")
@click.option("--person", help="Speaker's name, or part of it (case and accents ignored).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many quotes.")
@db_option
@json_option
def quotes(url, as_json, person, limit):
    """Quotes with their date, article, speaker and role, oldest first."""
    _emit(url, find_quotes, as_json, person=person, limit=limit)


@query.command("cluster-figures")
@click.argument("cluster")
@click.option("--role", type=click.Choice(FIGURE_ROLES), help="Only member counts, employee counts or other figures.")
@db_option
@json_option
def cluster_figures(url, as_json, cluster, role):
    """The figures of CLUSTER (its name or an alias, case and accents ignored) across articles,
    with each article's publication date and source: how its member count changed over time."""
    _emit(url, cluster_figures_over_time, as_json, cluster=cluster, role=role)
