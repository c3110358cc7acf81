"""The model as the extraction runs it: a faster lemmatizer and a skipped attribute ruler must
change nothing that the extractor reads."""

import spacy

from extractor import pipeline
from extractor.components import COMPONENTS
from extractor.extract import extract_chunk
from extractor.lemmatizer import ArrayLemmatizer
from extractor.reading import Article, iter_inputs

from .conftest import CORPUS


def corpus_articles(count: int) -> list[Article]:
    return [a for a in iter_inputs([str(CORPUS)]) if isinstance(a, Article)][:count]


def test_the_pipeline_lemmatizer_is_the_array_one(nlp):
    assert type(nlp.get_pipe("lemmatizer")) is ArrayLemmatizer
    assert nlp.pipe_names.index("lemmatizer") < nlp.pipe_names.index("ner")


def test_array_lemmatizer_gives_the_model_lemmas(nlp):
    model = spacy.load(pipeline.MODEL)
    texts = [a.text for a in corpus_articles(12)]
    texts.append("Les pôles ont été créés ; elles s'étaient réunies. Il l'aurait dit aux élus, dit-il.")
    with nlp.select_pipes(disable=COMPONENTS):
        ours = list(nlp.pipe(texts))
    for theirs, mine in zip(model.pipe(texts), ours):
        assert [t.lemma_ for t in mine] == [t.lemma_ for t in theirs]


def test_array_lemmatizer_keeps_lemmas_already_set(nlp):
    doc = nlp.make_doc("Les élus votent")
    doc[2].lemma_ = "déjà-là"
    for name in ("tok2vec", "morphologizer", "lemmatizer"):
        doc = nlp.get_pipe(name)(doc)
    assert [t.lemma_ for t in doc] == ["le", "élu", "déjà-là"]


def test_skipping_unused_model_pipes_changes_no_record(nlp, monkeypatch):
    articles = corpus_articles(6)
    assert pipeline.skipped_when_extracting(nlp) == ["attribute_ruler"]
    skipped = [r.model_dump() for r in extract_chunk(articles, nlp)]
    monkeypatch.setattr(pipeline, "UNUSED_BY_EXTRACTION", ())
    assert pipeline.skipped_when_extracting(nlp) == []
    assert [r.model_dump() for r in extract_chunk(articles, nlp)] == skipped
