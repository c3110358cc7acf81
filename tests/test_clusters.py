"""Business clusters (components/clusters.py): detection, merging and each slot, on invented
sentences (no cluster, person or sentence of the corpus is copied here), then the worked example
(the seed article, read as data)."""

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
    ("Arrivée du Sud, la grappe d'entreprises Cuir & Fils rassemble 300 membres.", "Cuir & Fils", "grappe d'entreprises"),
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
    cluster = one(clusters, "Fondé en 2003, le Clúster de Automoción del Sil, que chacun surnomme simplement Autosil, "
                            "regroupe une soixantaine de sociétés et environ 7 000 salariés.")
    assert cluster["name"] == "Clúster de Automoción del Sil" and "Autosil" in cluster["aliases"]
    assert value(cluster["members"]) == 60 and value(cluster["employees"]) == 7000


def test_a_status_told_before_a_pronoun_names_the_subject_of_the_sentence_before(clusters):
    text = ("Plus à l'est, le Feinwerktal Allgäu change d'échelle. Fondé en 1998 sous la forme d'une "
            "association, reconnu cluster d'excellence en 2007, il regroupe 200 entreprises.")
    cluster = one(clusters, text)
    assert cluster["name"] == "Feinwerktal Allgäu"
    assert cluster["founded"] == 1998 and {"year": 2007, "kind": "cluster"} in cluster["history"]


def test_a_description_names_the_organisation_the_sentence_before_was_about(clusters):
    text = ("Et en Bretagne ? Armor Mécatronique a une longue histoire derrière lui. Le cluster naît en 2009 "
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
    "Trois nouveaux cas ont été recensés dans un cluster de contamination découvert dans une école de Vannes.",
    "Nommé Pléiade, ce cluster de calcul du laboratoire réunit 96 nœuds.",
    "Un cluster Hadoop de 40 machines traitera les données de l'observatoire.",
    "Cette grappe de serveurs consomme 80 kW.",
    "L'an dernier, le ministère a labellisé 12 nouveaux pôles de compétitivité. Plus de 300 clusters existent en Europe.",
    "Un cluster, cela ne s'improvise pas.",
    "Le fabricant Vitralis a inauguré une usine de fenêtres à Montluçon.",
    "Les candidats seront reçus à l'agence Pôle emploi de Montluçon.",
    "Il a travaillé dix ans dans la Silicon Valley avant de rentrer à Grenoble.",
    "Les grappes de raisin sont saines et bien mûres.",
    "Le cluster Rodez a signé une convention.",
    "Le club a placé trois nageurs au pôle Espoirs de Vichy cette année.",
])
def test_what_is_no_business_cluster(clusters, text):
    assert clusters(text) == []


# -- merging -------------------------------------------------------------------------------------


def test_mentions_merge_through_descriptions_pronouns_and_acronyms(clusters):
    text = ("Le cluster Atlantic Wind Energies (AWE) a présenté son bilan mardi. AWE compte 90 adhérents, qui "
            "emploient 3 500 salariés. Le cluster reçoit le soutien de la région Bretagne. Il a lancé un programme "
            "doté de 2 millions d'euros.")
    cluster = one(clusters, text)
    assert cluster["aliases"] == ["AWE"]
    assert value(cluster["members"]) == 90 and value(cluster["employees"]) == 3500
    assert cluster["supporters"] == ["Bretagne"]
    assert [f["value"] for f in cluster["figures"]] == [2_000_000]


def test_a_former_name_is_an_alias(clusters):
    text = "Connu jusqu'en 2013 sous le nom de Chimiris, le pôle de compétitivité Verdalys fédère 90 membres."
    cluster = one(clusters, text)
    assert cluster["name"] == "Verdalys" and "Chimiris" in cluster["aliases"]


# -- slots ---------------------------------------------------------------------------------------


def test_founded_and_history(clusters):
    cluster = one(clusters, "Lors du salon, Verdanor, pôle de compétitivité né en 2006, devenu cluster en 2012, "
                            "a présenté ses projets.")
    assert cluster["founded"] == 2006
    assert cluster["history"] == [{"year": 2006, "kind": "pôle de compétitivité"}, {"year": 2012, "kind": "cluster"}]
    cluster = one(clusters, "Né en 2009 sous forme de grappe d'entreprises, puis labellisé pôle de "
                            "compétitivité en 2015, Hydrolia fédère 200 membres.")
    assert cluster["history"] == [{"year": 2009, "kind": "grappe d'entreprises"},
                                  {"year": 2015, "kind": "pôle de compétitivité"}]


def test_statuses_told_one_sentence_after_the_other(clusters):
    text = ("La grappe d'entreprises Vosges Fonderie fédère 64 entreprises. L'association est fondée en mars 2010. "
            "Dès 2011, elle obtient le label « grappe d'entreprises ». En 2016, la Région Grand Est "
            "la reconnaît elle aussi comme « cluster d'excellence ».")
    cluster = one(clusters, text)
    assert cluster["founded"] == 2010
    assert {"year": 2011, "kind": "grappe d'entreprises"} in cluster["history"]
    assert {"year": 2016, "kind": "cluster"} in cluster["history"]


def test_a_label_as_first_status_is_the_founding(clusters):
    cluster = one(clusters, "Labellisé en 2007 puis établi à Tarbes, le pôle de compétitivité Agrivert compte 210 adhérents.")
    assert cluster["founded"] == 2007
    assert cluster["history"] == [{"year": 2007, "kind": "pôle de compétitivité"}]


@pytest.mark.parametrize("text", [
    "Le cluster Fil d'Or (créé en 2015 ; 48 membres) a présenté son bilan.",
    "Le cluster Fil d'Or (créé en 2015, 48 membres) a présenté son bilan.",
    "Le cluster Fil d'Or (créé en 2015 - 48 membres) a présenté son bilan.",
])
def test_everything_in_brackets_after_the_name_is_about_it(clusters, text):
    cluster = one(clusters, text)
    assert cluster["founded"] == 2015 and value(cluster["members"]) == 48


@pytest.mark.parametrize("text", [
    "Le cluster Silicon Valley regroupe 30 entreprises du logiciel.",
    "La Silicon Valley est un cluster de 2 000 entreprises.",
])
def test_a_known_valley_is_a_cluster_when_the_text_says_so(clusters, text):
    assert one(clusters, text)["name"] == "Silicon Valley"


def test_places_and_current_regions(clusters):
    cluster = one(clusters, "Le cluster Lin Avenir, installé à Bernay, est soutenu par la région Picardie.")
    assert cluster["places"] == ["Bernay"]
    assert set(cluster["regions"]) == {"Normandie", "Hauts-de-France"}  # Picardie is now in Hauts-de-France


def test_a_place_where_something_happened_is_not_the_cluster_s(clusters):
    cluster = one(clusters, "Le cluster Lin Avenir, installé à Bernay, a présenté mardi à Paris son programme.")
    assert cluster["places"] == ["Bernay"]


@pytest.mark.parametrize("text, sectors", [
    ("Le cluster Verrala est spécialisé dans la verrerie.", ["verrerie"]),
    ("Néréis est le cluster des technologies sous-marines de Normandie.", ["technologies sous-marines"]),
    ("Le cluster Mécalis fédère 38 entreprises de la fonderie, du décolletage et de la mécanique de précision.",
     ["fonderie", "décolletage", "mécanique de précision"]),
    ("Le pôle Ludiva regroupe une cinquantaine d'entreprises spécialisées dans l'enfant et sa famille.",
     ["enfant et famille"]),
    ("Le pôle Hydrolia rassemble 120 membres dans la plasturgie et l'emballage en Bretagne.", ["plasturgie", "emballage"]),
    # a verb the tagger takes for a noun or an adjective ends the list: a possessive follows it
    ("Le cluster Tannéo des entreprises de la tannerie et de la maroquinerie fête ses vingt ans.",
     ["tannerie", "maroquinerie"]),
    ("Le cluster Plastival des industriels de la plasturgie et du caoutchouc double son budget.",
     ["plasturgie", "caoutchouc"]),
])
def test_sectors(clusters, text, sectors):
    assert one(clusters, text)["sectors"] == sectors


def test_trades_listed_around_a_colon(clusters):
    cluster = one(clusters, "La technopole Armorial accompagne 57 entreprises. Ses domaines de prédilection : la "
                            "photonique, les matériaux composites et la robotique.")
    assert cluster["sectors"] == ["photonique", "matériaux composites", "robotique"]
    cluster = one(clusters, "La grappe Vosges Fonderie compte 64 entreprises. Fonderie, moulage, usinage de précision : "
                            "ses membres fournissent l'aéronautique.")
    assert cluster["sectors"][:3] == ["Fonderie", "moulage", "usinage de précision"]


@pytest.mark.parametrize("text, members, qualifier", [
    ("Le cluster Néréis fédère quelque 70 adhérents.", 70, "approx"),
    ("La grappe d'entreprises Cuir & Fils compte 300 membres.", 300, "exact"),
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
    ("Le cluster Néréis revendique 6 000 emplois dans le département.", 6000),
])
def test_employees(clusters, text, employees):
    assert value(one(clusters, text)["employees"]) == employees


def test_the_members_the_sentence_before_told_of(clusters):
    cluster = one(clusters, "La technopole Armorial accompagne aujourd'hui 57 entreprises. Ces entreprises emploient "
                            "720 personnes.")
    assert value(cluster["members"]) == 57 and value(cluster["employees"]) == 720


def test_jobs_to_create_are_no_employees(clusters):
    cluster = one(clusters, "Le cluster Navéo compte embaucher 1 200 personnes en cinq ans.")
    assert cluster["employees"] is None
    assert [f["value"] for f in cluster["figures"]] == [1200]


def test_supporters(clusters):
    cluster = one(clusters, "La grappe d'entreprises Mécabois, soutenue par l'État et les régions Bretagne et "
                            "Pays de la Loire, est financée par la métropole de Nantes.")
    assert cluster["supporters"] == ["État", "Bretagne", "Pays de la Loire", "métropole de Nantes"]
    assert cluster["places"] == []  # the backer's town is not the cluster's place


def test_backers_of_a_relative_clause(clusters):
    cluster = one(clusters, "Le cluster Lin Avenir fédère 58 entreprises. La Région Occitanie, qui soutient le "
                            "cluster depuis 2012 avec la communauté d'agglomération Tarn Agout Agglo, a "
                            "salué le projet.")
    assert cluster["supporters"] == ["Occitanie", "communauté d'agglomération Tarn Agout Agglo"]


def test_people_who_run_it(clusters):
    cluster = one(clusters, "Le pôle Agrival fédère 150 membres. Son président, Jean Dupuis, a présenté le bilan. "
                            "Marie Lenoir, directrice générale du pôle, a annoncé de nouveaux projets.")
    assert {p["name"]: p["role"] for p in cluster["people"]} == {
        "Jean Dupuis": "président", "Marie Lenoir": "directrice générale"}


def test_figures_about_it(clusters):
    cluster = one(clusters, "Le pôle Agrival fédère 150 membres et gère chaque année un budget de 2,6 millions "
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


@pytest.mark.parametrize("ending", ["Le cluster de", "Ce pôle de", "La grappe d'"])
def test_a_text_cut_after_a_kind_word_and_de_is_read(clusters, ending):
    found = clusters(f"Le cluster Fonderix regroupe 40 entreprises. {ending}")
    assert [c["name"] for c in found] == ["Fonderix"]
