"""Records into SQLite (always) and PostgreSQL (when EXTRACTOR_TEST_POSTGRES_URL is set):
idempotent loads, replaced and failed articles, cluster profiles across articles, queries, secrets."""

import io
import json
import os
import re
import sqlite3
import uuid
from dataclasses import dataclass

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateSchema, DropSchema

from extractor import db
from extractor.db import (
    DatabaseError, article_rows, cluster_profiles, create_db_engine, ddl, load_files, load_records, mask_url,
    metadata, name_key, profile_keys,
)
from extractor.db_cli import load, query
from extractor.records import ArticleRecord, Person
from extractor.schema import schema_files

from .conftest import ROOT, SEED

PG_URL = os.environ.get("EXTRACTOR_TEST_POSTGRES_URL")
SECRET = "S3cr3t-pw"
cli = click.Group(commands=[load, query])


@dataclass
class Db:
    url: str
    engine: Engine
    dialect: str


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="EXTRACTOR_TEST_POSTGRES_URL is not set"))])
def database(request, tmp_path):
    """An empty database: an SQLite file, or a PostgreSQL schema of its own, dropped at the end."""
    if request.param == "sqlite":
        url, admin, schema = f"sqlite:///{tmp_path / 'test.db'}", None, None
    else:
        schema = f"extractor_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(CreateSchema(schema))
        url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        url = url.render_as_string(hide_password=False)
    engine = create_db_engine(url)
    yield Db(url, engine, request.param)
    engine.dispose()
    if admin is not None:
        with admin.begin() as conn:
            conn.execute(DropSchema(schema, cascade=True))
        admin.dispose()


def article(id, *, published="2019-11-22", cluster="Lumen Vallée", members=70, aliases=(), region="Hauts-de-France",
            speaker="Gilles Marchetti", words="Nous avons tenu", author="Odile Ferrant") -> ArticleRecord:
    """A record with every kind of fact, its offsets pointing into its text."""
    text = f"La {cluster} regroupe {members} entreprises pour 7 000 salariés. «{words}», estime {speaker}."

    def span(s):
        return {"start": text.index(s), "end": text.index(s) + len(s)}

    return ArticleRecord.model_validate({
        "id": id, "source": f"https://example.org/{id}", "title": f"Titre {id}", "section": "Industrie",
        "authors": [author], "published": published, "text": text,
        "clusters": [{
            "name": cluster, "aliases": list(aliases), "kinds": ["cluster"], "founded": 2001,
            "history": [{"year": 2001, "kind": "cluster"}], "places": ["vallée de la Vézère"], "regions": [region],
            "sectors": ["éclairage"], "supporters": ["État"],
            "members": {"text": f"{members} entreprises", "value": members, "unit": "entreprises",
                        **span(f"{members} entreprises")},
            "employees": {"text": "7 000 salariés", "value": 7000, "unit": "salariés", **span("7 000 salariés")},
            "people": [{"name": speaker, "role": "délégué général"}],
            "figures": [{"text": "plus de 70%", "value": 70, "unit": "%", "qualifier": "more_than"}],
        }],
        "quotes": [{"text": words, "speaker": speaker, "cue": "estime", **span(words)}],
        "people": [{"name": speaker, "roles": [{"title": "délégué général", "organisation": "FNVI"}]}],
        "organisations": [{"name": "Fédération nationale des villes industrielles", "acronym": "FNVI",
                           "kind": "association"}],
        "places": [{"name": "Vierzon", "kind": "city", "region": "Centre-Val de Loire", "country": "FR"}],
        "dates": [{"text": "en 2001", "value": "2001"}],
        "figures": [{"text": "7 000 salariés", "value": 7000, "unit": "salariés", **span("7 000 salariés")}],
    })


def broken(record: ArticleRecord) -> ArticleRecord:
    """The record with a person the database refuses (no name), written after the article's first rows."""
    return record.model_copy(update={"people": [*record.people, Person.model_construct(name=None, roles=[], mentions=1)]})


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in metadata.sorted_tables}


def scalars(engine, statement) -> list:
    with engine.connect() as conn:
        return list(conn.execute(statement).scalars())


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def write_jsonl(path, *items) -> str:
    path.write_text("".join((i.model_dump_json() if isinstance(i, ArticleRecord) else i) + "\n" for i in items),
                    encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------------------------------------


def test_every_fact_has_its_rows(database):
    summary = load_records([article("a")], database.engine)
    assert (summary.read, summary.loaded, summary.failures) == (1, 1, [])
    rows = counts(database.engine)
    assert rows["cluster_figures"] == 3 and rows["person_roles"] == 1 and rows["cluster_keys"] == 1
    assert all(rows[t] == 1 for t in ("articles", "clusters", "cluster_regions", "quotes", "people", "figures"))
    with database.engine.connect() as conn:
        quote = conn.execute(select(db.quotes)).mappings().one()
        source = conn.execute(select(db.articles.c.text, db.articles.c.authors)).one()
    assert quote["speaker_key"] == "gilles marchetti"
    assert source.text[quote["start_offset"]:quote["end_offset"]] == "Nous avons tenu"
    assert source.authors == ["Odile Ferrant"]


def test_loading_twice_leaves_the_same_rows(database):
    records = [article("a"), article("b", cluster="Mobilis"), article("c", speaker="Bernard Quillet")]
    load_records(records, database.engine)
    before = counts(database.engine)
    summary = load_records([r.model_dump(mode="json") for r in records], database.engine)
    assert (summary.loaded, summary.replaced, summary.unchanged) == (0, 0, 3)
    assert counts(database.engine) == before


def test_a_changed_article_replaces_all_its_rows(database):
    load_records([article("a"), article("b")], database.engine)
    before = counts(database.engine)
    summary = load_records([article("a", words="Tout a changé", members=80)], database.engine)
    assert (summary.loaded, summary.replaced) == (0, 1)
    assert counts(database.engine) == before
    assert scalars(database.engine, select(db.quotes.c.text).order_by(db.quotes.c.article_id)) == [
        "Tout a changé", "Nous avons tenu"]
    members = select(db.cluster_figures.c.value).where(db.cluster_figures.c.role == "members").order_by(
        db.cluster_figures.c.article_id)
    assert scalars(database.engine, members) == [80, 70]


def test_a_failing_record_leaves_nothing_and_the_others_load(database):
    load_records([article("a")], database.engine)
    records = [article("b"), broken(article("bad")), article("c"), broken(article("a", words="Autre chose"))]
    summary = load_records(records, database.engine)
    assert (summary.loaded, summary.failed) == (2, 2)
    failure = summary.failures[0]
    assert (failure.where, failure.id) == ("record 2", "bad")
    assert "people" in failure.reason and "name" in failure.reason and "INSERT" not in failure.reason
    assert str(summary.failures[1]).startswith("record 4 (a): ")
    assert scalars(database.engine, select(db.articles.c.id).order_by(db.articles.c.id)) == ["a", "b", "c"]
    assert scalars(database.engine, select(func.count()).where(db.clusters.c.article_id == "bad")) == [0]
    # the failed replacement of "a" left its previous version whole
    assert scalars(database.engine, select(db.quotes.c.text).where(db.quotes.c.article_id == "a")) == ["Nous avons tenu"]


def test_text_the_database_refuses_fails_only_its_record(database):
    if database.dialect != "postgresql":
        pytest.skip("SQLite stores NUL characters")
    summary = load_records([article("a"), ArticleRecord(id="nul", text="un\x00texte"), article("c")], database.engine)
    assert summary.loaded == 2 and str(summary.failures[0]) == (
        "record 2 (nul): DataError: PostgreSQL text fields cannot contain NUL (0x00) bytes")


def test_load_names_the_failing_lines_and_exits_1(database, tmp_path):
    records = write_jsonl(tmp_path / "records.jsonl", article("a"), "{oops",
                          article("b").model_dump_json().replace("Hauts-de-France", "Picardie"), article("c"))
    result = run("load", records, "--db", database.url)
    assert result.exit_code == 1
    assert re.search(r"records\.jsonl:2 \(no id\): .*JSON", result.stderr)
    assert re.search(r"records\.jsonl:3 \(b\): clusters\.0\.regions\.0: ", result.stderr)
    assert "4 records read: 2 loaded, 0 replaced, 0 unchanged, 2 failed" in result.stderr
    assert scalars(database.engine, select(db.articles.c.id).order_by(db.articles.c.id)) == ["a", "c"]
    again = run("load", records, "--db", database.url, "-q")
    assert again.exit_code == 1 and "2 failed" not in again.stderr and "records.jsonl:3 (b)" in again.stderr


def test_deleting_an_article_cascades_to_all_its_facts(database):
    load_records([article("a"), article("b")], database.engine)
    with database.engine.begin() as conn:
        conn.execute(db.articles.delete().where(db.articles.c.id == "a"))
    rows = counts(database.engine)
    assert rows["articles"] == 1 and rows["cluster_figures"] == 3 and rows["person_roles"] == 1


def test_cluster_profiles_follow_a_cluster_across_articles_and_aliases(database):
    load_records([
        article("a2", published="2022-03-03", cluster="LUMEN-VALLÉE", members=80),
        article("a1", published="2019-11-22", aliases=["LV"], members=70),
        article("a3", published="2023-05-01", cluster="LV", members=90),
        article("n", cluster="Mobilis", members=50),
        article("a4", published="2018-01-01"),
    ], database.engine)
    p = cluster_profiles.c
    with database.engine.connect() as conn:
        rows = conn.execute(select(p.profile_key, p.profile_name, p.published, p.value, p.source)
                            .where(p.figure_role == "members", p.profile_key == "lumen vallee")
                            .order_by(p.published)).all()
    assert [(str(r.published), r.value, r.source) for r in rows] == [
        ("2018-01-01", 70, "https://example.org/a4"), ("2019-11-22", 70, "https://example.org/a1"),
        ("2022-03-03", 80, "https://example.org/a2"), ("2023-05-01", 90, "https://example.org/a3")]
    assert {r.profile_name for r in rows} == {"Lumen Vallée"}
    result = run("query", "cluster-figures", "lv", "--role", "members", "--db", database.url)
    assert result.exit_code == 0
    assert [line.split("\t")[:6] for line in result.stdout.splitlines()[1:]][-1] == [
        "2023-05-01", "https://example.org/a3", "a3", "LV", "members", "90"]


def test_profile_keys_join_names_through_aliases_either_way():
    names = [("pole europeen de la ceramique", "Pôle européen de la céramique", 2), ("pec", "PEC", 2),
             ("lumen vallee", "Lumen Vallée", 1)]
    keys = profile_keys(names, [("pec", "pole europeen de la ceramique"), ("pole europeen de la ceramique", "pec")])
    assert keys["pec"] == keys["pole europeen de la ceramique"] == (
        "pole europeen de la ceramique", "Pôle européen de la céramique")
    assert keys["lumen vallee"] == ("lumen vallee", "Lumen Vallée")


def test_queries_by_region_and_person(database):
    load_records([article("a"), article("o", cluster="Aerospace Valley", region="Occitanie", speaker="Bernard Quillet")],
                 database.engine)
    clusters = run("query", "clusters", "--region", "occitanie", "--db", database.url, "--json")
    assert clusters.exit_code == 0
    assert [json.loads(line) for line in clusters.stdout.splitlines()] == [{
        "cluster": "Aerospace Valley", "articles": 1, "first": "2019-11-22", "last": "2019-11-22",
        "regions": "Occitanie", "kinds": "cluster"}]
    quotes = run("query", "quotes", "--person", "QUILLET", "--db", database.url)
    assert quotes.stdout.splitlines() == [
        "published\tarticle_id\tspeaker\tspeaker_role\tcue\ttext", "2019-11-22\to\tBernard Quillet\t\testime\tNous avons tenu"]
    assert run("query", "quotes", "--person", "Personne", "--db", database.url).exit_code == 1
    assert run("query", "clusters", "--region", "Picardie", "--db", database.url).exit_code == 2


def test_the_generated_ddl_creates_a_schema_the_loader_uses(database):
    with database.engine.begin() as conn:
        for statement in ddl(database.dialect).split(";\n"):
            if statement.strip():
                conn.exec_driver_sql(statement)
    assert load_records([article("a")], database.engine).loaded == 1
    names = set(inspect(database.engine).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= names


def _sql_examples(dialect: str) -> list[str]:
    doc = (ROOT / "docs" / "sql-examples.md").read_text(encoding="utf-8")
    return [body for info, body in re.findall(r"```(sql[^\n]*)\n(.*?)```", doc, flags=re.S)
            if info.split()[1:] in ([], [dialect])]


def test_the_documented_sql_examples_run(database):
    gold = json.loads(SEED.with_suffix(".gold.json").read_text(encoding="utf-8"))  # the examples query the seed
    seed_like = article("a", cluster=gold["clusters"][0]["name"], author=gold["article"]["authors"][0],
                        speaker=gold["quotes"][0]["speaker"])
    load_records([seed_like, article("o", cluster="Aerospace Valley", region="Occitanie")], database.engine)
    examples = _sql_examples(database.dialect)
    assert len(examples) >= 12
    with database.engine.begin() as conn:
        results = [conn.execute(text(sql.replace(":", r"\:"))).all() if sql.lstrip().startswith("SELECT")
                   else conn.execute(text(sql)) for sql in examples]
    assert results[0] == [("Aerospace Valley", 1)]
    assert [row.value for row in results[1]] == [70]


def test_schemas_include_the_ddl_of_each_dialect():
    files = schema_files()
    assert "CREATE VIEW cluster_profiles" in files["sqlite.sql"] and "JSONB" in files["postgresql.sql"]
    assert all((ROOT / "schemas" / name).read_text(encoding="utf-8") == files[name]
               for name in ("sqlite.sql", "postgresql.sql")), "run `make schemas`"
    with sqlite3.connect(":memory:") as conn:
        conn.executescript(files["sqlite.sql"])


@pytest.mark.parametrize("url", [
    f"postgresql+psycopg://extractor:{SECRET}@127.0.0.1:1/nowhere",  # refused
    f"postgresql+psycopg://extractor:{SECRET}@127.0.0.1:notaport/nowhere",  # not a URL
    f"nosuchdb://extractor:{SECRET}@localhost/x",  # no such dialect
])
def test_a_password_in_a_url_is_never_printed(url, tmp_path, caplog):
    records = write_jsonl(tmp_path / "r.jsonl", article("a"))
    for args in (["load", records], ["query", "clusters"], ["query", "cluster-figures", "x"]):
        result = run(*args, "--db", url)
        assert result.exit_code == 1
        assert SECRET not in result.output and SECRET not in result.stderr and "***" in result.stderr
    with pytest.raises(DatabaseError) as caught:
        load_records([article("a")], url)
    assert SECRET not in str(caught.value) and SECRET not in caplog.text
    assert mask_url(url).count("***") == 1 and SECRET not in mask_url(url)


def test_a_password_is_masked_in_the_summary_of_a_load(database, tmp_path):
    if database.dialect != "postgresql":
        pytest.skip("SQLite URLs have no password")
    url = make_url(database.url).set(password=SECRET).render_as_string(hide_password=False)
    result = run("load", write_jsonl(tmp_path / "r.jsonl", article("a")), "--db", url)
    assert result.exit_code == 0, result.stderr
    assert "1 loaded" in result.stderr and SECRET not in result.stderr and ":***@" in result.stderr


def test_name_keys_ignore_case_accents_and_punctuation():
    assert name_key("Lumen Vallée") == name_key("LUMEN-VALLEE") == name_key(" lumen  vallée. ") == "lumen vallee"
    assert name_key("Pôle Européen de la Céramique (PEC)") == "pole europeen de la ceramique pec"
    assert name_key("???") == "???" and name_key(None) is None


def test_a_real_record_loads(database, seed_record):
    rows = article_rows(seed_record, "hash")
    assert dict(zip(db.articles.c.keys(), rows[db.articles][0]))["title"] == seed_record.title
    assert load_records([seed_record, seed_record], database.engine).loaded == 1
    assert counts(database.engine)["people"] == len(seed_record.people)


def test_load_files_reads_standard_input_and_names_bad_lines(database, monkeypatch):
    lines = [article("a").model_dump_json().encode(), b"", b"{}", article("b").model_dump_json().encode("cp1252")]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\n".join(lines))))
    summary = load_files(["-"], database.engine)
    assert summary.loaded == 1 and [f.where for f in summary.failures] == ["-:3", "-:4"]
    assert summary.failures[1].reason.startswith("Invalid JSON: invalid unicode")
