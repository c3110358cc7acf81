"""People and organisations (components/entities.py), on invented sentences, then on the seed.

Each test names the construction it checks; the sentences are invented so that the rules, not
names seen in the corpus, are what is tested.
"""

import json

import pytest

from extractor.evaluate import norm
from extractor.gold import load_gold

from .conftest import SEED, model_with


@pytest.fixture(scope="module")
def nlp():
    """The model and this component only: the tests do not depend on the other components."""
    return model_with("extractor_entities")


def read(nlp, text):
    doc = nlp(text)
    return doc, {p["name"]: p for p in doc._.people}, {o["name"]: o for o in doc._.organisations}


def roles(person):
    return {(r["title"], r["organisation"]) for r in person["roles"]}


# --- people ----------------------------------------------------------------------------------


def test_mentions_of_one_person_are_merged(nlp):
    doc, people, _ = read(nlp, "Le sociologue Pierre Durandal publie un essai. Selon M. Durandal, les territoires "
                               "comptent encore. « Rien n'est joué », ajoute Durandal.")
    assert list(people) == ["Pierre Durandal"]
    person = people["Pierre Durandal"]
    assert person["mentions"] == 3 and person["gender"] == "m"
    assert roles(person) == {("sociologue", None)}
    assert [doc.text[s:e] for s, e in person["spans"]] == ["Pierre Durandal", "Durandal", "Durandal"]


def test_honorific_and_possessive_title(nlp):
    _, people, orgs = read(nlp, "La fédération Textile Avenir tient son congrès à Lille. « Nous recrutons », indique "
                                "sa directrice Nathalie Doumeng. Mme Doumeng quittera ses fonctions en juin.")
    person = people["Nathalie Doumeng"]
    assert person["mentions"] == 2 and person["gender"] == "f"
    assert roles(person) == {("directrice", "Textile Avenir")}
    assert orgs["Textile Avenir"]["kind"] == "association"


def test_an_establishment_named_after_its_trade_is_an_organisation(nlp):
    _, people, orgs = read(nlp, "Claire Dumas dirige la fromagerie Vallon Doré, à Poligny.")
    assert orgs["Vallon Doré"]["kind"] == "company"
    assert roles(people["Claire Dumas"]) == {("dirigeante", "Vallon Doré")}


@pytest.mark.parametrize("text, name", [
    ("La norme a été publiée par l'Afnor en mars.", "Afnor"),
    ("Elle a longtemps travaillé pour l'Urssaf avant de créer son entreprise.", "Urssaf"),
])
def test_an_acronym_written_as_a_word_after_l_is_an_organisation(nlp, text, name):
    assert name in read(nlp, text)[2]


def test_a_place_or_a_common_noun_after_l_is_not_an_organisation(nlp):
    _, _, orgs = read(nlp, "Les exportations vers l'Allemagne progressent, et l'Hérault en profite. "
                           "Le salon de l'Artisanat ouvre ses portes.")
    assert not {"Allemagne", "Hérault", "Artisanat"} & set(orgs)


def test_same_family_name_kept_apart_by_first_name(nlp):
    _, people, orgs = read(nlp, "Paul Kervella dirige la société Kervella Marine. Sa sœur, Anne Kervella, préside le "
                                "club Voile Iroise. « Nous naviguons depuis l'enfance », raconte Anne Kervella.")
    assert set(people) == {"Paul Kervella", "Anne Kervella"}
    assert roles(people["Paul Kervella"]) == {("dirigeant", "Kervella Marine")}
    assert roles(people["Anne Kervella"]) == {("présidente", "Voile Iroise")}
    assert {"Kervella Marine", "Voile Iroise"} <= set(orgs)


def test_names_in_capitals_are_normalised(nlp):
    _, people, _ = read(nlp, "Propos recueillis par Julien MARCHETTI. Le marché du nautisme reste porteur.")
    assert "Julien Marchetti" in people


def test_apposition_with_acronym_gives_the_full_organisation(nlp):
    _, people, orgs = read(nlp, "« Le maillage est dense », affirme Hugo Vasseur, délégué général de la FNTP, la "
                                "Fédération nationale des travaux publics.")
    assert roles(people["Hugo Vasseur"]) == {("délégué général", "Fédération nationale des travaux publics")}
    assert orgs["Fédération nationale des travaux publics"]["acronym"] == "FNTP"
    assert len(orgs) == 1


def test_predicate_in_the_next_sentence(nlp):
    _, people, orgs = read(nlp, "« Le marché repart », explique Thomas Lebail. Lui est directeur général de "
                                "Bretagne Nautisme, qui fédère 80 entreprises.")
    assert roles(people["Thomas Lebail"]) == {("directeur général", "Bretagne Nautisme")}
    assert "Bretagne Nautisme" in orgs


def test_two_titles_without_organisation(nlp):
    _, people, _ = read(nlp, "Pour Claire Vidal, sociologue et économiste, la question reste ouverte.")
    assert roles(people["Claire Vidal"]) == {("sociologue", None), ("économiste", None)}


def test_title_before_the_name(nlp):
    _, people, orgs = read(nlp, "La présidente du pôle Agri Sud Innovation, Marie Dupuis, a ouvert la séance.")
    assert roles(people["Marie Dupuis"]) == {("présidente", "Agri Sud Innovation")}
    assert people["Marie Dupuis"]["gender"] == "f"
    assert orgs["Agri Sud Innovation"]["kind"] == "cluster"


def test_title_with_a_place_keeps_it(nlp):
    _, people, _ = read(nlp, "Le maire de Quimperlé, Yves Le Floch, salue le projet.")
    assert roles(people["Yves Le Floch"]) == {("maire de Quimperlé", None)}


def test_lone_names_are_people_only_when_clearly_so(nlp):
    _, people, _ = read(nlp, "Selon Grosjean, la reprise est lente. M. Valdès, lui, reste confiant.")
    assert list(people) == ["Valdès"] and people["Valdès"]["gender"] == "m"


def test_first_name_alone_and_kinship(nlp):
    _, people, _ = read(nlp, "Marc Ferrand gère l'atelier avec son frère Luc. Camille Berthier préside le cluster. "
                             "« Camille a tout changé », dit un adhérent.")
    assert set(people) == {"Marc Ferrand", "Luc Ferrand", "Camille Berthier"}
    assert people["Camille Berthier"]["mentions"] == 2


def test_gender_from_a_pronoun_right_after(nlp):
    _, people, _ = read(nlp, "« Rien ne presse », a déclaré Dominique Lartigue. Elle attend les chiffres de juin.")
    assert people["Dominique Lartigue"]["gender"] == "f"


# --- organisations ---------------------------------------------------------------------------


def test_acronym_in_brackets_and_later_mentions(nlp):
    doc, _, orgs = read(nlp, "L'Association régionale des entreprises alimentaires (AREA) rassemble 300 membres. "
                             "Pour l'AREA, la priorité reste l'emploi.")
    org = orgs["Association régionale des entreprises alimentaires"]
    assert org["acronym"] == "AREA" and org["kind"] == "association"
    assert [doc.text[s:e] for s, e in org["spans"]] == [org["name"], "AREA", "AREA"]
    assert len(orgs) == 1


def test_cue_words_stay_in_the_name_where_they_belong(nlp):
    _, _, orgs = read(nlp, "Son livre paraît aux Éditions du Seuil. Le Groupe Valdor rachète Hydrolia SAS, "
                           "une filiale de Corvalis.")
    assert orgs["Éditions du Seuil"]["kind"] == "media"
    assert orgs["Groupe Valdor"]["kind"] == "company"
    assert "Hydrolia" in orgs and "Corvalis" in orgs


@pytest.mark.parametrize("text, name", [
    ("Les fondeurs sous-traitants de Valdémar se sont reconvertis.", "Valdémar"),
    ("Le projet est financé par Bpifrance et par la Banque des territoires.", "Banque des territoires"),
    ("Le projet est financé par Bpifrance et par la Banque des territoires.", "Bpifrance"),
    ("Il a travaillé dix ans chez Thalestris avant de se lancer.", "Thalestris"),
    ("Le PDG de Norvelia annonce 40 embauches.", "Norvelia"),
    ("La jeune pousse lyonnaise Pyrolux lève 2 millions d'euros.", "Pyrolux"),
    ("Créé en 2012, Mécanov fédère aujourd'hui 60 entreprises.", "Mécanov"),
])
def test_contexts_make_organisations(nlp, text, name):
    doc, _, orgs = read(nlp, text)
    assert name in orgs
    assert doc.text[slice(*orgs[name]["spans"][0])] == name


@pytest.mark.parametrize("text, name", [
    ("La Bijou Vallée fédère 40 entreprises du Jura.", "Bijou Vallée"),
    ("Le pôle Hydreos accueille trois nouveaux membres.", "Hydreos"),
    ("Le cluster Lumière Nord recrute un animateur.", "Lumière Nord"),
    ("La grappe d'entreprises Bois & Cie ouvre ses portes.", "Bois & Cie"),
])
def test_cluster_names(nlp, text, name):
    _, _, orgs = read(nlp, text)
    assert orgs[name]["kind"] == "cluster"


def test_descriptive_names_of_public_bodies_and_schools(nlp):
    _, _, orgs = read(nlp, "La chambre de commerce et d'industrie du Morbihan et l'université de Bretagne-Sud "
                           "s'associent avec Vannes Agglo et la communauté de communes Arc Sud Bretagne.")
    assert orgs["chambre de commerce et d'industrie du Morbihan"]["kind"] == "public_body"
    assert orgs["université de Bretagne-Sud"]["kind"] == "school"
    assert "Vannes Agglo" in orgs
    assert "communauté de communes Arc Sud Bretagne" in orgs


def test_state_region_and_government(nlp):
    doc, _, orgs = read(nlp, "Le cluster est soutenu par l'Etat et la Région Bretagne. Le gouvernement attend. "
                             "La Région versera 2 millions d'euros.")
    assert orgs["État"]["kind"] == "public_body"
    assert len(orgs["Région Bretagne"]["spans"]) == 2  # "la Région" alone is the same body
    assert not any("gouvernement" in name.lower() for name in orgs)


@pytest.mark.parametrize("text", [
    "Cluster ou grappe, peu importe le nom.",
    "« Entreprises et territoires » : la table ronde a fait salle comble.",
    "Comme dans la Silicon Valley, les start-up se regroupent.",
    "Un cluster de contamination a été identifié à Laval.",
    "Un cluster Hadoop de 40 nœuds équipe le laboratoire.",
    "Le programme Cap Avenir forme 40 techniciens.",
    "METZ. Le salon ouvre ses portes vendredi.",
    "Les PME du secteur recrutent, selon le PDG interrogé.",
])
def test_what_is_not_an_organisation(nlp, text):
    _, _, orgs = read(nlp, text)
    assert orgs == {}


def test_a_person_is_not_an_organisation(nlp):
    _, people, orgs = read(nlp, "Jean Valmont, président de Valmont Industries, a signé avec Sophie Garnier.")
    assert set(people) == {"Jean Valmont", "Sophie Garnier"}
    assert set(orgs) == {"Valmont Industries"}


def test_former_name_is_an_alias(nlp):
    _, _, orgs = read(nlp, "Le pôle Mecaplus fête ses quinze ans. Créé en 2008 sous le nom de Mecanov, le pôle a "
                           "changé de nom en 2015.")
    assert set(orgs) == {"Mecaplus"} and orgs["Mecaplus"]["aliases"] == ["Mecanov"]


def test_values_are_plain_data(nlp):
    doc, _, _ = read(nlp, "Nicolas Portal, président de la société Norvelia, parle à l'AFP.")
    json.dumps(doc._.people), json.dumps(doc._.organisations)
    for entry in doc._.people + doc._.organisations:
        assert all(0 <= s < e <= len(doc.text) for s, e in entry["spans"])


# --- the seed ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(nlp, seed_text):
    from extractor.extract import article, make_doc

    doc = nlp(make_doc(nlp, article(seed_text, id=SEED.stem)))
    return doc, load_gold(SEED.with_name(SEED.stem + ".gold.json"))


def test_seed_people_and_roles(seed):
    doc, gold = seed
    authors = {norm(a.text) for a in gold.article.authors}
    expected = {norm(p.name): {(norm(r.title), norm(r.organisation)) for r in p.roles}
                for p in gold.people if norm(p.name) not in authors}  # authors are added by the record builder
    found = {norm(p["name"]): {(norm(r["title"]), norm(r["organisation"])) for r in p["roles"]} for p in doc._.people}
    assert found == expected


def test_seed_organisations(seed):
    doc, gold = seed
    names = [{norm(n) for n in [o.name, getattr(o, "acronym", None), *o.aliases] if n} for o in gold.organisations]
    found = [{norm(o["name"]), norm(o["acronym"])} - {""} for o in doc._.organisations]
    for gold_names, item in zip(names, gold.organisations):
        assert item.optional or any(gold_names & f for f in found), item.name
    for f in found:
        assert any(gold_names & f for gold_names in names), f  # nothing that is not in the gold
    for item in gold.organisations:  # an acronym of the gold leads to the full name it stands for
        if getattr(item, "acronym", None):
            org = next(o for o in doc._.organisations if o["acronym"] == item.acronym)
            assert norm(org["name"]) == norm(item.name)


def test_seed_claims_organisations_the_model_calls_places(seed):
    doc, gold = seed
    spans = {norm(doc.text[s:e]) for o in doc._.organisations for s, e in o["spans"]}
    wanted = {norm(o.name) for o in gold.organisations if not o.optional}
    model_places = {norm(e.text) for e in doc.ents if e.label_ == "LOC"}
    assert wanted & model_places  # the seed has such names: the check below is not empty
    assert wanted & model_places <= spans


def test_a_lone_name_with_a_title_is_a_person(nlp):
    _, people, _ = read(nlp, "Lefloch, directeur de l'usine, a confirmé la nouvelle. Selon Grosjean, rien ne change.")
    assert list(people) == ["Lefloch"]


def test_headlines_in_capitals_and_family_name_with_honorific(nlp):
    _, people, orgs = read(nlp, "LE CLUSTER AQUAFIL RECRUTE DES SOUDEURS\n\nLe cluster Aquafil lance une école. "
                                "Madame Le Borgne, pourquoi ?\n\nMarie-Hélène Le Borgne : Personne ne forme.")
    assert set(orgs) == {"Aquafil"}
    assert list(people) == ["Marie-Hélène Le Borgne"] and people["Marie-Hélène Le Borgne"]["mentions"] == 2


def test_passive_role(nlp):
    _, people, _ = read(nlp, "Le cluster Rivage Vallée, présidé par Lucie Garnaud, fédère 45 entreprises.")
    assert roles(people["Lucie Garnaud"]) == {("présidente", "Rivage Vallée")}
