"""Clusters (placeholder: none found yet)."""

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401


@Language.factory("extractor_clusters", assigns=["doc._.clusters"])
def make_clusters(nlp: Language, name: str):
    return find_clusters


def find_clusters(doc: Doc) -> Doc:
    doc._.clusters = []
    return doc
