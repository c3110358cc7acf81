"""Quotes (placeholder: none found yet)."""

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401


@Language.factory("extractor_quotes", assigns=["doc._.quotes"])
def make_quotes(nlp: Language, name: str):
    return find_quotes


def find_quotes(doc: Doc) -> Doc:
    doc._.quotes = []
    return doc
