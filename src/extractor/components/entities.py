"""People and organisations (placeholder: straight from the model's PER and ORG entities)."""

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401


@Language.factory("extractor_entities", assigns=["doc._.people", "doc._.organisations"])
def make_entities(nlp: Language, name: str):
    return find_entities


def find_entities(doc: Doc) -> Doc:
    people: dict[str, dict] = {}
    organisations: dict[str, dict] = {}
    for ent in doc.ents:
        if ent.label_ == "PER":
            entry = people.setdefault(ent.text, {"name": ent.text, "roles": [], "spans": []})
        elif ent.label_ == "ORG":
            entry = organisations.setdefault(
                ent.text, {"name": ent.text, "acronym": None, "kind": "other", "spans": []}
            )
        else:
            continue
        entry["spans"].append([ent.start_char, ent.end_char])
    doc._.people = list(people.values())
    doc._.organisations = list(organisations.values())
    return doc
