"""extractor: business clusters, quotes and named entities from French press articles.

    >>> import extractor
    >>> record = extractor.extract("## Industrie\\n\\n# Titre\\n\\nLe pôle ...")
    >>> records = extractor.extract_many(texts)
    >>> nlp = extractor.get_pipeline()     # the spaCy pipeline with the extractor's components
"""

from .extract import article, extract, extract_articles, extract_many
from .pipeline import build_pipeline, get_pipeline
from .reading import Article, InputError, iter_inputs
from .records import ArticleRecord

__all__ = [
    "Article", "ArticleRecord", "InputError", "article", "build_pipeline", "extract", "extract_articles",
    "extract_many", "get_pipeline", "iter_inputs",
]
__version__ = "0.1.0"
