"""Extraction as a Python API: articles in, validated `ArticleRecord`s out."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from .build import to_record
from .pipeline import get_pipeline
from .reading import Article, article_from_text, text_id
from .records import ArticleRecord


def make_doc(nlp: Language, article: Article) -> Doc:
    """The unprocessed Doc of an article, carrying what the components need to know of it."""
    doc = nlp.make_doc(article.text)
    doc._.published = article.published.isoformat() if article.published else None
    return doc


def extract_articles(articles: Iterable[Article], *, nlp: Optional[Language] = None,
                     batch_size: int = 32) -> Iterator[ArticleRecord]:
    """Records for many articles, in order, streamed through `nlp.pipe`."""
    nlp = nlp or get_pipeline()
    pending: list[Article] = []

    def docs():
        for article in articles:
            pending.append(article)
            yield make_doc(nlp, article)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield to_record(pending.pop(0), doc)


def article(text: str, *, id: Optional[str] = None, html: bool = False, title: Optional[str] = None,
            published: Union[date, str, None] = None, authors: Optional[list[str]] = None,
            section: Optional[str] = None, source: Optional[str] = None) -> Article:
    """An `Article` from a text (plain, Markdown or HTML), cleaned as files are."""
    meta = {"title": title, "section": section, "authors": authors or [],
            "published": date.fromisoformat(published) if isinstance(published, str) else published}
    return article_from_text(text, id=id or text_id(text), source=source, kind="html" if html else "text", meta=meta)


def extract(text: str, *, nlp: Optional[Language] = None, **metadata) -> ArticleRecord:
    """The record of one article given as text; `metadata` as for `article()`."""
    return next(extract_articles([article(text, **metadata)], nlp=nlp))


def extract_many(texts: Iterable[str], *, nlp: Optional[Language] = None, batch_size: int = 32) -> Iterator[ArticleRecord]:
    """Records for many article texts (plain or Markdown), in order."""
    return extract_articles((article(t) for t in texts), nlp=nlp, batch_size=batch_size)
