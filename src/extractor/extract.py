"""Extraction as a Python API: articles in, validated `ArticleRecord`s out."""

from __future__ import annotations

import contextlib
import weakref
from dataclasses import replace
from datetime import date
from typing import ContextManager, Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from .build import to_record
from .components import COMPONENTS
from .extensions import TEXT_KEY
from .pipeline import get_pipeline, skipped_when_extracting
from .reading import Article, article_from_text, text_id
from .records import ArticleRecord


def make_doc(nlp: Language, article: Article) -> Doc:
    """The unprocessed Doc of an article, carrying what the components need to know of it."""
    doc = nlp.make_doc(article.text)
    return _with_metadata(doc, article)


def _with_metadata(doc: Doc, article: Article) -> Doc:
    doc._.published = article.published.isoformat() if article.published else None
    doc.user_data[TEXT_KEY] = article.text  # the tokens spell it out exactly: no need to rebuild it
    return doc


# Articles a pipeline reads outside any memory zone before zones begin (see _memory_zone): some
# 10,000 distinct words in news text, a few MB.
WARM_UP_ARTICLES = 200
_warmed_up: "weakref.WeakKeyDictionary[Language, int]" = weakref.WeakKeyDictionary()


def _memory_zone(nlp: Language, articles: list[Article]) -> ContextManager:
    """A memory zone, so that the vocabulary and string store do not grow over a long run; but
    not for a pipeline's first articles. A zone forgets every word first seen inside it, and the
    model's vocabulary starts nearly empty: zones from the first chunk on would make every chunk
    rebuild the lexemes of "le", "de", "entreprise"... (3 to 7% of the model's time). The words
    of the first articles, the commonest of the language, stay for good: a bounded number,
    whatever the length of the run."""
    seen = _warmed_up.get(nlp, 0)
    if seen >= WARM_UP_ARTICLES:  # read here, not bound at import: tests lower it
        return nlp.memory_zone()
    _warmed_up[nlp] = seen + len(articles)
    return contextlib.nullcontext()


def extract_chunk(articles: list[Article], nlp: Optional[Language] = None,
                  batch_size: int = 32) -> list[ArticleRecord]:
    """Records of a list of articles, in order, inside one memory zone so that the string
    store does not grow over a long run (see _memory_zone). Articles longer than
    `nlp.max_length` go in pieces."""
    nlp = nlp or get_pipeline()
    with _memory_zone(nlp, articles):
        short = (make_doc(nlp, a) for a in articles if len(a.text) <= nlp.max_length)
        docs = nlp.pipe(short, batch_size=batch_size, disable=skipped_when_extracting(nlp))
        return [to_record(a, next(docs)) if len(a.text) <= nlp.max_length else _extract_long(nlp, a)
                for a in articles]


def extract_articles(articles: Iterable[Article], *, nlp: Optional[Language] = None,
                     batch_size: int = 32) -> Iterator[ArticleRecord]:
    """Records for many articles, in order, streamed chunk by chunk."""
    for chunk in chunked(articles, batch_size * 4):
        yield from extract_chunk(chunk, nlp, batch_size)


def chunked(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- articles longer than nlp.max_length ---------------------------------------------------------

def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters whose concatenation is `text`, cut after a paragraph
    break, else a line break, else a space where possible."""
    pieces = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind("\n\n") + 2, 0) or max(window.rfind("\n") + 1, 0) or max(window.rfind(" ") + 1, 0)
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut])
        text = text[cut:]
    return pieces + [text] if text else pieces


def _extract_long(nlp: Language, article: Article) -> ArticleRecord:
    """The model runs on each piece; the pieces are joined into one Doc (same text, same
    offsets) and the extractor's components run once on the whole."""
    pieces = split_text(article.text, nlp.max_length)
    ours = set(COMPONENTS)
    model_pipes = [name for name in nlp.pipe_names if name not in ours and name not in skipped_when_extracting(nlp)]
    with nlp.select_pipes(enable=model_pipes):
        parts = list(nlp.pipe(pieces))
    doc = _with_metadata(Doc.from_docs(parts, ensure_whitespace=False), article)
    for name, component in nlp.pipeline:
        if name in ours:
            doc = component(doc)
    note = f"longer than nlp.max_length ({nlp.max_length}): processed in {len(pieces)} pieces"
    return to_record(replace(article, warnings=[*article.warnings, note]), doc)


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
