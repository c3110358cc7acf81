"""Scoring: perfect predictions, hand-made perturbations with exact expected counts, and the rules."""

import copy
import logging
from pathlib import Path

import pytest

from extractor.evaluate import (
    CATEGORIES,
    dice,
    norm,
    pair_records_with_gold,
    records_to_gold,
    score,
    units_compatible,
)
from extractor.gold import Gold, load_gold
from extractor.records import ArticleRecord

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED_ID = "000_8f68c1e5997a4ea0"
SEED_TEXT = (CORPUS / f"{SEED_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture
def gold() -> Gold:
    return load_gold(CORPUS / f"{SEED_ID}.gold.json")


def required(items) -> list:
    return [i for i in items if not i.optional]


def figure(f) -> dict:
    return {"text": f"{f.value:g} {f.unit or ''}".strip(), "value": f.value, "unit": f.unit,
            "qualifier": f.qualifier, "about": f.about}


def cluster(c) -> dict:
    founded = c.founded if c.founded and not c.founded.optional else None
    return {
        "name": c.name, "aliases": c.aliases, "kinds": [k.text for k in required(c.kinds)],
        "founded": founded and founded.value,
        "history": [{"year": h.year, "kind": h.kind} for h in required(c.history)],
        "places": [p.text for p in required(c.places)], "regions": [r.text for r in required(c.regions)],
        "sectors": [s.text for s in required(c.sectors)],
        "members": figure(c.members) if c.members and not c.members.optional else None,
        "employees": figure(c.employees) if c.employees and not c.employees.optional else None,
        "supporters": [s.text for s in required(c.supporters)],
        "people": [{"name": p.name, "role": p.role} for p in required(c.people)],
        "figures": [figure(f) for f in required(c.figures)],
    }


def quote(q, text: str) -> dict:
    start = max(text.find(q.text), 0)
    return {"text": q.text, "speaker": q.speaker, "start": start, "end": start + len(q.text)}


def perfect(gold: Gold, text: str = SEED_TEXT) -> dict:
    """The record JSON a perfect extractor writes for this gold (optional items left out)."""
    a = gold.article
    return {
        "id": gold.id, "title": a.title, "section": a.section, "published": a.published,
        "authors": [x.text for x in required(a.authors)], "text": text,
        "clusters": [cluster(c) for c in required(gold.clusters)],
        "quotes": [quote(q, text) for q in required(gold.quotes)],
        "people": [{"name": p.name, "roles": [{"title": r.title, "organisation": r.organisation} for r in p.roles]}
                   for p in required(gold.people)],
        "organisations": [{"name": o.name, "acronym": o.acronym} for o in required(gold.organisations)],
        "places": [{"name": p.name, "kind": p.kind, "region": p.region, "country": p.country}
                   for p in required(gold.places)],
        "dates": [{"text": d.value, "value": d.value} for d in required(gold.dates)],
        "figures": [figure(f) for f in required(gold.figures)],
    }


def counts(report) -> dict:
    return {name: (c.gold, c.predicted, c.tp) for name, c in report.categories.items()}


def assert_perfect(report):
    for name, c in report.categories.items():
        assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0), name
    assert report.metadata.accuracy == 1.0
    assert report.errors == []


# --- perfect predictions ----------------------------------------------------------------------

def test_perfect_record_scores_one_everywhere(gold):
    record = ArticleRecord.model_validate(perfect(gold))
    report = score([(record, gold)])
    assert_perfect(report)
    assert counts(report)["cluster slots"] == (24, 24, 24)
    assert counts(report)["quotes"] == (11, 11, 11)
    assert (report.metadata.right, report.metadata.total) == (4, 4)


def test_plain_dicts_score_like_records(gold):
    as_dict = score([(perfect(gold), gold)])
    as_record = score([(ArticleRecord.model_validate(perfect(gold)), gold)])
    assert as_dict.to_json() == as_record.to_json()


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.gold.json")), ids=lambda p: p.name)
def test_perfect_record_of_every_corpus_gold(path):
    gold = load_gold(path)
    assert_perfect(score([(perfect(gold, text=""), gold)]))


# --- perturbations with exact expected counts ------------------------------------------------

@pytest.fixture
def baseline(gold) -> dict:
    return counts(score([(perfect(gold), gold)]))


def changed(gold, baseline, change) -> dict:
    """The categories whose (gold, predicted, tp) counts differ from the perfect record's."""
    record = perfect(gold)
    change(record)
    after = counts(score([(record, gold)]))
    return {name: after[name] for name in CATEGORIES if after[name] != baseline[name]}


def test_wrong_speaker_costs_only_quotes_plus_speaker(gold, baseline):
    diff = changed(gold, baseline, lambda r: r["quotes"][0].update(speaker="Pierre Veltz"))
    g, p, tp = baseline["quotes + speaker"]
    assert diff == {"quotes + speaker": (g, p, tp - 1)}


def test_null_gold_speaker_wants_null(gold, baseline):
    gold.quotes[0].speaker = None
    assert changed(gold, baseline, lambda r: r["quotes"][0].update(speaker=None)) == {}
    g, p, tp = baseline["quotes + speaker"]
    named = changed(gold, baseline, lambda r: r["quotes"][0].update(speaker="Nicolas Portier"))
    assert named == {"quotes + speaker": (g, p, tp - 1)}


def test_missing_date_lowers_recall_by_one(gold, baseline):
    record = perfect(gold)
    del record["dates"][2]
    dates = score([(record, gold)]).categories["dates"]
    g, p, tp = baseline["dates"]
    assert (dates.gold, dates.predicted, dates.tp) == (g, p - 1, tp - 1)
    assert (dates.recall, dates.precision) == ((tp - 1) / g, 1.0)


def test_spurious_cluster_slot_values_are_false_positives(gold, baseline):
    spurious = {"name": "Cosmetic Valley", "founded": 1994, "regions": ["Centre-Val de Loire"],
                "sectors": ["parfumerie"]}
    diff = changed(gold, baseline, lambda r: r["clusters"].append(spurious))
    g, p, tp = baseline["clusters"]
    sg, sp, stp = baseline["cluster slots"]
    assert diff == {"clusters": (g, p + 1, tp), "cluster slots": (sg, sp + 3, stp)}


def test_gold_cluster_not_found_misses_all_its_slots(gold, baseline):
    diff = changed(gold, baseline, lambda r: r["clusters"].pop(0))  # Glass Vallée: 14 slot values
    g, p, tp = baseline["cluster slots"]
    assert diff["cluster slots"] == (g, p - 14, tp - 14)
    assert diff["clusters"] == (baseline["clusters"][0], baseline["clusters"][1] - 1, baseline["clusters"][2] - 1)


def test_optional_cluster_slots_are_left_out(gold, baseline):
    gold.clusters[1].optional = True  # Nova Child: 10 slot values
    found = counts(score([(perfect(gold), gold)]))  # perfect() leaves optional clusters out
    record = perfect(gold)
    record["clusters"].append(cluster(gold.clusters[1]))
    assert counts(score([(record, gold)])) == found
    g, p, tp = baseline["cluster slots"]
    assert found["cluster slots"] == (g - 10, p - 10, tp - 10)


@pytest.mark.parametrize("add", [
    lambda r: r["organisations"].append({"name": "l'État"}),
    lambda r: r["quotes"].append({"text": "promesses", "speaker": "Pierre Veltz", "start": 0, "end": 0}),
    lambda r: r["clusters"][1]["sectors"].append("jouets"),
])
def test_optional_item_found_changes_no_count(gold, baseline, add):
    assert changed(gold, baseline, add) == {}


def test_optional_single_valued_slot_found_or_missed_changes_no_count(gold):
    gold.clusters[0].founded.optional = True
    record = perfect(gold)
    missed = counts(score([(record, gold)]))
    record["clusters"][0]["founded"] = 2001
    assert counts(score([(record, gold)])) == missed


def test_second_prediction_of_one_gold_item_is_a_false_positive(gold, baseline):
    diff = changed(gold, baseline, lambda r: r["people"].append({"name": "PIERRE VELTZ"}))
    g, p, tp = baseline["people"]
    assert diff == {"people": (g, p + 1, tp)}


# --- matching rules ---------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("l'État", "Etat"), ("L’État", "état"), ("Hauts-de-France", "hauts de france"),
    ("Les Échos", "echos"), ("la  Glass_Vallée", "Glass Vallee"), ("«belles histoires»!", "belles histoires"),
])
def test_norm_equal(a, b):
    assert norm(a) == norm(b)


def test_norm_values():
    assert norm("l'État") == "etat"
    assert norm("Hauts-de-France") == "hauts de france"
    assert norm("plus de 70 % du marché (€)") == "plus de 70 % du marche €"
    assert norm("Lens") == "lens" and norm("Lesquin") == "lesquin"  # only a whole leading article goes
    assert norm(None) == ""


@pytest.mark.parametrize("a, b, compatible", [
    ("%", "pour cent", True), ("€", "euros", True), ("euro", "€", True), ("€", "%", False),
    ("entreprises", "entreprise", True), ("emplois", None, True), (None, None, True),
    ("regroupements d'entreprises", "regroupement", True), ("salariés", "entreprises", False),
    ("travaux", "travail", False), ("Salariés", "salarié", True),
])
def test_units_compatible(a, b, compatible):
    assert units_compatible(a, b) is compatible


def test_figure_values_within_relative_tolerance(gold, baseline):
    assert changed(gold, baseline, lambda r: r["figures"][4].update(value=10000 * (1 + 1e-8))) == {}
    g, p, tp = baseline["figures"]
    assert changed(gold, baseline, lambda r: r["figures"][4].update(value=10001)) == {"figures": (g, p, tp - 1)}


def test_dice_threshold(gold):
    words = "un deux trois quatre cinq six sept huit neuf dix".split()
    six_of_ten = " ".join(words[:6] + ["a", "b", "c", "d"])
    five_of_ten = " ".join(words[:5] + ["a", "b", "c", "d", "e"])
    assert dice(" ".join(words), six_of_ten) == pytest.approx(0.6)
    assert dice("Oui, oui", "OUI") == pytest.approx(2 / 3)  # word multisets
    gold.quotes[:] = [gold.quotes[0].model_copy(update={"text": " ".join(words)})]
    for text, tp in ((six_of_ten, 1), (five_of_ten, 0)):
        record = perfect(gold)
        record["quotes"][0]["text"] = text
        assert score([(record, gold)]).categories["quotes"].tp == tp


def test_cluster_matches_by_alias_or_whole_words(gold, baseline):
    assert changed(gold, baseline, lambda r: r["clusters"][0].update(name="Glass Vallee")) == {}
    assert changed(gold, baseline, lambda r: r["clusters"][0].update(name="le cluster Glass Vallée")) == {}
    assert changed(gold, baseline, lambda r: r["clusters"][1].update(name="Nova", aliases=["Nova Child"])) == {}
    diff = changed(gold, baseline, lambda r: r["clusters"][0].update(name="Glass Vall", aliases=[]))
    assert diff["clusters"][2] == baseline["clusters"][2] - 1  # not whole words


def test_organisation_matches_by_acronym(gold, baseline):
    assert changed(gold, baseline, lambda r: r["organisations"][0].update(name="ADCF", acronym=None)) == {}


def test_metadata_accuracy(gold):
    record = perfect(gold)
    record.update(title="Autre titre", authors=["Anne Daubree", "Pierre Veltz"])
    report = score([(record, gold)])
    assert (report.metadata.right, report.metadata.total) == (2, 4)
    assert {e.item for e in report.errors if e.category == "metadata"} == {"title", "authors"}
    gold.article.section = None  # not scored when the gold does not say
    assert score([(record, gold)]).metadata.total == 3


# --- report, errors, pairing, draft gold ------------------------------------------------------

def test_errors_say_what_and_where(gold):
    record = perfect(gold)
    record["dates"].pop(0)
    start = SEED_TEXT.index("Glass Vallée")
    record["figures"].append({"text": "Glass", "value": 3, "unit": "verres", "start": start, "end": start + 5})
    errors = score([(record, gold)]).errors
    miss, fp = errors
    assert (miss.kind, miss.category, miss.article, miss.item) == ("miss", "dates", SEED_ID, "2019-11-22")
    assert (fp.kind, fp.category, fp.item) == ("false positive", "figures", "3 verres")
    assert "La [Glass] Vallée - cluster créé en 2001" in fp.context


def test_table_and_json(gold):
    report = score([(perfect(gold), gold)])
    table = report.table()
    for name in (*CATEGORIES, "metadata"):
        assert name in table
    assert "F1 over 1 articles: clusters 1.000 | cluster slots 1.000" in table
    data = report.to_json()
    assert set(data["categories"]) == set(CATEGORIES)
    assert data["categories"]["quotes"] == {"gold": 11, "predicted": 11, "tp": 11,
                                            "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert data["metadata"]["accuracy"] == 1.0
    assert "errors" not in data and report.to_json(errors=True)["errors"] == []


def test_pairing_by_record_id(gold, caplog):
    other = gold.model_copy(update={"document": "other.txt"})
    extra = {"id": "no-gold", "text": ""}
    with caplog.at_level(logging.WARNING):
        pairing = pair_records_with_gold([perfect(gold), extra], {SEED_ID: gold, "other": other})
    assert (pairing.no_record, pairing.no_gold) == (["other"], ["no-gold"])
    assert "no-gold has no gold file" in caplog.text
    report = score(pairing)
    assert report.missing_records == ["other"] and report.articles == 2
    c = report.categories["people"]
    assert (c.gold, c.predicted, c.tp) == (8, 4, 4)  # the other article's people are all misses
    assert "no record for 1 gold files" in report.table()


def test_records_to_gold_is_valid_gold_and_scores_perfectly(gold):
    record = ArticleRecord.model_validate(perfect(gold))
    draft = Gold.model_validate(records_to_gold(record, document="000_8f68c1e5997a4ea0.txt"))
    assert draft.id == SEED_ID
    assert draft.figures[0].model_dump(exclude_defaults=True) == {
        "value": 400, "unit": "regroupements d'entreprises", "qualifier": "approx"}
    assert_perfect(score([(record, draft)]))


def test_empty_categories_are_perfect_and_nothing_predicted_is_zero(gold):
    empty = Gold.model_validate({"format": "cluster-facts-gold/1", "document": "x.txt", "article": {}})
    assert_perfect(score([({"id": "x", "text": ""}, empty)]))
    report = score([({"id": SEED_ID}, copy.deepcopy(gold))])
    assert report.categories["people"].f1 == 0.0 and report.categories["people"].precision == 0.0
