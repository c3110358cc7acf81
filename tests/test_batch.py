"""Batch runs: nothing lost, interruptions resumed, several processes and Dask give the same records."""

import importlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.batch import Options, done_ids, run_extract
from extractor.extract import extract_chunk, split_text
from extractor.reading import Article

from .conftest import CORPUS, ROOT

EXTRACTOR = [sys.executable, "-m", "extractor.cli"]


def good_and_broken(folder: Path) -> tuple[int, int]:
    """A folder of five good articles and six broken inputs; returns (good, broken)."""
    folder.mkdir()
    for n in range(4):
        (folder / f"good{n}.md").write_text(f"# Titre {n}\n\nLe pôle Numéro{n} compte {n + 10} membres.", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 PK\x03\x04" * 20)
    (folder / "undecodable.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 40)
    (folder / "nobody.html").write_text("<html><body><nav>Menu</nav></body></html>", encoding="utf-8")
    (folder / "briefs.jsonl").write_text(
        '{"id": "j1", "text": "Une brève sur le cluster Alpha."}\n'
        "not json\n"
        '{"id": "j1", "text": "Le même id, deux fois."}\n', encoding="utf-8")
    return 5, 6


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_broken_files_among_good_ones_are_all_accounted_for(tmp_path):
    good, broken = good_and_broken(tmp_path / "in")
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    with open(rejects, "w", encoding="utf-8") as handle:
        summary = run_extract([str(tmp_path / "in")], out, Options(), rejects=handle, errors=open(os.devnull, "w"))
    records, rejected = read_lines(out), read_lines(rejects)
    assert len(records) == good and len(rejected) == broken
    assert summary.read == good + broken == summary.extracted + summary.rejected
    reasons = " ".join(r["reason"] for r in rejected)
    for reason in ("empty file", "binary file", "undecodable", "no article body", "not JSON", "duplicate id 'j1'"):
        assert reason in reasons
    assert next(r for r in rejected if "not JSON" in r["reason"])["line"] == 2


def test_a_killed_run_is_resumed_with_each_id_once(tmp_path):
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([*EXTRACTOR, "extract", str(CORPUS), "-o", str(out), "-q"], cwd=ROOT,
                               stderr=subprocess.DEVNULL)
    deadline = time.time() + 600  # a loaded machine may take long to load the model
    while time.time() < deadline and (not out.exists() or out.read_text(encoding="utf-8").count("\n") < 2):
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)  # mid-run, or just after the end on a very fast machine
    process.wait()
    with open(out, "a", encoding="utf-8") as handle:
        handle.write('{"id": "half-writ')  # what a kill in the middle of a write would leave
    before = done_ids(out)
    assert before  # some records were written before the kill
    result = subprocess.run([*EXTRACTOR, "extract", str(CORPUS), "-o", str(out), "--resume"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    ids = [record["id"] for record in read_lines(out)]
    assert len(ids) == len(set(ids))
    articles = subprocess.run([*EXTRACTOR, "extract", str(CORPUS), "-q"], cwd=ROOT, capture_output=True, text=True)
    assert sorted(ids) == sorted(json.loads(line)["id"] for line in articles.stdout.splitlines())
    assert "already done" in result.stderr


def test_two_processes_give_the_same_records_in_the_same_order(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    quiet = open(os.devnull, "w")
    run_extract([str(CORPUS)], one, Options(jobs=1), errors=quiet)
    run_extract([str(CORPUS)], two, Options(jobs=2), errors=quiet)
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


def test_dask_local_cluster_gives_the_records_of_a_local_run(tmp_path):
    pytest.importorskip("dask.distributed")
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    quiet = open(os.devnull, "w")
    run_extract([str(CORPUS)], local, Options(), errors=quiet)
    run_extract([str(CORPUS)], dask, Options(jobs=2, scheduler="local", shard_size=5), errors=quiet)
    assert dask.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")
    shards = sorted((tmp_path / "dask.jsonl.shards").iterdir())
    assert len(shards) == -(-len(read_lines(local)) // 5)
    # A rerun redoes only the missing shard.
    shards[1].unlink()
    kept = shards[0].stat().st_mtime_ns
    run_extract([str(CORPUS)], dask, Options(jobs=2, scheduler="local", shard_size=5), errors=quiet)
    assert shards[1].exists() and shards[0].stat().st_mtime_ns == kept
    assert dask.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")


def test_an_article_longer_than_max_length_is_processed_in_pieces(nlp):
    paragraph = "Le pôle Hydrelia, créé en 2009 à Sète, regroupe 120 entreprises. « Nous recrutons », dit-il.\n\n"
    article = Article(id="long", text=paragraph * 40)
    limit = nlp.max_length
    nlp.max_length = 1000
    try:
        record = extract_chunk([article], nlp)[0]
    finally:
        nlp.max_length = limit
    assert record.text == article.text
    assert any("pieces" in w for w in record.warnings)


def invented_articles(prefix: str, count: int) -> list[Article]:
    """Articles each with words no dictionary holds, so that each adds to the string store."""
    return [Article(id=f"{prefix}{i}", text=f"La société Zorblax{prefix}{i} ouvre un site à Quimperlé. "
                                              f"Le projet Vrintel{prefix}{i} emploie 40 personnes.")
            for i in range(count)]


def test_vocabulary_keeps_the_first_words_then_stays_flat(monkeypatch):
    from extractor.pipeline import build_pipeline

    monkeypatch.setattr(importlib.import_module("extractor.extract"), "WARM_UP_ARTICLES", 20)  # the name is also a function
    nlp = build_pipeline()  # a fresh one: the shared pipeline has already read other tests' texts
    first = invented_articles("warm", 20)
    extract_chunk(first, nlp)
    assert "Zorblaxwarm0" in nlp.vocab.strings  # the first articles' words are kept for good
    size = len(nlp.vocab.strings)
    for round_ in range(3):
        records = extract_chunk(invented_articles(f"later{round_}-", 16), nlp)
        assert len(records) == 16 and len(nlp.vocab.strings) == size
    assert "Zorblaxlater0-0" not in nlp.vocab.strings and "Zorblaxwarm0" in nlp.vocab.strings


@given(st.text(min_size=1, max_size=400), st.integers(min_value=5, max_value=120))
def test_split_text_keeps_every_character(text, limit):
    pieces = split_text(text, limit)
    assert "".join(pieces) == text and all(len(p) <= limit for p in pieces)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300))
def test_extract_never_raises_and_offsets_are_valid(nlp, text):
    if not text.strip():
        return
    record = extract_chunk([Article(id="x", text=text)], nlp)[0]
    spans = [*record.quotes, *record.dates, *record.figures]
    assert all(s.start is None or 0 <= s.start <= s.end <= len(record.text) for s in spans)
