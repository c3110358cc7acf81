"""French numbers, scales, units and qualifiers: pure functions over strings.

Written the way the French press writes them: digit groups separated by a space, U+00A0, U+202F
or a dot ("7 000", "12.000"), a decimal comma ("1,2 milliard"), number words ("deux cents",
"quarante-deux", parsed by text2num), approximation nouns ("une cinquantaine" = 50), scale words
and abbreviations ("million", "milliard", "k€", "M€", "Md€"). Nothing here raises on odd input:
a string that is not a number gives None.

`NUMBER` is the one regex the figures component runs over a whole text. Its groups say what was
seen: `skip` (a phone number, a time of day, a postcode or a street number, matched only so that
their digits are not read as figures), `approx` (an approximation noun), `sign`, `digits` or `words`
(a number), then `scale` and a glued or spaced unit symbol (`money`, `percent`, `symbol`). A number
glued to letters ("A380", "3T", "2e", "Covid-19", "Bac+5") or continued by ".1", "/11" (versions,
dates) never matches.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Iterator, Optional

from text_to_num import text2num

from .text import lower_as_regex
from .dates import fold, grouped, lowered, scan, word_scanner, word_starts

SPACES = " \u00a0\u202f"
_SPACE = f"[{SPACES}]"

APPROX_NOUNS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}
SCALES = {"mille": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "milliard": 10**9, "md": 10**9,
          "mds": 10**9, "mrd": 10**9, "mrds": 10**9, "g": 10**9}
NUMBER_WORDS = (
    "zéro", "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize", "vingt", "vingts", "trente", "quarante",
    "cinquante", "soixante", "septante", "huitante", "octante", "nonante", "cent", "cents", "mille",
)

# Qualifiers as written before a number, longest first so "un peu plus de" wins over "plus de".
_DE = r"d(?:e\s+|['’]\s*)"
QUALIFIERS = [
    (rf"un\s+peu\s+plus\s+{_DE}", "more_than"), (rf"pas\s+moins\s+{_DE}", "at_least"),
    (rf"un\s+peu\s+moins\s+{_DE}", "less_than"), (rf"pas\s+plus\s+{_DE}", "at_most"),
    (rf"(?:bien\s+)?plus\s+{_DE}", "more_than"), (rf"au[\s-]del[àa]\s+{_DE}", "more_than"),
    (r"sup[ée]rieure?s?\s+(?:à|a)\s+", "more_than"), (rf"(?:bien\s+)?moins\s+{_DE}", "less_than"),
    (r"inf[ée]rieure?s?\s+(?:à|a)\s+", "less_than"), (r"au\s+(?:moins|minimum|bas\s+mot)\s+", "at_least"),
    (r"jusqu['’]\s*(?:à|a)\s+", "at_most"), (r"au\s+(?:maximum|plus)\s+", "at_most"),
    (r"plafonn[ée]e?s?\s+(?:à|a)\s+", "at_most"), (r"quelques?\s+", "approx"), (r"environ\s+", "approx"),
    (rf"(?:à\s+)?peu\s+pr[èe]s\s+(?:{_DE})?", "approx"), (rf"pr[èe]s\s+{_DE}", "approx"),
    (rf"autour\s+{_DE}", "approx"), (rf"aux\s+alentours\s+{_DE}", "approx"),
    (rf"de\s+l['’]ordre\s+{_DE}", "approx"), (r"(?:approximativement|presque|quasiment)\s+", "approx"),
]
_QUALIFIER_AT_END = re.compile(
    r"(?i)(?<![\w-])(?:" + "|".join(f"(?P<q{i}>{p})" for i, (p, _) in enumerate(QUALIFIERS)) + r")$"
)
_QUALIFIER_AFTER = re.compile(r"(?i)^\s*environ\b")
# The last word of each qualifier above, before its trailing spaces: a text that ends otherwise
# (most texts before a number) has no qualifier, and the search, which tries every position, need
# not run. When it must, it runs on the lowercased text, case-sensitive and without groups (faster).
_QUALIFIER_LAST_WORDS = ("de", "d'", "d’", "à", "a", "moins", "minimum", "mot", "maximum", "plus", "quelque",
                         "quelques", "environ", "près", "pres", "approximativement", "presque", "quasiment")
_LOWERCASE_QUALIFIER_AT_END = re.compile(r"(?<![\w-])(?:" + "|".join(p for p, _ in QUALIFIERS) + r")$")

# Units: money to "€", per cent to "%", surfaces to "m²"...; a symbol may carry a scale ("M€").
MONEY = {"€": "€", "eur": "€", "euro": "€", "euros": "€", "$": "$", "dollar": "$", "dollars": "$",
         "£": "£", "livre": "£", "livres": "£"}
SYMBOLS = {"°c": "°C", "m²": "m²", "m2": "m²", "km²": "km²", "km2": "km²", "m³": "m³", "m3": "m³", "ha": "hectares",
           "km": "km", "kg": "kg", "t": "tonnes", "mw": "MW", "kw": "kW", "gw": "GW", "kwh": "kWh",
           "mwh": "MWh", "gwh": "GWh", "twh": "TWh", "mt": "millions de tonnes"}
# What is measured rather than counted: the "de" complement after them says what (`about`).
MEASURES = {
    "%", "°C", "€", "$", "£", "m²", "km²", "m³", "km", "kg", "MW", "kW", "GW", "kWh", "MWh", "GWh", "TWh",
    "tonne", "tonnes", "kilo", "kilos", "kilogramme", "kilogrammes", "litre", "litres", "hectolitre",
    "hectolitres", "hectare", "hectares", "mètre", "mètres", "kilomètre", "kilomètres", "watt", "watts",
    "kilowatt", "kilowatts", "mégawatt", "mégawatts", "gigawatt", "gigawatts", "téraflop", "téraflops",
    "pétaflop", "pétaflops", "octet", "octets", "téraoctets", "point", "points", "millions de tonnes",
}
# A number of these is a duration, an age or a factor, not a fact counted (see components/figures).
TIME_UNITS = {
    "an", "ans", "année", "années", "mois", "semaine", "semaines", "jour", "jours", "heure", "heures",
    "minute", "minutes", "seconde", "secondes", "siècle", "siècles", "décennie", "décennies", "trimestre",
    "trimestres", "semestre", "semestres", "nuit", "nuits", "week-end", "week-ends", "saison", "saisons",
    "fois",
}
# "un tiers", "la moitié": shares, not counts.
FRACTIONS = {"demi", "tiers", "quart", "quarts", "moitié", "cinquième", "cinquièmes", "dixième", "dixièmes"}
# Fixed expressions whose number word counts nothing.
IDIOMS = ("trente glorieuses", "quatre coins", "quatre vents", "mille et une", "mille et un", "cent pas",
          "quatre vérités", "cent coups", "trente-six chandelles", "sept merveilles", "cinq sens",
          "quatre fers", "deux doigts", "mille feux", "mille fois", "cent fois", "trois fois rien")

_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_WORDS = rf"(?:{_WORD})(?:(?:[\s-]+|[\s-]+et[\s-]+(?=(?:un|une|onze)\b))(?:{_WORD}))*"
_DIGITS = rf"\d{{1,3}}(?:{_SPACE}\d{{3}}|\.\d{{3}}(?!\d))+(?:,\d+)?|\d+(?:[,.]\d+)?"
_APPROX = "|".join(APPROX_NOUNS)

# Every match starts with a digit, a sign or at the start of a word: the leading test lets the
# regex engine skip the other positions at once.
NUMBER = re.compile(
    rf"""
    (?:\b|(?=[\d+−-]))
    (?:(?P<skip>
        (?<![\d\w])(?:\+33\s?|0)[1-9](?:[\s.-]?\d\d){{4}}(?!\d)          # phone number
      | (?<![\w,.])\d{{1,2}}\s?h(?:\s?\d\d)?(?![\w])                       # time of day: 7 h 30, 06h00
      | (?<![\w,.])\d{{5}}(?=\s+[A-ZÀ-Ý])                                   # postcode: 75008 Paris
      | (?<![\w,.])\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?=(?i:rue|avenue|av\.|boulevard|bd|place|all[ée]e|chemin|quai
          |route|impasse|square)\b)                                           # street number
    )
  | (?P<approx>(?i:\bune?\s+(?:(?:bonne|petite|grosse|bon|petit|gros)\s+)?(?P<approx_noun>{_APPROX})\b))
  | (?P<sign>(?<![\w.,])[-−+](?=\d))?(?<![\w°/.,])(?<!\w[-+])
    (?:(?P<digits>{_DIGITS})(?![.,/]\d)|(?P<words>(?i:\b{_WORDS}))(?![\w-]))
    (?:{_SPACE}+(?P<scale>(?i:milliards?|millions?|mille)\b|Mds?\b|Mrds?\b))?
    (?:
        {_SPACE}?(?P<money>(?:[kKM]|Mds?|Mrds?|Md)?{_SPACE}?(?:€|\$|£)|(?<=\s)(?i:EUR|euros?|dollars?)\b)
      | {_SPACE}+(?P<money_de>(?i:d['’]\s?euros|de\s+dollars|de\s+livres))\b
      | {_SPACE}?(?P<percent>%|(?<=\s)(?i:pour\s?cents?|pourcents?)\b)
      | (?P<symbol>{_SPACE}?(?:m²|km²|m³|°C)|{_SPACE}(?:m2|km2|m3|ha|km|kg|t|MW|kW|GW|kWh|MWh|GWh|TWh|Mt)\b)
    )?
    (?![^\W_]))
    """,
    re.VERBOSE,
)

# Where a number can start: at the start of a word, a digit, a sign before a digit or a whole
# number word (each alternative of NUMBER opens with one of these after no word character).
_NUMBER_SCANNER = word_scanner(rf"\d|[-−+]\d|(?:{grouped(NUMBER_WORDS)})(?!\w)")

_DIGITS_ONLY = re.compile(_DIGITS)
_GROUP_SPACE = re.compile(_SPACE)
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_UNIT_WORD_BREAK = re.compile(r"[\s'’]+")
_SCALE_PREFIX = re.compile(r"^(Mds?|Mrds?|Md|[kKM])")


def number_matches(text: str) -> Iterator[re.Match]:
    """What `NUMBER.finditer(text)` yields, found faster (see `normalise.dates.scan`)."""
    return scan(NUMBER, text, partial(word_starts, _NUMBER_SCANNER))


def fold_unit(unit: str) -> str:
    """Lower case, no accents, typographic apostrophe straightened: for comparing units."""
    return fold(unit).replace("’", "'")


_FOLDED_IDIOMS = tuple(fold_unit(idiom).replace("-", " ") for idiom in IDIOMS)


def parse_digits(text: str) -> Optional[Decimal]:
    """ "7 000" -> 7000, "12.000" -> 12000, "1,2" -> 1.2, "2.5" -> 2.5 (a dot before 1-2 digits)."""
    text = text.strip()
    if not _DIGITS_ONLY.fullmatch(text):
        return None  # "12 34" is two numbers
    s = _GROUP_SPACE.sub("", text)
    if _DOTTED_THOUSANDS.fullmatch(s):
        s = s.replace(".", "")
    try:
        return Decimal(s.replace(",", "."))
    except InvalidOperation:
        return None


def parse_words(text: str) -> Optional[int]:
    """ "quarante-deux" -> 42, "deux cents" -> 200; None when text2num refuses the words."""
    words = " ".join(lower_as_regex(text).replace("-", " ").split())
    if words in ("un", "une"):  # by far the most frequent, and text2num is slow
        return 1
    if not words:
        return None
    try:
        return int(text2num(words, "fr"))
    except (ValueError, TypeError, IndexError, AttributeError, KeyError):
        return None


def scale_factor(word: Optional[str]) -> int:
    """ "milliards" -> 10**9, "M" -> 10**6; 1 for no scale."""
    key = fold(word or "").strip()
    return SCALES.get(key) or SCALES.get(key.rstrip("s"), 1)


def parse_number(text: str) -> Optional[float]:
    """The value of a French number phrase, or None.

    "7 000" -> 7000, "12.000" -> 12000, "1,2 milliard" -> 1.2e9, "deux cents" -> 200,
    "une cinquantaine" -> 50, "310 M€" -> 3.1e8, "4,5 millions d'euros" -> 4.5e6, "70 %" -> 70.
    """
    if not isinstance(text, str):
        return None
    match = NUMBER.fullmatch(text.strip())
    if not match or match["skip"]:
        return None
    return number_value(match)


def number_value(match: re.Match) -> Optional[float]:
    """The value of a `NUMBER` match (scales and "M€" included), or None."""
    if match["approx"]:
        return float(APPROX_NOUNS[lower_as_regex(match["approx_noun"])])
    base = parse_digits(match["digits"]) if match["digits"] else parse_words(match["words"] or "")
    if base is None:
        return None
    if match["sign"] in ("-", "−"):
        base = -base
    factor = scale_factor(match["scale"])
    prefix = _SCALE_PREFIX.match(match["money"] or "")
    if prefix:
        factor *= scale_factor(prefix[1])
    return float(Decimal(base) * factor)


def parse_qualifier(text: str) -> str:
    """The qualifier of a figure phrase: "plus de 70 %" -> more_than, "une cinquantaine" -> approx."""
    if not isinstance(text, str):
        return "exact"
    match = _main_number(text)
    before = text[:match.start()] if match else text
    found = qualifier_before(before)
    if found:
        return found[0]
    if match and (match["approx"] or _QUALIFIER_AFTER.match(text[match.end():])):
        return "approx"
    return "exact"


def _main_number(text: str) -> Optional[re.Match]:
    """The number a phrase is about: the first one, "un"/"une" only when nothing follows it."""
    found = [m for m in NUMBER.finditer(text) if not m["skip"]]
    real = [m for m in found if not (m["words"] and parse_words(m["words"]) == 1 and not m["scale"])]
    return (real or found or [None])[0]


def qualifier_before(text: str) -> Optional[tuple[str, int]]:
    """The qualifier ending `text` (the words just before a number) and where it starts in `text`."""
    if not isinstance(text, str):
        return None
    tail = text[-40:]
    match = _qualifier_at_end(tail)
    if not match:
        return None
    index = next(i for i, value in enumerate(match.groups()) if value is not None)
    return QUALIFIERS[index][1], len(text) - len(tail) + match.start()


def _qualifier_at_end(tail: str) -> Optional[re.Match]:
    """`_QUALIFIER_AT_END.search(tail)`, faster."""
    low = lowered(tail)
    if low is None:
        return _QUALIFIER_AT_END.search(tail)
    if not low.rstrip().endswith(_QUALIFIER_LAST_WORDS):
        return None
    found = _LOWERCASE_QUALIFIER_AT_END.search(low)  # where the match starts
    return _QUALIFIER_AT_END.match(tail, found.start()) if found else None


def approx_after(text: str) -> bool:
    """ "210 000 euros environ": a trailing "environ" makes a figure approximate."""
    return bool(_QUALIFIER_AFTER.match(text))


def unit_of_symbol(match: re.Match) -> Optional[str]:
    """The normalised unit a `NUMBER` match carries: "€", "%", "m²", "hectares"... or None."""
    if match["money"] or match["money_de"]:
        symbol = (match["money"] or match["money_de"]).strip(SPACES)
        symbol = _SCALE_PREFIX.sub("", symbol).strip(SPACES)
        words = _UNIT_WORD_BREAK.split(symbol.lower())
        return MONEY.get(words[-1], "€")
    if match["percent"]:
        return "%"
    if match["symbol"]:
        return SYMBOLS.get(match["symbol"].strip(SPACES).lower())
    return None


def not_a_count(word: Optional[str]) -> bool:
    """A duration, an age, a factor or a share: "ans", "semaines", "fois", "tiers"."""
    first = word.lower().split()[0] if word and word.split() else ""
    return first in TIME_UNITS or first in FRACTIONS


def is_measure(unit: Optional[str]) -> bool:
    return bool(unit) and (unit in MEASURES or unit.lower() in MEASURES)


def unit_key(unit: Optional[str]) -> Optional[str]:
    """What two units must share to be one: the first word, folded, without a plural s or x."""
    words = fold_unit(unit or "").split()
    if not words:
        return None
    word = words[0]
    return word[:-1] if len(word) > 1 and word[-1] in "sx" else word  # as `extractor evaluate` compares


def same_unit(a: Optional[str], b: Optional[str]) -> bool:
    """Units of one figure: same key, or one unit contains the other as whole words
    ("clusters ou regroupements d'entreprises" and "regroupements d'entreprises")."""
    if unit_key(a) == unit_key(b):
        return True
    fa, fb = f" {fold_unit(a or '')} ", f" {fold_unit(b or '')} "
    return bool(a and b) and (fb in fa or fa in fb)


def starts_idiom(text: str) -> bool:
    """The number word opening `text` belongs to a fixed expression ("les trente glorieuses")."""
    return " ".join(fold_unit(text[:40]).replace("-", " ").split()).startswith(_FOLDED_IDIOMS)
