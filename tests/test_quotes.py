"""Quotes and their speakers (extractor_quotes), on invented sentences for each French press
convention, on the seed article, and on arbitrary text (hypothesis)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.components.quotes import cue_forms
from extractor.evaluate import dice, norm

from .conftest import SEED, model_with


@pytest.fixture(scope="module")
def quotes_nlp():
    """The model, the entities the quotes read, and the quotes: nothing else can get in the way."""
    return model_with("extractor_entities", "extractor_quotes")


@pytest.fixture(scope="module")
def quotes(quotes_nlp):
    def run(text: str) -> list[dict]:
        doc = quotes_nlp(text)
        for q in doc._.quotes:  # every quote's offsets hold its words
            assert 0 <= q["start"] < q["end"] <= len(text)
            if "\n" not in text[q["start"]:q["end"]]:
                assert text[q["start"]:q["end"]] == q["text"]
        return doc._.quotes
    return run


def only(found: list[dict]) -> dict:
    assert len(found) == 1, found
    return found[0]


# --- quotation marks ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "« Nous allons ouvrir une usine à Vierzon », explique Marie Dubois, directrice du site.",
    "«Nous allons ouvrir une usine à Vierzon», explique Marie Dubois, directrice du site.",
    "“Nous allons ouvrir une usine à Vierzon”, explique Marie Dubois, directrice du site.",
    '"Nous allons ouvrir une usine à Vierzon", explique Marie Dubois, directrice du site.',
])
def test_each_quotation_mark_style(quotes, text):
    q = only(quotes(text))
    assert q["text"] == "Nous allons ouvrir une usine à Vierzon"
    assert (q["speaker"], q["cue"]) == ("Marie Dubois", "explique")
    assert q["speaker_role"] == "directrice du site"


def test_a_quote_over_several_paragraphs_is_one(quotes):
    text = ("Le cluster fête ses dix ans.\n\n« Nous avons commencé à trois dans un garage.\n\n"
            "« Aujourd'hui nous sommes quarante salariés.\n\n"
            "« Et nous voulons encore grandir », raconte Julien Moreau, fondateur de l'entreprise.")
    q = only(quotes(text))
    assert q["text"] == ("Nous avons commencé à trois dans un garage. Aujourd'hui nous sommes quarante "
                         "salariés. Et nous voulons encore grandir")
    assert q["speaker"] == "Julien Moreau"
    assert text[q["start"]:].startswith("Nous avons") and text[:q["end"]].endswith("grandir")


def test_a_nested_quote_stays_inside(quotes):
    q = only(quotes("« Mon banquier m'a dit “jamais de la vie”, et j'ai insisté », se souvient Claire Fontaine."))
    assert q["text"] == "Mon banquier m'a dit “jamais de la vie”, et j'ai insisté"
    assert q["speaker"] == "Claire Fontaine"


def test_an_incise_splits_a_quote_in_two(quotes):
    found = quotes("Sophie Laurent, présidente du cluster, a présenté le bilan. "
                   "« Nous embauchons, a-t-elle précisé. Et nous formons nos apprentis. »")
    assert [q["text"] for q in found] == ["Nous embauchons", "Et nous formons nos apprentis."]
    assert {q["speaker"] for q in found} == {"Sophie Laurent"}
    assert {q["cue"] for q in found} == {"précisé"}


def test_an_incise_at_the_end_of_a_quote(quotes):
    q = only(quotes("Paul Roux a quitté la salle. «Je reviendrai demain, a-t-il confié.»"))
    assert (q["text"], q["speaker"], q["cue"]) == ("Je reviendrai demain", "Paul Roux", "confié")


def test_an_incise_naming_the_speaker(quotes):
    found = quotes("« Le site ouvrira en mars, explique le directeur, Marc Petit. Il emploiera cent personnes. »")
    assert [q["text"] for q in found] == ["Le site ouvrira en mars", "Il emploiera cent personnes."]
    assert [q["speaker"] for q in found] == ["Marc Petit", "Marc Petit"]


# --- interviews --------------------------------------------------------------------------------

ANSWERS = ["Elle se porte bien. Nous avons recruté cent personnes cette année.",
           "Nous ouvrirons un campus à Dijon avec la Région."]


@pytest.mark.parametrize("question, answer", [("Question : ", "Réponse : "), ("", ""), ("— ", "— "), ("Q : ", "R : ")])
def test_interview_answers_are_quotes_of_the_interviewee(quotes, question, answer):
    text = ("Anne Roussel : l'agroalimentaire en tête\n\nPropos recueillis par Luc Martin\n\n"
            "Anne Roussel dirige le cluster Agrotech depuis 2020. Elle revient sur l'année écoulée.\n\n"
            f"{question}Comment se porte votre filière ?\n\n{answer}{ANSWERS[0]}\n\n"
            f"{question}Et demain, que prévoyez-vous ?\n\n{answer}{ANSWERS[1]}")
    found = quotes(text)
    assert [q["text"] for q in found] == ANSWERS
    assert {q["speaker"] for q in found} == {"Anne Roussel"}


def test_three_questions_with_dashes(quotes):
    text = ("Trois questions à Paul Henri, maire de Lunel\n\n— Pourquoi soutenir ce cluster ?\n\n"
            "— Parce qu'il crée des emplois ici.\n\n— Combien ?\n\n— Deux cents en trois ans.")
    found = quotes(text)
    assert [q["text"] for q in found] == ["Parce qu'il crée des emplois ici.", "Deux cents en trois ans."]
    assert {q["speaker"] for q in found} == {"Paul Henri"}


def test_guillemets_inside_an_answer_stay_inside(quotes):
    text = ("Propos recueillis par Luc Martin\n\nAnne Roussel préside le cluster Agrotech.\n\n"
            "Question : Vos projets ?\n\n"
            "Réponse : Nous lançons le programme « Terres d'avenir » pour vingt entreprises.")
    q = only(quotes(text))
    assert q["text"] == "Nous lançons le programme « Terres d'avenir » pour vingt entreprises."
    assert q["speaker"] == "Anne Roussel"


# --- titles, labels and terms are not quotes ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "Une table ronde consacrée à « L'avenir de l'industrie dans nos régions » a réuni cent personnes.",
    "Le cluster a obtenu le label « grappe d'entreprises » en 2011.",
    "Le plan « Industrie verte » prévoit deux milliards d'euros.",
    "Son livre « La fin des usines » est paru en mai chez un éditeur lyonnais.",
    "Les « Journées de la mécanique » auront lieu en juin à Saint-Étienne.",
    "Le pôle a lancé un programme baptisé « Cap Compétences » pour les demandeurs d'emploi.",
    "L'école, « L'Atelier des métiers », accueillera trente jeunes.",
    "Là-bas, on ne parle pas de « filière » mais de « Grappe », avec une capitale.",
    "Pour Paul Roux, l'avenir de la filière passe par le « fait maison ».",
])
def test_titles_and_names_in_guillemets_are_not_quotes(quotes, text):
    assert quotes(text) == []


def test_a_title_and_a_quote_side_by_side(quotes):
    found = quotes("Lors du forum « Industrie et territoires », Paul Girard a été clair : "
                   "« Nous devons former davantage de techniciens. »")
    assert only(found)["text"] == "Nous devons former davantage de techniciens."
    assert found[0]["speaker"] == "Paul Girard"


# --- speakers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, speaker, cue", [
    ("« Le secteur recrute encore », selon Paul Martin, délégué de la fédération.", "Paul Martin", "selon"),
    ("Le cluster a permis de « belles réussites industrielles », d'après Hélène Marchal.", "Hélène Marchal", "d'après"),
    ("Pour Nicolas Blanc, économiste, « la reprise sera lente et difficile pour tous ».", "Nicolas Blanc", "pour"),
    ("Karine Dupuis, maire de Sully, est formelle : « Nous ne fermerons pas l'usine. »", "Karine Dupuis", ":"),
    ("Pour Olivier Brunet, c'est clair : « Il faut former davantage. »", "Olivier Brunet", ":"),
    ("« Nos clients attendent des délais courts », estime Jacques Lemaire.", "Jacques Lemaire", "estime"),
    ("« Nos clients attendent des délais courts », se félicite Jacques Lemaire.", "Jacques Lemaire", "félicite"),
    ("« Nos clients attendent des délais courts », a martelé Jacques Lemaire devant la presse.",
     "Jacques Lemaire", "martelé"),
    ("« Nos clients attendent des délais courts », a déclaré à l'AFP Jacques Lemaire.", "Jacques Lemaire", "déclaré"),
    ("« Nos clients attendent des délais courts », s'est félicité le maire, Jacques Lemaire, lundi.",
     "Jacques Lemaire", "félicité"),
    ("« Nos clients attendent des délais courts », lâche, amer, Jacques Lemaire.", "Jacques Lemaire", "lâche"),
    ("Jacques Lemaire, président de la chambre, appelle l'État à « débloquer les friches ».",
     "Jacques Lemaire", "appelle"),
    ("Le président de la chambre, Jacques Lemaire, a salué « un projet exemplaire pour tout le bassin ».",
     "Jacques Lemaire", "salué"),
    ("Les logements manquent. « Nous avons besoin de logements. » — Denis Carré, maire de Lunel.", "Denis Carré", "—"),
])
def test_speaker_patterns(quotes, text, speaker, cue):
    q = only(quotes(text))
    assert (q["speaker"], q["cue"]) == (speaker, cue)


def test_speaker_in_the_previous_sentence(quotes):
    q = only(quotes("Bruno Vidal est formel. « Sans formation, rien ne bougera. »"))
    assert q["speaker"] == "Bruno Vidal"


def test_speaker_in_the_next_sentence(quotes):
    q = only(quotes("Le chantier a pris du retard. « Nous tiendrons les délais. » "
                    "Sylvie Renard, la directrice du chantier, l'assure."))
    assert q["speaker"] == "Sylvie Renard"


def test_a_quote_following_another_keeps_its_speaker(quotes):
    found = quotes("« La filière tient bon », résume Luc Girard. « Nous verrons en juin. »")
    assert [q["speaker"] for q in found] == ["Luc Girard", "Luc Girard"]


def test_an_organisation_speaks(quotes):
    q = only(quotes("« Les ventes ont progressé de 10 % en un an », indique Bpifrance dans un communiqué."))
    assert (q["speaker"], q["cue"]) == ("Bpifrance", "indique")


def test_nobody_named_means_no_speaker(quotes):
    q = only(quotes("Par Anne Martin\n\nDans la salle, l'ambiance était tendue. « On ne lâchera rien. »"))
    assert q["speaker"] is None  # never the journalist


# --- coreference -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, speaker", [
    ("Marc Olivier, directeur de Vinalp, a rencontré les élus. « Le dossier avance bien », insiste ce dernier.",
     "Marc Olivier"),
    ("Sophie Delorme a accueilli Pierre Lenoir à Lyon. « Nous partageons les mêmes clients », explique-t-il.",
     "Pierre Lenoir"),
    ("Sophie Delorme a accueilli Pierre Lenoir à Lyon. « Nous partageons les mêmes clients », explique-t-elle.",
     "Sophie Delorme"),
    ("Rémi Fabre connaît bien le dossier. Lui est ingénieur chez Alstom. « Les délais sont tenables. »",
     "Rémi Fabre"),
    ("Le sociologue Pierre Martin a étudié les clusters bretons. Il publie un livre sur le sujet. "
     "« Les réseaux comptent plus que les subventions », explique le sociologue.", "Pierre Martin"),
    ("Hélène Blanc, économiste à l'université de Lyon, a suivi le projet. Le maire, Paul Roche, a inauguré "
     "le site. « La région a besoin de ces réseaux », analyse l'experte.", "Hélène Blanc"),
    ("Isabelle Roux, présidente du pôle Mecanic, a ouvert la séance. Claire Petit, apprentie chez Usinor, a "
     "présenté son parcours. « Nous voulons former cent jeunes », résume la présidente.", "Isabelle Roux"),
    ("Le vice-président du Département, Thierry Hamon, a parcouru l'atelier avec Martine Leduc. "
     "« Ce site est un modèle », a insisté l'élu.", "Thierry Hamon"),
])
def test_pronouns_and_role_nouns_are_resolved(quotes, text, speaker):
    assert only(quotes(text))["speaker"] == speaker


def test_people_with_the_same_family_name(quotes):
    found = quotes("Louis Perrin a fondé l'entreprise en 1990. Sa fille, Julie Perrin, l'a reprise en 2015. "
                   "« J'ai voulu moderniser l'atelier », dit-elle. « Elle a eu raison », sourit le père.")
    assert [q["speaker"] for q in found] == ["Julie Perrin", "Louis Perrin"]


# --- unbalanced marks --------------------------------------------------------------------------

def test_a_stray_opening_mark_swallows_nothing(quotes):
    text = ("Légende : les membres de « Textilor posent jeudi devant la halle de Roubaix.\n\n"
            "Le lendemain, la réunion a eu lieu. « Nous verrons bien », dit Paul Roux.")
    q = only(quotes(text))
    assert (q["text"], q["speaker"]) == ("Nous verrons bien", "Paul Roux")


def test_a_stray_closing_mark_is_ignored(quotes):
    q = only(quotes("Le texte » est étrange. « Nous avançons », affirme Léa Morin."))
    assert (q["text"], q["speaker"]) == ("Nous avançons", "Léa Morin")


def test_a_new_guillemet_ends_the_one_left_open(quotes):
    # French press does not nest « in «: the first one, left open, is a stray mark.
    text = ("La coopérative présente son programme «Horizon Laine 2030 . Selon son directeur, Marc Vautrin : "
            "« il nous faut 3 M€ pour garder nos ateliers ouverts.")
    q = only(quotes(text))
    assert q["text"].startswith("il nous faut 3 M€")
    assert q["speaker"] == "Marc Vautrin"


def test_a_nested_guillemet_closed_twice_stays_inside(quotes):
    q = only(quotes("« Le client m'a dit « jamais » et je suis reparti », raconte Hugo Lestrade."))
    assert q["speaker"] == "Hugo Lestrade"
    assert "jamais" in q["text"]


def test_a_reporting_clause_ends_an_unclosed_quote(quotes):
    q = only(quotes("« Il nous faut 3 M€ pour garder nos ateliers ouverts, affirme sa directrice, "
                    "Odile Carrel."))
    assert (q["text"], q["speaker"], q["cue"]) == ("Il nous faut 3 M€ pour garder nos ateliers ouverts",
                                                  "Odile Carrel", "affirme")


@pytest.mark.parametrize("text, said, speaker", [
    ("Bruno Caradec dirige la scierie.\n\n— On ne peut plus attendre, tranche Nadia Sorel, "
     "responsable du réseau Boisnord.", "On ne peut plus attendre", "Nadia Sorel"),
    ("Bruno Caradec dirige la scierie.\n\n– Le Département a promis 4 millions, rétorque-t-il.",
     "Le Département a promis 4 millions", "Bruno Caradec"),
])
def test_a_dialogue_dash_with_a_reporting_clause_is_a_quote(quotes, text, said, speaker):
    q = only(quotes(text))
    assert (q["text"], q["speaker"]) == (said, speaker)


def test_a_dash_paragraph_without_a_reporting_clause_is_no_quote(quotes):
    assert quotes("Le programme de la journée :\n\n— visite des ateliers, puis déjeuner.") == []


def test_an_unclosed_quote_ends_with_its_paragraph(quotes):
    text = "« Nous avons tout essayé, sans succès.\n\nLa suite est connue : l'usine a fermé."
    q = only(quotes(text))
    assert q["text"] == "Nous avons tout essayé, sans succès."
    assert q["end"] <= text.index("\n")


@pytest.fixture(scope="module")
def bare_nlp():
    """The model and the quotes alone: the component must stand on the model's entities too."""
    return model_with("extractor_quotes")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["«", "»", "“", "”", '"', " ", "\n\n", ",", ".", ":", "—", " a-t-il dit",
                                 " explique Jean Dupont", "Question :", "?", " selon elle", "Le maire",
                                 " Marie Curie", " ce dernier", "texte", "Réponse : ", "(", "'", "— ",
                                 " Propos recueillis par Luc Martin", " le label ", " Pour Paul Roux,", " Lui",
                                 " la présidente", " s'est félicité", " d'après", "Mme Durand"]) | st.text(max_size=8),
                max_size=40).map("".join))
def test_never_raises_and_offsets_lie_in_the_text(bare_nlp, text):
    doc = bare_nlp(text)
    for q in doc._.quotes:
        assert 0 <= q["start"] < q["end"] <= len(text)
        assert q["text"].strip()


# --- resources and the seed --------------------------------------------------------------------

def test_reporting_verbs_come_with_their_forms():
    forms = cue_forms()
    assert len({lemma for lemma, _ in forms.values()}) > 100
    for form in ("estime", "martèle", "rappelle", "lança", "souligné", "reconnaît", "poursuit", "dit", "met"):
        assert form in forms, form


def test_seed_quotes_and_speakers(quotes_nlp):
    from extractor import extract

    record = extract(SEED.read_text(encoding="utf-8"), id=SEED.stem, nlp=quotes_nlp)
    gold = json.loads(SEED.with_name(SEED.stem + ".gold.json").read_text(encoding="utf-8"))
    found = [(q.text, q.speaker) for q in record.quotes]
    for wanted in gold["quotes"]:
        if not wanted.get("optional"):
            assert any(dice(wanted["text"], text) >= 0.6 and norm(wanted["speaker"]) == norm(speaker)
                       for text, speaker in found), wanted["text"]
    for title in gold["not_quotes"]:
        assert not any(dice(title, text) >= 0.6 for text, _ in found)
