"""Plain text and Markdown articles: markup removed, metadata read from the page layout.

The clean text is the title, standfirst, captions and body paragraphs in the order they appear,
separated by blank lines; every offset in a record refers to it. Section lines, bylines,
"Publié le" lines and a closing signature are metadata, not text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from .normalise.dates import parse_date

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+•–]|\d{1,3}[.)])\s+")
QUOTE_BLOCK = re.compile(r"^\s*>\s?")
RULE = re.compile(r"^\s*([-*_=])(\s*\1){2,}\s*$")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|`+")
SPACES = re.compile(r"[ \t\u00a0\u202f\u2007\u2009]+")
NAME_WORD = r"(?:[A-ZÀ-Ý][\w'’.-]*|de|du|des|d'|d’|van|von|le|la)"
# Two to five name words, the first capitalised: "le le le" or "de la" name nobody.
PERSON_NAME = re.compile(rf"^[A-ZÀ-Ý][\w'’.-]*(?:\s+{NAME_WORD}){{1,4}}$")
BYLINE = re.compile(r"^\(?(?:Propos recueillis par|Textes? et photos? :?|Par|By|Texte\s*:|Reportage)\s+"
                    r"(?P<names>.+?)(?:\s+[-–—|·•]\s+(?P<rest>.*)|,\s+(?:édité|avec)\b.*)?\)?$")
NEWSROOM = re.compile(r"\b(?:rédaction|service|agence|AFP|Reuters|staff|correspondance)\b", re.IGNORECASE)
PUBLISHED = re.compile(r"^(?:Publié|Mis en ligne|Paru|Mis à jour)\s+le\s+(?P<date>.+)$", re.IGNORECASE)
# "GRENOBLE, 9 juin 2023 (AFP) -", "Nantes, le 5 octobre 2022 –": a place, a date, a dash.
DATELINE = re.compile(r"^[A-ZÀ-Ý][\w'’ .-]+(?:\([^)]*\))?,\s+(?:le\s+)?(?P<date>(?:[0-3]?\d(?:er)?\s+\w+\.?\s+\d{4})|"
                      r"[0-3]?\d/[01]?\d/\d{4})\s*(?:\((?P<agency>[^)]{2,20})\))?\s*[-–—]\s*(?P<rest>.*)$")
BREADCRUMB = re.compile(r"\s+[>|/»]\s+")
DATE_LINE = re.compile(r"^(?:le\s+)?(?:[a-zé]+\s+)?[0-3]?\d(?:er)?\s+[a-zéû]+\.?\s+\d{4}(?:\s*(?:à|-|,)\s*\d{1,2}\s*h\s*\d{0,2})?$",
                       re.IGNORECASE)
CAPTION_START = re.compile(r"^(?:\(?Photo\b|©|Crédit\s*:|Légende\s*:)", re.IGNORECASE)
TERMINAL = ".!?…:;»\"”)"


@dataclass
class Block:
    """A paragraph of the source with what its markup said about it."""

    text: str
    heading: int = 0  # heading level, 0 for a paragraph
    italic: bool = False  # the whole paragraph is in italics
    bold: bool = False  # the whole paragraph is in bold
    item: bool = False  # a list item
    image: bool = False  # an image line (its alt text is kept as text)


@dataclass
class Layout:
    text: str
    title: Optional[str] = None
    section: Optional[str] = None
    lead: Optional[str] = None
    authors: list[str] = field(default_factory=list)
    published: Optional[date] = None
    captions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def section_name(line: str) -> str:
    """The rubric of a section line: "Vienne > Poitiers > Économie" -> "Économie",
    "ÉCONOMIE | ORNE" -> "Économie" (a breadcrumb ends with the rubric, a kicker starts with it)."""
    parts = BREADCRUMB.split(line)
    name = parts[-1] if ">" in line or "»" in line or "/" in line else parts[0]
    return name.capitalize() if name.isupper() else name


def person_authors(names: list[str]) -> list[str]:
    """Bylines as person names: capitals normalised, newsroom credits ("La Rédaction") left out."""
    return [normalise_name(n) for n in names if n.strip() and not NEWSROOM.search(n)]


def normalise_name(name: str) -> str:
    """A person's name as usually written: "Lucie GARNAUD" -> "Lucie Garnaud"."""
    name = SPACES.sub(" ", strip_markup(name)).strip()
    return re.sub(r"\b[A-ZÀ-Ý]{2,}\b", lambda m: m.group(0).capitalize(), name)


def strip_markup(text: str) -> str:
    """Inline Markdown removed: links keep their words, images go, emphasis marks go."""
    text = IMAGE.sub("", text)
    text = LINK.sub(r"\1", text)
    return EMPHASIS.sub("", text)


def clean_layout(source: str, *, title_known: bool = False) -> Layout:
    """The clean text and the metadata of a plain text or Markdown article."""
    blocks = _join_broken(_blocks(source))
    layout = Layout(text="")
    body: list[str] = []
    state = _Reader(layout, title_known)
    for index, block in enumerate(blocks):
        kept = state.take(block, index, blocks)
        if kept:
            body.append(kept)
    _drop_signature(body, layout)
    layout.text = "\n\n".join(body)
    return layout


class _Reader:
    """Walks the blocks once, taking metadata from the layout and keeping the text."""

    def __init__(self, layout: Layout, title_known: bool):
        self.layout = layout
        self.title_known = title_known
        self.seen_body = False  # a body paragraph has been kept
        self.after_byline = False  # the previous block was a byline or an image

    def take(self, block: Block, index: int, blocks: list[Block]) -> Optional[str]:
        layout, text = self.layout, block.text
        after_byline, self.after_byline = self.after_byline, False
        if not self.seen_body:
            role = self._metadata(block, index, blocks)
            if role == "section":
                return None
            if role == "title":
                return text
        if BYLINE.match(text) and self._byline(text):
            self.after_byline = True
            return None
        if not self.seen_body and _is_byline(index, blocks) and not BYLINE.match(text):
            layout.authors.append(normalise_name(text))
            self.after_byline = True
            return None
        match = PUBLISHED.match(text)
        if match and len(text) < 120:
            layout.published = layout.published or parse_date(match["date"])
            return None
        if not self.seen_body and DATE_LINE.match(text) and parse_date(text):
            layout.published = layout.published or parse_date(text)
            return None
        match = DATELINE.match(text)
        if match:
            layout.published = layout.published or parse_date(match["date"])
            if PERSON_NAME.match(match["rest"]):  # "Annecy, le 20 novembre 2008 - Claire BOVET"
                layout.authors.append(normalise_name(match["rest"]))
                return None
        if block.image or ((block.italic or CAPTION_START.match(text)) and after_byline and not _opens_quote(text)):
            layout.captions.append(text)
            self.after_byline = block.image
            return text
        if (not self.seen_body and layout.title and layout.lead is None
                and (block.bold or _byline_follows(index, blocks))):
            layout.lead = text
            return text
        self.seen_body = True
        return text

    def _metadata(self, block: Block, index: int, blocks: list[Block]) -> Optional[str]:
        """Section and title, which stand before the body: "section" (dropped from the text),
        "title" (kept as the text's first paragraph) or None."""
        layout = self.layout
        if layout.title is not None:
            return None
        if block.heading == 1:
            layout.title = block.text
            return "title"
        if layout.section is None and _title_follows(index, blocks) and (
                block.heading or len(block.text.split()) <= 4 or BREADCRUMB.search(block.text)):
            layout.section = section_name(block.text)
            return "section"
        if not self.title_known and not block.heading and index + 1 < len(blocks) and _looks_like_title(block.text):
            layout.title = block.text
            return "title"
        return None

    def _byline(self, text: str) -> bool:
        match = BYLINE.match(text)
        parts = [n.strip() for n in re.split(r",|\bet\b", match["names"]) if n.strip()]
        names = []
        for part in parts:  # names come first; "à Lyon" or a date may follow a comma
            if not PERSON_NAME.match(part):
                break
            names.append(part)
        names = [n for n in names if not NEWSROOM.search(n)]
        if len(text) > 160 or not names:
            return False
        self.layout.authors.extend(normalise_name(n) for n in names)
        if self.layout.published is None:
            self.layout.published = parse_date(text)
        return True


def _title_follows(index: int, blocks: list[Block]) -> bool:
    """The next block is a level-1 heading or a short line taken as the title."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return following is not None and (following.heading == 1 or
                                      (not following.heading and _looks_like_title(following.text)))


def _is_byline(index: int, blocks: list[Block]) -> bool:
    """"Par X ...", or a bare name standing just before a "Publié le" line."""
    if index >= len(blocks):
        return False
    text = blocks[index].text
    following = blocks[index + 1].text if index + 1 < len(blocks) else ""
    return bool(BYLINE.match(text)) or (bool(PERSON_NAME.match(text)) and bool(PUBLISHED.match(following)))


def _byline_follows(index: int, blocks: list[Block]) -> bool:
    return _is_byline(index + 1, blocks)


def _looks_like_title(text: str) -> bool:
    return (len(text) <= 150 and "\n" not in text and not text.endswith((".", ":", ","))
            and not BYLINE.match(text) and not DATELINE.match(text) and not PUBLISHED.match(text))


def _opens_quote(text: str) -> bool:
    return text.lstrip().startswith(("«", "“", '"'))


def _drop_signature(body: list[str], layout: Layout) -> None:
    """A closing line that only names the author is a signature, not text; the only line of a
    text is its text."""
    if len(body) < 2:
        return
    last = body[-1].strip()
    if PERSON_NAME.match(last) and len(last) < 60:
        name = normalise_name(last)
        if not layout.authors:
            layout.authors.append(name)
        if name in layout.authors:
            body.pop()


# --- blocks ---------------------------------------------------------------------------------

def _blocks(source: str) -> list[Block]:
    """Paragraphs of the source, markup read and removed."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", source):
        for line in _lines(chunk):
            block = _block(line)
            if block is not None:
                blocks.append(block)
    return blocks


def _lines(chunk: str) -> list[str]:
    """A chunk's lines joined as a paragraph, except where a line starts a new one."""
    lines: list[str] = []
    for raw in chunk.split("\n"):
        line = QUOTE_BLOCK.sub("", raw).strip()
        if not line:
            continue
        starts_new = (HEADING.match(line) or LIST_ITEM.match(line) or RULE.match(line) or _metadata_line(line)
                      or (lines and (_metadata_line(lines[-1]) or _heading_line(lines[-1], line)))
                      or (lines and _ends_sentence(strip_markup(lines[-1])) and _starts_sentence(strip_markup(line))))
        if lines and not starts_new and not HEADING.match(lines[-1]):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return lines


def _heading_line(line: str, following: str) -> bool:
    """A short capitalised line without final punctuation over a capitalised line is an
    intertitle ("À propos de la société"), not the start of a wrapped sentence."""
    line, following = strip_markup(line).strip(), strip_markup(following).strip()
    return (len(line.split()) <= 8 and line[:1].isupper() and not _ends_sentence(line)
            and not line.endswith(",") and _starts_sentence(following) and following[:1].isupper())


def _metadata_line(line: str) -> bool:
    """A byline or a "Publié le" line: never joined to its neighbours."""
    line = strip_markup(line)
    return len(line) < 160 and bool(BYLINE.match(line) or PUBLISHED.match(line))


def _block(line: str) -> Optional[Block]:
    if RULE.match(line):
        return None
    heading = HEADING.match(line)
    level = len(heading.group(1)) if heading else 0
    content = heading.group(2) if heading else line
    item = bool(LIST_ITEM.match(content)) and not level
    if item:
        content = LIST_ITEM.sub("", content, count=1)
    image = IMAGE.fullmatch(content.strip())
    if image:
        alt = image.group(1).strip()
        return Block(text=_clean(alt), image=True) if alt else None
    bare = content.strip()
    bold = bare.startswith(("**", "__")) and bare.endswith(("**", "__")) and len(bare) > 4
    italic = not bold and bare[:1] in "*_" and bare[-1:] in "*_" and len(bare) > 2
    text = _clean(content)
    return Block(text=text, heading=level, italic=italic, bold=bold, item=item) if text else None


def _clean(text: str) -> str:
    return SPACES.sub(" ", strip_markup(text)).strip()


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(tuple(TERMINAL))


def _starts_sentence(text: str) -> bool:
    first = text.lstrip()[:1]
    return first.isupper() or first.isdigit() or first in "«“\"—–-("


def _join_broken(blocks: list[Block]) -> list[Block]:
    """Paragraphs broken in the middle of a sentence are joined back."""
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (previous is not None and not previous.heading and not block.heading and not block.item
                and not previous.item and not _ends_sentence(previous.text) and block.text[:1].islower()):
            previous.text += " " + block.text
            previous.italic = previous.italic and block.italic
            continue
        joined.append(block)
    return joined
