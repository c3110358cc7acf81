"""Places: the gazetteer and the extractor_places component, on invented sentences with real
French geography, and on the seed article against its gold."""

import json

import pytest

from extractor import gazetteer
from extractor.components.places import words_of
from extractor.evaluate import norm
from extractor.records import Place, Region

from .conftest import SEED, model_with

MODEL_PIPES = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner"]


@pytest.fixture(scope="module")
def places_nlp():
    """The model and the places component alone: other components may change under these tests."""
    return model_with("extractor_places")


def find(nlp, text: str, people=None, organisations=None) -> list[dict]:
    """The places of `text`, with people and organisations at the given substrings."""
    with nlp.select_pipes(enable=MODEL_PIPES):
        doc = nlp(text)
    doc._.people = _entries(text, people)
    doc._.organisations = _entries(text, organisations)
    return nlp.get_pipe("extractor_places")(doc)._.places


def _entries(text: str, names):
    if names is None:
        return None
    return [{"name": n, "spans": [[text.index(n), text.index(n) + len(n)]]} for n in names]


def by_name(places: list[dict]) -> dict[str, dict]:
    return {p["name"]: p for p in places}


# --- gazetteer -------------------------------------------------------------------------------

def test_data_regions_are_the_official_ones():
    regions = {p.name for infos in gazetteer.gazetteer().index.values() for p in infos
               if p.kind == "region" and p.country == "FR"}
    assert regions == {r.value for r in Region}
    assert all(p.region in regions for infos in gazetteer.gazetteer().index.values() for p in infos if p.region)


def test_lookup_knows_communes_departments_countries():
    assert gazetteer.lookup("Saumur")[0].department == "49"
    assert gazetteer.lookup("Savoie")[0].kind == "department"
    assert gazetteer.lookup("USA")[0].name == "États-Unis"
    assert gazetteer.lookup("Tchéquie")[0].country == "CZ"
    assert [p.kind for p in gazetteer.lookup("Bretagne")][:1] == ["region"]  # before the hamlets
    assert gazetteer.lookup("Centre") == []  # "Centre" is the region only after "région"


def test_current_region_of_former_regions_and_variants():
    assert gazetteer.current_region("Picardie") == "Hauts-de-France"
    assert gazetteer.current_region("ex-Languedoc-Roussillon") == "Occitanie"
    assert gazetteer.current_region("Basse-Normandie") == "Normandie"
    assert gazetteer.current_region("l'ex-région Centre") == "Centre-Val de Loire"
    assert gazetteer.current_region("Pays de Loire") == "Pays de la Loire"
    assert gazetteer.current_region("Région Sud") == "Provence-Alpes-Côte d'Azur"
    assert gazetteer.current_region("Saumur") is None  # a town, not a region
    assert gazetteer.is_region("Hauts de France") and not gazetteer.is_region("Aquitaine")


def test_region_of_resolves_homonyms_by_context_or_population():
    assert gazetteer.region_of("Saumur") == "Pays de la Loire"
    assert gazetteer.region_of("Saint-Denis") is None  # 93 and La Réunion, much alike: not guessed
    assert gazetteer.region_of("Saint-Denis", ["Seine-Saint-Denis"]) == "Île-de-France"
    assert gazetteer.region_of("Saint-Claude", ["Jura"]) == "Bourgogne-Franche-Comté"
    assert gazetteer.region_of("Valence") == "Auvergne-Rhône-Alpes"  # Drôme dwarfs its homonyms
    assert gazetteer.region_of("Valence", ["Tarn-et-Garonne"]) == "Occitanie"
    assert gazetteer.region_of("bassin de Thann-Cernay") == "Grand Est"
    assert gazetteer.region_of("vallée de l'Epte") is None  # a river between two regions


def test_words_split_elisions_and_ex():
    assert [w.text for w in words_of("l'ex-Aquitaine, Villeneuve-d'Ascq")] == ["l'", "ex-", "Aquitaine", "Villeneuve-d'Ascq"]


# --- component -------------------------------------------------------------------------------

def test_regions_former_regions_and_spellings(places_nlp):
    found = by_name(find(places_nlp, "Le pôle est né en Midi-Pyrénées et dans l'ex-Languedoc-Roussillon, "
                                     "puis s'est étendu en Pays de Loire, en Nouvelle Aquitaine et en Ile de France."))
    assert found["Midi-Pyrénées"]["kind"] == "former_region" and found["Midi-Pyrénées"]["region"] == "Occitanie"
    assert found["Languedoc-Roussillon"]["region"] == "Occitanie"
    assert {"Pays de la Loire", "Nouvelle-Aquitaine", "Île-de-France"} <= set(found)
    assert found["Pays de la Loire"]["kind"] == "region" and found["Pays de la Loire"]["country"] == "FR"


def test_centre_and_sud_only_after_region(places_nlp):
    found = by_name(find(places_nlp, "La Région Sud et la région Centre financent le Centre hospitalier."))
    assert set(found) == {"Provence-Alpes-Côte d'Azur", "Centre"}
    assert found["Centre"]["region"] == "Centre-Val de Loire"


def test_departments_and_communes(places_nlp):
    found = by_name(find(places_nlp, "Sollavis est installé à Privas, en Ardèche, et au Mans."))
    assert found["Privas"] == {"name": "Privas", "kind": "city", "region": "Auvergne-Rhône-Alpes",
                               "department": "07", "country": "FR", "spans": [[24, 30]]}
    assert found["Ardèche"]["kind"] == "department" and found["Ardèche"]["department"] == "07"
    assert found["Le Mans"]["department"] == "72"


@pytest.mark.parametrize("text, department", [
    ("L'usine de Saint-Denis (Seine-Saint-Denis) ferme.", "93"),
    ("Le cluster est basé à Saint-Denis, à La Réunion.", "974"),
    ("Le salon se tient à Saint-Denis.", None),  # two towns of much the same size: not guessed
    ("Une usine à Valence (Tarn-et-Garonne).", "82"),
    ("Une usine à Valence.", "26"),
    ("Un atelier à Saint-Claude, dans le Jura.", "39"),
])
def test_ambiguous_communes(places_nlp, text, department):
    town = find(places_nlp, text)[0]
    assert town["kind"] == "city" and town["department"] == department
    assert (town["region"] is None) == (department is None)


def test_countries(places_nlp):
    found = by_name(find(places_nlp, "Les ventes aux USA, en Allemagne, au Royaume-Uni et en République "
                                     "tchèque progressent ; les États-Unis restent devant la Chine."))
    assert {n: p["country"] for n, p in found.items()} == {
        "États-Unis": "US", "Allemagne": "DE", "Royaume-Uni": "GB", "République tchèque": "CZ", "Chine": "CN"}
    assert len(found["États-Unis"]["spans"]) == 2 and found["États-Unis"]["kind"] == "country"


def test_areas(places_nlp):
    found = by_name(find(places_nlp, "Dans la vallée de la Vézère, le bassin de Decazeville, le pays d'Auge, sur le "
                                     "plateau de Langres et dans le Haut-Var ; les pays de l'Union exportent."))
    assert set(found) == {"vallée de la Vézère", "bassin de Decazeville", "pays d'Auge", "plateau de Langres",
                          "Haut-Var"}
    assert all(p["kind"] == "area" for p in found.values())
    assert found["vallée de la Vézère"]["region"] is None  # a river: the text is about several regions
    assert found["bassin de Decazeville"]["region"] == "Occitanie"
    assert found["pays d'Auge"]["region"] == "Normandie"
    assert found["Haut-Var"]["region"] == "Provence-Alpes-Côte d'Azur"


@pytest.mark.parametrize("text", [
    "Les tourneurs sous-traitants de Saint-Avold ont résisté.",
    "Le groupe Orange recrute.",
    "Organisé par Duvernay France, le forum a réuni 300 personnes.",
    "Le projet est financé par Dijon Métropole.",
    "Le plan France 2030 soutient la filière.",
    "Un livre paru aux Éditions de L'Orne.",
    "Marc Lyon et Jean Nancy ont fondé la société.",
    "Plus de 40 entreprises. Tour d'horizon des projets.",
])
def test_names_that_are_not_places(places_nlp, text):
    assert find(places_nlp, text) == []


def test_people_and_organisations_found_by_entities(places_nlp):
    text = "Saint-Avold Usinage investit. Chez Valence Conseil, Pierre Vienne rappelle la chambre de commerce du Tarn."
    found = find(places_nlp, text, people=["Pierre Vienne"],
                 organisations=["Saint-Avold Usinage", "Valence Conseil", "chambre de commerce du Tarn"])
    assert [p["name"] for p in found] == ["Tarn"]  # the territory an organisation's name ends with
    region = find(places_nlp, "La Région Normandie soutient le cluster.", organisations=["Région Normandie"])
    assert [p["name"] for p in region] == ["Normandie"]


def test_surnames_titles_and_articles(places_nlp):
    text = "Jean Fontaine dirige la société. Fontaine estime que M. Gaillard et Robert ont raison."
    assert find(places_nlp, text, people=["Jean Fontaine"]) == []  # Robert is not Le Robert
    assert [p["name"] for p in find(places_nlp, "Il vit au Robert, en Martinique.")][:1] == ["Le Robert"]


def test_common_words_and_hamlets_need_a_locative(places_nlp):
    found = by_name(find(places_nlp, "Les ateliers sont répartis entre Sens, Joigny et Villeneuve-sur-Yonne."))
    assert set(found) == {"Sens", "Joigny", "Villeneuve-sur-Yonne"}
    assert found["Sens"]["department"] == "89"  # "Sens", a common word, between two towns
    assert find(places_nlp, "La communauté de communes Riom Volcans et Plaines finance le projet.") == []


def test_mentions_merge_and_short_forms(places_nlp):
    text = "Les ateliers de Bagnères-de-Bigorre tournent. Le patron, installé à Bagnères depuis 1921, exporte."
    (town,) = find(places_nlp, text)
    assert town["name"] == "Bagnères-de-Bigorre" and town["department"] == "65"
    second = text.index("Bagnères depuis")
    assert town["spans"] == [[16, 35], [second, second + len("Bagnères")]]


def test_dateline_and_foreign_places(places_nlp):
    found = by_name(find(places_nlp, "LYON, 14 mars (AFP) - Le cluster a ouvert un bureau à Chemnitz, en Saxe, "
                                     "et un autre à Hambourg."))
    assert found["Lyon"]["department"] == "69"
    assert found["Saxe"]["kind"] == "region" and found["Saxe"]["country"] == "DE"
    assert found["Saxe"]["region"] is None
    assert found["Hambourg"]["country"] == "DE"
    # a LOC entity after "à" that no French commune bears, in the country its sentence names
    assert found["Chemnitz"]["kind"] == "city" and found["Chemnitz"]["country"] == "DE"


# --- the seed article ----------------------------------------------------------------------------

def test_seed_places_match_gold(seed_record):
    gold = json.loads(SEED.with_suffix(".gold.json").read_text(encoding="utf-8"))["places"]
    predicted = {norm(p.name): p for p in seed_record.places}
    assert set(predicted) == {norm(g["name"]) for g in gold}
    for item in gold:
        place = predicted[norm(item["name"])]
        assert place.kind == item["kind"] and place.country == item["country"]
        assert place.region == item.get("region")
    assert all(isinstance(p, Place) for p in seed_record.places)
