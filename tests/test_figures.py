"""Figures: the number normalisers (pure) and the `extractor_figures` component on invented sentences."""

import json

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.components.figures import find_figures, merge_figures
from extractor.normalise.numbers import (NUMBER, not_a_count, parse_digits, parse_number, parse_qualifier,
                                         parse_words, qualifier_before, same_unit, scale_factor, unit_key,
                                         unit_of_symbol)

from .conftest import CORPUS, SEED, model_with

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def figures_nlp():
    """The model with the figures component only: these tests do not depend on the others."""
    return model_with("extractor_figures")


def figures_of(nlp, text):
    return [(f["value"], f["unit"], f["qualifier"]) for f in nlp(text)._.figures]


# --- parse_number -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("7 000", 7000), (f"7{NBSP}000", 7000), (f"7{NNBSP}000", 7000), ("12.000", 12000), ("700.000€", 700000),
    ("1 250", 1250), ("2 300 000", 2300000), ("9.500", 9500), ("1.234.567", 1234567), ("42", 42), ("0", 0),
    ("1,2", 1.2), ("2,45", 2.45), ("1 234,5", 1234.5), ("2.5", 2.5),
    ("1,2 milliard", 1.2e9), ("2,3 milliards", 2.3e9), ("18 millions", 18e6), ("4,5 millions", 4.5e6),
    ("1,2 million d'euros", 1.2e6), ("1,2 million d’euros", 1.2e6), ("20 mille", 20000),
    ("310 M€", 310e6), ("1,2 M€", 1.2e6), ("10 k€", 10000), ("1,2 Md€", 1.2e9), ("3 Mds€", 3e9), ("5M€", 5e6),
    ("800 000 euros", 800000), ("250 000 €", 250000), ("3 Mds d'euros", 3e9),
    ("70%", 70), ("15 %", 15), (f"15{NNBSP}%", 15), ("70 pour cent", 70), ("2,5 %", 2.5),
    ("6 000 m²", 6000), ("120 m2", 120), ("140 ha", 140),
    ("deux", 2), ("douze", 12), ("quinze", 15), ("vingt-deux", 22), ("quarante-deux", 42), ("vingt et un", 21),
    ("soixante-dix", 70), ("quatre-vingt-dix-neuf", 99), ("deux cents", 200), ("deux cent mille", 200000),
    ("trois mille", 3000), ("mille", 1000), ("Quinze", 15), ("un million", 1e6), ("cinq millions", 5e6),
    ("une dizaine", 10), ("une douzaine", 12), ("une quinzaine", 15), ("une vingtaine", 20), ("une trentaine", 30),
    ("une quarantaine", 40), ("une cinquantaine", 50), ("Une soixantaine", 60), ("une centaine", 100),
    ("un millier", 1000), ("une bonne centaine", 100), ("un petit millier", 1000),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "A380", "3T", "2e", "1er", "XXe", "Covid-19", "Bac+5", "06 12 34 56 78", "+33 6 12 34 56 78",
    "7 h 30", "06h00", "18h", "22/11/2019", "22.11.2019", "v2.0.1", "des dizaines", "plusieurs centaines",
    "deuxième", "premier", "2030abc",
])
def test_parse_number_refuses(text):
    assert parse_number(text) is None


def test_parse_number_exact_decimal_scaling():
    # 1.2 * 1e9 in floats is not 1200000000 exactly; the Decimal route is.
    assert parse_number("1,2 milliard") == 1_200_000_000
    assert parse_number("2,3 milliards d'euros") == 2_300_000_000


@pytest.mark.parametrize("text, value", [("7 000", 7000), ("12.000", 12000), ("1,5", 1.5), ("12 34", None)])
def test_parse_digits(text, value):
    assert parse_digits(text) == (None if value is None else pytest.approx(value))


@pytest.mark.parametrize("text, value", [("quarante-deux", 42), ("un", 1), ("une", 1), ("", None), ("bonjour", None)])
def test_parse_words(text, value):
    assert parse_words(text) == value


@pytest.mark.parametrize("word, factor", [("milliards", 10**9), ("million", 10**6), ("mille", 1000), ("k", 1000),
                                          ("M", 10**6), ("Md", 10**9), ("Mds", 10**9), (None, 1), ("autre", 1)])
def test_scale_factor(word, factor):
    assert scale_factor(word) == factor


# --- qualifiers -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, qualifier", [
    ("70 entreprises", "exact"), ("quelque 400 regroupements", "approx"), ("quelques 400 membres", "approx"),
    ("environ 15 %", "approx"), ("Environ 1 200 chercheurs", "approx"), ("près de 80 %", "approx"),
    ("près d'un million", "approx"), ("autour de 300 salariés", "approx"), ("aux alentours de 50", "approx"),
    ("à peu près 20", "approx"), ("de l'ordre de 3 millions", "approx"), ("une cinquantaine d'entreprises", "approx"),
    ("210 000 euros environ", "approx"), ("d'environ 210 000 euros", "approx"), ("presque 40 %", "approx"),
    ("plus de 70%", "more_than"), ("Plus de deux cents projets", "more_than"), ("un peu plus de 900 salariés", "more_than"),
    ("au-delà de 50 salariés", "more_than"), ("au delà de 50", "more_than"), ("bien plus de 10", "more_than"),
    ("supérieur à 20 %", "more_than"),
    ("moins de 600", "less_than"), ("un peu moins de 30 %", "less_than"), ("inférieure à 5 %", "less_than"),
    ("au moins 3 sites", "at_least"), ("au moins une PME", "at_least"), ("pas moins de 40 projets", "at_least"),
    ("au minimum 12", "at_least"),
    ("jusqu'à 12 millions", "at_most"), ("jusqu’à 30 %", "at_most"), ("au maximum 20 places", "at_most"),
    ("plafonnée à 350 kilowatts", "at_most"), ("pas plus de 10", "at_most"),
])
def test_parse_qualifier(text, qualifier):
    assert parse_qualifier(text) == qualifier


@pytest.mark.parametrize("text, expected", [
    ("il emploie quelque ", ("approx", 11)), ("soit plus de ", ("more_than", 5)), ("au total ", None),
    ("les ", None), ("", None), ("déplus de ", None),
])
def test_qualifier_before(text, expected):
    assert qualifier_before(text) == expected


# --- units ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, unit", [
    ("18 millions d'euros", "€"), ("800 000 euros", "€"), ("250 000 €", "€"), ("310 M€", "€"), ("10 k€", "€"),
    ("30 EUR", "€"), ("5 millions de dollars", "$"), ("70%", "%"), ("70 pour cent", "%"), ("6 000 m²", "m²"),
    ("120 m2", "m²"), ("140 ha", "hectares"), ("3 t", "tonnes"), ("12 MW", "MW"), ("70 entreprises", None),
])
def test_unit_of_symbol(text, unit):
    match = NUMBER.match(text)
    assert match and unit_of_symbol(match) == unit


@pytest.mark.parametrize("a, b, same", [
    ("entreprises", "entreprise", True), ("%", "pour cent", False), ("€", "€", True),
    ("regroupements d'entreprises", "clusters ou regroupements d'entreprises", True),
    ("clusters et pôles", "clusters", True), ("salariés", "emplois", False), ("Salariés", "salaries", True),
    ("chefs d’entreprise", "chefs d'entreprise", True),
])
def test_same_unit(a, b, same):
    assert same_unit(a, b) is same


@pytest.mark.parametrize("unit, key", [("entreprises", "entreprise"), ("emplois", "emploi"), ("bus", "bu"), ("prix", "pri"),
                                       ("%", "%"), (None, None), ("", None), ("Salariés de l'usine", "salarie")])
def test_unit_key(unit, key):
    assert unit_key(unit) == key


@pytest.mark.parametrize("unit, excluded", [("ans", True), ("années", True), ("semaines", True), ("fois", True),
                                            ("tiers", True), ("saisons", True), ("entreprises", False),
                                            (None, False), ("", False)])
def test_not_a_count(unit, excluded):
    assert not_a_count(unit) is excluded


# --- the component on invented sentences ----------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Le groupement fédère 45 sociétés pour 3 000 employés.", [(45, "sociétés", "exact"),
                                                                 (3000, "employés", "exact")]),
    (f"Le réseau compte 12{NBSP}000 adhérents.", [(12000, "adhérents", "exact")]),
    ("L'usine emploie 12.000 personnes.", [(12000, "personnes", "exact")]),
    ("On recense quelque 400 regroupements d'entreprises dans le pays.",
     [(400, "regroupements d'entreprises", "approx")]),
    ("Le groupe réunit une cinquantaine d'entreprises du meuble.", [(50, "entreprises", "approx")]),
    ("Une vingtaine de salariés ont été formés.", [(20, "salariés", "approx")]),
    ("Le chiffre d'affaires atteint 1,2 milliard d'euros.", [(1.2e9, "€", "exact")]),
    ("Le budget annuel est de 310 M€.", [(310e6, "€", "exact")]),
    ("La subvention s'élève à 450 000 €.", [(450000, "€", "exact")]),
    ("Le projet coûte 700.000€.", [(700000, "€", "exact")]),
    ("La ville a reçu 800 000 euros.", [(800000, "€", "exact")]),
    ("Le bassin fournit plus de 60% des verres optiques du pays.", [(60, "%", "more_than")]),
    ("Les ventes ont progressé de 15 % cette année.", [(15, "%", "exact")]),
    ("Le chômage a reculé de 3 pour cent.", [(3, "%", "exact")]),
    ("Le site s'étend sur 6 000 m² en bordure de ville.", [(6000, "m²", "exact")]),
    ("Le domaine couvre 140 hectares de vignes.", [(140, "hectares", "exact")]),
    ("La ferme produit 1 500 tonnes de lait par an.", [(1500, "tonnes", "exact")]),
    ("Le pôle compte deux cents entreprises.", [(200, "entreprises", "exact")]),
    ("L'atelier accueille douze apprentis.", [(12, "apprentis", "exact")]),
    ("Nous avons perdu sept entreprises.", [(7, "entreprises", "exact")]),
    ("Le réseau rassemble environ 260 adhérents, dont 190 PME.", [(260, "adhérents", "approx"),
                                                                (190, "PME", "exact")]),
    ("La grappe emploie un peu plus de 900 salariés.", [(900, "salariés", "more_than")]),
    ("Moins de 600 candidats se sont présentés.", [(600, "candidats", "less_than")]),
    ("Le salon attend au moins 3 000 visiteurs.", [(3000, "visiteurs", "at_least")]),
    ("La prime peut atteindre jusqu'à 5 000 euros.", [(5000, "€", "at_most")]),
    ("Le cluster a accueilli douze nouveaux adhérents.", [(12, "adhérents", "exact")]),
    ("Comme lui, 37 autres chefs d'entreprise ont signé.", [(37, "chefs d'entreprise", "exact")]),
    ("Le fonds a aidé 40 start-up de la région.", [(40, "start-up", "exact")]),
    ("La région abrite plus de 55 grappes et réseaux.", [(55, "grappes et réseaux", "more_than")]),
    ("On dénombre 48 infections pour 10 000 patients.", [(48, "infections pour 10 000 patients", "exact")]),
    ("Le chantier revient à 12 millions d'euros, dont 3 millions versés par la Région.",
     [(12e6, "€", "exact"), (3e6, "€", "exact")]),
    ("L'extension coûte 12 millions d'euros, dont 3 millions de subvention régionale.",
     [(12e6, "€", "exact"), (3e6, "€", "exact")]),
    ("Le pays compte 2 millions de chômeurs.", [(2e6, "chômeurs", "exact")]),
    ("Le chantier a englouti quasiment 2 millions de tonnes de béton.", [(2e6, "tonnes", "approx")]),
    ("La production est plafonnée à 350 kilowatts.", [(350, "kilowatts", "at_most")]),
    ("Les employeurs ont recruté 1800 salariés.", [(1800, "salariés", "exact")]),
    ("Le port reçoit au moins une escale par jour.", [(1, "escale", "at_least")]),
])
def test_component_finds(figures_nlp, text, expected):
    assert figures_of(figures_nlp, text) == [(pytest.approx(v), u, q) for v, u, q in expected]


@pytest.mark.parametrize("text", [
    "L'entreprise a été créée en 2001.",
    "Le cluster existe depuis 2010 et vise 2030.",
    "Le premier forum s'est tenu le 12 septembre.",
    "La réunion a eu lieu le 22/11/2019 à Paris.",
    "Le rapport du 22.11.2019 est public.",
    "Il a fêté son 2e anniversaire au XXe siècle.",
    "Pendant les trente glorieuses, l'industrie a prospéré.",
    "L'ouverture est prévue à 7 h 30, la clôture à 18h.",
    "Contact : 06 12 34 56 78.",
    "L'Industrie 4.0 et le CAC 40 fascinent.",
    "La pandémie de Covid-19 a frappé l'A380 et les titulaires d'un Bac+5.",
    "C'est l'un des plus grands sites du pays.",
    "Une entreprise a signé un contrat avec une collectivité.",
    "Il y travaille depuis trois ans, à 24 ans.",
    "Les deux clusters ont signé une convention.",
    "La production a été multipliée par six fois.",
    "Le programme Quatre Saisons démarre.",
    "Près d'un tiers des entreprises exportent.",
    "Le plan Horizon 2030 finance la transition.",
    "Les années 1990 ont été difficiles.",
    "Ils se sont retrouvés autour d'une table.",
    "Un bâtiment neuf a été livré.",
    "La version 2.0.1 est sortie.",
])
def test_component_ignores(figures_nlp, text):
    assert figures_of(figures_nlp, text) == []


def test_figure_dict_shape_and_offsets(figures_nlp):
    text = "Le pôle fédère quelque 420 membres et revendique plus de 70 % du marché mondial."
    doc = figures_nlp(text)
    first, second = doc._.figures
    assert set(first) >= {"text", "value", "unit", "qualifier", "about", "start", "end"}
    for figure in (first, second):
        assert text[figure["start"]:figure["end"]] == figure["text"]
    assert first["text"] == "quelque 420 membres"
    assert second["text"] == "plus de 70 %" and second["about"] == "marché mondial"


@pytest.mark.parametrize("text, about", [
    ("Elles assurent plus de 60 % de la fabrication européenne de montres de plongée pour les marques.",
     "fabrication européenne de montres de plongée"),
    ("Ce poste pèse 35 % de nos frais de structure.", "frais de structure"),
    ("Elles ont engagé 1,4 milliard d'euros de programmes d'innovation.", "programmes d'innovation"),
    ("Le site emploie 20 salariés.", None),
])
def test_about(figures_nlp, text, about):
    assert figures_nlp(text)._.figures[0]["about"] == about


@pytest.mark.parametrize("text, unit", [
    ("Le Département a promis 3 millions pour la rénovation du site.", "€"),
    ("La start-up veut lever 5 millions auprès de ses actionnaires.", "€"),
    ("L'usine a coûté 1,5 million d'euros. Les travaux ont duré deux ans. La société vise 2 milliards en 2030.",
     "€"),
    ("L'atelier a coûté 1,5 million d'euros. La maison mère ambitionne 2 milliards en 2030.", "€"),
    ("La ville compte 2 millions sur son territoire.", None),
])
def test_a_bare_scale_after_money_or_a_funding_verb_is_money(figures_nlp, text, unit):
    scaled = [f for f in figures_nlp(text)._.figures if f["value"] >= 1e6 and "1,5" not in f["text"]]
    assert scaled and scaled[-1]["unit"] == unit


def test_a_figure_stated_twice_is_one(figures_nlp):
    text = ("Le plateau réunit 70 entreprises. Un peu plus bas, on relit : le plateau rassemble 70 entreprises. "
            "Un réseau de 140 adhérents. Il fédère quelque 140 adhérents. Il figure parmi les quelque 400 clusters "
            "ou regroupements d'entreprises. On en dénombre quelque 400 regroupements d'entreprises.")
    figures = figures_nlp(text)._.figures
    assert [(f["value"], f["qualifier"]) for f in figures] == [(70, "exact"), (140, "approx"), (400, "approx")]
    assert len(figures[0]["spans"]) == 2


def test_merge_keeps_distinct_units():
    a = {"value": 38.0, "unit": "adhérents", "qualifier": "exact", "about": None, "spans": [[0, 1]]}
    b = {"value": 38.0, "unit": "entreprises", "qualifier": "exact", "about": None, "spans": [[5, 6]]}
    c = {"value": 38.0, "unit": None, "qualifier": "approx", "about": None, "spans": [[9, 10]]}
    merged = merge_figures([a, b, c])
    assert [f["unit"] for f in merged] == ["adhérents", "entreprises"]
    assert merged[0]["qualifier"] == "approx" and merged[0]["spans"] == [[0, 1], [9, 10]]


def test_seed_figures_match_gold(seed_record):
    """The worked example: every gold figure found, nothing else."""
    gold = json.loads((CORPUS / f"{SEED.stem}.gold.json").read_text(encoding="utf-8"))["figures"]
    found = {(f.value, f.unit, f.qualifier) for f in seed_record.figures}
    assert found == {(g["value"], g["unit"], g.get("qualifier", "exact")) for g in gold}
    about = {f.about for f in seed_record.figures if f.unit == "%"}
    assert about == {"production mondiale de flacons de luxe"}


# --- never raise ------------------------------------------------------------------------------

FRENCH_BITS = ["70", "7 000", "12.000", "1,2", "milliard", "millions", "d'euros", "€", "M€", "%", "pour cent",
               "quelque", "plus de", "moins de", "au moins", "jusqu'à", "une", "cinquantaine", "deux", "cents",
               "entreprises", "salariés", "de", "la", "en", "2001", "le", "12", "septembre", "h", "06", "-", ",",
               "«", "»", ".", "m²", "Industrie", "4.0", "vingt-deux", "l'un", "des", "ans", "pour", "100 000"]
french_ish = st.lists(st.sampled_from(FRENCH_BITS), max_size=30).map(" ".join)
# "ı", "ſ" and "İ" match "i", "s" and "i" when the regex engine ignores case, but lower() keeps them.
REGEX_CASE_TWINS = str.maketrans({"i": "ı", "s": "ſ", "I": "İ"})
any_text = st.one_of(st.text(max_size=200), french_ish, french_ish.map(lambda t: t.translate(REGEX_CASE_TWINS)))


@pytest.mark.parametrize("text, value", [("une centaıne", 100), ("deux mılle", 2000), ("ſeize", 16), ("cınq", 5)])
def test_number_words_with_the_regex_engines_case_twins(text, value):
    assert parse_number(text) == value


def test_component_reads_a_dotless_i(figures_nlp):
    assert figures_of(figures_nlp, "Une centaıne de salariés y travaillent.") == \
        figures_of(figures_nlp, "Une centaine de salariés y travaillent.") == [(100, "salariés", "approx")]


@given(any_text)
def test_normalisers_never_raise(text):
    value = parse_number(text)
    assert value is None or isinstance(value, float)
    assert parse_qualifier(text) in {"exact", "approx", "more_than", "less_than", "at_least", "at_most"}
    qualifier_before(text)
    unit_key(text)
    same_unit(text, text[::-1])
    not_a_count(text)
    for match in NUMBER.finditer(text):
        unit_of_symbol(match)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(any_text)
def test_component_never_raises(figures_nlp, text):
    doc = figures_nlp(text)
    for figure in doc._.figures:
        assert doc.text[figure["start"]:figure["end"]] == figure["text"]


def test_component_runs_on_a_doc_without_parse():
    doc = spacy.blank("fr")("Il y a 70 entreprises et 7 000 salariés, plus de 40 %.")
    assert [f["value"] for f in find_figures(doc)._.figures] == [70, 7000, 40]


@pytest.mark.parametrize("text, value", [("-3 %", -3), ("−3,5 %", -3.5), ("+15 %", 15)])
def test_signed_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, expected", [
    ("Les ventes reculent : -3 % sur un an.", [(-3, "%", "exact")]),
    ("Le siège, 12 rue de la Paix, 75008 Paris, accueille 40 salariés.", [(40, "salariés", "exact")]),
    ("Le taux d'emploi des 15-24 ans est de 32 %.", [(32, "%", "exact")]),
    ("Les effectifs sont passés de 120 à 180 salariés.", [(120, "salariés", "exact"), (180, "salariés", "exact")]),
    ("La température a atteint 40 °C.", [(40, "°C", "exact")]),
])
def test_component_more_cases(figures_nlp, text, expected):
    assert figures_of(figures_nlp, text) == [(pytest.approx(v), u, q) for v, u, q in expected]
