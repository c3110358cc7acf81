"""French calendar words and the parsing of one whole date string (bylines, metadata)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Callable, Iterable, Iterator, Optional

from .text import fold

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


# --- dates inside a text ---------------------------------------------------------------------
# `DATE` is the one regex the dates component runs over a whole text; the functions below turn
# what it found into ISO values, resolving against a reference date (the publication date).

_MONTHS_FULL = ["janvier", "f[ée]vrier", "mars", "avril", "mai", "juin", "juillet", "ao[uû]t", "septembre",
                "octobre", "novembre", "d[ée]cembre"]
MONTH_FULL = rf"(?:{'|'.join(_MONTHS_FULL)})"
# Abbreviations only with their dot: "sept" alone is the number seven.
MONTH_ANY = rf"(?:{MONTH_FULL}|(?:janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c)\.)"
YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_DAY = r"(?:1er|1ᵉʳ|premier|[0-3]?\d)"
_WEEKDAY = rf"(?:{'|'.join(WEEKDAYS)})"
SEASONS = {"printemps": (3, 6), "ete": (6, 9), "automne": (9, 12)}  # months a season starts and ends
# The words before a month that make it a date ("en juillet", "d'ici à mars"), before a season
# ("cet été"), and the phrases a relative date is made of ("l'an dernier", "cette semaine").
_MONTH_TRIGGERS = ["en", "depuis", "dès", "d[ée]but", "fin", "mi-", "courant", r"d['’]ici(?:\s+(?:à|a))?",
                   r"jusqu['’]en", r"à\s+partir\s+de", r"à\s+compter\s+de", r"mois\s+de", r"mois\s+d['’]", "de",
                   r"d['’]"]
_SEASON_DETERMINERS = ["cet", "ce", r"l['’]", "au", "en"]
_SEASONS = ["printemps", "[ée]t[ée]", "automne", "hiver"]
_RELATIVES = [
    "avant-hier", "hier", r"l['’]an\s+(?:dernier|pass[ée]|prochain)",
    r"l['’]ann[ée]e\s+(?:derni[èe]re|pass[ée]e|prochaine)", r"cette\s+ann[ée]e",
    r"le\s+mois\s+(?:dernier|pass[ée]|prochain)", r"ce\s+mois(?:-ci)?",
    r"la\s+semaine\s+(?:derni[èe]re|pass[ée]e|prochaine)", r"cette\s+semaine",
]

# Every date starts with a digit or at the start of a word: the leading test lets the regex
# engine skip the other positions at once (it halves the time of a scan; `date_matches` skips
# more).
DATE = re.compile(
    rf"""
    (?:\b|(?=\d))
    (?:(?P<numeric>(?<![\d/.,])(?P<nd>[0-3]?\d)[/.](?P<nm>[01]?\d)[/.](?P<ny>{YEAR})(?![\d/]|\.\d))
  | (?P<iso>(?<![\d-])(?P<iy>{YEAR})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d))
  | (?P<written>(?<![\w,.])(?:(?P<wwd>{_WEEKDAY})\s+)?
        (?P<days>{_DAY}(?:\s*(?:,|et|au|à|-|–)\s*{_DAY})*)\s+(?P<wm>{MONTH_ANY})(?:\s+(?P<wy>{YEAR})|\s+(?P<wrel>dernier|prochain))?(?![\w-]))
  | (?P<month>(?<![\w'’])(?:(?P<trigger>{'|'.join(_MONTH_TRIGGERS)})\s*)?
        (?P<mm>{MONTH_FULL})(?:\s+(?P<my>{YEAR})|\s+(?P<mrel>dernier|prochain|pass[ée]))?(?![\w-]))
  | (?P<season>(?<![\w'’])(?P<sdet>{'|'.join(_SEASON_DETERMINERS)})\s*(?P<sname>{'|'.join(_SEASONS)})
        (?:\s+(?P<sy>{YEAR})|\s+(?P<srel>dernier|prochain|pass[ée]))?(?![\w-]))
  | (?P<relative>(?<![\w'’-])(?:{'|'.join(_RELATIVES)})(?![\w-]))
  | (?P<weekday>(?<![\w'’-])(?:(?P<wdthis>ce)\s+)?(?P<wd>{_WEEKDAY})(?:\s+(?P<wdrel>dernier|prochain))?(?![\w-]))
  | (?P<year>(?:(?<=\bmi-)|(?<![\w.,/'’-]))(?P<y1>{YEAR})(?:\s*[-–]\s*(?P<y2>{YEAR}))?(?![\w]|[.,/]\d)))
    """,
    re.IGNORECASE | re.VERBOSE,
)
# What follows a number that is the day of a date: "12[ septembre]", "15[ et 16 novembre]", "22[/11/2019]".
_DAY_TAIL = re.compile(
    rf"(?i)(?:\s*(?:,|et|au|à|-|–)\s*{_DAY})*\s+{MONTH_ANY}(?![\w-])|[/.][01]?\d[/.]{YEAR}(?!\d)"
)


def is_day_of_date(text: str, start: int, end: int) -> bool:
    """Whether the number text[start:end] is the day of a date written out ("le 12 septembre")."""
    return text[start:end].isdigit() and int(text[start:end]) <= 31 and bool(_DAY_TAIL.match(text, end))


def date_matches(text: str) -> Iterator[re.Match]:
    """What `DATE.finditer(text)` yields, found faster (see `scan`)."""
    return scan(DATE, text, _date_starts)


# --- finding where a pattern can match, fast ---------------------------------------------------
# Python's regex engine skips fast to where a pattern can match only when the pattern starts with
# a literal or a character class, ignoring no case. DATE and NUMBER (and places' AREA) start with
# \b or look-behinds and ignore case, so the engine tries them in full at every word. `scan` tries
# them only where a cheap search of the lowercased text (a `word_scanner`) finds a word that can
# open a match.

def lowered(text: str) -> Optional[str]:
    """`text` lowercased, when a lowercase pattern matches it at exactly the places where that
    pattern, ignoring case, matches `text`; else None. Lowercasing makes no character a word,
    digit or space character that was not one, and agrees with the engine's case folding but for
    three characters: "İ" lowercases to two characters, "ı" and "ſ" match "i" and "s" only when
    ignoring case."""
    low = text.lower()
    return low if len(low) == len(text) and "ı" not in low and "ſ" not in low else None


def grouped(alternatives: Iterable[str]) -> str:
    """`alternatives` (regexes, each starting with a letter that no quantifier follows) as one
    alternation grouped by that letter: at a position, the engine tries the alternatives of one
    letter, not all."""
    by_letter: dict[str, list[str]] = {}
    for alternative in alternatives:
        if not alternative[:1].isalpha() or alternative[1:2] in ("?", "*", "+", "{"):
            raise ValueError(f"{alternative!r} does not start with a letter")
        by_letter.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in by_letter.items())


def word_scanner(opening: str) -> re.Pattern:
    """A pattern matching, in a lowercased text, the non-word character before each position where
    the regex `opening` matches (it starts with a character class: the engine skips fast)."""
    return re.compile(rf"\W(?={opening})")


def word_starts(scanner: re.Pattern, low: str) -> Iterator[int]:
    """The start of `low`, then the end of each match of `scanner` (a `word_scanner`) in it: every
    position after no word character where the scanner's opening matches."""
    yield 0
    for found in scanner.finditer(low):
        yield found.end()


def scan(pattern: re.Pattern, text: str, starts: Callable[[str], Iterable[int]]) -> Iterator[re.Match]:
    """What `pattern.finditer(text)` yields, for a pattern that never matches an empty string and
    can only start at the positions `starts(lowercased text)` lists in order (among others): the
    pattern is tried there only."""
    low = lowered(text)
    if low is None:
        return pattern.finditer(text)
    return _matches_at(pattern, text, starts(low))


def _matches_at(pattern: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """`pattern.finditer(text)`, given in order every position where a match can start: the first
    match at or after the end of the previous one, as finditer finds them."""
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)):
            end = match.end()
            yield match


# Where a date can start: at the start of a word, a digit that opens a numeric date, a year or a
# day before a month or another day; a weekday, "premier" (a day), a month or the words announcing
# one, a season's determiner or a relative date (each of DATE's alternatives opens so, after no word
# character); or a digit after a letter ("A12/11/2019": a numeric or ISO date only wants no digit
# before it).
_DATE_DIGITS = rf"[0-3]?\d[/.]|{YEAR}|(?:1er|1ᵉʳ|[0-3]?\d)(?:\s*(?:,|et|au|à|-|–)|\s+{MONTH_ANY})"
_DATE_WORDS = [
    *WEEKDAYS, "premier", *(rf"{trigger}\s*{MONTH_FULL}" for trigger in _MONTH_TRIGGERS), *_MONTHS_FULL,
    *(rf"{determiner}\s*(?:{'|'.join(_SEASONS)})" for determiner in _SEASON_DETERMINERS), *_RELATIVES,
    rf"ce\s+{_WEEKDAY}",
]
_DATE_SCANNER = word_scanner(rf"(?=\d)(?:{_DATE_DIGITS})|{grouped(_DATE_WORDS)}")
_DIGIT_AFTER_LETTER = re.compile(r"\d(?<=[^\W\d]\d)")


def _date_starts(low: str) -> list[int]:
    """Where a date can start in the lowercased text `low`, in order."""
    after_letters = [found.start() for found in _DIGIT_AFTER_LETTER.finditer(low)]
    return sorted([*word_starts(_DATE_SCANNER, low), *after_letters])


PAST, FUTURE = -1, 1


def iso(year: int, month: Optional[int] = None, day: Optional[int] = None) -> Optional[str]:
    """ISO 8601 at the precision given, or None when it is no calendar date."""
    try:
        if day is not None:
            return date(year, month, day).isoformat()
        if month is not None:
            return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and 1 <= year <= 9999 else None
        return f"{year:04d}" if 1 <= year <= 9999 else None
    except (TypeError, ValueError, OverflowError):
        return None


def day_number(text: str) -> Optional[int]:
    """ "1er" -> 1, "premier" -> 1, "12" -> 12."""
    text = fold(text.strip())
    if text in ("1er", "1ᵉʳ".lower(), "premier"):
        return 1
    return int(text) if text.isdigit() else None


def weekday_number(word: str) -> Optional[int]:
    return WEEKDAYS.get(fold(word))


def _shift_year(day: int, month: int, year: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_day(day: int, month: int, ref: date, direction: Optional[int] = None,
                strict: bool = False, weekday: Optional[int] = None) -> Optional[date]:
    """A day and month without a year, in the year around `ref` the direction asks for.

    PAST: the latest such date not after ref (before it when strict); FUTURE: the earliest not
    before it (after it when strict); None: the nearest one, the past winning a tie. A weekday
    given with the date ("mardi 19 novembre") picks the year it fits, when one does.
    """
    candidates = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _shift_year(day, month, y))]
    fitting = [d for d in candidates if d.weekday() == weekday]
    if fitting:
        return min(fitting, key=lambda d: (abs((d - ref).days), d > ref))
    past = [d for d in candidates if d < ref or (d == ref and not strict)]
    future = [d for d in candidates if d > ref or (d == ref and not strict)]
    if direction == PAST:
        return max(past, default=None)
    if direction == FUTURE:
        return min(future, default=None)
    nearest = sorted(candidates, key=lambda d: (abs((d - ref).days), d > ref))
    return nearest[0] if nearest else None


def resolve_month(month: int, ref: date, direction: Optional[int] = None, strict: bool = False) -> tuple[int, int]:
    """A month without a year: the latest one not after ref's month (PAST), the earliest not
    before it (FUTURE), else the nearest (the past winning a tie); strict leaves ref's month out."""
    if direction is None:
        ahead = (month - ref.month) % 12
        direction = FUTURE if 0 < ahead < 6 else PAST
    if direction == FUTURE:
        after = month > ref.month or (month == ref.month and not strict)
        return (ref.year if after else ref.year + 1, month)
    before = month < ref.month or (month == ref.month and not strict)
    return (ref.year if before else ref.year - 1, month)


def resolve_weekday(weekday: int, ref: date, direction: Optional[int] = None, strict: bool = False) -> date:
    """A weekday: the latest one not after ref (PAST, the default) or the earliest not before it."""
    from datetime import timedelta

    if direction == FUTURE:
        ahead = (weekday - ref.weekday()) % 7 or (7 if strict else 0)
        return ref + timedelta(days=ahead)
    back = (ref.weekday() - weekday) % 7 or (7 if strict else 0)
    return ref - timedelta(days=back)


def resolve_season(name: str, ref: date, relation: Optional[int]) -> Optional[str]:
    """ "cet été" -> ref's year; "l'automne dernier" -> the year of the last autumn begun before ref.
    Winter spans two years, so it is never resolved without one."""
    months = SEASONS.get(fold(name))
    if not months:
        return None
    start, end = months
    if relation == PAST:
        return iso(ref.year if ref.month > end else ref.year - 1)
    if relation == FUTURE:
        return iso(ref.year if ref.month < start else ref.year + 1)
    return iso(ref.year)


def resolve_relative(text: str, ref: date) -> Optional[str]:
    """ "hier", "l'an dernier", "cette année", "le mois prochain", "la semaine dernière"... against ref.

    Precision follows the phrase: a day for hier/avant-hier, a year for years, a month for months;
    a week has no ISO form at these precisions, so it gives its month when the whole week
    (Monday to Sunday) lies in one month, else nothing.
    """
    from datetime import timedelta

    words = fold(text).replace("’", "'").split()
    joined = " ".join(words)
    step = PAST if any(w.startswith(("dern", "pass")) for w in words) else FUTURE if "prochain" in joined else 0
    if joined in ("hier", "avant-hier"):
        return (ref - timedelta(days=1 if joined == "hier" else 2)).isoformat()
    if "an" in joined.replace("'", " ").split() or "annee" in joined:
        return iso(ref.year + step)
    if "mois" in joined:
        month = ref.month + step
        return iso(ref.year + (month - 1) // 12, (month - 1) % 12 + 1)
    if "semaine" in joined:
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
        sunday = monday + timedelta(days=6)
        return iso(monday.year, monday.month) if (monday.year, monday.month) == (sunday.year, sunday.month) else None
    return None
