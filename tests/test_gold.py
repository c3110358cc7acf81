"""Loading gold files: the optional-item forms, and errors that name the file and the field."""

import copy
import json
from pathlib import Path

import pytest

from extractor.gold import Gold, GoldError, load_gold, load_gold_dir

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED = CORPUS / "000_8f68c1e5997a4ea0.gold.json"


@pytest.fixture
def seed_data() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, name: str = "000_8f68c1e5997a4ea0.gold.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# Parametrised over the files present when the tests are collected: others keep adding gold files.
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.gold.json")), ids=lambda p: p.name)
def test_every_corpus_gold_file_loads(path):
    gold = load_gold(path)
    assert gold.id == path.name.removesuffix(".gold.json")


def test_seed_optional_forms():
    gold = load_gold(SEED)
    glass, nova = gold.clusters
    assert glass.founded.value == 2001 and not glass.founded.optional
    assert [(s.text, s.optional) for s in nova.sectors] == [
        ("enfant et famille", False), ("mobilier", True), ("jouets", True), ("vêtements", True)]
    assert nova.members.qualifier == "approx" and glass.members.qualifier == "exact"  # left out: exact
    assert nova.employees is None
    assert [q.text for q in gold.quotes if q.optional] == ["Des pépites sur le territoire", "promesses"]
    assert gold.places[-1].names() == ["États-Unis", "USA"]
    assert gold.organisations[0].names() == ["Assemblée des communautés de France", "ADCF"]
    assert gold.article.authors[0].text == "Anne Daubree"


def test_optional_single_valued_slots(seed_data):
    cluster = seed_data["clusters"][0]
    cluster["founded"] = {"value": 1960, "optional": True}
    cluster["members"] = {"value": 70, "unit": "adhérents", "optional": True}
    cluster["aliases"] = ["GV"]
    cluster["supporters"][0] = {"text": "État", "optional": True, "aliases": ["l'État"]}
    glass = Gold.model_validate(seed_data).clusters[0]
    assert (glass.founded.value, glass.founded.optional) == (1960, True)
    assert (glass.members.value, glass.members.unit, glass.members.optional) == (70, "adhérents", True)
    assert glass.names() == ["Glass Vallée", "GV"]
    assert glass.supporters[0].names() == ["État", "l'État"]


def test_jsonl_document_gives_the_record_id(seed_data, tmp_path):
    seed_data["document"] = "batch.jsonl#art-7"
    assert load_gold(write(tmp_path, seed_data, "art-7.gold.json")).id == "art-7"


def test_malformed_json_names_file_line_and_column(tmp_path):
    path = tmp_path / "bad.gold.json"
    path.write_text('{"format": "cluster-facts-gold/1",\n  "document": }', encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad\.gold\.json: invalid JSON at line 2 column 15"):
        load_gold(path)


@pytest.mark.parametrize("change, field", [
    (lambda d: d["clusters"][1]["members"].update(value="soixante"), "clusters[1].members.value"),
    (lambda d: d["clusters"][0]["regions"].append("Picardie"), "clusters[0].regions[2].text"),
    (lambda d: d["clusters"][0].update(founded={"value": 1960, "optinal": True}), "clusters[0].founded.optinal"),
    (lambda d: d["dates"].append({"value": "2019-02-30"}), "dates[5].value"),
    (lambda d: d["places"][0].update(country="fr"), "places[0].country"),
    (lambda d: d["quotes"][0].pop("text"), "quotes[0].text"),
    (lambda d: d["article"].update(published="22/11/2019"), "article.published"),
    (lambda d: d.update(format="cluster-facts-gold/2"), "format"),
])
def test_schema_errors_name_file_and_field(seed_data, tmp_path, change, field):
    change(seed_data)
    with pytest.raises(GoldError) as caught:
        load_gold(write(tmp_path, seed_data))
    assert f"000_8f68c1e5997a4ea0.gold.json: {field}: " in str(caught.value)


def test_document_of_another_article_is_an_error(seed_data, tmp_path):
    with pytest.raises(GoldError, match=r"other\.gold\.json: document: .* the file is for 'other'"):
        load_gold(write(tmp_path, seed_data, "other.gold.json"))


def test_load_gold_dir_by_id_and_reports_every_bad_file(seed_data, tmp_path):
    write(tmp_path, seed_data)
    second = copy.deepcopy(seed_data) | {"document": "two.md"}
    write(tmp_path, second, "two.gold.json")
    (tmp_path / "notes.json").write_text("not gold")  # not a gold file: ignored
    assert sorted(load_gold_dir(tmp_path)) == ["000_8f68c1e5997a4ea0", "two"]

    (tmp_path / "bad1.gold.json").write_text("{")
    write(tmp_path, {**second, "document": "bad2.md", "clusters": [{"aliases": []}]}, "bad2.gold.json")
    with pytest.raises(GoldError) as caught:
        load_gold_dir(tmp_path)
    message = str(caught.value)
    assert "bad1.gold.json: invalid JSON" in message
    assert "bad2.gold.json: clusters[0].name: Field required" in message
