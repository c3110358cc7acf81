"""The extractor's spaCy components, one module each, registered as factories on import."""

from . import clusters, dates, entities, figures, places, quotes  # noqa: F401

# Pipeline order: each component reads what the ones before it wrote.
COMPONENTS = [
    "extractor_entities",
    "extractor_places",
    "extractor_figures",
    "extractor_dates",
    "extractor_quotes",
    "extractor_clusters",
]
