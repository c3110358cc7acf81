"""Reading articles: files, folders, JSON Lines and standard input into `Article`s.

Every input ends as an `Article` or an `InputError` naming the file (and line) and why, so that a
batch never loses an article silently. Decoding lives here; the text and layout cleaning lives in
`layout.py` (plain text and Markdown) and `html.py`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from charset_normalizer import from_bytes

from . import html as html_reader
from .layout import clean_layout, person_authors
from .normalise.dates import parse_date

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


@dataclass
class Article:
    """One article's clean text and metadata, ready for the pipeline."""

    id: str
    text: str
    source: Optional[str] = None
    line: Optional[int] = None
    title: Optional[str] = None
    section: Optional[str] = None
    lead: Optional[str] = None
    authors: list[str] = field(default_factory=list)
    published: Optional[date] = None
    captions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class InputError(Exception):
    """An input that cannot become an article: where it is and why."""

    source: str
    reason: str
    line: Optional[int] = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"

    def to_json(self) -> dict:
        return {"source": self.source, "line": self.line, "reason": self.reason}


Item = Union[Article, InputError]


def text_id(text: str) -> str:
    """A stable id for an article that has none: a hash of its text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# --- decoding -------------------------------------------------------------------------------

def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Bytes to text with normalised line endings; warnings say when it was not UTF-8.

    Raises InputError for empty, binary and undecodable input.
    """
    if not data.strip():
        raise InputError(source, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
        warnings.append("decoded as UTF-16 (byte order mark), not UTF-8")
    elif b"\x00" in data:
        raise InputError(source, "binary file (NUL bytes): not a text article")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            text, encoding = _detect(data, source, error)
            warnings.append(f"decoded as {encoding} (detected), not UTF-8")
    if _control_ratio(text) > 0.01:
        raise InputError(source, "binary file (control characters): not a text article")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _detect(data: bytes, source: str, error: UnicodeDecodeError) -> tuple[str, str]:
    best = from_bytes(data).best()
    if best is None:
        raise InputError(source, f"undecodable: not UTF-8 ({error.reason} at byte {error.start}) and no encoding fits")
    encoding = best.encoding
    # French archives are mostly Windows-1252; charset-normalizer may name a close cousin
    # (latin-1 lacks € and ’): prefer cp1252 whenever it decodes the bytes.
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text = str(best)
    letters = [c for c in text if c.isalpha()]
    if sum(c < "\u0250" for c in letters) < 0.8 * len(letters):
        raise InputError(source, f"undecodable: not UTF-8 ({error.reason} at byte {error.start}), "
                                 f"and the best guess ({encoding}) gives no Latin-script text")
    return text, encoding


def _control_ratio(text: str) -> float:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    return controls / max(len(text), 1)


# --- one document ---------------------------------------------------------------------------

def article_from_text(text: str, *, id: str, source: Optional[str], kind: str,
                      meta: Optional[dict] = None, line: Optional[int] = None,
                      warnings: Optional[list[str]] = None) -> Article:
    """An article from decoded content: `kind` is "text" (plain or Markdown) or "html"."""
    meta = meta or {}
    warnings = list(warnings or [])
    if kind == "html":
        layout = html_reader.extract_html(text)
        if layout is None or not layout.text.strip():
            raise InputError(source or id, "HTML page with no article body", line)
    else:
        layout = clean_layout(text, title_known=bool(meta.get("title")))
    if not layout.text.strip():
        raise InputError(source or id, "no text once markup is removed", line)
    authors = meta.get("authors") or layout.authors
    return Article(
        id=id,
        text=layout.text,
        source=source,
        line=line,
        title=meta.get("title") or layout.title,
        section=meta.get("section") or layout.section,
        lead=layout.lead,
        authors=person_authors(authors),
        published=meta.get("published") or layout.published,
        captions=layout.captions,
        warnings=warnings + layout.warnings,
    )


def _kind_of(path_or_text: str) -> str:
    head = path_or_text.lstrip()[:200].lower()
    return "html" if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head else "text"


def read_file(path: Path) -> Iterator[Item]:
    """The article(s) of one file: one for text, Markdown and HTML, one a line for JSON Lines."""
    source = str(path)
    try:
        text, warnings = decode(path.read_bytes(), source)
    except InputError as error:
        yield error
        return
    except OSError as error:
        yield InputError(source, f"cannot read: {error.strerror or error}")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(text, source, warnings)
        return
    kind = "html" if suffix in HTML_SUFFIXES else _kind_of(text)
    try:
        yield article_from_text(text, id=path.stem, source=source, kind=kind, warnings=warnings)
    except InputError as error:
        yield error


def read_stdin(stream=None) -> Iterator[Item]:
    """Standard input: JSON Lines when its first character is `{`, else one article."""
    data = (stream or sys.stdin.buffer).read()
    try:
        text, warnings = decode(data, "<stdin>")
    except InputError as error:
        yield error
        return
    if text.lstrip().startswith("{"):
        yield from read_jsonl(text, "<stdin>", warnings)
        return
    try:
        yield article_from_text(text, id=text_id(text), source=None, kind=_kind_of(text), warnings=warnings)
    except InputError as error:
        yield error


# --- JSON Lines -----------------------------------------------------------------------------

JSONL_FIELDS = {"id", "url", "source", "title", "published", "date", "author", "authors", "section", "text", "html"}


def read_jsonl(content: str, source: str, warnings: list[str]) -> Iterator[Item]:
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield article_from_json(line, source, number, warnings)
        except InputError as error:
            yield error


def article_from_json(line: str, source: str, number: int, warnings: list[str]) -> Article:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(source, f"not JSON: {error.msg} at column {error.colno}", number) from None
    if not isinstance(obj, dict):
        raise InputError(source, f"a JSON object is expected, not {type(obj).__name__}", number)
    body = obj.get("text") if obj.get("text") is not None else obj.get("html")
    if not isinstance(body, str) or not body.strip():
        raise InputError(source, 'no "text" or "html" field with the article', number)
    kind = "html" if obj.get("text") is None else _kind_of(body)
    meta = {
        "title": _str_field(obj, "title", source, number),
        "section": _str_field(obj, "section", source, number),
        "authors": _authors(obj.get("authors", obj.get("author"))),
        "published": _published(obj.get("published", obj.get("date")), source, number),
    }
    unknown = sorted(set(obj) - JSONL_FIELDS)
    notes = list(warnings) + ([f"JSONL fields ignored: {', '.join(unknown)}"] if unknown else [])
    id = str(obj["id"]) if obj.get("id") not in (None, "") else text_id(body)
    origin = obj.get("url") or obj.get("source") or f"{source}:{number}"
    return article_from_text(body, id=id, source=origin, kind=kind, meta=meta, line=number, warnings=notes)


def _str_field(obj: dict, name: str, source: str, number: int) -> Optional[str]:
    value = obj.get(name)
    if value is not None and not isinstance(value, str):
        raise InputError(source, f'"{name}" must be a string', number)
    return value or None


def _authors(value) -> list[str]:
    if isinstance(value, str):
        return [a.strip() for a in value.replace(" et ", ",").split(",") if a.strip()]
    if isinstance(value, list):
        return [str(a).strip() for a in value if str(a).strip()]
    return []


def _published(value, source: str, number: int) -> Optional[date]:
    if value in (None, ""):
        return None
    parsed = parse_date(str(value))
    if parsed is None:
        raise InputError(source, f"publication date {value!r} is not a date", number)
    return parsed


# --- many inputs ----------------------------------------------------------------------------

def iter_inputs(inputs: Iterable[str]) -> Iterator[Item]:
    """Every article of the given paths (files, folders read recursively, `-` for stdin)."""
    for name in inputs:
        if name == "-":
            yield from read_stdin()
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUFFIXES and not child.name.endswith(".gold.json"):
                    yield from read_file(child)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield InputError(name, "no such file or folder")
