"""Places (placeholder: the model's LOC entities, kind unknown so left as areas)."""

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401


@Language.factory("extractor_places", assigns=["doc._.places"])
def make_places(nlp: Language, name: str):
    return find_places


def find_places(doc: Doc) -> Doc:
    places: dict[str, dict] = {}
    for ent in doc.ents:
        if ent.label_ == "LOC":
            entry = places.setdefault(
                ent.text,
                {"name": ent.text, "kind": "area", "region": None, "department": None, "country": None, "spans": []},
            )
            entry["spans"].append([ent.start_char, ent.end_char])
    doc._.places = list(places.values())
    return doc
