"""French calendar words and the parsing of one whole date string (bylines, metadata)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Optional

MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}

MONTH_PATTERN = (
    r"(?:janvier|janv\.?|f[ée]vrier|f[ée]vr?\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|ao[uû]t|"
    r"septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?)"
)
WRITTEN_DATE = re.compile(
    r"\b(?P<day>[0-3]?\d)(?:er)?\s+(?P<month>" + MONTH_PATTERN + r")\s+(?P<year>(?:1[89]|20)\d\d)\b",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"\b(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>(?:1[89]|20)\d\d)\b")
ISO_DATE = re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")


def fold(word: str) -> str:
    """Lower case without accents: "Août" -> "aout"."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def month_number(word: str) -> Optional[int]:
    return MONTHS.get(fold(word).rstrip("."))


def parse_date(text: str) -> Optional[date]:
    """The first full date in `text` ("22 novembre 2019", "22/11/2019", "2019-11-22T08:00"), or None."""
    for pattern in (ISO_DATE, WRITTEN_DATE, NUMERIC_DATE):
        match = pattern.search(text)
        if match:
            month = match["month"]
            month = int(month) if month.isdigit() else month_number(month)
            try:
                return date(int(match["year"]), month, int(match["day"]))
            except (TypeError, ValueError):
                continue
    try:
        return datetime.fromisoformat(text.strip()).date()
    except ValueError:
        return None
