"""Dates (placeholder: none found yet)."""

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401


@Language.factory("extractor_dates", assigns=["doc._.dates"])
def make_dates(nlp: Language, name: str):
    return find_dates


def find_dates(doc: Doc) -> Doc:
    doc._.dates = []
    return doc
