"""Business clusters (components/clusters.py): detection, merging and each slot, on invented
sentences (no cluster of the corpus is named here), then the worked example."""

import json

import pytest

from extractor import extract

from .conftest import SEED


@pytest.fixture(scope="module")
def clusters(nlp):
    def run(text: str) -> list[dict]:
        return [c.model_dump() for c in extract(text, nlp=nlp).clusters]

    return run


def one(clusters, text: str) -> dict:
    found = clusters(text)
    assert len(found) == 1, [c["name"] for c in found]
    return found[0]


def value(figure):
    return figure["value"] if figure else None


# -- detection -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, name, kind", [
    ("Le pôle de compétitivité Hydrolia, basé à Angers, fédère 120 membres.", "Hydrolia", "pôle de compétitivité"),
    ("Lors du salon, Verdanor, pôle de compétitivité né en 2006, a présenté ses projets.", "Verdanor", "pôle de compétitivité"),
    ("Textilia est un cluster qui regroupe 40 entreprises du textile technique à Roubaix.", "Textilia", "cluster"),
    ("Venue de l'Est, la grappe d'entreprises Bois & Co compte 800 membres.", "Bois & Co", "grappe d'entreprises"),
    ("Le système productif local (SPL) Savoie Décolletage rassemble 60 entreprises.", "Savoie Décolletage", "système productif local"),
    ("Installée à Nantes, la technopole Innovalis accueille 150 entreprises.", "Innovalis", "technopole"),
    ("Le réseau d'entreprises Mécaforge réunit 35 PME de la forge.", "Mécaforge", "réseau d'entreprises"),
    ("La French Tech Vendée fédère 90 start-up.", "French Tech Vendée", "communauté French Tech"),
    ("La Cuir Vallée regroupe 30 entreprises de la maroquinerie.", "Cuir Vallée", "cluster"),
    ("Créée en 2004, la Ceramic Valley réunit 25 entreprises.", "Ceramic Valley", "cluster"),
    ("Le pôle de compétitivité breton Marinov a présenté ses projets.", "Marinov", "pôle de compétitivité"),
])
def test_a_cluster_is_found_by_what_the_text_says_it_is(clusters, text, name, kind):
    cluster = one(clusters, text)
    assert cluster["name"] == name
    assert kind in cluster["kinds"]


def test_a_capitalised_kind_word_opens_a_name_and_a_nickname_is_an_alias(clusters):
    cluster = one(clusters, "Créé en 2004, le Clúster de Automoción del Sil, que tout le monde appelle ici Autosil, "
                            "réunit une soixantaine d'entreprises et près de 9 000 salariés.")
    assert cluster["name"] == "Clúster de Automoción del Sil" and "Autosil" in cluster["aliases"]
    assert value(cluster["members"]) == 60 and value(cluster["employees"]) == 9000


def test_a_status_told_before_a_pronoun_names_the_subject_of_the_sentence_before(clusters):
    text = ("Plus au nord, le Feinwerktal Allgäu joue dans une autre catégorie. Fondé en 1998 sous la forme d'une "
            "association, reconnu cluster d'excellence en 2007, il regroupe 200 entreprises.")
    cluster = one(clusters, text)
    assert cluster["name"] == "Feinwerktal Allgäu"
    assert cluster["founded"] == 1998 and {"year": 2007, "kind": "cluster"} in cluster["history"]


def test_a_description_names_the_organisation_the_sentence_before_was_about(clusters):
    text = ("Et en Bretagne ? Armor Mécatronique est le fruit d'une histoire en deux temps. Le cluster naît en 2009 "
            "à Lorient et compte aujourd'hui 150 adhérents.")
    cluster = one(clusters, text)
    assert cluster["name"] == "Armor Mécatronique" and cluster["founded"] == 2009
    assert value(cluster["members"]) == 150


def test_a_list_item_names_the_cluster_its_description_tells_of(clusters):
    text = ("Voici trois réseaux qui comptent.\n\nTextiloire, Cholet. Ce cluster du textile réunit une "
            "cinquantaine d'entreprises.\n\nMétalys, Vierzon. Cette grappe d'entreprises compte 30 adhérents.")
    found = {c["name"]: c for c in clusters(text)}
    assert set(found) == {"Textiloire", "Métalys"}
    assert value(found["Textiloire"]["members"]) == 50
    assert value(found["Métalys"]["members"]) == 30
    assert found["Métalys"]["kinds"] == ["grappe d'entreprises"]


def test_two_clusters_announced_together_then_told_apart(clusters):
    text = ("Les deux clusters de Vierzon unissent leurs forces. Mardi, Alpha Métal (AM) et Beta Plast (BP) ont "
            "signé une convention. Le premier, créé en 2004, fédère 30 entreprises. Le second, né en 2010 sous la "
            "forme d'une grappe d'entreprises, regroupe 20 PME.")
    found = {c["name"]: c for c in clusters(text)}
    assert set(found) == {"Alpha Métal", "Beta Plast"}
    assert found["Alpha Métal"]["founded"] == 2004 and value(found["Alpha Métal"]["members"]) == 30
    assert found["Beta Plast"]["history"] == [{"year": 2010, "kind": "grappe d'entreprises"}]
    assert "AM" in found["Alpha Métal"]["aliases"]


@pytest.mark.parametrize("text", [
    "Un cluster de contamination au Covid-19 a été identifié dans un abattoir de Sablé-sur-Sarthe.",
    "Baptisé Ondine, le nouveau cluster de calcul de l'université compte 240 nœuds.",
    "Un cluster Kubernetes de 12 serveurs hébergera les applications des laboratoires.",
    "La grappe de serveurs occupe une salle de 120 m².",
    "En 2005, l'État labellisait 67 pôles de compétitivité. Quelque 400 clusters existent en France.",
    "Les clusters ne se décrètent pas, ils se cultivent.",
    "Le fabricant Batiflex a ouvert une usine de panneaux isolants à Châteauroux.",
    "Le recrutement se fera avec l'agence Pôle emploi de Châteauroux.",
    "La France voulait des « Silicon Valley à la française ».",
    "Les grappes de raisin sont saines et bien mûres.",
    "Le cluster Castres a signé une convention.",
    "Deux de ses joueuses ont intégré cette saison le pôle Espoirs de la ligue, à Chartres.",
])
def test_what_is_no_business_cluster(clusters, text):
    assert clusters(text) == []


# -- merging -------------------------------------------------------------------------------------


def test_mentions_merge_through_descriptions_pronouns_and_acronyms(clusters):
    text = ("Le cluster Atlantic Wind Energies (AWE) a présenté son bilan mardi. AWE compte 90 adhérents, qui "
            "emploient 3 500 salariés. Le cluster est soutenu par la région Bretagne. Il a lancé un programme "
            "doté de 2 millions d'euros.")
    cluster = one(clusters, text)
    assert cluster["aliases"] == ["AWE"]
    assert value(cluster["members"]) == 90 and value(cluster["employees"]) == 3500
    assert cluster["supporters"] == ["Bretagne"]
    assert [f["value"] for f in cluster["figures"]] == [2_000_000]


def test_a_former_name_is_an_alias(clusters):
    text = "Créé en 2005 sous le nom de Chimiris, le pôle de compétitivité Verdalys a pris son nom actuel en 2013."
    cluster = one(clusters, text)
    assert cluster["name"] == "Verdalys" and "Chimiris" in cluster["aliases"]


# -- slots ---------------------------------------------------------------------------------------


def test_founded_and_history(clusters):
    cluster = one(clusters, "Lors du salon, Verdanor, pôle de compétitivité né en 2006, devenu cluster en 2012, "
                            "a présenté ses projets.")
    assert cluster["founded"] == 2006
    assert cluster["history"] == [{"year": 2006, "kind": "pôle de compétitivité"}, {"year": 2012, "kind": "cluster"}]
    cluster = one(clusters, "Créé en 2009 sous la forme d'une grappe d'entreprises, puis labellisé pôle de "
                            "compétitivité en 2015, Hydrolia fédère 200 membres.")
    assert cluster["history"] == [{"year": 2009, "kind": "grappe d'entreprises"},
                                  {"year": 2015, "kind": "pôle de compétitivité"}]


def test_statuses_told_one_sentence_after_the_other(clusters):
    text = ("La grappe d'entreprises Ardennes Forge fédère 64 entreprises. L'association voit le jour en avril 2010. "
            "Un an plus tard, en 2011, elle décroche le label « grappe d'entreprises ». En 2019, la Région Grand Est "
            "la reconnaît à son tour comme « cluster d'excellence ».")
    cluster = one(clusters, text)
    assert cluster["founded"] == 2010
    assert {"year": 2011, "kind": "grappe d'entreprises"} in cluster["history"]
    assert {"year": 2019, "kind": "cluster"} in cluster["history"]


def test_a_label_as_first_status_is_the_founding(clusters):
    cluster = one(clusters, "Labellisé en 2007 et installé à Pau, le pôle de compétitivité Agrivert compte 210 adhérents.")
    assert cluster["founded"] == 2007
    assert cluster["history"] == [{"year": 2007, "kind": "pôle de compétitivité"}]


def test_places_and_current_regions(clusters):
    cluster = one(clusters, "Le cluster Lin Avenir, installé à Bernay, est soutenu par la région Picardie.")
    assert cluster["places"] == ["Bernay"]
    assert set(cluster["regions"]) == {"Normandie", "Hauts-de-France"}  # Picardie is now in Hauts-de-France


def test_a_place_where_something_happened_is_not_the_cluster_s(clusters):
    cluster = one(clusters, "Le cluster Lin Avenir, installé à Bernay, a présenté mardi à Paris son programme.")
    assert cluster["places"] == ["Bernay"]


@pytest.mark.parametrize("text, sectors", [
    ("Le cluster Verrala est spécialisé dans la verrerie.", ["verrerie"]),
    ("Néréis est le cluster des énergies marines renouvelables des Pays de la Loire.", ["énergies marines renouvelables"]),
    ("Le cluster Mécalis fédère 38 entreprises de l'usinage, de la chaudronnerie et du traitement de surface.",
     ["usinage", "chaudronnerie", "traitement de surface"]),
    ("Le pôle Ludiva regroupe une cinquantaine d'entreprises spécialisées dans l'enfant et sa famille.",
     ["enfant et famille"]),
    ("Le pôle Hydrolia fédère 120 membres dans la chimie et l'environnement en Bretagne.", ["chimie", "environnement"]),
])
def test_sectors(clusters, text, sectors):
    assert one(clusters, text)["sectors"] == sectors


def test_trades_listed_around_a_colon(clusters):
    cluster = one(clusters, "La technopole Armorial accompagne 57 entreprises. Ses domaines de prédilection : le "
                            "nautisme, les biotechnologies marines et le numérique.")
    assert cluster["sectors"] == ["nautisme", "biotechnologies marines", "numérique"]
    cluster = one(clusters, "La grappe Ardennes Forge compte 64 entreprises. Forge, fonderie, usinage de précision : "
                            "ses membres fournissent l'automobile.")
    assert cluster["sectors"][:3] == ["Forge", "fonderie", "usinage de précision"]


@pytest.mark.parametrize("text, members, qualifier", [
    ("Le cluster Néréis fédère quelque 70 adhérents.", 70, "approx"),
    ("La grappe d'entreprises Bois & Co compte 800 membres.", 800, "exact"),
    ("Le pôle Ludiva regroupe une cinquantaine d'entreprises.", 50, "approx"),
    ("Le cluster Mécalis réunit 230 adhérents, dont 180 entreprises.", 230, "exact"),
])
def test_members(clusters, text, members, qualifier):
    cluster = one(clusters, text)
    assert value(cluster["members"]) == members
    assert cluster["members"]["qualifier"] == qualifier


def test_a_part_of_the_members_is_a_figure(clusters):
    cluster = one(clusters, "Le cluster Mécalis réunit 230 adhérents, dont 180 entreprises.")
    assert [f["value"] for f in cluster["figures"]] == [180]


@pytest.mark.parametrize("text, employees", [
    ("La Cuir Vallée regroupe 45 entreprises pour 2 000 salariés.", 2000),
    ("Le cluster Néréis compte 90 adhérents, qui emploient 12 000 salariés.", 12000),
    ("Le cluster Néréis revendique 9 000 emplois dans la filière.", 9000),
])
def test_employees(clusters, text, employees):
    assert value(one(clusters, text)["employees"]) == employees


def test_the_members_the_sentence_before_told_of(clusters):
    cluster = one(clusters, "La technopole Armorial accompagne aujourd'hui 57 entreprises. Ces entreprises emploient "
                            "720 personnes.")
    assert value(cluster["members"]) == 57 and value(cluster["employees"]) == 720


def test_jobs_to_create_are_no_employees(clusters):
    cluster = one(clusters, "Le cluster Navéo veut recruter 3 000 personnes d'ici 2030.")
    assert cluster["employees"] is None
    assert [f["value"] for f in cluster["figures"]] == [3000]


def test_supporters(clusters):
    cluster = one(clusters, "La grappe d'entreprises Mécabois, soutenue par l'État et les régions Normandie et "
                            "Hauts-de-France, est financée par la métropole de Rouen.")
    assert cluster["supporters"] == ["État", "Normandie", "Hauts-de-France", "métropole de Rouen"]
    assert cluster["places"] == []  # the backer's town is not the cluster's place


def test_backers_of_a_relative_clause(clusters):
    cluster = one(clusters, "Le cluster Lin Avenir fédère 58 entreprises. La Région Normandie, qui soutient le "
                            "cluster depuis sa création avec la communauté d'agglomération Caux Seine Agglo, a "
                            "salué le projet.")
    assert cluster["supporters"] == ["Normandie", "communauté d'agglomération Caux Seine Agglo"]


def test_people_who_run_it(clusters):
    cluster = one(clusters, "Le pôle Agrival fédère 150 membres. Son président, Jean Dupuis, a présenté le bilan. "
                            "Marie Lenoir, directrice générale du pôle, a annoncé de nouveaux projets.")
    assert {p["name"]: p["role"] for p in cluster["people"]} == {
        "Jean Dupuis": "président", "Marie Lenoir": "directrice générale"}


def test_figures_about_it(clusters):
    cluster = one(clusters, "Le pôle Agrival fédère 150 membres et dispose d'un budget annuel de 2,6 millions "
                            "d'euros.")
    assert [(f["value"], f["unit"]) for f in cluster["figures"]] == [(2_600_000, "€")]


def test_facts_about_a_town_or_clusters_in_general_are_not_its(clusters):
    cluster = one(clusters, "À Cholet, la filière textile compte 10 000 emplois. Le cluster Textiloire y réunit "
                            "50 entreprises. Textiloire est l'un des quelque 400 clusters français.")
    assert value(cluster["members"]) == 50
    assert cluster["employees"] is None and cluster["figures"] == []


def test_the_words_of_its_president_speak_for_it(clusters):
    text = ("Le cluster Néréis a tenu mardi son assemblée générale. « Nous avons lancé 40 projets », a déclaré "
            "son président, Paul Marin.")
    cluster = one(clusters, text)
    assert [f["value"] for f in cluster["figures"]] == [40]


# -- the worked example --------------------------------------------------------------------------


def test_the_seed_article_matches_its_gold(seed_record):
    gold = json.loads(SEED.with_suffix(".gold.json").read_text(encoding="utf-8"))
    found = {c.name: c.model_dump() for c in seed_record.clusters}
    assert set(found) == {c["name"] for c in gold["clusters"]}
    for expected in gold["clusters"]:
        cluster = found[expected["name"]]
        for slot in ("kinds", "founded", "history", "places", "regions", "supporters"):
            assert cluster[slot] == expected[slot] or sorted(map(str, cluster[slot])) == sorted(map(str, expected[slot])), slot
        assert value(cluster["members"]) == value(expected["members"])
        assert value(cluster["employees"]) == value(expected["employees"])
        assert [p["name"] for p in cluster["people"]] == [p["name"] for p in expected["people"]]
        assert [f["value"] for f in cluster["figures"]] == [f["value"] for f in expected["figures"]]
