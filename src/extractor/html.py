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
    tree = _tree(page)
    layout.section = layout.section or (document.categories or [None])[0] or page_section(tree)
    _restore_lead(layout, title, page_lead(tree))
    return layout


SECTION_CLASS = re.compile(r"rubri|section|categor|kicker|surtitre", re.IGNORECASE)
LEAD_CLASS = re.compile(r"chap[oô]|standfirst|\blead\b|intro|summary|article-description", re.IGNORECASE)


def _tree(page: str):
    try:
        return lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return None


def _classed_texts(tree, pattern: re.Pattern) -> list[str]:
    """Texts of the body elements whose class matches `pattern`, in page order."""
    if tree is None:
        return []
    return [" ".join(e.text_content().split()) for e in tree.xpath("//body//*[@class]")
            if pattern.search(e.get("class", ""))]


def page_section(tree) -> Optional[str]:
    """The rubric of a page: its article:section meta, else a short element whose class names a
    section ("rubrique", "kicker"...)."""
    if tree is not None:
        for value in tree.xpath('//meta[@property="article:section" or @name="section"]/@content'):
            if value.strip():
                return value.strip()
    return next((t for t in _classed_texts(tree, SECTION_CLASS) if 0 < len(t.split()) <= 3), None)


def page_lead(tree) -> Optional[str]:
    """The standfirst of a page: an element whose class names one ("chapo", "lead", "standfirst")."""
    return next((t for t in _classed_texts(tree, LEAD_CLASS) if len(t.split()) >= 5), None)


def _restore_lead(layout: Layout, title: Optional[str], lead: Optional[str]) -> None:
    """Boilerplate filters often drop the standfirst: put it back after the title."""
    if not lead:
        return
    layout.lead = layout.lead or lead
    if lead not in layout.text:
        head = f"{title}\n\n" if title and layout.text.startswith(title) else ""
        layout.text = f"{head}{lead}\n\n{layout.text[len(head):]}"
