"""Dates: the calendar normalisers (pure) and the `extractor_dates` component on invented sentences."""

import json
from datetime import date

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.components.dates import find_dates, reference_date
from extractor.normalise.dates import (DATE, FUTURE, PAST, day_number, is_day_of_date, iso, parse_date,
                                       resolve_day, resolve_month, resolve_relative, resolve_season,
                                       resolve_weekday)

from .conftest import CORPUS, SEED, model_with


@pytest.fixture(scope="module")
def dates_nlp():
    """The model with the dates component only: these tests do not depend on the others."""
    return model_with("extractor_dates")


def dates_of(nlp, text, published=None):
    doc = nlp.make_doc(text)
    doc._.published = published
    return [d["value"] for d in nlp(doc)._.dates]


# --- pure functions ---------------------------------------------------------------------------

def test_parse_date_keeps_its_api():
    assert parse_date("Publié le 22 novembre 2019 à 8h") == date(2019, 11, 22)
    assert parse_date("22/11/2019") == date(2019, 11, 22)
    assert parse_date("rien") is None


@pytest.mark.parametrize("args, value", [
    ((2001,), "2001"), ((2019, 9), "2019-09"), ((2019, 9, 12), "2019-09-12"), ((2019, 2, 30), None),
    ((2019, 13), None), ((2020, 2, 29), "2020-02-29"),
])
def test_iso(args, value):
    assert iso(*args) == value


@pytest.mark.parametrize("text, day", [("1er", 1), ("premier", 1), ("12", 12), ("31", 31), ("x", None)])
def test_day_number(text, day):
    assert day_number(text) == day


REF = date(2019, 11, 22)  # a Friday


@pytest.mark.parametrize("day, month, direction, strict, expected", [
    (12, 9, None, False, date(2019, 9, 12)),  # nearest: the past one
    (12, 9, PAST, False, date(2019, 9, 12)),
    (12, 9, FUTURE, False, date(2020, 9, 12)),
    (10, 1, None, False, date(2020, 1, 10)),  # nearest: seven weeks ahead rather than ten months back
    (22, 11, PAST, False, REF), (22, 11, PAST, True, date(2018, 11, 22)), (22, 11, FUTURE, True, date(2020, 11, 22)),
    (30, 12, PAST, False, date(2018, 12, 30)),
])
def test_resolve_day(day, month, direction, strict, expected):
    assert resolve_day(day, month, REF, direction, strict) == expected


@pytest.mark.parametrize("day, month, weekday, direction, expected", [
    (19, 11, 1, FUTURE, date(2019, 11, 19)),  # Tuesday 19 November: 2019, whatever the tense says
    (19, 11, 3, None, date(2020, 11, 19)),  # Thursday 19 November: 2020
    (19, 11, 5, FUTURE, date(2020, 11, 19)),  # no Saturday 19 November around: the weekday is ignored
])
def test_resolve_day_with_weekday(day, month, weekday, direction, expected):
    assert resolve_day(day, month, REF, direction, weekday=weekday) == expected


@pytest.mark.parametrize("month, direction, strict, expected", [
    (9, PAST, False, (2019, 9)), (9, None, False, (2019, 9)), (12, PAST, False, (2018, 12)),
    (11, PAST, False, (2019, 11)), (11, PAST, True, (2018, 11)), (1, FUTURE, False, (2020, 1)),
    (11, FUTURE, False, (2019, 11)), (11, FUTURE, True, (2020, 11)), (12, FUTURE, False, (2019, 12)),
])
def test_resolve_month(month, direction, strict, expected):
    assert resolve_month(month, REF, direction, strict) == expected


@pytest.mark.parametrize("weekday, direction, strict, expected", [
    (1, PAST, False, date(2019, 11, 19)), (4, PAST, False, REF), (4, PAST, True, date(2019, 11, 15)),
    (1, FUTURE, False, date(2019, 11, 26)), (4, FUTURE, False, REF), (4, FUTURE, True, date(2019, 11, 29)),
    (0, None, False, date(2019, 11, 18)),
])
def test_resolve_weekday(weekday, direction, strict, expected):
    assert resolve_weekday(weekday, REF, direction, strict) == expected


@pytest.mark.parametrize("text, ref, value", [
    ("hier", REF, "2019-11-21"), ("avant-hier", REF, "2019-11-20"), ("l'an dernier", REF, "2018"),
    ("l’an passé", REF, "2018"), ("l'année dernière", REF, "2018"), ("cette année", REF, "2019"),
    ("l'an prochain", REF, "2020"), ("l'année prochaine", REF, "2020"), ("le mois dernier", REF, "2019-10"),
    ("le mois dernier", date(2020, 1, 5), "2019-12"), ("le mois prochain", date(2019, 12, 5), "2020-01"),
    ("ce mois-ci", REF, "2019-11"), ("la semaine dernière", REF, "2019-11"),
    ("la semaine dernière", date(2019, 12, 3), None),  # 25 Nov - 1 Dec: two months
    ("cette semaine", REF, "2019-11"), ("la semaine prochaine", REF, None), ("demain", REF, None),
])
def test_resolve_relative(text, ref, value):
    assert resolve_relative(text, ref) == value


@pytest.mark.parametrize("name, ref, relation, value", [
    ("été", date(2023, 9, 18), None, "2023"), ("automne", date(2022, 4, 12), PAST, "2021"),
    ("été", date(2023, 10, 1), PAST, "2023"), ("printemps", date(2024, 11, 14), FUTURE, "2025"),
    ("printemps", date(2024, 1, 14), FUTURE, "2024"), ("hiver", REF, PAST, None),
])
def test_resolve_season(name, ref, relation, value):
    assert resolve_season(name, ref, relation) == value


@pytest.mark.parametrize("text, start, end, day", [
    ("le 12 septembre", 3, 5, True), ("les 15 et 16 novembre", 4, 6, True), ("le 22/11/2019", 3, 5, True),
    ("12 salariés", 0, 2, False), ("en 2019", 3, 7, False), ("40 mai", 0, 2, False),
])
def test_is_day_of_date(text, start, end, day):
    assert is_day_of_date(text, start, end) is day


# --- the component on invented sentences ----------------------------------------------------

PUB = "2019-11-22"  # a Friday


@pytest.mark.parametrize("text, published, values", [
    ("Le salon s'est tenu le 22 novembre 2019 à Lyon.", None, ["2019-11-22"]),
    ("La loi du 1er mars 2022 s'applique.", None, ["2022-03-01"]),
    ("La réunion du 22/11/2019 est reportée.", None, ["2019-11-22"]),
    ("Le décret date du 12 sept. 2019.", None, ["2019-09-12"]),
    ("VALENCE, 14 mars 2023 (Reuters) - La filière a ouvert un concours.", None, ["2023-03-14"]),
    ("L'association a été créée en 2001.", None, ["2001"]),
    ("Elle est labellisée depuis 2010.", None, ["2010"]),
    ("Il a été labellisé en juillet 2005.", None, ["2005-07"]),
    ("Le plan court de 2021-2027.", None, ["2021", "2027"]),
    ("L'usine ouvrira mi-2024, au printemps 2025 ou fin 2026.", None, ["2024", "2025", "2026"]),
    ("La déléguée prenait la parole le 12 septembre à Rouen.", PUB, ["2019-09-12", PUB]),
    ("Les dossiers sont attendus jusqu'au 31 janvier.", PUB, ["2020-01-31", PUB]),
    ("Le forum se tiendra le 12 septembre.", PUB, ["2020-09-12", PUB]),
    ("Les rencontres auront lieu les 15 et 16 décembre.", PUB, ["2019-12-15", "2019-12-16", PUB]),
    ("Le centre a ouvert en septembre.", PUB, ["2019-09", PUB]),
    ("Le centre ouvrira en septembre.", PUB, ["2020-09", PUB]),
    ("Le démonstrateur fonctionne depuis mars.", PUB, ["2019-03", PUB]),
    ("Le salon est prévu en décembre.", PUB, ["2019-12", PUB]),
    ("Il a été élu en janvier dernier.", PUB, ["2019-01", PUB]),
    ("Le vote aura lieu en novembre prochain.", PUB, ["2020-11", PUB]),
    ("Le pôle a présenté mardi son projet.", PUB, ["2019-11-19", PUB]),
    ("La présidente a été élue jeudi dernier.", PUB, ["2019-11-21", PUB]),
    ("Le cluster organisera mardi prochain une conférence.", PUB, ["2019-11-26", PUB]),
    ("Le préfet s'exprimera mardi.", PUB, ["2019-11-26", PUB]),
    ("Le salon ouvre ce vendredi.", PUB, [PUB]),
    ("Les chiffres publiés hier sont bons.", PUB, ["2019-11-21", PUB]),
    ("Le record date de l'an dernier.", PUB, ["2018", PUB]),
    ("Il a été livré l'année dernière et cette année.", PUB, ["2018", "2019", PUB]),
    ("Les ventes ont reculé le mois dernier.", PUB, ["2019-10", PUB]),
    ("Le site a fermé la semaine dernière.", PUB, ["2019-11", PUB]),
    ("Les commandes ont afflué cet été et l'automne dernier.", PUB, ["2019", "2018", PUB]),
    ("Le salon a eu lieu à Lyon.", PUB, [PUB]),
    ("Le 3 novembre dernier, 40 entreprises ont signé.", PUB, ["2019-11-03", PUB]),
    ("Les rencontres du 2 juillet prochain attendent 3 000 visiteurs.", PUB, ["2020-07-02", PUB]),
    ("Le salon, organisé le 20 décembre, attend 500 exposants.", PUB, ["2019-12-20", PUB]),
    ("Inaugurée en octobre, l'usine produira des panneaux.", PUB, ["2019-10", PUB]),
    ("Le forum se tient mardi 19 novembre.", PUB, ["2019-11-19", PUB]),
    ("Le salon a eu lieu à Lyon.", "2019-11-22T08:30:00", [PUB]),
    ("Le salon a eu lieu à Lyon.", "pas une date", []),
])
def test_component_finds(dates_nlp, text, published, values):
    assert dates_of(dates_nlp, text, published) == values


@pytest.mark.parametrize("text", [
    "Pendant les trente glorieuses, l'industrie a prospéré.",
    "Les années 1990 ont été difficiles, les années 2000 aussi.",
    "Le cluster existe depuis dix ans et a été réformé pendant trois ans.",
    "L'usine emploie 2000 salariés et plus de 1950 intérimaires.",
    "Le plan Horizon 2030 finance la transition.",
    "La coopérative présente son programme «Horizon Laine 2030 . Il démarre bientôt.",
    "Le dispositif « Relance 2030 » est ouvert.",
    "Voilà dix ans, les adhérents se comptaient sur les doigts d'une main.",
    "Aujourd'hui, les procédés de demain et les usines d'hier se côtoient.",
    "Le marché se tient le lundi et chaque mardi, du lundi au vendredi.",
    "Le cluster a été présenté mardi.",  # no publication date: nothing to resolve against
    "Le décret du 12 septembre est paru.",
    "Mars est une planète, mai un mois.",
    "L'appel passé au 06 12 34 56 78 à 7 h 30 a duré 12 minutes.",
])
def test_component_ignores(dates_nlp, text):
    assert dates_of(dates_nlp, text) == []


def test_date_dict_shape_and_offsets(dates_nlp):
    text = "Créé en 2001, le pôle a signé le 12 septembre, puis encore en 2001."
    doc = dates_nlp.make_doc(text)
    doc._.published = PUB
    dates = dates_nlp(doc)._.dates
    assert [d["value"] for d in dates] == ["2001", "2019-09-12", PUB]
    for found in dates[:2]:
        assert text[found["start"]:found["end"]] == found["text"]
    assert dates[0]["spans"] == [[8, 12], [62, 66]]
    assert dates[2] == {"text": PUB, "value": PUB, "start": None, "end": None, "spans": []}


def test_reference_date_falls_back_on_the_dateline(dates_nlp):
    text = "Le vent se lève\n\nLorient, le 5 octobre 2022 – La grappe a conclu mardi un partenariat."
    doc = dates_nlp(text)
    assert reference_date(doc, text) == date(2022, 10, 5)
    assert [d["value"] for d in doc._.dates] == ["2022-10-05", "2022-10-04"]


def test_seed_dates_match_gold(seed_record):
    gold = json.loads((CORPUS / f"{SEED.stem}.gold.json").read_text(encoding="utf-8"))["dates"]
    assert {d.value for d in seed_record.dates} == {g["value"] for g in gold}


# --- never raise ------------------------------------------------------------------------------

FRENCH_BITS = ["le", "12", "1er", "septembre", "sept.", "2019", "2021-2027", "en", "depuis", "mardi", "dernier",
               "prochain", "l'an", "cette", "année", "hier", "la", "semaine", "dernière", "cet", "été", "hiver",
               "22/11/2019", "31", "février", "mi-2024", "les", "années", "1990", "a", "ouvert", "ouvrira", ",", "."]
french_ish = st.lists(st.sampled_from(FRENCH_BITS), max_size=30).map(" ".join)
REGEX_CASE_TWINS = str.maketrans({"i": "ı", "s": "ſ", "I": "İ"})  # see test_figures
any_text = st.one_of(st.text(max_size=200), french_ish, french_ish.map(lambda t: t.translate(REGEX_CASE_TWINS)))


@pytest.mark.parametrize("text", ["Le pôle a été créé le 3 janvıer 2020.", "Le 12 ſeptembre 2019, le pôle a signé.",
                                  "Le pôle a signé ce jeudı.", "Le site a fermé la ſemaine dernière."])
def test_month_and_day_names_with_the_regex_engines_case_twins(dates_nlp, text):
    plain = text.replace("ı", "i").replace("ſ", "s")
    assert dates_of(dates_nlp, text, PUB) == dates_of(dates_nlp, plain, PUB) != [PUB]


@given(any_text, st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_normalisers_never_raise(text, ref):
    for match in DATE.finditer(text):
        assert match.group()
    resolve_relative(text, ref)
    for day in (1, 29, 31):
        for month in (2, 12):
            resolve_day(day, month, ref)
            resolve_day(day, month, ref, PAST, True)
            resolve_day(day, month, ref, FUTURE, True)
    resolve_month(ref.month, ref, FUTURE, True)
    resolve_weekday(ref.weekday(), ref, PAST, True)
    resolve_season("été", ref, PAST)
    parse_date(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(any_text, st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))))
def test_component_never_raises(dates_nlp, text, published):
    doc = dates_nlp.make_doc(text)
    doc._.published = published.isoformat() if published else None
    for found in dates_nlp(doc)._.dates:
        assert iso(*map(int, found["value"].split("-"))) == found["value"]


def test_component_runs_on_a_doc_without_parse():
    doc = spacy.blank("fr")("Créé en 2001, le pôle a signé le 12 septembre.")
    doc._.published = PUB
    assert [d["value"] for d in find_dates(doc)._.dates] == ["2001", "2019-09-12", PUB]
