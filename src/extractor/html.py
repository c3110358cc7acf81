"""HTML pages: the article's text and metadata, without navigation, banners, ads and footers.

trafilatura does the boilerplate removal; its text then goes through the same paragraph cleaning
as plain text, so the title, standfirst and broken paragraphs are handled alike.
"""

from __future__ import annotations

from typing import Optional

import re

import lxml.etree
import lxml.html
import trafilatura

from .layout import Layout, clean_layout
from .normalise.dates import parse_date

MIN_WORDS = 8


def extract_html(page: str) -> Optional[Layout]:
    """The article in an HTML page, or None when the page holds no article body."""
    document = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False,
        include_formatting=False, favor_precision=True,
    )
    # A few words left by the boilerplate filter (a menu, a button) are not an article.
    if document is None or len((document.text or "").split()) < MIN_WORDS:
        return None
    title = document.title or None
    body = document.text
    layout = clean_layout(body, title_known=True)
    if title and not layout.text.startswith(title):
        layout.text = f"{title}\n\n{layout.text}"
    layout.title = title or layout.title
    if document.author:
        layout.authors = [a.strip() for a in document.author.split(";") if a.strip()]
    if document.date:
        layout.published = parse_date(document.date) or layout.published
    layout.section = layout.section or (document.categories or [None])[0] or page_section(page)
    return layout


SECTION_CLASS = re.compile(r"rubri|section|categor|kicker|surtitre", re.IGNORECASE)


def page_section(page: str) -> Optional[str]:
    """The rubric of a page: its article:section meta, else a short element whose class names a
    section ("rubrique", "kicker"...)."""
    try:
        tree = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return None
    for value in tree.xpath('//meta[@property="article:section" or @name="section"]/@content'):
        if value.strip():
            return value.strip()
    for element in tree.xpath("//body//*[@class]"):
        text = " ".join(element.text_content().split())
        if SECTION_CLASS.search(element.get("class", "")) and 0 < len(text.split()) <= 3:
            return text
    return None
