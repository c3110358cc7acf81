"""Records into a relational database (SQLite, PostgreSQL) through SQLAlchemy Core.

One table per kind of fact, each row keyed by its article id and its position in the record, so a
whole batch is written with one `executemany` per table and no id round trips. Loading is
idempotent (an article whose content hash is unchanged is skipped), a changed article is replaced
in one transaction, and a record that fails leaves nothing of itself behind.

    >>> from extractor.db import load_records
    >>> summary = load_records(records, "sqlite:///extractor.db")

Values are always bound as parameters; a URL is only ever shown through `mask_url`.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from pydantic import ValidationError
from sqlalchemy import (
    JSON, CheckConstraint, Column, Date, Double, Engine, ForeignKey, ForeignKeyConstraint, Index,
    Integer, MetaData, String, Table, Text, and_, bindparam, column, create_engine, delete, event,
    exists, func, or_, select, table,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import (
    ArgumentError, DBAPIError, InternalError, NoSuchModuleError, OperationalError, SQLAlchemyError,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateIndex, CreateTable, ExecutableDDLElement

from .records import ArticleRecord, Cluster

DEFAULT_URL = "sqlite:///extractor.db"
DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}

# ---------------------------------------------------------------------------------------------
# Name keys


@lru_cache(maxsize=1 << 16)  # names repeat across articles
def name_key(name: Optional[str]) -> Optional[str]:
    """"Lumen Vallée", "LUMEN-VALLEE" -> "lumen vallee": lowercase, no accents, no punctuation."""
    if name is None:
        return None
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in text.casefold()).split()
    return " ".join(words) or name.strip().casefold()


# ---------------------------------------------------------------------------------------------
# Tables: every fact is keyed by (article_id, seq), its position in the record

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})
# JSONB on PostgreSQL so that users can query lists (authors @> '["Odile Ferrant"]').
JSONList = JSON().with_variant(postgresql.JSONB(), "postgresql")
FIGURE_ROLES = ("members", "employees", "other")


def _span() -> list:
    """Evidence offsets into the article's text, when the extractor gives them."""
    return [Column("start_offset", Integer), Column("end_offset", Integer),
            CheckConstraint("end_offset >= start_offset", name="span")]


def _figure() -> list:
    return [Column("text", Text, nullable=False), Column("value", Double, nullable=False),
            Column("unit", String), Column("qualifier", String, nullable=False), Column("about", Text), *_span()]


def _fact(name: str, *columns, indexes: tuple = ()) -> Table:
    """A table of one kind of fact of an article, deleted with it."""
    return Table(name, metadata,
                 Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
                 Column("seq", Integer, primary_key=True), *columns,
                 *(Index(None, c) for c in indexes))


def _child(name: str, parent: str, *columns, indexes: tuple = ()) -> Table:
    """A table of the slots of one fact (a cluster's regions, a person's roles), deleted with it."""
    link, parents = f"{parent}_seq", _PARENTS[parent]
    return Table(name, metadata,
                 Column("article_id", String, primary_key=True), Column(link, Integer, primary_key=True),
                 Column("seq", Integer, primary_key=True), *columns,
                 ForeignKeyConstraint(["article_id", link], [f"{parents}.article_id", f"{parents}.seq"],
                                      ondelete="CASCADE"),
                 *(Index(None, c) for c in indexes))


_PARENTS = {"cluster": "clusters", "person": "people"}

articles = Table(
    "articles", metadata,
    Column("id", String, primary_key=True),
    Column("source", String), Column("title", Text), Column("section", String), Column("lead", Text),
    Column("published", Date, index=True), Column("language", String, nullable=False),
    Column("text", Text, nullable=False), Column("authors", JSONList, nullable=False),
    Column("captions", JSONList, nullable=False), Column("warnings", JSONList, nullable=False),
    Column("content_hash", String(64), nullable=False),
)
clusters = _fact("clusters", Column("name", String, nullable=False), Column("name_key", String, nullable=False),
                 Column("founded", Integer), *_span(), indexes=("name_key",))
cluster_aliases = _child("cluster_aliases", "cluster", Column("alias", String, nullable=False),
                         Column("alias_key", String, nullable=False), indexes=("alias_key",))
cluster_kinds = _child("cluster_kinds", "cluster", Column("kind", String, nullable=False), indexes=("kind",))
cluster_places = _child("cluster_places", "cluster", Column("place", String, nullable=False))
cluster_regions = _child("cluster_regions", "cluster", Column("region", String, nullable=False), indexes=("region",))
cluster_sectors = _child("cluster_sectors", "cluster", Column("sector", String, nullable=False))
cluster_supporters = _child("cluster_supporters", "cluster", Column("supporter", String, nullable=False))
cluster_history = _child("cluster_history", "cluster", Column("year", Integer, nullable=False),
                         Column("kind", String, nullable=False))
cluster_people = _child("cluster_people", "cluster", Column("name", String, nullable=False),
                        Column("name_key", String, nullable=False), Column("role", String), indexes=("name_key",))
cluster_figures = _child("cluster_figures", "cluster",
                         Column("role", String, CheckConstraint(f"role IN {FIGURE_ROLES}", name="role"),
                                nullable=False),
                         *_figure())
quotes = _fact("quotes", Column("text", Text, nullable=False), Column("speaker", String), Column("speaker_key", String),
               Column("speaker_role", String), Column("cue", String), *_span(), indexes=("speaker_key",))
people = _fact("people", Column("name", String, nullable=False), Column("name_key", String, nullable=False),
               Column("mentions", Integer), *_span(), indexes=("name_key",))
person_roles = _child("person_roles", "person", Column("title", String, nullable=False), Column("organisation", String))
organisations = _fact("organisations", Column("name", String, nullable=False),
                      Column("name_key", String, nullable=False), Column("acronym", String),
                      Column("kind", String, nullable=False), *_span(), indexes=("name_key",))
places = _fact("places", Column("name", String, nullable=False), Column("kind", String, nullable=False),
               Column("region", String), Column("department", String), Column("country", String), *_span(),
               indexes=("name", "region"))
dates = _fact("dates", Column("text", String, nullable=False), Column("value", String, nullable=False), *_span(),
              indexes=("value",))
figures = _fact("figures", *_figure())
# Which profile each cluster name belongs to, across articles (aliases followed); rebuilt after a load.
cluster_keys = Table(
    "cluster_keys", metadata,
    Column("name_key", String, primary_key=True),
    Column("profile_key", String, nullable=False, index=True), Column("profile_name", String, nullable=False),
)

# Slots of a cluster -> their table and, for a list of strings, the column holding the string.
CLUSTER_SLOTS = {
    "aliases": (cluster_aliases, "alias"), "kinds": (cluster_kinds, "kind"), "places": (cluster_places, "place"),
    "regions": (cluster_regions, "region"), "sectors": (cluster_sectors, "sector"),
    "supporters": (cluster_supporters, "supporter"), "history": (cluster_history, None),
    "people": (cluster_people, None),
}
ARTICLE_FACTS = {"quotes": quotes, "people": people, "organisations": organisations, "places": places,
                 "dates": dates, "figures": figures}


def _of_cluster(t: Table):
    """Join condition of a cluster's slot table `t` with `clusters`."""
    return and_(t.c.article_id == clusters.c.article_id, t.c.cluster_seq == clusters.c.seq)


# ---------------------------------------------------------------------------------------------
# The cross-article view: one row per cluster mention and figure, with its date and source

def _profile_select():
    c, a, k, f = clusters.c, articles.c, cluster_keys.c, cluster_figures.c
    return (
        select(func.coalesce(k.profile_key, c.name_key).label("profile_key"),
               func.coalesce(k.profile_name, c.name).label("profile_name"),
               c.name.label("cluster_name"), c.article_id, c.seq.label("cluster_seq"),
               a.published, a.source, a.title, f.role.label("figure_role"), f.value, f.unit, f.qualifier,
               f.text.label("figure_text"), f.about, f.start_offset, f.end_offset)
        .select_from(clusters.join(articles, a.id == c.article_id)
                     .outerjoin(cluster_keys, k.name_key == c.name_key)
                     .outerjoin(cluster_figures, _of_cluster(cluster_figures)))
    )


PROFILE_SELECT = _profile_select()
cluster_profiles = table("cluster_profiles", *(column(col.name, col.type) for col in PROFILE_SELECT.selected_columns))


class CreateView(ExecutableDDLElement):
    def __init__(self, name: str, selectable):
        self.name, self.selectable = name, selectable


class DropView(ExecutableDDLElement):
    def __init__(self, name: str):
        self.name = name


@compiles(CreateView)
def _create_view(element, compiler, **kw):
    body = compiler.sql_compiler.process(element.selectable, literal_binds=True)
    return f"CREATE VIEW {compiler.preparer.quote(element.name)} AS {body}"


@compiles(DropView)
def _drop_view(element, compiler, **kw):
    return f"DROP VIEW IF EXISTS {compiler.preparer.quote(element.name)}"


VIEWS = {cluster_profiles.name: PROFILE_SELECT}


def create_schema(conn: Connection) -> None:
    """Create the tables that are missing, and (re)create the views."""
    metadata.create_all(conn)
    for name, selectable in VIEWS.items():
        conn.execute(DropView(name))
        conn.execute(CreateView(name, selectable))


def drop_schema(conn: Connection) -> None:
    for name in VIEWS:
        conn.execute(DropView(name))
    metadata.drop_all(conn)


def ddl(dialect_name: str) -> str:
    """The SQL that creates the schema in one dialect ("sqlite", "postgresql")."""
    dialect = DIALECTS[dialect_name]
    statements = [CreateTable(t) for t in metadata.sorted_tables]
    statements += [CreateIndex(i) for t in metadata.sorted_tables for i in sorted(t.indexes, key=lambda i: i.name)]
    statements += [CreateView(name, selectable) for name, selectable in VIEWS.items()]
    header = f"-- {dialect_name} schema of extractor's records, generated from extractor/db.py: do not edit.\n\n"
    return header + "\n".join(f"{str(s.compile(dialect=dialect)).strip()};\n" for s in statements)


# ---------------------------------------------------------------------------------------------
# Engines and URLs, never showing a password


class DatabaseError(Exception):
    """A database that cannot be reached or written; the message never holds a password."""


def mask_url(url: Union[str, URL]) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # not a URL SQLAlchemy can read: mask what looks like user:password@
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", str(url))


def _reason(error: BaseException, url: Optional[URL] = None) -> str:
    """The first line of what the driver said (not the SQL and its parameters), password hidden."""
    orig = getattr(error, "orig", None) or error
    lines = str(orig).strip().splitlines() or [""]
    text = f"{type(orig).__name__}: {lines[0]}"
    return text.replace(url.password, "***") if url is not None and url.password else text


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Foreign keys are off by default in SQLite; WAL + NORMAL make batched commits cheap.
    cursor = dbapi_connection.cursor()
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def create_db_engine(url: Union[str, URL], *, must_exist: bool = False) -> Engine:
    """An engine for `url` (SQLite with foreign keys on); DatabaseError with a masked URL if not."""
    try:
        url = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise DatabaseError(f"not a database URL: {mask_url(url)}") from None
    database = url.database if url.get_backend_name() == "sqlite" else None
    if must_exist and database not in (None, "", ":memory:") and not Path(database).is_file():
        raise DatabaseError(f"no database at {mask_url(url)}")
    try:
        engine = create_engine(url)
    except (NoSuchModuleError, ImportError, ArgumentError) as error:
        raise DatabaseError(f"{mask_url(url)}: {_reason(error, url)}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@contextmanager
def connect(url_or_engine: Union[str, URL, Engine], *, must_exist: bool = False) -> Iterator[Engine]:
    """The engine to use (created from a URL and disposed at the end); database errors become
    DatabaseError naming the masked URL."""
    given = isinstance(url_or_engine, Engine)
    engine = url_or_engine if given else create_db_engine(url_or_engine, must_exist=must_exist)
    try:
        yield engine
    except SQLAlchemyError as error:
        raise DatabaseError(f"{mask_url(engine.url)}: {_reason(error, engine.url)}") from None
    finally:
        if not given:
            engine.dispose()


# ---------------------------------------------------------------------------------------------
# Records to rows

_FIELDS = {"start_offset": "start", "end_offset": "end"}  # column -> record field, where they differ


@cache
def _layout(t: Table) -> tuple[tuple[str, ...], dict[str, int], tuple[str, ...], tuple[tuple[int, int], ...]]:
    """The columns of a table, the position of each, the record field each comes from, and the
    positions of its key columns with the position of the column each is computed from."""
    names = tuple(t.c.keys())
    position = {n: k for k, n in enumerate(names)}
    keys = tuple((k, position[n[:-4]]) for k, n in enumerate(names) if n.endswith("_key") and n[:-4] in position)
    return names, position, tuple(_FIELDS.get(n, n) for n in names), keys


def _row(t: Table, item: Any = None, **values) -> tuple:
    """One row of `t`, its values in column order (`_layout`): the item's attributes named as
    columns, then `values`, then the name keys. Tuples, not dicts: SQLite's driver takes them as
    they are, and a load builds hundreds of thousands."""
    _, position, sources, keys = _layout(t)
    fields = vars(item) if item is not None else {}  # a model's fields; getattr on a missing one is slow
    row = list(map(fields.get, sources))
    for name, value in values.items():
        row[position[name]] = value
    for key, source in keys:
        row[key] = name_key(row[source])
    return tuple(row)


def _cluster_figures(cluster: Cluster) -> Iterator[tuple[str, Any]]:
    for role in ("members", "employees"):
        if getattr(cluster, role) is not None:
            yield role, getattr(cluster, role)
    for figure in cluster.figures:
        yield "other", figure


def _cluster_rows(rows: dict, article_id: str, seq: int, cluster: Cluster) -> None:
    rows[clusters].append(_row(clusters, cluster, article_id=article_id, seq=seq))
    link = {"article_id": article_id, "cluster_seq": seq}
    for slot, (t, string_column) in CLUSTER_SLOTS.items():
        for n, item in enumerate(getattr(cluster, slot)):
            strings = {string_column: item} if string_column else {}
            rows[t].append(_row(t, None if strings else item, **link, seq=n, **strings))
    for n, (role, figure) in enumerate(_cluster_figures(cluster)):
        rows[cluster_figures].append(_row(cluster_figures, figure, **link, seq=n, role=role))


def article_rows(record: ArticleRecord, content_hash: str) -> dict[Table, list[tuple]]:
    """Every row one record makes, by table (values in the order of `t.c.keys()`)."""
    rows: dict[Table, list[tuple]] = defaultdict(list)
    rows[articles].append(_row(articles, record, content_hash=content_hash))
    for seq, cluster in enumerate(record.clusters):
        _cluster_rows(rows, record.id, seq, cluster)
    for field_name, t in ARTICLE_FACTS.items():
        for seq, item in enumerate(getattr(record, field_name)):
            rows[t].append(_row(t, item, article_id=record.id, seq=seq))
    for seq, person in enumerate(record.people):
        for n, role in enumerate(person.roles):
            rows[person_roles].append(_row(person_roles, role, article_id=record.id, person_seq=seq, seq=n))
    return rows


# ---------------------------------------------------------------------------------------------
# Loading


@dataclass
class LoadFailure:
    where: str  # file:line, or "record N" for records given in memory
    id: Optional[str]
    reason: str

    def __str__(self) -> str:
        return f"{self.where} ({self.id or 'no id'}): {self.reason}"


@dataclass
class LoadSummary:
    read: int = 0
    loaded: int = 0  # new articles
    replaced: int = 0  # articles whose content changed
    unchanged: int = 0  # skipped: same content hash
    failures: list[LoadFailure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failures)

    def line(self, target: str = "") -> str:
        into = f" into {target}" if target else ""
        return (f"{self.read} records read: {self.loaded} loaded, {self.replaced} replaced, "
                f"{self.unchanged} unchanged, {self.failed} failed{into} in {self.seconds:.1f} s")


class _RecordError(Exception):
    def __init__(self, record_id: Optional[str], reason: str):
        super().__init__(reason)
        self.id, self.reason = record_id, reason


@dataclass
class _Prepared:
    where: str
    id: str
    digest: str
    rows: dict


def _guess_id(item: Any) -> Optional[str]:
    if isinstance(item, (str, bytes)):
        try:
            item = json.loads(item)
        except ValueError:
            return None
    value = item.get("id") if isinstance(item, dict) else getattr(item, "id", None)
    return value if isinstance(value, str) else None


def _validate(item: Any) -> ArticleRecord:
    if isinstance(item, ArticleRecord):
        return item
    if isinstance(item, (str, bytes)):
        return ArticleRecord.model_validate_json(item)
    return ArticleRecord.model_validate(item)


def _prepare(where: str, item: Any) -> _Prepared:
    try:
        record = _validate(item)
        digest = hashlib.sha256(record.model_dump_json().encode("utf-8")).hexdigest()
        return _Prepared(where, record.id, digest, article_rows(record, digest))
    except ValidationError as error:
        reasons = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" if e["loc"] else e["msg"] for e in error.errors()[:3]]
        raise _RecordError(_guess_id(item), "; ".join(reasons)) from None
    except Exception as error:  # a record built without validation (model_construct) may hold anything
        raise _RecordError(_guess_id(item), f"{type(error).__name__}: {error}") from None


def _article_tables() -> list[tuple[Table, Column]]:
    """Tables holding an article's rows, children first, with the column naming the article."""
    return [(t, t.c.article_id if "article_id" in t.c else t.c.id)
            for t in reversed(metadata.sorted_tables) if "article_id" in t.c or t is articles]


def _write(conn: Connection, batch: list[_Prepared]) -> tuple[int, int, int]:
    """Write the new and changed articles of a batch; (loaded, replaced, unchanged)."""
    known = dict(conn.execute(select(articles.c.id, articles.c.content_hash)
                              .where(articles.c.id.in_([p.id for p in batch]))).all())
    fresh = [p for p in batch if known.get(p.id) != p.digest]
    stale = [p.id for p in fresh if p.id in known]
    if stale:
        # Explicit deletes rather than ON DELETE CASCADE: correct even on an SQLite engine given
        # without `PRAGMA foreign_keys=ON`.
        for t, article_column in _article_tables():
            conn.execute(delete(t).where(article_column.in_(stale)))
    rows: dict[Table, list[dict]] = defaultdict(list)
    for prepared in fresh:
        for t, table_rows in prepared.rows.items():
            rows[t].extend(table_rows)
    for t in metadata.sorted_tables:
        if rows[t]:
            _insert(conn, t, rows[t])
    return len(fresh) - len(stale), len(stale), len(batch) - len(fresh)


def _insert(conn: Connection, t: Table, rows: list[tuple]) -> None:
    """`conn.execute(t.insert(), rows)`, at a third of the cost: the statement is compiled once per
    table and dialect, and the rows go to the driver's `executemany` with the columns' bind
    processors applied here, rather than through SQLAlchemy's per-row parameter building."""
    sql, order, processors = _insert_statement(t, conn.dialect)
    names = _layout(t)[0]
    if order is None:  # named parameters (PostgreSQL drivers)
        params: list = [{n: processors[n](v) if n in processors else v for n, v in zip(names, row)} for row in rows]
    else:  # positional ones (SQLite), normally in column order already
        params = rows if order == names else list(map(itemgetter(*(names.index(n) for n in order)), rows))
        converted = [(k, processors[n]) for k, n in enumerate(order) if n in processors]
        if converted:  # only a few columns (dates, JSON lists, floats) have a bind processor
            params = [_converted(values, converted) for values in params]
    conn.exec_driver_sql(sql, params)


def _converted(values: tuple, converted: list[tuple[int, Any]]) -> tuple:
    values = list(values)
    for k, process in converted:
        values[k] = process(values[k])
    return tuple(values)


@lru_cache(maxsize=128)
def _insert_statement(t: Table, dialect) -> tuple[str, Optional[tuple[str, ...]], dict]:
    """The INSERT of every column of `t` in `dialect`, its parameter names in order (None when
    they are named), and the bind processor of each column that has one."""
    compiled = t.insert().compile(dialect=dialect)
    processors = {c.name: p for c in t.columns
                  if (p := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None}
    names = tuple(compiled.positiontup) if compiled.positiontup is not None else None
    return str(compiled), names, processors


def _fatal(error: SQLAlchemyError) -> bool:
    """An error of the database or the connection rather than of one record."""
    return isinstance(error, (OperationalError, InternalError)) or (
        isinstance(error, DBAPIError) and error.connection_invalidated)


def _flush(engine: Engine, batch: list[_Prepared], summary: LoadSummary) -> None:
    """One transaction for the batch; if it fails, one per article, so that only the faulty
    article is left out (with its file:line and id) and the others load."""
    if not batch:
        return
    try:
        with engine.begin() as conn:
            loaded, replaced, unchanged = _write(conn, batch)
    except SQLAlchemyError as error:
        if len(batch) > 1:
            for prepared in batch:
                _flush(engine, [prepared], summary)
            return
        if _fatal(error):
            raise
        summary.failures.append(LoadFailure(batch[0].where, batch[0].id, _reason(error)))
        return
    summary.loaded += loaded
    summary.replaced += replaced
    summary.unchanged += unchanged


def _load(items: Iterable[tuple[str, Any]], url_or_engine, batch_size: int) -> LoadSummary:
    summary = LoadSummary()
    started = time.perf_counter()
    with connect(url_or_engine) as engine:
        with engine.begin() as conn:
            create_schema(conn)
        batch: dict[str, _Prepared] = {}
        for where, item in items:
            summary.read += 1
            try:
                prepared = _prepare(where, item)
            except _RecordError as error:
                summary.failures.append(LoadFailure(where, error.id, error.reason))
                continue
            if prepared.id in batch or len(batch) >= batch_size:  # a repeated id goes in the next batch
                _flush(engine, list(batch.values()), summary)
                batch.clear()
            batch[prepared.id] = prepared
        _flush(engine, list(batch.values()), summary)
        with engine.begin() as conn:
            rebuild_cluster_keys(conn)
    summary.seconds = time.perf_counter() - started
    return summary


def load_records(records: Iterable[Union[ArticleRecord, dict]], url_or_engine: Union[str, URL, Engine] = DEFAULT_URL,
                 *, batch_size: int = 500) -> LoadSummary:
    """Load records (models, or dicts validated here) into the database; creates the schema.

    Raises DatabaseError (URL masked) when the database cannot be reached or written; a faulty
    record is only listed in the summary's failures.
    """
    return _load(((f"record {n}", r) for n, r in enumerate(records, start=1)), url_or_engine, batch_size)


def _file_lines(paths: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """Lines as bytes: Pydantic decodes them, so that a line that is not UTF-8 fails alone."""
    for path in paths:
        handle = sys.stdin.buffer if path == "-" else open(path, "rb")
        try:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield f"{path}:{number}", line
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()


def load_files(paths: Iterable[str], url_or_engine: Union[str, URL, Engine] = DEFAULT_URL,
               *, batch_size: int = 500) -> LoadSummary:
    """Load JSON Lines files of records ("-" for standard input); failures name file:line."""
    return _load(_file_lines(paths), url_or_engine, batch_size)


# ---------------------------------------------------------------------------------------------
# Cluster profiles across articles


def profile_keys(names: Iterable[tuple[str, str, int]], links: Iterable[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """name key -> (profile key, profile name), from (name key, name, mentions) and (name key,
    alias key) pairs. Names linked by aliases, also through other names, form one profile, keyed
    by its most mentioned name (then the longest, as a full name beats an acronym)."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    mentions: Counter = Counter()
    spellings: dict[str, Counter] = defaultdict(Counter)
    for key, name, count in names:
        mentions[key] += count
        spellings[key][name] += count
        find(key)
    for key, alias_key in links:
        parent[find(alias_key)] = find(key)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in mentions:
        groups[find(key)].append(key)
    result = {}
    for keys in groups.values():
        best = min(keys, key=lambda k: (-mentions[k], -len(k), k))
        display = min(spellings[best].items(), key=lambda item: (-item[1], item[0]))[0]
        result.update((k, (best, display)) for k in keys)
    return result


def rebuild_cluster_keys(conn: Connection) -> None:
    """Bring `cluster_keys` in line with the clusters and aliases loaded, touching only what changed."""
    if conn.dialect.name == "postgresql":  # two loads at once must not interleave their rebuilds
        conn.exec_driver_sql(f"LOCK TABLE {conn.dialect.identifier_preparer.format_table(cluster_keys)} "
                             "IN SHARE ROW EXCLUSIVE MODE")
    c, a = clusters.c, cluster_aliases.c
    names = conn.execute(select(c.name_key, c.name, func.count()).group_by(c.name_key, c.name)).all()
    links = conn.execute(select(c.name_key, a.alias_key).distinct().select_from(
        clusters.join(cluster_aliases, _of_cluster(cluster_aliases)))).all()
    wanted = profile_keys(names, links)
    existing = {k: (p, n) for k, p, n in conn.execute(select(cluster_keys))}
    stale = [{"k": k} for k, v in existing.items() if wanted.get(k) != v]
    new = [{"name_key": k, "profile_key": p, "profile_name": n}
           for k, (p, n) in wanted.items() if existing.get(k) != (p, n)]
    if stale:
        conn.execute(delete(cluster_keys).where(cluster_keys.c.name_key == bindparam("k")), stale)
    if new:
        conn.execute(cluster_keys.insert(), new)


# ---------------------------------------------------------------------------------------------
# Named questions


def _profile_of():
    """(profile key, profile name) of a row of `_mentions()`."""
    k, c = cluster_keys.c, clusters.c
    return func.coalesce(k.profile_key, c.name_key), func.coalesce(k.profile_name, c.name)


def _mentions():
    """Clusters with their article and profile."""
    return clusters.join(articles, articles.c.id == clusters.c.article_id).outerjoin(
        cluster_keys, cluster_keys.c.name_key == clusters.c.name_key)


def _slot_match(t: Table, condition) -> Any:
    return exists().where(_of_cluster(t), condition)


def find_clusters(conn: Connection, *, region: Optional[str] = None, kind: Optional[str] = None,
                  sector: Optional[str] = None, name: Optional[str] = None) -> list[dict]:
    """Cluster profiles with a mention matching every filter given: name, articles, first and last
    publication dates, regions and kinds over all their mentions."""
    key, display = _profile_of()
    filters = []
    if region:
        filters.append(_slot_match(cluster_regions, cluster_regions.c.region == region))
    if kind:
        filters.append(_slot_match(cluster_kinds, cluster_kinds.c.kind == kind))
    if sector:
        filters.append(_slot_match(cluster_sectors, cluster_sectors.c.sector.icontains(sector, autoescape=True)))
    if name:
        filters.append(key.contains(name_key(name), autoescape=True))
    matching = key.in_(select(key).select_from(_mentions()).where(*filters))
    profiles: dict[str, dict] = {}
    query = select(key, display, clusters.c.article_id, articles.c.published).select_from(_mentions()).where(matching)
    for k, shown, article_id, published in conn.execute(query):
        entry = profiles.setdefault(k, {"cluster": shown, "articles": set(), "dates": set(), "regions": set(),
                                        "kinds": set()})
        entry["articles"].add(article_id)
        entry["dates"].update([published] if published else [])
    for t, column_name in ((cluster_regions, "region"), (cluster_kinds, "kind")):
        values = select(key, t.c[column_name]).distinct().select_from(_mentions().join(t, _of_cluster(t)))
        for k, value in conn.execute(values.where(matching)):
            profiles[k][f"{column_name}s"].add(value)
    return [{"cluster": e["cluster"], "articles": len(e["articles"]),
             "first": min(e["dates"], default=None), "last": max(e["dates"], default=None),
             "regions": ", ".join(sorted(e["regions"])), "kinds": ", ".join(sorted(e["kinds"]))}
            for e in sorted(profiles.values(), key=lambda e: (-len(e["articles"]), e["cluster"]))]


def find_quotes(conn: Connection, *, person: Optional[str] = None, limit: Optional[int] = None) -> list[dict]:
    """Quotes, oldest first, of the speakers whose name contains `person` (case and accents ignored)."""
    q = quotes.c
    query = (select(articles.c.published, q.article_id, q.speaker, q.speaker_role, q.cue, q.text)
             .join_from(quotes, articles, articles.c.id == q.article_id)
             .order_by(articles.c.published.nulls_last(), q.article_id, q.seq).limit(limit))
    if person:
        query = query.where(q.speaker_key.contains(name_key(person), autoescape=True))
    return [dict(row) for row in conn.execute(query).mappings()]


def cluster_figures_over_time(conn: Connection, cluster: str, *, role: Optional[str] = None) -> list[dict]:
    """The figures of a cluster (named by its name or an alias) across articles, oldest first."""
    key, _ = _profile_of()
    wanted = name_key(cluster)
    named = or_(clusters.c.name_key == wanted, _slot_match(cluster_aliases, cluster_aliases.c.alias_key == wanted))
    p = cluster_profiles.c
    query = (select(p.published, p.source, p.article_id, p.cluster_name, p.figure_role, p.value, p.unit,
                    p.qualifier, p.figure_text, p.about)
             .where(p.profile_key.in_(select(key).select_from(_mentions()).where(named)), p.figure_role.is_not(None))
             .order_by(p.published.nulls_last(), p.article_id, p.cluster_seq, p.figure_role))
    if role:
        query = query.where(p.figure_role == role)
    return [dict(row) for row in conn.execute(query).mappings()]
