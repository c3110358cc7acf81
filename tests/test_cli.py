"""The command line as a user runs it."""

import json

from click.testing import CliRunner

from extractor.cli import main

from .conftest import SEED


def run(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result


def test_extract_the_seed_to_standard_output():
    result = run("extract", str(SEED), "--quiet")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip())
    assert record["id"] == SEED.stem and record["section"] == "Industrie"
    assert record["authors"] == ["Anne Daubree"]


def test_pretty_prints_indented_json(tmp_path):
    out = tmp_path / "one.json"
    assert run("extract", str(SEED), "--pretty", "-o", str(out), "-q").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("{\n  ") and json.loads(text)["published"] == "2019-11-22"


def test_bad_files_are_named_and_the_rest_is_extracted(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("# Titre A\n\nLe pôle Hydrelia compte 80 membres.", encoding="utf-8")
    (folder / "b.txt").write_bytes("Le réseau d'entreprises vaut 5 € l’unité.\r\n".encode("cp1252"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    (folder / "briefs.jsonl").write_text('{"id": "c", "text": "Un texte."}\n{oops\n', encoding="utf-8")
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    result = run("extract", str(folder), "-o", str(out), "--rejects", str(rejects))
    assert result.exit_code == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == ["a", "b", "c"]
    assert any("Windows-1252" in w for r in records for w in r["warnings"])
    for name in ("empty.txt: empty file", "image.txt: binary file", "briefs.jsonl:2: not JSON"):
        assert name in result.stderr
    rejected = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert len(rejected) == 3 and {"source", "line", "reason"} <= set(rejected[0])
    assert "6 articles read, 3 extracted, 3 rejected" in result.stderr


def test_standard_input():
    result = run("extract", "-", "-q", input="# Un titre\n\nLe pôle compte 80 membres.".encode("utf-8"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "Un titre"


def test_usage_errors_exit_with_2():
    assert run("extract").exit_code == 2
    assert run("nonsense").exit_code == 2


def test_extract_can_load_the_records_into_a_database(tmp_path):
    from sqlalchemy import create_engine, text

    url = f"sqlite:///{tmp_path / 'x.db'}"
    result = run("extract", str(SEED), "-o", str(tmp_path / "out.jsonl"), "--db", url)
    assert result.exit_code == 0, result.stderr
    assert "1 records read: 1 loaded" in result.stderr
    with create_engine(url).connect() as conn:
        assert conn.execute(text("select id from articles")).scalar() == SEED.stem


def test_as_gold_writes_a_draft_gold_file_that_evaluates_perfectly(tmp_path):
    from extractor.evaluate import pair_records_with_gold, score
    from extractor.gold import load_gold_dir

    out, drafts = tmp_path / "out.jsonl", tmp_path / "drafts"
    assert run("extract", str(SEED), "-o", str(out), "--as-gold", str(drafts), "-q").exit_code == 0
    golds = load_gold_dir(drafts)
    assert list(golds) == [SEED.stem] and golds[SEED.stem].document == SEED.name
    record = json.loads(out.read_text(encoding="utf-8"))
    report = score(pair_records_with_gold([record], golds))
    assert all(c.f1 == 1.0 for c in report.categories.values() if c.gold), report.table()
