"""Figures (placeholder: none found yet)."""

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401


@Language.factory("extractor_figures", assigns=["doc._.figures"])
def make_figures(nlp: Language, name: str):
    return find_figures


def find_figures(doc: Doc) -> Doc:
    doc._.figures = []
    return doc
