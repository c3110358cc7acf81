"""Reading articles: formats, encodings, layout metadata, bad input."""

import io
import json
from datetime import date

import pytest

from extractor.layout import clean_layout, normalise_name
from extractor.reading import Article, InputError, decode, iter_inputs, read_file, read_stdin

from .conftest import SEED


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


# --- the seed's layout -----------------------------------------------------------------------

def test_seed_metadata_comes_from_the_layout():
    article = only(read_file(SEED))
    assert isinstance(article, Article)
    assert article.id == "000_8f68c1e5997a4ea0"
    assert article.title == "Les clusters, une chance pour les territoires ?"
    assert article.section == "Industrie"
    assert article.authors == ["Anne Daubree"]
    assert article.published == date(2019, 11, 22)
    assert article.lead.startswith("Cluster ou pôle de compétitivité, quelque 400")
    assert article.captions == [
        "La Glass Vallée - cluster créé en 2001 et soutenu, entre autres, par la région Hauts-de-France "
        "- regroupe 70 entreprises pour 7 000 salariés."
    ]


def test_seed_text_is_clean_and_broken_paragraphs_are_joined():
    text = only(read_file(SEED)).text
    assert "*" not in text and "#" not in text
    assert "Par Anne" not in text and not text.rstrip().endswith("DAUBREE")
    assert "le cluster créé en 2001, est soutenu par l'Etat" in text
    assert "«Elle rappelle le rôle de la puissance publique, car" in text
    assert "«C'est un exemple du drame de la délocalisation." in text


# --- Markdown and plain text -----------------------------------------------------------------

MARKDOWN = """## Économie

# Le pôle **Hydrelia** recrute

Un chapô en *italique* avec [un lien](https://example.org/x).

Par Jean-Marc LE GALL et Sophie Martin - 3 mars 2022

- premier point de la **liste**
- second point

Le pôle, créé en 2010, compte 80 membres.
"""


def test_markdown_markup_is_removed_and_metadata_read():
    layout = clean_layout(MARKDOWN)
    assert layout.section == "Économie"
    assert layout.title == "Le pôle Hydrelia recrute"
    assert layout.lead == "Un chapô en italique avec un lien."
    assert layout.authors == ["Jean-Marc Le Gall", "Sophie Martin"]
    assert layout.published == date(2022, 3, 3)
    assert layout.text.split("\n\n") == [
        "Le pôle Hydrelia recrute",
        "Un chapô en italique avec un lien.",
        "premier point de la liste",
        "second point",
        "Le pôle, créé en 2010, compte 80 membres.",
    ]


def test_dateline_and_published_lines_give_the_date():
    assert clean_layout("Titre court\n\nGRENOBLE, 9 juin 2023 (AFP) - Le cluster a fait ceci.").published == date(2023, 6, 9)
    layout = clean_layout("Un titre\n\nPublié le 05/06/2024 à 10h12\n\nLe texte de l'article.")
    assert layout.published == date(2024, 6, 5)
    assert "Publié" not in layout.text


def test_a_sentence_starting_with_par_is_not_a_byline():
    layout = clean_layout("Un titre\n\nPar exemple, la région a financé le projet en 2020.")
    assert layout.authors == []
    assert "Par exemple" in layout.text


def test_names_in_capitals_are_normalised():
    assert normalise_name("Lucie GARNAUD") == "Lucie Garnaud"
    assert normalise_name("**JEAN-PIERRE** Dupont") == "Jean-Pierre Dupont"


def test_offsets_into_the_clean_text_give_back_the_words():
    layout = clean_layout("# Titre\n\nLe **pôle** [Hydrelia](http://x.fr) compte *80 membres*.")
    start = layout.text.index("Hydrelia compte 80 membres")
    assert layout.text[start:start + len("Hydrelia")] == "Hydrelia"


# --- encodings -------------------------------------------------------------------------------

FRENCH = "Le cluster « Fer & Cie » vaut 5 € l’unité.\nÉté à Besançon.\n"


def test_utf8_with_bom_and_crlf():
    text, warnings = decode(b"\xef\xbb\xbf" + FRENCH.replace("\n", "\r\n").encode("utf-8"), "x.txt")
    assert text == FRENCH and warnings == []


def test_windows_1252_is_detected_with_a_warning():
    text, warnings = decode(FRENCH.replace("\n", "\r\n").encode("cp1252"), "x.txt")
    assert text == FRENCH
    assert warnings and "Windows-1252" in warnings[0]


def test_latin_1_is_detected_with_a_warning():
    source = "Un été à Besançon, où les entreprises sont nombreuses.\n"
    text, warnings = decode(source.encode("latin-1"), "x.txt")
    assert text == source and warnings


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\n ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"\x81\x8d\x8f\x90\x9d" * 50, "undecodable"),
])
def test_bad_bytes_are_refused_with_a_reason(data, reason):
    with pytest.raises(InputError) as caught:
        decode(data, "bad.txt")
    assert reason in str(caught.value) and "bad.txt" in str(caught.value)


# --- files, folders, JSON Lines, stdin -------------------------------------------------------

def test_jsonl_articles_and_their_errors(tmp_path):
    lines = [
        json.dumps({"id": "a1", "url": "https://ex.fr/a1", "title": "Titre A", "date": "2024-02-01",
                    "author": "Paul DURAND", "section": "Éco", "text": "Le pôle compte 80 membres."}),
        "{not json",
        json.dumps({"id": "a3", "title": "Sans texte"}),
        json.dumps({"id": "a4", "html": "<html><body><article><p>Le réseau d'entreprises Forges d'Argonne "
                    "regroupe trente entreprises de la région, selon son président.</p></article></body></html>"}),
    ]
    path = tmp_path / "briefs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_file(path))
    first, bad_json, no_text, html = items
    assert (first.id, first.source, first.title, first.section) == ("a1", "https://ex.fr/a1", "Titre A", "Éco")
    assert first.authors == ["Paul Durand"] and first.published == date(2024, 2, 1)
    assert first.text == "Le pôle compte 80 membres."
    assert isinstance(bad_json, InputError) and bad_json.line == 2 and "not JSON" in bad_json.reason
    assert isinstance(no_text, InputError) and no_text.line == 3 and '"text"' in no_text.reason
    assert isinstance(html, Article) and "Forges d'Argonne" in html.text


def test_folders_are_read_recursively_and_bad_files_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "good.md").write_text("# Titre\n\nLe texte.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.csv").write_text("a,b", encoding="utf-8")  # not an article format: skipped
    items = list(iter_inputs([str(tmp_path), str(tmp_path / "missing.txt")]))
    good = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [a.id for a in good] == ["good"]
    assert sorted(e.reason for e in errors) == ["empty file", "no such file or folder"]


def test_standard_input_is_one_article_or_json_lines():
    article = only(read_stdin(io.BytesIO("# Titre\n\nUn texte.".encode("utf-8"))))
    assert article.title == "Titre" and len(article.id) == 16
    items = list(read_stdin(io.BytesIO(b'{"id": "x", "text": "Un texte."}\n{"id": "y"}\n')))
    assert items[0].id == "x" and isinstance(items[1], InputError)


# --- HTML ------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="fr"><head>
<title>Le pôle Hydrelia lève 3 millions | Le Journal</title>
<meta property="og:title" content="Le pôle Hydrelia lève 3 millions">
<meta name="author" content="Margaux Teyssier">
<meta property="article:published_time" content="2024-05-06T08:00:00+02:00">
</head><body>
<nav><a href="/">Accueil</a> <a href="/eco">Économie</a> <a href="/sport">Sport</a></nav>
<div id="cookie-banner">Nous utilisons des cookies pour améliorer votre expérience. Accepter</div>
<article>
<h1>Le pôle Hydrelia lève 3 millions</h1>
<p>Le pôle de compétitivité Hydrelia, installé à Sète, a annoncé mardi une levée de fonds de trois
millions d'euros pour financer quarante projets de ses membres dans l'eau et l'environnement.</p>
<p>« Nous allons recruter dix ingénieurs cette année », explique sa directrice, Margaux Teyssier, qui
pilote la structure depuis sa création en 2009 et rassemble 120 adhérents.</p>
<p>Lire aussi : <a href="/autre">Les clusters occitans en pleine forme</a></p>
</article>
<aside class="ad">Publicité : achetez nos abonnements</aside>
<footer>© Le Journal 2024 - Mentions légales - Contact</footer>
</body></html>"""


def test_html_page_keeps_the_article_and_drops_the_boilerplate(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = only(read_file(path))
    assert article.title == "Le pôle Hydrelia lève 3 millions"
    assert article.authors == ["Margaux Teyssier"]
    assert article.published == date(2024, 5, 6)
    assert "Nous allons recruter dix ingénieurs" in article.text
    for boilerplate in ("cookies", "Accueil", "Publicité", "Mentions légales"):
        assert boilerplate not in article.text


def test_html_without_an_article_body_is_rejected(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a href='/'>Accueil</a></nav></body></html>", encoding="utf-8")
    error = only(read_file(path))
    assert isinstance(error, InputError) and "no article body" in error.reason


# --- press layouts ---------------------------------------------------------------------------

@pytest.mark.parametrize("source, section, authors, published", [
    ("Savoie > Chambéry > Économie\n\nUn titre court\n\nLe chapô.\n\nPar Lucie FAVRE\nPublié le 02/03/2021 à 07h00\n\nLe texte.",
     "Économie", ["Lucie Favre"], date(2021, 3, 2)),
    ("INDUSTRIE | ISÈRE\n\nUn titre court\n\nPropos recueillis par Marc Petit - 4 avril 2020\n\nLe texte.",
     "Industrie", ["Marc Petit"], date(2020, 4, 4)),
    ("Un titre court\n\nLe chapô du papier.\n\nJeanne ROUX\nPublié le 9 mai 2018\n\nLe texte.",
     None, ["Jeanne Roux"], date(2018, 5, 9)),
    ("Un titre court\n\nPar Paul Henri, envoyé spécial à Rome\nLe 6 février 2024\n\nLe texte.",
     None, ["Paul Henri"], date(2024, 2, 6)),
    ("Un titre court\n\nAnnecy, le 20 novembre 2008 - Claire BOVET\n\nLe texte.",
     None, ["Claire Bovet"], date(2008, 11, 20)),
    ("Un titre court\n\nNantes, le 5 octobre 2022 – Le réseau annonce un programme.",
     None, [], date(2022, 10, 5)),
    ("Un titre court\n\nPar Yves Durand · 16 novembre 2023\n\nLe texte.",
     None, ["Yves Durand"], date(2023, 11, 16)),
    ("Un titre court\n\nLe texte de la dépêche.\n\n(Reportage Anne Morel, édité par Luc Blanc)",
     None, ["Anne Morel"], None),
])
def test_bylines_datelines_and_rubrics_of_the_press(source, section, authors, published):
    layout = clean_layout(source)
    assert (layout.section, layout.authors, layout.published) == (section, authors, published)
    assert "Publié" not in layout.text and "Reportage" not in layout.text


def test_newsroom_credits_are_not_authors(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text('{"id": "b", "author": "La Rédaction", "text": "Un texte."}\n', encoding="utf-8")
    assert only(read_file(path)).authors == []
    assert clean_layout("Un titre court\n\nPar la rédaction\n\nUn texte.").authors == []


def test_html_rubric_from_the_page_when_the_extractor_has_none(tmp_path):
    page = PAGE.replace('<article>', '<article><span class="rubrique">Économie</span>')
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    assert only(read_file(path)).section == "Économie"


def test_html_standfirst_dropped_by_the_boilerplate_filter_is_put_back(tmp_path):
    lead = "Le réseau a signé mardi une convention avec la technopole voisine pour vingt projets."
    page = PAGE.replace("<h1>Le pôle Hydrelia lève 3 millions</h1>",
                        f'<h1>Le pôle Hydrelia lève 3 millions</h1><p class="chapo">{lead}</p>')
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    article = only(read_file(path))
    assert article.lead == lead
    assert article.text.count(lead) == 1 and article.text.index(lead) < article.text.index("Le pôle de compétitivité")


def test_an_intertitle_on_its_own_line_is_its_own_paragraph():
    layout = clean_layout("Un titre court\n\nLe texte du communiqué.\n\nÀ propos de Verrerie Lunaire\n"
                          "Fondée en 1998, la société emploie 40 personnes.\nLe siège est à Lure.")
    assert layout.text.split("\n\n")[-3:] == [
        "À propos de Verrerie Lunaire", "Fondée en 1998, la société emploie 40 personnes.", "Le siège est à Lure."]


def test_a_wrapped_sentence_is_joined_back():
    layout = clean_layout("Un titre court\n\nLe pôle, qui fédère des entreprises de la\nmécanique et de la plasturgie, recrute.")
    assert layout.text.endswith("Le pôle, qui fédère des entreprises de la mécanique et de la plasturgie, recrute.")


@pytest.mark.parametrize("text", ["le le le", "Jean Dupont", "de la Tour"])
def test_a_text_of_one_line_is_its_text_even_if_it_looks_like_a_signature(text):
    assert clean_layout(text).text == text


def test_a_closing_name_after_the_text_is_a_signature():
    layout = clean_layout("Un titre court\n\nLe pôle recrute vingt ingénieurs.\n\nJean Dupont")
    assert layout.text.endswith("recrute vingt ingénieurs.") and layout.authors == ["Jean Dupont"]
