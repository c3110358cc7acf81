"""From a processed `Doc` and its `Article` to a validated `ArticleRecord`."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from spacy.tokens import Doc

from .reading import Article
from .records import ArticleRecord, Cluster, DateMention, Figure, Organisation, Person, Place, Quote

# Each Doc extension and the record model of its items.
EXTENSION_MODELS: dict[str, type[BaseModel]] = {
    "clusters": Cluster,
    "quotes": Quote,
    "people": Person,
    "organisations": Organisation,
    "places": Place,
    "dates": DateMention,
    "figures": Figure,
}


def only_fields(model: type[BaseModel], data: Any) -> Any:
    """The part of a component's dict that the record model knows (evidence keys dropped)."""
    if isinstance(data, list):
        return [only_fields(model, item) for item in data]
    if not isinstance(data, dict):
        return data
    fields = _field_models(model)
    return {key: only_fields(fields[key], value) if fields[key] else value
            for key, value in data.items() if key in fields}


@lru_cache(maxsize=None)
def _field_models(model: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    """Each field of `model` and the record model its values hold, if any (read once per model)."""
    return {name: _nested_model(field.annotation) for name, field in model.model_fields.items()}


def _nested_model(annotation) -> type[BaseModel] | None:
    """The record model inside an annotation such as `Optional[Figure]` or `list[Role]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _nested_model(arg)
        if found:
            return found
    return None


def with_authors(people: list[dict], authors: list[str]) -> list[dict]:
    """The article's authors are people too, though bylines are not in the text."""
    known = {person["name"].casefold() for person in people}
    return people + [{"name": a, "roles": []} for a in authors if a.casefold() not in known]


def to_record(article: Article, doc: Doc) -> ArticleRecord:
    facts = {name: only_fields(model, getattr(doc._, name) or []) for name, model in EXTENSION_MODELS.items()}
    facts["people"] = with_authors(facts["people"], article.authors)
    return ArticleRecord(
        id=article.id,
        source=article.source,
        title=article.title,
        section=article.section,
        lead=article.lead,
        authors=article.authors,
        published=article.published,
        text=article.text,
        captions=article.captions,
        warnings=article.warnings,
        **facts,
    )
